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
        var clip = await TestClips.OneSecond320x180Async();
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
}
