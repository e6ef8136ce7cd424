using System.Globalization;
using System.Text;
using Livepeer.Transcoding.Tests.Media;

namespace Livepeer.Transcoding.Tests.Engine;

/// <summary>
/// Proves with real ffmpeg that the size rule written as scale expressions over iw/ih (what the engine sends, so
/// that no probe of the input is needed) gives exactly <see cref="OutputSizeRule.Compute(VideoProfile, VideoSize)"/>.
/// </summary>
[Category("FFmpeg")]
public sealed class ScaleExpressionTests
{
    private static readonly VideoProfile[] Profiles =
    [
        VideoProfile.P720p30fps16x9,
        VideoProfile.P720p30fps4x3,
        VideoProfile.P576p30fps16x9,
        VideoProfile.P360p30fps4x3,
        VideoProfile.P240p30fps16x9,
        VideoProfile.P144p30fps16x9,
        new("zero", 0, 0, 0),
        new("portraitBox", 480, 854, 0),
        new("hevcSmall", 100, 30, 0) { Encoder = VideoCodec.Hevc },
        new("vp9", 300, 20, 0) { Encoder = VideoCodec.Vp9 },
    ];

    [TestCase(1920, 1080)]
    [TestCase(1280, 720)]
    [TestCase(1440, 1080)]
    [TestCase(640, 480)]
    [TestCase(1080, 1920)]
    [TestCase(540, 960)]
    [TestCase(160, 90)]
    [TestCase(853, 479)]
    [TestCase(1441, 1081)]
    [TestCase(99, 1001)]
    [TestCase(3000, 100)]
    [CancelAfter(60_000)]
    public async Task ScaleExpressions_EvaluatedByFfmpeg_EqualComputedSize(int width, int height)
    {
        // nullsrc keeps odd sizes; lavfi color would round them down to even.
        var input = new VideoSize(width, height);
        var graph = new StringBuilder($"[0:v]split={Profiles.Length}");
        for (var i = 0; i < Profiles.Length; i++)
        {
            graph.Append(CultureInfo.InvariantCulture, $"[s{i}]");
        }

        for (var i = 0; i < Profiles.Length; i++)
        {
            graph.Append(CultureInfo.InvariantCulture, $";[s{i}]{VideoFilterChain.BuildForUnknownInput(Profiles[i], VideoPipeline.Software)}[o{i}]");
        }

        List<string> arguments = ["-hide_banner", "-nostdin", "-v", "verbose", "-f", "lavfi", "-i", $"nullsrc=s={input}:d=0.04", "-filter_complex", graph.ToString()];
        for (var i = 0; i < Profiles.Length; i++)
        {
            arguments.AddRange(["-map", $"[o{i}]", "-f", "null", "-"]);
        }

        var result = await new FFmpegProcessRunner().RunAsync(
            new FFmpegProcessRequest(FFmpegToolLocator.Resolve("ffmpeg", null), arguments) { Timeout = TimeSpan.FromSeconds(30) },
            TestContext.CurrentContext.CancellationToken);

        Assert.Multiple(() =>
        {
            for (var i = 0; i < Profiles.Length; i++)
            {
                var video = result.Statistics.VideoOutput(i);
                Assert.That(video, Is.Not.Null, $"output {i}");
                Assert.That(new VideoSize(video!.Width, video.Height), Is.EqualTo(OutputSizeRule.Compute(Profiles[i], input)),
                    $"{Profiles[i].Name} ({Profiles[i].Width}x{Profiles[i].Height}) from {input}");
            }
        });
    }

    [Test]
    public void BuildForUnknownInput_Software_QuotesExpressionsAndKeepsFpsAfterScaler()
    {
        var chain = VideoFilterChain.BuildForUnknownInput(VideoProfile.P240p30fps16x9, VideoPipeline.Software);

        Assert.That(chain, Does.StartWith("scale=w='if(gte(iw,ih),").And.EndWith("',fps=30/1"));
        Assert.That(chain, Does.Contain("426*ih"));
    }

    [Test]
    public void BuildForUnknownInput_NvidiaToSoftware_DownloadsAfterScaling()
    {
        var chain = VideoFilterChain.BuildForUnknownInput(VideoProfile.P360p30fps16x9, new VideoPipeline(VideoAcceleration.Nvidia, VideoAcceleration.Software));

        Assert.That(chain, Does.StartWith("scale_npp=w='").And.Contain(":interp_algo=super,hwdownload,format=nv12,fps=30/1"));
    }
}
