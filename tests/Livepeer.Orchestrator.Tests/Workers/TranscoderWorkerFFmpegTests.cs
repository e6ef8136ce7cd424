using System.Diagnostics;
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
        var clip = await GenerateClipAsync();
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

    private static async Task<byte[]> GenerateClipAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lp-worker-clip-{Environment.ProcessId}.ts");
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=320x180:r=30:d=1",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "30", "-threads", "2", "-f", "mpegts", path,
        })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, stderr);
        try
        {
            return await File.ReadAllBytesAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
