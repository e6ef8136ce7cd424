using System.Diagnostics;
using Livepeer.Network;
using Livepeer.Protocol;
using Livepeer.Transcoding;

namespace Livepeer.Orchestrator.Tests.OffChain;

/// <summary>An off-chain orchestrator transcoding a real segment with the default FFmpeg transcoder.</summary>
[Category("FFmpeg")]
[CancelAfter(60_000)]
public sealed class OffChainFFmpegTests
{
    [Test]
    public async Task SubmitSegmentAsync_RealSegmentNoPayment_RenditionDecodesToTheReportedPixels()
    {
        var clip = await GenerateClipAsync();
        await using var host = await OffChainHost.StartAsync();
        using var client = host.CreateMediaClient();
        using var gateway = PrivateKeySigner.Generate();
        var info = await client.GetOrchestratorAsync(gateway);
        var credentials = await OrchestratorClient.CreateSegmentCredentialsAsync(
            gateway, info, "offchain-ffmpeg", 0, clip, TimeSpan.FromSeconds(1), [VideoProfile.P144p30fps16x9]);

        var result = await client.SubmitSegmentAsync(info, credentials, payment: null, clip);

        var rendition = result.Renditions.Single();
        var data = await client.DownloadRenditionAsync(rendition.Url);
        var measured = await new RenditionVerifier().CountPixelsAsync(data);
        Assert.That(measured.Status, Is.EqualTo(RenditionStatus.Ok), measured.Detail);
        Assert.That(rendition.Pixels, Is.GreaterThan(0));
        Assert.That(measured.Pixels, Is.EqualTo(rendition.Pixels), "the reported pixels are what the rendition decodes to");
        Assert.That(measured.Width * measured.Height, Is.EqualTo(256 * 144));
    }

    private static async Task<byte[]> GenerateClipAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lp-offchain-clip-{Environment.ProcessId}.ts");
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
