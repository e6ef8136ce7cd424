namespace Livepeer.Transcoding.Tests.Profiles;

public sealed class WireVideoProfileTests
{
    [Test]
    [Category("Vectors")]
    public void FieldNumbers_MatchLpRpcProto()
    {
        Assert.That(
            new[]
            {
                WireVideoProfile.NameField, WireVideoProfile.WidthField, WireVideoProfile.HeightField, WireVideoProfile.BitrateField,
                WireVideoProfile.FpsField, WireVideoProfile.FormatField, WireVideoProfile.FpsDenField, WireVideoProfile.ProfileField,
                WireVideoProfile.GopField, WireVideoProfile.EncoderField, WireVideoProfile.ColorDepthField,
                WireVideoProfile.ChromaFormatField, WireVideoProfile.QualityField,
            },
            Is.EqualTo(Enumerable.Range(16, 13)));
        Assert.That((int)SegDataProfilesField.FullProfiles, Is.EqualTo(33));
        Assert.That((int)SegDataProfilesField.FullProfiles2, Is.EqualTo(34));
        Assert.That((int)SegDataProfilesField.FullProfiles3, Is.EqualTo(35));
    }

    [Test]
    [Category("Vectors")]
    public void EnumValues_MatchWire()
    {
        Assert.That((int)WireFormat.Mpegts, Is.EqualTo(0));
        Assert.That((int)WireFormat.Mp4, Is.EqualTo(1));
        Assert.That((int)WireProfile.EncoderDefault, Is.EqualTo(0));
        Assert.That((int)WireProfile.H264Baseline, Is.EqualTo(1));
        Assert.That((int)WireProfile.H264Main, Is.EqualTo(2));
        Assert.That((int)WireProfile.H264High, Is.EqualTo(3));
        Assert.That((int)WireProfile.H264ConstrainedHigh, Is.EqualTo(4));
        Assert.That((int)WireEncoder.H264, Is.EqualTo(0));
        Assert.That((int)WireEncoder.H265, Is.EqualTo(1));
        Assert.That((int)WireEncoder.Vp8, Is.EqualTo(2));
        Assert.That((int)WireEncoder.Vp9, Is.EqualTo(3));
        Assert.That((int)WireChromaFormat.Chroma420, Is.EqualTo(0));
        Assert.That((int)WireChromaFormat.Chroma422, Is.EqualTo(1));
        Assert.That((int)WireChromaFormat.Chroma444, Is.EqualTo(2));
    }

    [Test]
    public void ToWire_Preset_FpsDenUnsetAndDefaults()
    {
        var wire = WireVideoProfile.ToWire(VideoProfile.P360p30fps16x9);
        Assert.That(wire, Is.EqualTo(new WireVideoProfile
        {
            Name = "P360p30fps16x9", Width = 640, Height = 360, Bitrate = 1_200_000, Fps = 30,
        }));
    }

    [Test]
    public void RoundTrip_AllFields_Equal()
    {
        var profile = new VideoProfile("hd", 1280, 720, 3_000_000, new FrameRate(30000, 1001))
        {
            Format = VideoFormat.Mp4,
            Profile = H264Profile.ConstrainedHigh,
            Gop = Gop.FromSeconds(2),
            Encoder = VideoCodec.Hevc,
            Quality = 20,
            ColorDepth = 2,
            ChromaFormat = ChromaFormat.Chroma444,
        };
        var wire = WireVideoProfile.ToWire(profile);
        Assert.Multiple(() =>
        {
            Assert.That(wire.Gop, Is.EqualTo(2000));
            Assert.That(wire.FpsDen, Is.EqualTo(1001u));
            Assert.That(wire.Format, Is.EqualTo(WireFormat.Mp4));
            Assert.That(wire.Profile, Is.EqualTo(WireProfile.H264ConstrainedHigh));
            Assert.That(wire.Encoder, Is.EqualTo(WireEncoder.H265));
            Assert.That(wire.ChromaFormat, Is.EqualTo(WireChromaFormat.Chroma444));
            Assert.That(wire.Quality, Is.EqualTo(20u));
        });
        Assert.That(WireVideoProfile.FromWire(wire), Is.EqualTo(profile));
    }

    [Test]
    public void FromWire_EmptyName_NetDefault()
    {
        var profile = WireVideoProfile.FromWire(new WireVideoProfile { Width = 640, Height = 360, Bitrate = 800_000 });
        Assert.That(profile.Name, Is.EqualTo("net_640x360_800000"));
        Assert.That(profile.Format, Is.EqualTo(VideoFormat.MpegTs));
        Assert.That(profile.FrameRate.IsPassthrough, Is.True);
    }

    [Test]
    public void FromWire_GopMinusOne_IntraOnly()
    {
        Assert.That(WireVideoProfile.FromWire(new WireVideoProfile { Name = "a", Gop = -1 }).Gop, Is.EqualTo(Gop.IntraOnly));
    }

