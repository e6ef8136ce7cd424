using Livepeer.Transcoding;
using Microsoft.Extensions.DependencyInjection;

namespace Livepeer.Orchestrator.Tests.Workers;

/// <summary>Our worker transcoding with real ffmpeg for our orchestrator.</summary>
[Category("FFmpeg")]
[CancelAfter(60_000)]
public sealed class TranscoderWorkerFFmpegTests
{
    [Test]
    public async Task TranscodeAsync_WorkerWithFFmpeg_RenditionsDecodeToTheReportedPixels()
    {
        var clip = await TestClips.OneSecond320x180Async();
        await using var orchestrator = await TestOrchestrator.StartAsync();
        // Real ffmpeg on a test machine shared with other test assemblies can be many times slower than in service.
        orchestrator.Manager.MinimumResultTimeout = TimeSpan.FromSeconds(40);
        await using var worker = TestWorker.Start(orchestrator.Address, transcoder: null, configure: services =>
            services.Configure<LivepeerTranscodingOptions>(o => o.Devices = "none"));
        await orchestrator.WaitForWorkersAsync(1);

        var segment = new TranscodeSegment(clip) { SequenceNumber = 0, Duration = TimeSpan.FromSeconds(1) };
        var result = await orchestrator.Dispatcher.TranscodeAsync(segment, [VideoProfile.P144p30fps16x9], new TranscodeOptions { SessionId = "ffmpeg" });

        var rendition = result.Renditions.Single();
        var measured = await new RenditionVerifier().CountPixelsAsync(rendition.Data);
        Assert.That(measured.Status, Is.EqualTo(RenditionStatus.Ok), measured.Detail);
        Assert.That(rendition.Pixels, Is.GreaterThan(0));
        Assert.That(measured.Pixels, Is.EqualTo(rendition.Pixels), "the worker's pixel count is what the rendition decodes to");
        Assert.That(measured.Width * measured.Height, Is.EqualTo(256 * 144));
    }
}
