using System.Collections.Concurrent;
using System.Text;
using Livepeer.Transcoding;

namespace Livepeer.Orchestrator.Tests;

/// <summary>
/// A transcoder that returns fixed renditions: for each profile the bytes <c>name:seq:inputLength</c>, 60 frames of the
/// profile's size. It records what it was asked, and can be told to fail.
/// </summary>
internal sealed class FakeTranscoder : ITranscoder
{
    public const int Frames = 60;

    public ConcurrentQueue<(long Sequence, string? SessionId, int Profiles)> Calls { get; } = new();

    public ConcurrentQueue<string> EndedSessions { get; } = new();

    /// <summary>When set, every transcode throws it.</summary>
    public TranscodingException? Failure { get; set; }

    public static byte[] RenditionBytes(VideoProfile profile, long sequence, int inputLength)
        => Encoding.UTF8.GetBytes($"{profile.Name}:{sequence}:{inputLength}");

    public static long PixelsOf(VideoProfile profile) => (long)profile.Width * profile.Height * Frames;

    public Task<TranscodeResult> TranscodeAsync(TranscodeSegment segment, IReadOnlyList<VideoProfile> profiles, TranscodeOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue((segment.SequenceNumber, options?.SessionId, profiles.Count));
        if (Failure is { } failure)
        {
            throw failure;
        }

        var renditions = profiles
            .Select(p => new TranscodedRendition(p, RenditionBytes(p, segment.SequenceNumber, segment.Data.Length), p.Width, p.Height, Frames, PixelsOf(p)))
            .ToArray();
        return Task.FromResult(new TranscodeResult(renditions, Frames, TimeSpan.FromMilliseconds(1)));
    }

    public ValueTask EndSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        EndedSessions.Enqueue(sessionId);
        return ValueTask.CompletedTask;
    }
}
