using Livepeer.Payments;
using Livepeer.Protocol;
using Livepeer.Transcoding;

namespace Livepeer.Gateway;

/// <summary>
/// The gateway an app sends video through: each segment goes to an orchestrator chosen by the selection policy, is
/// paid in tickets, and is retried on another orchestrator when one fails. Resolve it from the container after
/// <c>AddLivepeerGateway</c>; it is a singleton and thread-safe.
/// </summary>
public interface ILivepeerGateway
{
    /// <summary>Transcodes one segment of a stream into the given renditions.</summary>
    /// <param name="streamId">The stream (go-livepeer's manifest id). Segments of one stream share orchestrator sessions and balances.</param>
    /// <param name="segment">The source segment.</param>
    /// <param name="profiles">The renditions wanted.</param>
    /// <param name="cancellationToken">Cancels the segment.</param>
    /// <returns>The renditions, with which orchestrator made them and what it cost.</returns>
    /// <exception cref="GatewayException">
    /// <see cref="GatewayErrorCode.NoOrchestrators"/>, <see cref="GatewayErrorCode.SegmentFailed"/>,
    /// <see cref="GatewayErrorCode.SegmentRejected"/> or <see cref="GatewayErrorCode.SenderFunds"/>.
    /// </exception>
    Task<TranscodedSegment> TranscodeSegmentAsync(string streamId, SourceSegment segment, IReadOnlyList<VideoProfile> profiles, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a stream: push segments in with <see cref="ILivepeerStream.PushAsync"/> and read the results, in
    /// sequence order, from <see cref="ILivepeerStream.ReadResultsAsync"/>.
    /// </summary>
    /// <param name="streamId">The stream's id.</param>
    /// <param name="profiles">The renditions wanted for every segment.</param>
    /// <param name="options">Per-stream settings, or null for the defaults.</param>
    /// <param name="cancellationToken">Cancels opening (discovery of the first orchestrators).</param>
    /// <returns>The open stream; dispose it to end the sessions.</returns>
    Task<ILivepeerStream> OpenStreamAsync(string streamId, IReadOnlyList<VideoProfile> profiles, LivepeerStreamOptions? options = null, CancellationToken cancellationToken = default);
}

/// <summary>A stream of segments sent through the gateway.</summary>
public interface ILivepeerStream : IAsyncDisposable
{
    /// <summary>The stream's id.</summary>
    string StreamId { get; }

    /// <summary>Queues a segment; waits while <see cref="LivepeerStreamOptions.MaxSegmentsInFlight"/> segments are being transcoded.</summary>
    /// <param name="segment">The segment.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes once the segment is queued.</returns>
    /// <exception cref="GatewayException"><see cref="GatewayErrorCode.StreamClosed"/> after <see cref="Complete"/> or a fatal error.</exception>
    ValueTask PushAsync(SourceSegment segment, CancellationToken cancellationToken = default);

    /// <summary>Says no more segments will be pushed; <see cref="ReadResultsAsync"/> ends after the last result.</summary>
    void Complete();

    /// <summary>The result of every pushed segment, in the order pushed. A failed segment is a result with <see cref="SegmentOutcome.Error"/> set; a fatal stream error (<see cref="GatewayErrorCode.SenderFunds"/>) ends the enumeration by throwing.</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The results.</returns>
    IAsyncEnumerable<SegmentOutcome> ReadResultsAsync(CancellationToken cancellationToken = default);
}

/// <summary>Per-stream settings.</summary>
public sealed class LivepeerStreamOptions
{
    /// <summary>Segments transcoded at the same time. Default 4 (go-livepeer's segments in flight for 2-second segments).</summary>
    public int MaxSegmentsInFlight { get; set; } = 4;

    /// <summary>Receives progress per segment and attempt (which orchestrator, retries), as it happens.</summary>
    public IProgress<SegmentProgress>? Progress { get; set; }
}

/// <summary>A source segment.</summary>
/// <param name="Sequence">Its sequence number in the stream.</param>
/// <param name="Data">Its bytes (MPEG-TS, or MP4 when <see cref="Format"/> says so).</param>
/// <param name="Duration">Its duration.</param>
public sealed record SourceSegment(long Sequence, ReadOnlyMemory<byte> Data, TimeSpan Duration)
{
    /// <summary>The container of <see cref="Data"/>. Default MPEG-TS.</summary>
    public VideoFormat Format { get; init; } = VideoFormat.MpegTs;

