using System.Globalization;
using Livepeer.Transcoding.Tests.Media;

namespace Livepeer.Transcoding.Tests.Engine;

[Category("FFmpeg")]
public sealed class FFmpegTranscoderTests : TranscoderTestBase
{
    // 60 frames at 30000/1001 fps.
    private const double SegmentSeconds = 60 * 1001 / 30000.0;

    [TestCase(0, 10)]
    [TestCase(10, 4)]
    [CancelAfter(120_000)]
    public async Task TranscodeAsync_BuiltInPresets_MatchSizeRuleFpsKeyframeBitrateAudioAndPixels(int first, int count)
    {
        var media = await TestMedia.GetAsync();
        var source = media.Landscape720;
        var input = source.ReadSegment(0);
        var profiles = VideoProfile.Presets.Skip(first).Take(count).Select(p => p.Profile).ToArray();
        var sourceAudio = await Ffprobe.AudioPacketsMd5Async(input);

        var result = await CreateTranscoder().TranscodeAsync(new TranscodeSegment(input), profiles, null, TestToken);

        Assert.That(result.Renditions.Select(r => r.Profile), Is.EqualTo(profiles));
        Assert.That(result.DecodedFrames, Is.EqualTo(60));
        Assert.That(result.Device, Is.Null);
        Assert.That(result.TotalPixels, Is.EqualTo(result.Renditions.Sum(r => r.Pixels)));
        foreach (var rendition in result.Renditions)
        {
            var probe = await AssertRenditionAsync(source, rendition, sourceAudio);
            var fps = rendition.Profile.FrameRate.FramesPerSecond;
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{rendition.Profile.Name}: {rendition.Width}x{rendition.Height} {rendition.Frames} frames, {probe.BitsPerSecond / 1000:0} kbps of {rendition.Profile.Bitrate / 1000} kbps"));
            Assert.Multiple(() =>
            {
                Assert.That((double)rendition.Frames, Is.EqualTo(SegmentSeconds * fps).Within(2), $"{rendition.Profile.Name}: frames over duration");
                Assert.That(probe.BitsPerSecond, Is.InRange(rendition.Profile.Bitrate * 0.7, rendition.Profile.Bitrate * 1.4), $"{rendition.Profile.Name}: bitrate");
            });
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task TranscodeAsync_JsonLadder_HonoursGopProfileAndFrameRate()
    {
        const string json = """
            [
              { "name": "hd", "width": 1280, "height": 720, "bitrate": 3000000, "fps": 30000, "fpsDen": 1001, "profile": "H264High", "gop": "2" },
              { "name": "sd", "width": 854, "height": 480, "bitrate": 1500000, "fps": 30, "profile": "H264Main", "gop": "1" },
              { "name": "low", "width": 640, "height": 360, "bitrate": 800000, "profile": "H264Baseline", "gop": "0.5" },
              { "name": "tiny", "width": 426, "height": 240, "bitrate": 400000, "fps": 30000, "fpsDen": 1001, "profile": "H264ConstrainedHigh", "gop": "intra" }
            ]
            """;
        var profiles = TranscodingConfiguration.Parse(json).GetAllProfiles();
        var media = await TestMedia.GetAsync();
        var source = media.Landscape720;
        var input = source.ReadSegment(1);
        var sourceAudio = await Ffprobe.AudioPacketsMd5Async(input);

        var result = await CreateTranscoder().TranscodeAsync(new TranscodeSegment(input) { SequenceNumber = 1 }, profiles, null, TestToken);

        var probes = new List<ProbedVideo>();
        foreach (var rendition in result.Renditions)
        {
            probes.Add(await AssertRenditionAsync(source, rendition, sourceAudio));
        }

        var (hd, sd, low, tiny) = (probes[0], probes[1], probes[2], probes[3]);
        Assert.Multiple(() =>
        {
            // LPMS computes g from the numerator only: 2 s at 30000/1001 is g = 60000, so no second keyframe here.
            Assert.That(hd.KeyFrameIndices, Is.EqualTo(new[] { 0 }), "hd keyframes");
            Assert.That(hd.FrameRate, Is.EqualTo("30000/1001"));
            Assert.That(sd.KeyFrameIndices, Is.EqualTo(new[] { 0, 30 }), "sd: g = 1 s × 30");
            Assert.That(sd.FrameRate, Is.EqualTo("30/1"));
            Assert.That(low.FrameRate, Is.EqualTo("30000/1001"), "passthrough keeps the source rate");
            Assert.That(low.Frames, Has.Count.EqualTo(60));
            Assert.That(low.KeyFrameIndices, Is.EqualTo(new[] { 0, 15, 30, 45 }), "low: a keyframe whenever 0.5 s have passed");
            Assert.That(tiny.KeyFrameIndices, Is.EqualTo(Enumerable.Range(0, tiny.Frames.Count)), "tiny: intra only");
            Assert.That(low.Frames.All(f => f.PictureType != "B"), Is.True, "baseline has no B-frames");
            Assert.That(tiny.Frames.All(f => f.PictureType != "B"), Is.True, "constrained high has no B-frames");
        });
    }

    [TestCase("landscape1080", 426, 240)]
    [TestCase("fourThree480", 426, 320)]
    [TestCase("portrait960", 240, 426)]
    [CancelAfter(120_000)]
    public async Task TranscodeAsync_OtherSources_FollowSizeRule(string sourceName, int expectedWidth, int expectedHeight)
    {
        var media = await TestMedia.GetAsync();
        var source = media.Sources[sourceName];
        var input = source.ReadSegment(0);

        var result = await CreateTranscoder().TranscodeAsync(new TranscodeSegment(input), [VideoProfile.P240p30fps16x9], null, TestToken);

        Assert.That((result.Renditions[0].Width, result.Renditions[0].Height), Is.EqualTo((expectedWidth, expectedHeight)));
        await AssertRenditionAsync(source, result.Renditions[0], source.HasAudio ? await Ffprobe.AudioPacketsMd5Async(input) : null);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task TranscodeAsync_Mp4Format_FragmentedMp4DecodesWithAllFrames()
    {
        var media = await TestMedia.GetAsync();
        var input = media.Landscape720.ReadSegment(0);
        var profile = VideoProfile.P240p30fps16x9 with { Format = VideoFormat.Mp4 };

        var result = await CreateTranscoder().TranscodeAsync(new TranscodeSegment(input), [profile], null, TestToken);

        var bytes = result.Renditions[0].Data.ToArray();
        var probed = await Ffprobe.CountFramesAsync(bytes);
        Assert.Multiple(() =>
        {
            Assert.That(System.Text.Encoding.ASCII.GetString(bytes, 4, 4), Is.EqualTo("ftyp"));
            Assert.That(probed, Is.EqualTo((426, 240, result.Renditions[0].Frames)));
            Assert.That(result.Renditions[0].Frames, Is.EqualTo(60));
        });
        await AssertRenditionAsync(media.Landscape720, result.Renditions[0], sourceAudioMd5: null);
        Assert.That(await Ffprobe.AudioPacketsAsync(bytes), Is.EqualTo(await Ffprobe.AudioPacketsAsync(input)), "every audio packet is kept");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task TranscodeAsync_HighBitDepth444Input_EncodesYuv420pOnCpu()
    {
        var media = await TestMedia.GetAsync();

        var result = await CreateTranscoder().TranscodeAsync(new TranscodeSegment(media.Yuv444p10), [VideoProfile.P144p30fps16x9], null, TestToken);

        var probe = await VideoProbe.ProbeAsync(result.Renditions[0].Data.ToArray());
        Assert.Multiple(() =>
        {
            Assert.That(probe.PixelFormat, Is.EqualTo("yuv420p"));
            Assert.That(result.Renditions[0].Pixels, Is.EqualTo(probe.Frames.Count * 256L * 192));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task TranscodeAsync_TruncatedSegment_CountsOnlyTheFramesThatWereMuxed()
    {
        var media = await TestMedia.GetAsync();

        var result = await CreateTranscoder().TranscodeAsync(new TranscodeSegment(media.Truncated), [VideoProfile.P144p30fps16x9], null, TestToken);

        var probed = await Ffprobe.CountFramesAsync(result.Renditions[0].Data.ToArray());
        Assert.Multiple(() =>
        {
            Assert.That(result.Renditions[0].Frames, Is.EqualTo(probed.Frames));
            Assert.That(result.Renditions[0].Frames, Is.InRange(1, 59));
            Assert.That(result.DecodedFrames, Is.InRange(1, 59));
        });
    }
}
