namespace Livepeer.Transcoding;

/// <summary>
/// Settings of the transcoding stack (the FFmpeg engine and the pool that balances it across devices), bound from
/// the configuration section <c>Livepeer:Transcoding</c>. The defaults are go-livepeer's where it has one.
/// </summary>
public sealed class LivepeerTranscodingOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Livepeer:Transcoding";

    /// <summary>Path to ffmpeg; null means the first <c>ffmpeg</c> on PATH.</summary>
    public string? FFmpegPath { get; set; }

    /// <summary>Path to ffprobe (used by the verifier); null means the first <c>ffprobe</c> on PATH.</summary>
    public string? FFprobePath { get; set; }

    /// <summary>
    /// The GPUs to use, as go-livepeer's <c>-nvidia</c> flag: <c>all</c> (default: every NVIDIA device the probe finds
    /// working), <c>none</c> (CPU only), or a comma-separated list of device ordinals such as <c>0,1</c> (each still
    /// probed, and left out when it does not work).
    /// </summary>
    public string Devices { get; set; } = "all";

    /// <summary>The most concurrent stream sessions; a new stream beyond it is refused with
    /// <see cref="TranscodeErrorCode.OrchestratorCapped"/> (go-livepeer <c>-maxSessions</c>). Default 10.</summary>
    public int MaxSessions { get; set; } = 10;

    /// <summary>How many segments may be transcoded at once on each device; the CPU and GPUs are set apart.</summary>
    public TranscodingConcurrencyOptions MaxConcurrentPerDevice { get; } = new();

    /// <summary>The longest one segment may take from leaving its queue to its result; the transcode is cancelled
    /// (its ffmpeg killed) and fails with <see cref="TranscodeErrorCode.Timeout"/>. Default 60 seconds.</summary>
    public TimeSpan SegmentTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A stream session without a segment for this long is torn down and its device slot freed
    /// (go-livepeer's <c>transcodeLoopTimeout</c>). Default 70 seconds.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromSeconds(70);

    /// <summary>How the engine runs ffmpeg for the segments of a stream; null keeps the engine's default
    /// (<see cref="TranscoderSessionMode.Prewarmed"/>).</summary>
    public TranscoderSessionMode? SessionMode { get; set; }

    /// <summary>The largest segment accepted, in bytes. Default and maximum <see cref="TranscodeLimits.MaxSegmentBytes"/>.</summary>
    public long MaxInputBytes { get; set; } = TranscodeLimits.MaxSegmentBytes;
}

/// <summary>Concurrent transcodes per device.</summary>
public sealed class TranscodingConcurrencyOptions
{
    /// <summary>
    /// Concurrent segments on the CPU. Null (default) means: the number of logical processors when no GPU is in use,
    /// and 0 (the CPU takes no work) when a GPU is. Set it above 0 to let the CPU share streams with the GPUs.
    /// </summary>
    public int? Cpu { get; set; }

    /// <summary>Concurrent segments on each GPU. Default 16.</summary>
    public int Gpu { get; set; } = 16;
}
