using System.Collections.Concurrent;
using System.Text;
using Livepeer.Transcoding;

namespace Livepeer.Gateway.Tests;

/// <summary>
/// A transcoder for the in-process orchestrators: each rendition is the bytes <c>name:seq:inputLength</c> with 60
/// frames of the profile's size. It counts its calls, can fail with a given error, and can be held back.
/// </summary>
internal sealed class CoreFakeTranscoder : ITranscoder
{
    public const int Frames = 60;

    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public ConcurrentQueue<long> Sequences { get; } = new();

    /// <summary>The sequences whose transcodes returned renditions, in the order they finished.</summary>
    public ConcurrentQueue<long> Completed { get; } = new();

    /// <summary>When set, every transcode throws it.</summary>
    public TranscodingException? Failure { get; set; }

    /// <summary>When set, every transcode waits for it.</summary>
    public Task? Gate { get; set; }

    /// <summary>Sequences whose transcodes take this much longer (to make results finish out of order).</summary>
    public Func<long, TimeSpan>? Delay { get; set; }

    public static byte[] RenditionBytes(VideoProfile profile, long sequence, int inputLength)
        => Encoding.UTF8.GetBytes($"{profile.Name}:{sequence}:{inputLength}");

    public static long PixelsOf(VideoProfile profile) => (long)profile.Width * profile.Height * Frames;

    public async Task<TranscodeResult> TranscodeAsync(TranscodeSegment segment, IReadOnlyList<VideoProfile> profiles, TranscodeOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        Sequences.Enqueue(segment.SequenceNumber);
        if (Gate is { } gate)
        {
            await gate.WaitAsync(cancellationToken);
        }

        if (Delay?.Invoke(segment.SequenceNumber) is { } delay && delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken);
        }

        if (Failure is { } failure)
        {
            throw failure;
        }

        var renditions = profiles
            .Select(p => new Livepeer.Transcoding.TranscodedRendition(p, RenditionBytes(p, segment.SequenceNumber, segment.Data.Length), p.Width, p.Height, Frames, PixelsOf(p)))
            .ToArray();
        Completed.Enqueue(segment.SequenceNumber);
        return new TranscodeResult(renditions, Frames, TimeSpan.FromMilliseconds(1));
    }

    public ValueTask EndSessionAsync(string sessionId, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
