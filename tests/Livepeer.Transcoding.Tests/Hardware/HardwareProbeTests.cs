using Livepeer.Transcoding.Tests.Media;

namespace Livepeer.Transcoding.Tests.Hardware;

public sealed class HardwareProbeTests
{
    [Test]
    public void ParseNvidiaSmiList_TypicalOutput_ReadsIndexNameAndUuid()
    {
        var devices = HardwareProbe.ParseNvidiaSmiList([
            "GPU 0: Tesla T4 (UUID: GPU-1b2c3d4e-0000-1111-2222-333344445555)",
            "GPU 1: NVIDIA GeForce RTX 3080 (UUID: GPU-aaaa)",
            "  MIG 1g.10gb Device 0: (UUID: MIG-xyz)",
            "garbage",
        ]);

        Assert.Multiple(() =>
        {
            Assert.That(devices.Keys, Is.EquivalentTo(new[] { 0, 1 }));
            Assert.That(devices[0], Is.EqualTo(("Tesla T4", (string?)"GPU-1b2c3d4e-0000-1111-2222-333344445555")));
            Assert.That(devices[1].Name, Is.EqualTo("NVIDIA GeForce RTX 3080"));
        });
    }

    [Test]
    public async Task GetHardwareAsync_SoftwareOnlyConfigured_ReportsNoDevicesWithoutRunningTools()
    {
        var options = new HardwareProbeOptions { SoftwareOnly = true, FFmpegPath = "/nonexistent/ffmpeg" };

        var info = await new HardwareProbe(options).GetHardwareAsync();

        Assert.That(info.HasNvidia, Is.False);
    }

    [Test]
    public async Task GetHardwareAsync_FFmpegMissing_ReportsSoftwareOnlyInsteadOfThrowing()
    {
        var info = await new HardwareProbe(new HardwareProbeOptions { FFmpegPath = "/nonexistent/ffmpeg" }).GetHardwareAsync();

        Assert.That(info, Is.SameAs(HardwareInfo.SoftwareOnly));
    }

    [Test]
    [Category("FFmpeg")]
    public async Task GetHardwareAsync_CalledTwice_ProbesOnceAndCaches()
    {
        var probe = new HardwareProbe(new HardwareProbeOptions { ProbeTimeout = TimeSpan.FromSeconds(20) });

        var first = await probe.GetHardwareAsync();
        var second = await probe.GetHardwareAsync();

        Assert.That(second, Is.SameAs(first));
        Assert.That(ProcessTable.ChildrenNamed("ffmpeg", "setsid", "nvidia-smi"), Is.Empty);
    }

    [Test]
    [Category("FFmpeg")]
    public async Task GetHardwareAsync_MachineWithoutNvidiaDriver_ReportsSoftwareOnly()
    {
        if (File.Exists("/dev/nvidiactl"))
        {
            Assert.Ignore("This machine has an NVIDIA driver; the software-only path cannot be observed here.");
        }

        var info = await new HardwareProbe(new HardwareProbeOptions { Devices = { 0, 3 } }).GetHardwareAsync();

        Assert.Multiple(() =>
        {
            Assert.That(info.HasNvidia, Is.False);
            Assert.That(info.EncodersFor(HardwareCodec.H264), Is.Empty);
        });
    }

    [Test]
    [Category("FFmpeg")]
    [Category("Gpu")]
    public async Task GetHardwareAsync_NvidiaDevicePresent_FindsH264EncodeOrDecode()
    {
        var info = await new HardwareProbe().GetHardwareAsync();
        if (!info.HasNvidia)
        {
            Assert.Ignore("The hardware probe found no usable NVIDIA device on this machine.");
        }

        Assert.Multiple(() =>
        {
            Assert.That(info.Devices[0].Encoders.Count + info.Devices[0].Decoders.Count, Is.GreaterThan(0));
            Assert.That(info.Devices.Select(d => d.Index), Is.Unique);
        });
    }
}
