namespace Livepeer.Transcoding;

/// <summary>Settings of the <see cref="RenditionVerifier"/>.</summary>
public sealed class RenditionVerifierOptions
{
    /// <summary>Path to ffprobe; null means the first <c>ffprobe</c> on PATH.</summary>
    public string? FFprobePath { get; set; }

    /// <summary>Renditions larger than this are not decoded (go-livepeer calls more than 1 GB "extremely large").</summary>
    public long MaxRenditionBytes { get; set; } = 1_000_000_000;

    /// <summary>Time limit of one ffprobe run.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}
