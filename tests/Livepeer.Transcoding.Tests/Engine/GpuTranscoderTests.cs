using Livepeer.Transcoding.Tests.Media;

namespace Livepeer.Transcoding.Tests.Engine;

[Category("Gpu")]
public sealed class GpuTranscoderTests : TranscoderTestBase
{
    private static async Task<HardwareInfo> RequireNvidiaAsync()
    {
        var hardware = await new HardwareProbe().GetHardwareAsync(TestToken);
        if (!hardware.HasNvidia)
        {
            Assert.Ignore("The hardware probe found no usable NVIDIA device on this machine; the CUDA path cannot run here.");
        }

        return hardware;
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task TranscodeAsync_NvidiaDevice_DecodesOnGpuWithExactCounts()
    {
        var hardware = await RequireNvidiaAsync();
        var media = await TestMedia.GetAsync();
        var input = media.Landscape720.ReadSegment(0);
        var device = hardware.Devices[0];
        var transcoder = CreateTranscoder(o => o.Hardware = hardware);

        var result = await transcoder.TranscodeAsync(new TranscodeSegment(input), [VideoProfile.P240p30fps16x9, VideoProfile.P360p30fps16x9],
            new TranscodeOptions { Device = device.Index, SessionId = "gpu" }, TestToken);

        Assert.That(result.Device, Is.EqualTo(device.Index));
        var audio = await Ffprobe.AudioPacketsMd5Async(input);
        foreach (var rendition in result.Renditions)
        {
            await AssertRenditionAsync(media.Landscape720, rendition, audio);
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task TranscodeAsync_NvidiaDecodeOf444Input_UnsupportedInputPixelFormat()
    {
        var hardware = await RequireNvidiaAsync();
        var media = await TestMedia.GetAsync();
        var transcoder = CreateTranscoder(o => o.Hardware = hardware);

        var error = await Assert.ThrowsAsync<TranscodingException>(() => transcoder.TranscodeAsync(
            new TranscodeSegment(media.Yuv444p10), [VideoProfile.P144p30fps16x9], new TranscodeOptions { Device = hardware.Devices[0].Index }, TestToken));

        Assert.That(error!.ErrorCode, Is.AnyOf(TranscodeErrorCode.UnsupportedInputPixelFormat, TranscodeErrorCode.FilterGraphInitFailed));
    }
}
