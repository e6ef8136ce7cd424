namespace Livepeer.Transcoding;

/// <summary>How the FFmpeg engine treats consecutive segments of one stream session.</summary>
public enum TranscoderSessionMode
{
    /// <summary>One ffmpeg process per segment, started when the segment arrives (LPMS's software path).</summary>
    PerSegment = 0,

    /// <summary>
    /// One ffmpeg process per segment, but the process for a session's next segment is started while the current one
    /// runs, and waits with its outputs connected and (on NVIDIA) its CUDA device initialised, so that launch, library
    /// loading and device start-up are off the next segment's critical path. Segments without a
    /// <see cref="TranscodeOptions.SessionId"/> always run <see cref="PerSegment"/>.
    /// </summary>
    Prewarmed = 1,
}

/// <summary>Settings of the FFmpeg transcoding engine created by <see cref="FFmpegTranscoder"/>.</summary>
public sealed class FFmpegTranscoderOptions
{
    /// <summary>The ffmpeg executable; null finds <c>ffmpeg</c> on PATH.</summary>
    public string? FFmpegPath { get; set; }

    /// <summary>The longest one segment may take once its input is handed to ffmpeg; then it fails with
    /// "Remote transcoder took too long". Per call, <see cref="TranscodeOptions.Timeout"/> overrides it.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest input segment accepted, in bytes (go-livepeer's <c>MaxSegSize</c> by default).</summary>
    public long MaxInputBytes { get; set; } = TranscodeLimits.MaxSegmentBytes;

    /// <summary>The largest rendition accepted, in bytes; a larger one fails the transcode.</summary>
    public long MaxOutputBytes { get; set; } = TranscodeLimits.MaxSegmentBytes;

    /// <summary>How segments of one session are run; <see cref="TranscoderSessionMode.Prewarmed"/> by default (see
    /// docs/designs/transcoding-engine.md).</summary>
    public TranscoderSessionMode SessionMode { get; set; } = TranscoderSessionMode.Prewarmed;

    /// <summary>How long a pre-started process waits for its session's next segment before it is stopped (LPMS drops
    /// an idle GPU session after 70 s).</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromSeconds(70);

    /// <summary>
    /// The x264/x265 preset. LPMS always uses <c>medium</c>, which is the default; a faster preset trades quality per
    /// bit for CPU and does not change sizes, frame counts, GOP placement or audio.
    /// </summary>
    public string SoftwarePreset { get; set; } = "medium";

    /// <summary>
    /// The NVIDIA devices to use, as found by <see cref="HardwareProbe"/>. Null or no devices: software only
    /// (<see cref="FFmpegTranscoder.CreateAsync"/> probes when this is null).
    /// </summary>
    public HardwareInfo? Hardware { get; set; }

    /// <summary>The CUDA scaler; null picks <c>scale_npp</c> when this ffmpeg has it, else <c>scale_cuda</c>.</summary>
    public CudaScaler? CudaScaler { get; set; }

    internal void Validate()
    {
        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "FFmpegTranscoderOptions.Timeout must be positive.");
        }

        if (SessionIdleTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(SessionIdleTimeout), SessionIdleTimeout, "FFmpegTranscoderOptions.SessionIdleTimeout must be positive.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInputBytes, 1, nameof(MaxInputBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOutputBytes, 1, nameof(MaxOutputBytes));
        ArgumentException.ThrowIfNullOrWhiteSpace(SoftwarePreset, nameof(SoftwarePreset));
        if (!Enum.IsDefined(SessionMode))
        {
            throw new ArgumentOutOfRangeException(nameof(SessionMode), SessionMode, "FFmpegTranscoderOptions.SessionMode is not a known mode.");
        }
    }
}
