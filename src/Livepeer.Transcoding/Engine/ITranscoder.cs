namespace Livepeer.Transcoding;

/// <summary>
/// Transcodes one media segment into a ladder of renditions. The FFmpeg engine, the load-balancing pool and remote
/// transcoder workers all implement it, so an orchestrator can use any of them.
/// </summary>
public interface ITranscoder
{
    /// <summary>Transcodes <paramref name="segment"/> into one rendition per profile, in the order of <paramref name="profiles"/>.</summary>
    /// <param name="segment">The input segment (normally a 2-second MPEG-TS segment).</param>
    /// <param name="profiles">The renditions to produce; at most <see cref="TranscodeLimits.MaxOutputs"/>.</param>
    /// <param name="options">Per-call settings: the stream session, a device, a timeout. Null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the transcode; the encoder processes are killed.</param>
    /// <returns>The renditions with their exact encoded pixel and frame counts.</returns>
    /// <exception cref="TranscodingException">The transcode failed; <see cref="TranscodingException.ErrorCode"/> says why and whether a retry can help.</exception>
    Task<TranscodeResult> TranscodeAsync(
        TranscodeSegment segment,
        IReadOnlyList<VideoProfile> profiles,
        TranscodeOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>Ends a stream session and frees what it holds (a device slot, a warm encoder). Unknown ids are ignored.</summary>
    /// <param name="sessionId">The <see cref="TranscodeOptions.SessionId"/> of the stream.</param>
    /// <param name="cancellationToken">Cancels the wait for in-flight work.</param>
    ValueTask EndSessionAsync(string sessionId, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}

/// <summary>One input segment.</summary>
/// <param name="Data">The segment's bytes.</param>
public sealed record TranscodeSegment(ReadOnlyMemory<byte> Data)
{
    /// <summary>The segment's sequence number in its stream, for logs and output names.</summary>
    public long SequenceNumber { get; init; }

    /// <summary>The segment's duration when the sender stated it.</summary>
    public TimeSpan? Duration { get; init; }
}

/// <summary>Per-call settings of <see cref="ITranscoder.TranscodeAsync"/>.</summary>
public sealed record TranscodeOptions
{
    /// <summary>
    /// The stream this segment belongs to. Segments of one session go to the same device, in order, and may reuse a
    /// warm encoder. Null treats the segment on its own.
    /// </summary>
    public string? SessionId { get; init; }

    /// <summary>Tear down the session's device and encoder state before this segment (the input changed codec, pixel format or size).</summary>
    public bool ForceSessionReinit { get; init; }

    /// <summary>A GPU to use, overriding the load balancer. Null lets the engine choose.</summary>
    public int? Device { get; init; }

    /// <summary>Run on the CPU even when GPUs are present (set when a load balancer placed the segment there).</summary>
    public bool OnCpu { get; init; }

    /// <summary>The longest the transcode may take. Null uses the engine's configured timeout.</summary>
    public TimeSpan? Timeout { get; init; }
}

/// <summary>The result of one transcode.</summary>
/// <param name="Renditions">One rendition per requested profile, in request order.</param>
/// <param name="DecodedFrames">The video frames decoded from the input.</param>
/// <param name="Elapsed">The wall time of the transcode.</param>
public sealed record TranscodeResult(IReadOnlyList<TranscodedRendition> Renditions, long DecodedFrames, TimeSpan Elapsed)
{
    /// <summary>The sum of the renditions' encoded pixels: what an orchestrator charges for.</summary>
    public long TotalPixels => Renditions.Sum(r => r.Pixels);

    /// <summary>The device that did the work: null for the CPU, otherwise the GPU index.</summary>
    public int? Device { get; init; }
}

/// <summary>One encoded rendition.</summary>
/// <param name="Profile">The profile it was encoded for.</param>
/// <param name="Data">The encoded media (MPEG-TS or MP4, as the profile's format says).</param>
/// <param name="Width">The encoded width.</param>
/// <param name="Height">The encoded height.</param>
/// <param name="Frames">The encoded video frames.</param>
/// <param name="Pixels">The encoded pixels: the sum over encoded frames of width × height.</param>
public sealed record TranscodedRendition(VideoProfile Profile, ReadOnlyMemory<byte> Data, int Width, int Height, long Frames, long Pixels)
{
    /// <summary>A read-only stream over <see cref="Data"/>.</summary>
    public Stream OpenRead()
        => System.Runtime.InteropServices.MemoryMarshal.TryGetArray(Data, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(Data.ToArray(), writable: false);
}