    [Test]
    public void FromWire_GopMinusTwo_TranscoderInvalidGop()
    {
        var e = Assert.Throws<TranscodingException>(() => WireVideoProfile.FromWire(new WireVideoProfile { Name = "a", Gop = -2 }));
        Assert.That(e!.Message, Is.EqualTo("TranscoderInvalidGOP"));
    }

    [Test]
    public void FromWire_UnknownChroma_IgnoredLikeGoLivepeer()
    {
        var profile = WireVideoProfile.FromWire(new WireVideoProfile { Name = "a", ChromaFormat = (WireChromaFormat)9, ColorDepth = -3 });
        Assert.That(profile.ChromaFormat, Is.EqualTo(ChromaFormat.Chroma420));
        Assert.That(profile.ColorDepth, Is.EqualTo(0));
    }

    [TestCase("width")]
    [TestCase("height")]
    [TestCase("bitrate")]
    [TestCase("format")]
    [TestCase("profile")]
    [TestCase("encoder")]
    [TestCase("fps")]
    public void FromWire_OutOfRange_NamesField(string field)
    {
        var wire = field switch
        {
            "width" => new WireVideoProfile { Width = -1 },
            "height" => new WireVideoProfile { Height = -1 },
            "bitrate" => new WireVideoProfile { Bitrate = -1 },
            "format" => new WireVideoProfile { Format = (WireFormat)2 },
            "profile" => new WireVideoProfile { Profile = (WireProfile)5 },
            "encoder" => new WireVideoProfile { Encoder = (WireEncoder)4 },
            _ => new WireVideoProfile { Fps = uint.MaxValue },
        };
        var e = Assert.Throws<TranscodingConfigurationException>(() => WireVideoProfile.FromWire(wire));
        Assert.That(e!.Field, Is.EqualTo(field));
    }

    [Test]
    public void ToWire_Av1_Throws()
    {
        var e = Assert.Throws<TranscodingConfigurationException>(() =>
            WireVideoProfile.ToWire(VideoProfile.P360p30fps16x9 with { Encoder = VideoCodec.Av1 }));
        Assert.That(e!.Field, Is.EqualTo("encoder"));
    }

    [Test]
    public void SelectSegDataField_PresetsOnly_FullProfiles()
    {
        Assert.That(WireVideoProfile.SelectSegDataField([VideoProfile.P240p30fps16x9, VideoProfile.P360p30fps16x9]),
            Is.EqualTo(SegDataProfilesField.FullProfiles));
        Assert.That(WireVideoProfile.SelectSegDataField([]), Is.EqualTo(SegDataProfilesField.FullProfiles));
    }

    [Test]
    public void SelectSegDataField_Mp4_FullProfiles2()
    {
        Assert.That(WireVideoProfile.SelectSegDataField([VideoProfile.P240p30fps16x9, VideoProfile.P360p30fps16x9 with { Format = VideoFormat.Mp4 }]),
            Is.EqualTo(SegDataProfilesField.FullProfiles2));
    }

    [Test]
    public void SelectSegDataField_NewFields_FullProfiles3()
    {
        var basic = VideoProfile.P240p30fps16x9;
        Assert.Multiple(() =>
        {
            Assert.That(WireVideoProfile.SelectSegDataField([basic, basic with { FrameRate = new FrameRate(30000, 1001) }]), Is.EqualTo(SegDataProfilesField.FullProfiles3));
            Assert.That(WireVideoProfile.SelectSegDataField([basic with { Profile = H264Profile.Main }]), Is.EqualTo(SegDataProfilesField.FullProfiles3));
            Assert.That(WireVideoProfile.SelectSegDataField([basic with { Gop = Gop.IntraOnly, Format = VideoFormat.Mp4 }]), Is.EqualTo(SegDataProfilesField.FullProfiles3));
            Assert.That(WireVideoProfile.SelectSegDataField([basic with { Encoder = VideoCodec.Hevc }]), Is.EqualTo(SegDataProfilesField.FullProfiles));
        });
    }

    [Test]
    public void SelectReceived_PrefersThreeThenTwoThenOne()
    {
        WireVideoProfile[] one = [new() { Name = "1" }];
        WireVideoProfile[] two = [new() { Name = "2" }];
        WireVideoProfile[] three = [new() { Name = "3" }];
        Assert.That(WireVideoProfile.SelectReceived(one, two, three), Is.SameAs(three));
        Assert.That(WireVideoProfile.SelectReceived(one, two, []), Is.SameAs(two));
        Assert.That(WireVideoProfile.SelectReceived(one, null, null), Is.SameAs(one));
        Assert.That(WireVideoProfile.SelectReceived(null, null, null), Is.Empty);
    }
}
