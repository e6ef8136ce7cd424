namespace Livepeer.Transcoding.Tests.Profiles;

public sealed class EncoderSettingsTests
{
    private static readonly VideoProfile Base = VideoProfile.P720p30fps16x9;

    private static string Value(EncoderSettings settings, string option)
    {
        var index = settings.Options.ToList().IndexOf(option);
        Assert.That(index, Is.GreaterThanOrEqualTo(0), $"{option} missing from {string.Join(' ', settings.Options)}");
        return settings.Options[index + 1];
    }

    private static bool Has(EncoderSettings settings, string option) => settings.Options.Contains(option);

    [TestCase(VideoCodec.H264, VideoAcceleration.Software, "libx264")]
    [TestCase(VideoCodec.Hevc, VideoAcceleration.Software, "libx265")]
    [TestCase(VideoCodec.Vp8, VideoAcceleration.Software, "libvpx")]
    [TestCase(VideoCodec.Vp9, VideoAcceleration.Software, "libvpx-vp9")]
    [TestCase(VideoCodec.Av1, VideoAcceleration.Software, "libsvtav1")]
    [TestCase(VideoCodec.H264, VideoAcceleration.Nvidia, "h264_nvenc")]
    [TestCase(VideoCodec.Hevc, VideoAcceleration.Nvidia, "hevc_nvenc")]
    public void GetEncoderName_Table(VideoCodec codec, VideoAcceleration acceleration, string expected)
    {
        Assert.That(EncoderSettings.GetEncoderName(codec, acceleration), Is.EqualTo(expected));
        Assert.That(EncoderSettings.Create(Base with { Encoder = codec }, acceleration).EncoderName, Is.EqualTo(expected));
    }

    [TestCase(VideoCodec.Vp8)]
    [TestCase(VideoCodec.Vp9)]
    [TestCase(VideoCodec.Av1)]
    public void Create_NvidiaWithoutNvencCodec_EncoderNotFound(VideoCodec codec)
    {
        var e = Assert.Throws<TranscodingException>(() => EncoderSettings.Create(Base with { Encoder = codec }, VideoAcceleration.Nvidia));
        Assert.That(e!.Message, Is.EqualTo("Encoder not found"));
        Assert.That(e.IsRetryable, Is.False);
    }

    [Test]
    public void Create_Preset_ExactSoftwareArguments()
    {
        var settings = EncoderSettings.Create(Base, VideoAcceleration.Software);
        Assert.That(settings.ToArguments(), Is.EqualTo(new[]
        {
            "-c:v", "libx264",
            "-preset:v", "medium",
            "-forced-idr:v", "1",
            "-bf:v", "3",
            "-b:v", "4000000", "-minrate:v", "4000000", "-maxrate:v", "4000000", "-bufsize:v", "4000000",
            "-fps_mode:v", "passthrough",
        }));
        Assert.That(settings.MuxerArguments, Is.EqualTo(new[] { "-f", "mpegts" }));
    }

    [Test]
    public void Create_HevcNvenc_PresetTierForcedIdrNoProfile()
    {
        var settings = EncoderSettings.Create(Base with { Encoder = VideoCodec.Hevc, Profile = H264Profile.High }, VideoAcceleration.Nvidia);
        Assert.That(settings.Options.Take(6), Is.EqualTo(new[] { "-preset:v", "medium", "-tier:v", "high", "-forced-idr:v", "1" }));
        Assert.That(Has(settings, "-profile:v"), Is.False, "H.264 profile names are not HEVC profiles");
        Assert.That(Value(settings, "-bf:v"), Is.EqualTo("3"));
    }

    [Test]
    public void Create_H264Nvenc_NoTier()
    {
        var settings = EncoderSettings.Create(Base, VideoAcceleration.Nvidia);
        Assert.That(Has(settings, "-tier:v"), Is.False);
        Assert.That(Value(settings, "-preset:v"), Is.EqualTo("medium"));
        Assert.That(Value(settings, "-forced-idr:v"), Is.EqualTo("1"));
    }

