using Livepeer.Transcoding;

namespace Livepeer.Gateway.Tests;

/// <summary>How an end-to-end orchestrator misbehaves.</summary>
internal enum EndToEndBehaviour
{
    Reliable,

    /// <summary>Holds every segment for <see cref="EndToEndTranscoder.SlowDelay"/> before transcoding it.</summary>
    Slow,

    /// <summary>Every second segment it is given fails with a retryable transcoding error.</summary>
    FailsEveryOtherSegment,
}

/// <summary>
/// Sits in front of the orchestrator's real FFmpeg pool (registered as its <see cref="ITranscoder"/>): counts the
/// segments the orchestrator was given and makes it slow or flaky.
/// </summary>
internal sealed class EndToEndTranscoder(ITranscoder inner, EndToEndBehaviour behaviour) : ITranscoder
{
    /// <summary>Longer than a segment, so the slow orchestrator's latency score is above 1 and it is not reused.</summary>
    public static readonly TimeSpan SlowDelay = TimeSpan.FromSeconds(1.5);

    private int _calls;
    private int _failures;

    public EndToEndBehaviour Behaviour { get; } = behaviour;

    public int Calls => Volatile.Read(ref _calls);

    public int Failures => Volatile.Read(ref _failures);

    public async Task<TranscodeResult> TranscodeAsync(TranscodeSegment segment, IReadOnlyList<VideoProfile> profiles, TranscodeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var call = Interlocked.Increment(ref _calls);
        switch (Behaviour)
        {
            case EndToEndBehaviour.Slow:
                await Task.Delay(SlowDelay, cancellationToken);
                break;
            case EndToEndBehaviour.FailsEveryOtherSegment when call % 2 == 0:
                Interlocked.Increment(ref _failures);
                // Unknown, not an input error: an input error would tell the gateway that any orchestrator would fail too.
                throw new TranscodingException(TranscodeErrorCode.Unknown, $"e2e: simulated encoder failure on segment {segment.SequenceNumber}");
        }

        return await inner.TranscodeAsync(segment, profiles, options, cancellationToken);
    }

    public ValueTask EndSessionAsync(string sessionId, CancellationToken cancellationToken = default) => inner.EndSessionAsync(sessionId, cancellationToken);
}
