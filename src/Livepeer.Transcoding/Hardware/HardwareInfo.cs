namespace Livepeer.Transcoding;

/// <summary>A video codec that an NVIDIA device may encode (NVENC) or decode (NVDEC).</summary>
public enum HardwareCodec
{
    /// <summary>H.264 / AVC.</summary>
    H264,

    /// <summary>H.265 / HEVC.</summary>
    Hevc,
}

/// <summary>One NVIDIA GPU and what a real probe encode/decode showed it can do.</summary>
/// <param name="Index">The CUDA device ordinal (ffmpeg's <c>-gpu</c> / <c>hwaccel_device</c>).</param>
/// <param name="Name">The product name from <c>nvidia-smi -L</c>, or <c>"NVIDIA GPU"</c> when that is unavailable.</param>
/// <param name="Uuid">The GPU UUID from <c>nvidia-smi -L</c>, if known.</param>
/// <param name="Encoders">Codecs a probe encode succeeded with.</param>
/// <param name="Decoders">Codecs a probe hardware decode succeeded with.</param>
public sealed record GpuDevice(int Index, string Name, string? Uuid, IReadOnlySet<HardwareCodec> Encoders, IReadOnlySet<HardwareCodec> Decoders)
{
    /// <summary>Whether the device can NVENC-encode <paramref name="codec"/>.</summary>
    public bool CanEncode(HardwareCodec codec) => Encoders.Contains(codec);

    /// <summary>Whether the device can NVDEC-decode <paramref name="codec"/>.</summary>
    public bool CanDecode(HardwareCodec codec) => Decoders.Contains(codec);
}

/// <summary>The result of the hardware probe. A machine without a usable GPU has no devices (software only).</summary>
/// <param name="Devices">Devices with at least one working encoder or decoder, by index.</param>
public sealed record HardwareInfo(IReadOnlyList<GpuDevice> Devices)
{
    /// <summary>A machine where transcoding runs on the CPU only.</summary>
    public static HardwareInfo SoftwareOnly { get; } = new([]);

    /// <summary>Whether any NVIDIA device can be used.</summary>
    public bool HasNvidia => Devices.Count > 0;

    /// <summary>The devices that can NVENC-encode <paramref name="codec"/>.</summary>
    public IEnumerable<GpuDevice> EncodersFor(HardwareCodec codec) => Devices.Where(device => device.CanEncode(codec));
}