    [TestCase(H264Profile.Baseline, VideoAcceleration.Software, "baseline", "0")]
    [TestCase(H264Profile.Baseline, VideoAcceleration.Nvidia, "baseline", "0")]
    [TestCase(H264Profile.ConstrainedHigh, VideoAcceleration.Software, "high", "0")]
    [TestCase(H264Profile.ConstrainedHigh, VideoAcceleration.Nvidia, "high", "0")]
    [TestCase(H264Profile.Main, VideoAcceleration.Software, "main", "3")]
    [TestCase(H264Profile.Main, VideoAcceleration.Nvidia, "main", "3")]
    [TestCase(H264Profile.High, VideoAcceleration.Software, "high", "3")]
    [TestCase(H264Profile.High, VideoAcceleration.Nvidia, "high", "3")]
    [TestCase(H264Profile.None, VideoAcceleration.Software, null, "3")]
    [TestCase(H264Profile.None, VideoAcceleration.Nvidia, null, "0")]
    public void Create_ProfileRows_ProfileAndBFrames(H264Profile profile, VideoAcceleration acceleration, string? name, string bf)
    {
        var settings = EncoderSettings.Create(Base with { Profile = profile }, acceleration);
        Assert.That(Value(settings, "-bf:v"), Is.EqualTo(bf));
        if (name is null)
        {
            Assert.That(Has(settings, "-profile:v"), Is.False);
        }
        else
        {
            Assert.That(Value(settings, "-profile:v"), Is.EqualTo(name));
        }
    }

    [TestCase(H264Profile.Main)]
    [TestCase(H264Profile.High)]
    [TestCase(H264Profile.None)]
    public void Create_NvencPassthroughFps_ForcesZeroBFrames(H264Profile profile)
    {
        var passthrough = Base with { Profile = profile, FrameRate = FrameRate.Passthrough };
        Assert.That(Value(EncoderSettings.Create(passthrough, VideoAcceleration.Nvidia), "-bf:v"), Is.EqualTo("0"));
        Assert.That(Value(EncoderSettings.Create(passthrough, VideoAcceleration.Software), "-bf:v"), Is.EqualTo("3"));
    }

    [TestCase(23, VideoAcceleration.Software, "-crf:v", "23")]
    [TestCase(63, VideoAcceleration.Software, "-crf:v", "63")]
    [TestCase(64, VideoAcceleration.Software, null, null)]
    [TestCase(23, VideoAcceleration.Nvidia, "-cq:v", "30")]
    [TestCase(44, VideoAcceleration.Nvidia, "-cq:v", "51")]
    [TestCase(45, VideoAcceleration.Nvidia, null, null)]
    [TestCase(0, VideoAcceleration.Software, null, null)]
    public void Create_Quality_CrfOrCq(int quality, VideoAcceleration acceleration, string? option, string? value)
    {
        var settings = EncoderSettings.Create(Base with { Quality = quality }, acceleration);
        Assert.That(Has(settings, "-crf:v") || Has(settings, "-cq:v"), Is.EqualTo(option is not null));
        if (option is not null)
        {
            Assert.That(Value(settings, option), Is.EqualTo(value));
        }

        Assert.That(Value(settings, "-maxrate:v"), Is.EqualTo("4000000"), "bitrate stays the cap");
    }

    [Test]
    public void Create_ZeroBitrate_NoRateOptions()
    {
        var settings = EncoderSettings.Create(Base with { Bitrate = 0, Quality = 20 }, VideoAcceleration.Software);
        Assert.That(Has(settings, "-b:v") || Has(settings, "-maxrate:v") || Has(settings, "-bufsize:v") || Has(settings, "-minrate:v"), Is.False);
        Assert.That(Value(settings, "-crf:v"), Is.EqualTo("20"));
    }

    [TestCase(VideoAcceleration.Software, "1")]
    [TestCase(VideoAcceleration.Nvidia, "0")]
    public void Create_IntraOnly_G(VideoAcceleration acceleration, string g)
    {
        Assert.That(Value(EncoderSettings.Create(Base with { Gop = Gop.IntraOnly }, acceleration), "-g:v"), Is.EqualTo(g));
        Assert.That(Value(EncoderSettings.Create(Base with { Gop = Gop.IntraOnly, FrameRate = FrameRate.Passthrough }, acceleration), "-g:v"), Is.EqualTo(g));
    }

