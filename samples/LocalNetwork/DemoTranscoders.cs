using Livepeer.Transcoding;

namespace LocalNetwork;

/// <summary>
/// An orchestrator that answers late: each segment waits before the real transcoder runs, so the gateway's latency
/// scores steer work away from it.
/// </summary>
internal sealed class SlowTranscoder(ITranscoder inner, TimeSpan delay) : ITranscoder
{
    public async Task<TranscodeResult> TranscodeAsync(TranscodeSegment segment, IReadOnlyList<VideoProfile> profiles, TranscodeOptions? options = null, CancellationToken cancellationToken = default)
    {
        await Task.Delay(delay, cancellationToken);
        return await inner.TranscodeAsync(segment, profiles, options, cancellationToken);
    }

    public ValueTask EndSessionAsync(string sessionId, CancellationToken cancellationToken = default)
        => inner.EndSessionAsync(sessionId, cancellationToken);
}

/// <summary>
/// An orchestrator with a bad encoder: every other segment it is given fails with a transcoding error, which the
/// orchestrator reports to the gateway, which retries the segment elsewhere.
/// </summary>
internal sealed class FlakyTranscoder(ITranscoder inner) : ITranscoder
{
    private int _calls;

    public Task<TranscodeResult> TranscodeAsync(TranscodeSegment segment, IReadOnlyList<VideoProfile> profiles, TranscodeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (Interlocked.Increment(ref _calls) % 2 == 0)
        {
            // Unknown, not an input error: an input error would tell the gateway that every orchestrator must fail too.
            throw new TranscodingException(TranscodeErrorCode.Unknown, $"demo: simulated encoder failure on segment {segment.SequenceNumber}");
        }

        return inner.TranscodeAsync(segment, profiles, options, cancellationToken);
    }

    public ValueTask EndSessionAsync(string sessionId, CancellationToken cancellationToken = default)
        => inner.EndSessionAsync(sessionId, cancellationToken);
}
