namespace Livepeer.Transcoding;

/// <summary>The limits LPMS and go-livepeer put on a transcode.</summary>
public static class TranscodeLimits
{
    /// <summary>Outputs per transcode call (<c>MAX_OUTPUT_SIZE</c>); more fail with "Too many outputs".</summary>
    public const int MaxOutputs = 10;

    /// <summary>The longest input per call; longer fails with "TranscoderInvalidDuration".</summary>
    public static readonly TimeSpan MaxInputDuration = TimeSpan.FromSeconds(300);

    /// <summary>The duration assumed for a segment whose wire duration is 0.</summary>
    public static readonly TimeSpan DefaultSegmentDuration = TimeSpan.FromSeconds(2);

    /// <summary>The longest segment duration accepted on the wire (longer or negative is "invalid duration").</summary>
    public static readonly TimeSpan MaxSegmentDuration = TimeSpan.FromMinutes(5);

    /// <summary>The largest segment or rendition body read, in bytes: 300 s × 8,000,000 bps / 8.</summary>
    public const long MaxSegmentBytes = 300_000_000;

    /// <summary>Encoded frames per decoded frame above which a rendition fails with "Encoded frames runaway".</summary>
    public const int MaxEncodedFramesPerDecodedFrame = 25;

    /// <summary>Pixels per rendition above which go-livepeer keeps the input on disk as "extremely large output".</summary>
    public const long ExtremelyLargeOutputPixels = 7_378_560_000;
}