    [TestCase(2.0, 30, 1, "60")]
    [TestCase(2.0, 30000, 1001, "60000")]
    [TestCase(0.5, 25, 1, "12")]
    [TestCase(0.01, 30, 1, "1")]
    public void Create_GopWithFps_NumeratorOnlyQuirk(double seconds, int num, int den, string g)
    {
        var profile = Base with { Gop = Gop.FromSeconds(seconds), FrameRate = new FrameRate(num, den) };
        var settings = EncoderSettings.Create(profile, VideoAcceleration.Software);
        Assert.That(Value(settings, "-g:v"), Is.EqualTo(g));
        Assert.That(Has(settings, "-force_key_frames:v"), Is.False);
    }

    [TestCase(VideoAcceleration.Software)]
    [TestCase(VideoAcceleration.Nvidia)]
    public void Create_GopWithPassthroughFps_ForceKeyFramesByTimestamp(VideoAcceleration acceleration)
    {
        var profile = Base with { Gop = Gop.FromSeconds(1.5), FrameRate = FrameRate.Passthrough };
        var settings = EncoderSettings.Create(profile, acceleration);
        Assert.That(Value(settings, "-force_key_frames:v"), Is.EqualTo("expr:if(isnan(prev_forced_t),1,gte(t,prev_forced_t+1.5))"));
        Assert.That(Has(settings, "-g:v"), Is.False);
    }

    [Test]
    public void Create_DefaultGop_NoKeyframeOptions()
    {
        var settings = EncoderSettings.Create(Base, VideoAcceleration.Software);
        Assert.That(Has(settings, "-g:v") || Has(settings, "-force_key_frames:v"), Is.False);
    }

    [Test]
    public void Create_PassthroughUnknownInputRate_InputTimeBase()
    {
        var passthrough = Base with { FrameRate = FrameRate.Passthrough };
        Assert.That(Value(EncoderSettings.Create(passthrough, VideoAcceleration.Software, inputFrameRateKnown: false), "-enc_time_base:v"), Is.EqualTo("-1"));
        Assert.That(Has(EncoderSettings.Create(passthrough, VideoAcceleration.Software, inputFrameRateKnown: true), "-enc_time_base:v"), Is.False);
        Assert.That(Has(EncoderSettings.Create(Base, VideoAcceleration.Software, inputFrameRateKnown: false), "-enc_time_base:v"), Is.False);
    }

    [TestCase(VideoCodec.Vp8)]
    [TestCase(VideoCodec.Vp9)]
    [TestCase(VideoCodec.Av1)]
    public void Create_NonAvcEncoders_OnlyGenericOptions(VideoCodec codec)
    {
        var settings = EncoderSettings.Create(Base with { Encoder = codec, Profile = H264Profile.High, Quality = 30 }, VideoAcceleration.Software);
        Assert.That(settings.Options, NUnit.Framework.Has.None.AnyOf("-preset:v", "-forced-idr:v", "-profile:v", "-bf:v", "-tier:v"));
        Assert.That(Value(settings, "-crf:v"), Is.EqualTo("30"));
        Assert.That(Value(settings, "-b:v"), Is.EqualTo("4000000"));
    }

    [Test]
    public void Create_Mp4_FragmentedMuxerForUnseekableOutput()
    {
        Assert.That(EncoderSettings.Create(Base with { Format = VideoFormat.Mp4 }, VideoAcceleration.Software).MuxerArguments,
            Is.EqualTo(new[] { "-f", "mp4", "-movflags", "frag_keyframe+empty_moov+default_base_moof" }));
    }

    [Test]
    public void Create_OptionOrder_Stable()
    {
        var profile = Base with { Encoder = VideoCodec.Hevc, Profile = H264Profile.Main, Quality = 10, Gop = Gop.FromSeconds(2) };
        var names = EncoderSettings.Create(profile, VideoAcceleration.Nvidia).Options.Where((_, i) => i % 2 == 0);
        Assert.That(names, Is.EqualTo(new[]
        {
            "-preset:v", "-tier:v", "-forced-idr:v", "-bf:v", "-b:v", "-minrate:v", "-maxrate:v", "-bufsize:v", "-cq:v", "-g:v", "-fps_mode:v",
        }));
    }
}