    // The Keccak-256 of the bytes it was computed over (the push ingest hashes a body while it arrives). It is used only
    // while Data is still that very memory, so a copy made with other data hashes its own.
    private (ReadOnlyMemory<byte> Data, byte[] Hash)? _hashed;

    /// <summary>Records the Keccak-256 of <see cref="Data"/>, computed by the caller as the bytes arrived.</summary>
    internal SourceSegment WithDataHash(byte[] hash)
    {
        _hashed = (Data, hash);
        return this;
    }

    /// <summary>True when a hash was recorded for this very <see cref="Data"/>.</summary>
    internal bool HasRecordedHash => _hashed is { } hashed && hashed.Data.Equals(Data);

    /// <summary>Segments at least this long are hashed while their first attempt selects an orchestrator and pays.</summary>
    internal const int HashOverlapBytes = 64 * 1024;

    /// <summary>True when the segment's Keccak-256 is worth computing alongside its first attempt's other work.</summary>
    internal bool HashTakesLong => !HasRecordedHash && Data.Length >= HashOverlapBytes;

    /// <summary>The segment's Keccak-256: the one recorded for this very <see cref="Data"/>, else computed now.</summary>
    internal byte[] DataHash()
        => HasRecordedHash ? _hashed!.Value.Hash : Keccak256.Hash(Data.Span);

    /// <summary>Equal when the sequence, the data (the same memory), the duration and the format are.</summary>
    /// <param name="other">The other segment.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(SourceSegment? other)
        => other is not null && Sequence == other.Sequence && Data.Equals(other.Data) && Duration == other.Duration && Format == other.Format;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Sequence, Data, Duration, Format);
}

/// <summary>One transcoded rendition.</summary>
/// <param name="Profile">The profile it was made for.</param>
/// <param name="Data">Its bytes.</param>
/// <param name="Pixels">The encoded pixels the orchestrator reported (and the gateway verified, when verification is on).</param>
public sealed record TranscodedRendition(VideoProfile Profile, ReadOnlyMemory<byte> Data, long Pixels);

/// <summary>A transcoded segment and how it was made.</summary>
public sealed record TranscodedSegment
{
    /// <summary>The segment's sequence number.</summary>
    public required long Sequence { get; init; }

    /// <summary>The renditions, in the order of the profiles asked for.</summary>
    public required IReadOnlyList<TranscodedRendition> Renditions { get; init; }

    /// <summary>The orchestrator that made them.</summary>
    public required Uri Orchestrator { get; init; }

    /// <summary>Its address, if it has one.</summary>
    public EthAddress? OrchestratorAddress { get; init; }

    /// <summary>Attempts made, this one included (1 when the first orchestrator succeeded).</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>The time from submitting to the last rendition downloaded, on the successful attempt.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Tickets sent for this segment, over all attempts.</summary>
    public int TicketsSent { get; init; }

    /// <summary>The expected value of those tickets, in wei.</summary>
    public BigRational ExpectedValueSent { get; init; }

    /// <summary>Why earlier attempts failed, in order.</summary>
    public IReadOnlyList<string> FailedAttempts { get; init; } = [];
}

/// <summary>The result of one segment of a stream: the renditions, or why it failed.</summary>
/// <param name="Sequence">The segment's sequence number.</param>
/// <param name="Result">The transcoded segment, or null when it failed.</param>
/// <param name="Error">Why it failed, or null.</param>
public sealed record SegmentOutcome(long Sequence, TranscodedSegment? Result, GatewayException? Error);

/// <summary>What is happening to a segment.</summary>
public enum SegmentStage
{
    /// <summary>Sent to an orchestrator.</summary>
    Submitted,

    /// <summary>The attempt failed and another follows.</summary>
    Retrying,

    /// <summary>Done.</summary>
    Completed,

    /// <summary>Failed for good.</summary>
    Failed,
}

/// <summary>A progress report for one segment attempt.</summary>
/// <param name="Sequence">The segment.</param>
/// <param name="Stage">What happened.</param>
/// <param name="Orchestrator">The orchestrator of the attempt (null when none could be found).</param>
/// <param name="Attempt">The attempt number, from 1.</param>
public sealed record SegmentProgress(long Sequence, SegmentStage Stage, Uri? Orchestrator, int Attempt)
{
    /// <summary>The reason of a failed attempt.</summary>
    public string? Error { get; init; }

    /// <summary>Tickets sent with this attempt.</summary>
    public int Tickets { get; init; }

    /// <summary>The attempt's round trip, once known.</summary>
    public TimeSpan? Latency { get; init; }
}
