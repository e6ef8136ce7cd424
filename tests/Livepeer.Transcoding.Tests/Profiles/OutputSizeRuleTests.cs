namespace Livepeer.Transcoding.Tests.Profiles;

public sealed class OutputSizeRuleTests
{
    [TestCase(1920, 1080, 1280, 720, 1280, 720, TestName = "Compute_1080pTo720p16x9_1280x720")]
    [TestCase(1440, 1080, 1280, 720, 1280, 960, TestName = "Compute_4x3SourceTo720p_1280x960")]
    [TestCase(1080, 1920, 1280, 720, 720, 1280, TestName = "Compute_PortraitTo720p_720x1280")]
    [TestCase(1920, 1080, 320, 240, 320, 180, TestName = "Compute_1080pTo240p4x3_320x180")]
    [TestCase(1920, 1080, 426, 240, 426, 240, TestName = "Compute_1080pTo426x240_426x240")]
    [TestCase(1280, 720, 0, 123, 146, 82, TestName = "Compute_Lpms0x123On16x9_146x82")]
    [Category("Vectors")]
    public void Compute_WorkedExamples_H264(int iw, int ih, int w, int h, int ow, int oh)
    {
        var output = OutputSizeRule.Compute(new VideoSize(iw, ih), new VideoSize(w, h), OutputSizeRule.H264Limits);
        Assert.That(output, Is.EqualTo(new VideoSize(ow, oh)));
    }

    [Test]
    [Category("Vectors")]
    public void Compute_Profile0x123_PixelsAre146x82PerFrame()
    {
        var profile = new VideoProfile("0x123", 0, 123, 100_000, new FrameRate(16));
        var size = OutputSizeRule.Compute(profile, new VideoSize(1920, 1080));
        Assert.That(size.Pixels, Is.EqualTo(146L * 82));
    }

    [Test]
    public void Compute_Square_TreatedAsLandscape()
    {
        Assert.That(OutputSizeRule.Compute(new VideoSize(1000, 1000), new VideoSize(640, 360), OutputSizeRule.H264Limits),
            Is.EqualTo(new VideoSize(640, 640)));
    }

    [Test]
    public void Compute_VeryWideSource_HeightClampedToMinimumWidthAuto()
    {
        // 4096x100: D·ih/iw = 1280·100/4096 = 31.25 < 50, so height is the minimum and width follows the aspect.
        Assert.That(OutputSizeRule.Compute(new VideoSize(4096, 100), new VideoSize(1280, 720), OutputSizeRule.H264Limits),
            Is.EqualTo(new VideoSize(2048, 50)));
    }

    [Test]
    public void Compute_ExactlyMinimumHeight_WidthExplicit()
    {
        // 1280·ih/iw = 50 exactly: width stays D, height is Hmin.
        Assert.That(OutputSizeRule.Compute(new VideoSize(2560, 100), new VideoSize(1280, 720), OutputSizeRule.H264Limits),
            Is.EqualTo(new VideoSize(1280, 50)));
    }

    [Test]
    public void Compute_VeryTallSource_WidthClampedToMinimum()
    {
        Assert.That(OutputSizeRule.Compute(new VideoSize(100, 4096), new VideoSize(720, 1280), OutputSizeRule.H264Limits),
            Is.EqualTo(new VideoSize(146, 5980)));
    }

    [Test]
    public void Compute_RequestAboveMaximum_Clamped()
    {
        Assert.That(OutputSizeRule.Compute(new VideoSize(7680, 4320), new VideoSize(7680, 4320), OutputSizeRule.H264Limits),
            Is.EqualTo(new VideoSize(4096, 2304)));
        Assert.That(OutputSizeRule.Compute(new VideoSize(7680, 4320), new VideoSize(7680, 4320), OutputSizeRule.HevcLimits),
            Is.EqualTo(new VideoSize(7680, 4320)));
    }

    [Test]
    public void Compute_HevcMinimum_132x40()
    {
        Assert.That(OutputSizeRule.GetLimits(VideoCodec.Hevc), Is.EqualTo(new VideoSizeLimits(132, 40, 8192, 8192)));
        Assert.That(OutputSizeRule.GetLimits(VideoCodec.H264), Is.EqualTo(new VideoSizeLimits(146, 50, 4096, 4096)));
        Assert.That(OutputSizeRule.Compute(new VideoSize(1280, 720), new VideoSize(0, 0), OutputSizeRule.HevcLimits),
            Is.EqualTo(new VideoSize(132, 74)));
    }

    [Test]
    public void Compute_AutoSide_RoundsHalfAwayFromZeroToEven()
    {
        // 426·1080/1920 = 239.625 → /2 = 119.81 → 120 → 240; 427 is truncated to 426 first.
        Assert.That(OutputSizeRule.Compute(new VideoSize(1920, 1080), new VideoSize(427, 240), OutputSizeRule.H264Limits),
            Is.EqualTo(new VideoSize(426, 240)));
        // 640·3/5 = 384 exactly; 642·3/5 = 385.2 → /2 = 192.6 → 193 → 386.
        Assert.That(OutputSizeRule.Compute(new VideoSize(500, 300), new VideoSize(642, 0), OutputSizeRule.H264Limits),
            Is.EqualTo(new VideoSize(642, 386)));
        // 148·300/400 = 111 → /2 = 55.5 exactly, which rounds up to 56 → 112 (truncation would give 110).
        Assert.That(OutputSizeRule.Compute(new VideoSize(400, 300), new VideoSize(148, 0), OutputSizeRule.H264Limits),
            Is.EqualTo(new VideoSize(148, 112)));
        // Very wide source: height is the minimum and width follows the aspect ratio.
        Assert.That(OutputSizeRule.Compute(new VideoSize(1000, 3), new VideoSize(640, 360), OutputSizeRule.H264Limits),
            Is.EqualTo(new VideoSize(16666, 50)));
    }

    [TestCase(VideoCodec.Vp8)]
    [TestCase(VideoCodec.Vp9)]
    [TestCase(VideoCodec.Av1)]
    public void Compute_VpxAndAv1_KeepsAspectInsteadOfSourceSize(VideoCodec codec)
    {
        var profile = VideoProfile.P360p30fps16x9 with { Encoder = codec };
        Assert.That(OutputSizeRule.Compute(profile, new VideoSize(1920, 1080)), Is.EqualTo(new VideoSize(640, 360)));
        Assert.That(OutputSizeRule.GetLimits(codec), Is.EqualTo(OutputSizeRule.GenericLimits));
    }

    [Test]
    public void Compute_ZeroSizedSource_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            OutputSizeRule.Compute(new VideoSize(0, 720), new VideoSize(640, 360), OutputSizeRule.H264Limits));
    }
}
