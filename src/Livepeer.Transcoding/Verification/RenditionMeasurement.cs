namespace Livepeer.Transcoding;

/// <summary>How the measurement of a rendition ended.</summary>
public enum RenditionStatus
{
    /// <summary>The rendition was read and has video frames.</summary>
    Ok,

    /// <summary>The rendition has no bytes.</summary>
    Empty,

    /// <summary>ffprobe could not read it as a media file (garbage, unknown container, corrupt headers).</summary>
    Unreadable,

    /// <summary>It is a readable media file, but with no video stream or no decodable video frame.</summary>
    NoVideo,

    /// <summary>It is larger than <see cref="RenditionVerifierOptions.MaxRenditionBytes"/>.</summary>
    TooLarge,

    /// <summary>ffprobe did not finish within <see cref="RenditionVerifierOptions.Timeout"/>.</summary>
    TimedOut,
}

/// <summary>What was counted in a rendition's first video stream.</summary>
/// <param name="Status">Whether the counts mean anything; they are zero unless <see cref="RenditionStatus.Ok"/>.</param>
/// <param name="Width">Width of the first frame (or of the stream, for the quick inspection).</param>
/// <param name="Height">Height of the first frame (or of the stream, for the quick inspection).</param>
/// <param name="Frames">Decoded frames (exact count) or video packets (quick inspection).</param>
/// <param name="Pixels">Σ width × height over the frames; exact when counted frame by frame.</param>
/// <param name="Duration">Presentation span of the frames (exact count) or the container duration (quick inspection).</param>
/// <param name="SizeChanged">Whether any frame had a size other than the first one.</param>
/// <param name="Detail">Why the status is not <see cref="RenditionStatus.Ok"/>: ffprobe's last message or a limit.</param>
public sealed record RenditionMeasurement(
    RenditionStatus Status,
    int Width,
    int Height,
    long Frames,
    long Pixels,
    TimeSpan Duration,
    bool SizeChanged,
    string? Detail)
{
    internal static RenditionMeasurement Failed(RenditionStatus status, string detail) => new(status, 0, 0, 0, 0, TimeSpan.Zero, false, detail);
}

/// <summary>The outcome of comparing a claimed pixel count with the pixels actually in a rendition.</summary>
/// <param name="ClaimedPixels">What the orchestrator reported.</param>
/// <param name="Measurement">What decoding the rendition found.</param>
public sealed record PixelVerification(long ClaimedPixels, RenditionMeasurement Measurement)
{
    /// <summary>True only when the rendition was readable and its pixels equal the claim exactly.</summary>
    public bool Matches => Measurement.Status == RenditionStatus.Ok && Measurement.Pixels == ClaimedPixels;
}
