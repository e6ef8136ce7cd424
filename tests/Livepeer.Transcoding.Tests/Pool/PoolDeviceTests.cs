namespace Livepeer.Transcoding.Tests.Pool;

public sealed class PoolDeviceTests
{
    private static readonly HardwareInfo TwoGpus = new([Gpu(0), Gpu(1)]);

    [Test]
    public void Resolve_NoGpuAndCpuCapUnset_UsesTheCpuWithOneSlotPerProcessor()
    {
        var devices = PoolDevice.Resolve(HardwareInfo.SoftwareOnly, DeviceSelection.AllGpus, new TranscodingConcurrencyOptions());

        Assert.That(devices, Is.EqualTo(new[] { new PoolDeviceSpec(null, Environment.ProcessorCount) }));
    }

    [Test]
    public void Resolve_GpusAndCpuCapUnset_UsesOnlyTheGpus()
    {
        var devices = PoolDevice.Resolve(TwoGpus, DeviceSelection.AllGpus, new TranscodingConcurrencyOptions { Gpu = 3 });

        Assert.That(devices, Is.EqualTo(new[] { new PoolDeviceSpec(0, 3), new PoolDeviceSpec(1, 3) }));
    }

    [Test]
    public void Resolve_GpusAndCpuCapSet_AddsTheCpu()
    {
        var devices = PoolDevice.Resolve(TwoGpus, DeviceSelection.AllGpus, new TranscodingConcurrencyOptions { Cpu = 2, Gpu = 5 });

        Assert.That(devices, Is.EqualTo(new[] { new PoolDeviceSpec(0, 5), new PoolDeviceSpec(1, 5), new PoolDeviceSpec(null, 2) }));
    }

    [Test]
    public void Resolve_PinnedDevices_KeepsOnlyPinnedGpusThatTheProbeFound()
    {
        var devices = PoolDevice.Resolve(TwoGpus, DeviceSelection.Parse("1,7"), new TranscodingConcurrencyOptions());

        Assert.That(devices, Is.EqualTo(new[] { new PoolDeviceSpec(1, 16) }));
    }

    [Test]
    public void Resolve_DevicesNone_IgnoresGpus()
    {
        var devices = PoolDevice.Resolve(TwoGpus, DeviceSelection.None, new TranscodingConcurrencyOptions { Cpu = 1 });

        Assert.That(devices, Is.EqualTo(new[] { new PoolDeviceSpec(null, 1) }));
    }

    private static GpuDevice Gpu(int index) =>
        new(index, "NVIDIA Test", null, new HashSet<HardwareCodec> { HardwareCodec.H264 }, new HashSet<HardwareCodec> { HardwareCodec.H264 });
}
