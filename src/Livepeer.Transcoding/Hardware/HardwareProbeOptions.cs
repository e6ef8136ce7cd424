namespace Livepeer.Transcoding;

/// <summary>Settings of the <see cref="HardwareProbe"/>.</summary>
public sealed class HardwareProbeOptions
{
    /// <summary>Path to ffmpeg; null means the first <c>ffmpeg</c> on PATH.</summary>
    public string? FFmpegPath { get; set; }

    /// <summary>Path to nvidia-smi; null means the first <c>nvidia-smi</c> on PATH (it is optional).</summary>
    public string? NvidiaSmiPath { get; set; }

    /// <summary>
    /// Device ordinals to use. Empty means every device <c>nvidia-smi -L</c> lists (or device 0 when nvidia-smi
    /// is missing); a pinned device is still probed and left out when it does not work.
    /// </summary>
    public IList<int> Devices { get; } = [];

    /// <summary>Turns the GPU off: the probe reports software only without running anything.</summary>
    public bool SoftwareOnly { get; set; }

    /// <summary>Time limit of each probe process.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
