namespace Livepeer.Transcoding.Tests.FFmpeg;

public sealed class FFmpegStderrCollectorTests
{
    // Shape of ffmpeg 5.1's output at -v verbose for two outputs with audio copy.
    private static readonly string[] TwoOutputRun =
    [
        "Input #0, mpegts, from 'pipe:0':",
        "  Stream #0:0[0x100]: Video: h264 (Constrained Baseline), 1 reference frame ([27][0][0][0] / 0x001B), yuv420p(progressive, left), 1280x720 [SAR 1:1 DAR 16:9], 29.97 fps, 29.97 tbr, 90k tbn",
        "  Stream #0:1[0x101]: Audio: aac (LC) ([15][0][0][0] / 0x000F), 44100 Hz, mono, fltp, 71 kb/s",
        "Stream mapping:",
        "  Stream #0:0 (h264) -> split:default",
        "Output #0, mpegts, to 'unix:/tmp/x/o0.sock':",
        "  Stream #0:0: Video: h264, 1 reference frame, yuv420p(tv, progressive, left), 640x360 (0x0) [SAR 1:1 DAR 16:9], q=2-31, 29.97 fps, 90k tbn",
        "  Stream #0:1: Audio: aac (LC) ([15][0][0][0] / 0x000F), 44100 Hz, mono, fltp, 71 kb/s",
        "Output #1, mpegts, to 'unix:/tmp/x/o1.sock':",
        "  Stream #1:0: Video: h264, 1 reference frame, yuv420p(tv, progressive, left), 426x240 (0x0) [SAR 640:639 DAR 16:9], q=2-31, 29.97 fps, 90k tbn",
        "  Stream #1:1: Audio: aac (LC) ([15][0][0][0] / 0x000F), 44100 Hz, mono, fltp, 71 kb/s",
        "Input file #0 (pipe:0):",
        "  Input stream #0:0 (video): 60 packets read (1853093 bytes); 60 frames decoded; ",
        "  Input stream #0:1 (audio): 88 packets read (18236 bytes); ",
        "Output file #0 (o0.ts):",
        "  Output stream #0:0 (video): 60 frames encoded; 59 packets muxed (89821 bytes); ",
        "  Output stream #0:1 (audio): 88 packets muxed (18236 bytes); ",
        "Output file #1 (o1.ts):",
        "  Output stream #1:0 (video): 61 frames encoded; 61 packets muxed (44572 bytes); ",
        "  Output stream #1:1 (audio): 88 packets muxed (18236 bytes); ",
    ];

    [Test]
    public void Statistics_VerboseTwoOutputRun_ReportsSizeAndMuxedFramesPerOutput()
    {
        var collector = new FFmpegStderrCollector(4096);
        foreach (var line in TwoOutputRun)
        {
            collector.OnLine(line);
        }

        var statistics = collector.Statistics;
        var first = statistics.VideoOutput(0)!;
        var second = statistics.VideoOutput(1)!;
        Assert.Multiple(() =>
        {
            Assert.That((first.Width, first.Height, first.Frames, first.FramesEncoded), Is.EqualTo((640, 360, 59L, 60L)));
            Assert.That(first.Pixels, Is.EqualTo(59L * 640 * 360));
            Assert.That((second.Width, second.Height, second.Frames), Is.EqualTo((426, 240, 61L)));
            Assert.That(statistics.Totals(0, 1), Is.EqualTo(new FFmpegStreamTotals("audio", null, 88, 18236)));
            Assert.That(statistics.DecodedFrames(0), Is.EqualTo(60));
            Assert.That(statistics.VideoOutput(2), Is.Null);
        });
    }

    [Test]
    public void Statistics_InputHeaderOnly_DoesNotTakeInputSizeForOutput()
    {
        var collector = new FFmpegStderrCollector(4096);
        collector.OnLine(TwoOutputRun[0]);
        collector.OnLine(TwoOutputRun[1]);
        collector.OnLine("  Output stream #0:0 (video): 60 frames encoded; 60 packets muxed (89821 bytes); ");

        Assert.That(collector.Statistics.VideoOutput(0), Is.Null);
    }

    [Test]
    public void Tail_ManyLines_KeepsOnlyTheLastCharactersButStatisticsSurvive()
    {
        var collector = new FFmpegStderrCollector(1024);
        foreach (var line in TwoOutputRun[..11])
        {
            collector.OnLine(line);
        }

        for (var i = 0; i < 10_000; i++)
        {
            collector.OnLine($"noise line {i}");
        }

        foreach (var line in TwoOutputRun[11..])
        {
            collector.OnLine(line);
        }

        Assert.Multiple(() =>
        {
            Assert.That(collector.Tail, Has.Length.LessThanOrEqualTo(1024 + 64));
            Assert.That(collector.Tail, Does.Not.Contain("noise line 0\n"));
            Assert.That(collector.Tail, Does.EndWith("(18236 bytes); \n"));
            Assert.That(collector.Statistics.VideoOutput(1)?.Width, Is.EqualTo(426));
        });
    }

    [TestCase("pipe:0: Invalid data found when processing input", "InvalidInput")]
    [TestCase("Stream specifier ':v:0' in filtergraph description [0:v:0]split=1[s0] matches no streams.", "NoVideo")]
    [TestCase("[h264_nvenc @ 0x1] OpenEncodeSessionEx failed: out of memory (10): (no details)\nError initializing output stream 0:0 -- Error while opening encoder for output stream #0:0 - maybe incorrect parameters such as bit_rate, rate, width or height\nCannot allocate memory", "OutOfMemory")]
    [TestCase("Unknown encoder 'h264_nvenc'", "ComponentNotFound")]
    [TestCase("[Parsed_scale_0 @ 0x1] Error initializing filter 'scale'", "FilterGraph")]
    [TestCase("Conversion failed!", "ProcessFailed")]
    public void Classify_KnownStderr_MapsToKind(string stderr, string expected)
    {
        Assert.That(FFmpegErrorClassifier.Classify(stderr), Is.EqualTo(Enum.Parse<FFmpegFailureKind>(expected)));
    }

    [Test]
    public void LastMessage_TrailingBlankLines_ReturnsLastNonEmptyLine()
    {
        Assert.That(FFmpegErrorClassifier.LastMessage("first\nsecond reason\n\n"), Is.EqualTo("second reason"));
    }
}
