namespace Livepeer.Transcoding;

/// <summary>A device the pool can place work on: the CPU (<paramref name="Gpu"/> null) or one GPU.</summary>
/// <param name="Gpu">The GPU ordinal, or null for the CPU.</param>
/// <param name="MaxConcurrent">How many segments it may transcode at once (at least 1).</param>
internal sealed record PoolDeviceSpec(int? Gpu, int MaxConcurrent);

/// <summary>A device's live state; <see cref="Load"/> and <see cref="Sessions"/> change only under the pool's lock.</summary>
internal sealed class PoolDevice
{
    public PoolDevice(PoolDeviceSpec spec)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.MaxConcurrent, 1);
        Gpu = spec.Gpu;
        MaxConcurrent = spec.MaxConcurrent;
        Slots = new SemaphoreSlim(spec.MaxConcurrent, spec.MaxConcurrent);
        Tag = TranscodingTelemetry.DeviceTag(spec.Gpu);
    }

    public int? Gpu { get; }

    public int MaxConcurrent { get; }

    public string Tag { get; }

    public SemaphoreSlim Slots { get; }

    public long Load { get; set; }

    public int Sessions { get; set; }

    public int Running => MaxConcurrent - Slots.CurrentCount;

    /// <summary>
    /// The devices the pool uses: every selected GPU the probe found working, plus the CPU when its cap is above 0.
    /// An unset CPU cap means all logical processors when there is no GPU, and no CPU work when there is one.
    /// </summary>
    public static IReadOnlyList<PoolDeviceSpec> Resolve(HardwareInfo hardware, DeviceSelection selection, TranscodingConcurrencyOptions concurrency)
    {
        var gpus = !selection.UsesGpus
            ? []
            : hardware.Devices
                .Where(device => selection.All || selection.Pinned.Contains(device.Index))
                .Select(device => new PoolDeviceSpec(device.Index, concurrency.Gpu))
                .ToList();
        var cpu = concurrency.Cpu ?? (gpus.Count == 0 ? Environment.ProcessorCount : 0);
        return cpu > 0 ? [.. gpus, new PoolDeviceSpec(null, cpu)] : gpus;
    }
}
