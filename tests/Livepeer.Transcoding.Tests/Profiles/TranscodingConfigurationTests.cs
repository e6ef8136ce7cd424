namespace Livepeer.Transcoding.Tests.Profiles;

public sealed class TranscodingConfigurationTests
{
    private const string BenchLadder = """
        [
          {"name":"240p0","width":426,"height":240,"bitrate":250000,"fps":0,"profile":"h264constrainedhigh","gop":"1"},
          {"name":"360p0","width":640,"height":360,"bitrate":800000,"fps":0,"profile":"h264constrainedhigh","gop":"1"},
          {"name":"480p0","width":854,"height":480,"bitrate":1600000,"fps":0,"profile":"h264constrainedhigh","gop":"1"},
          {"name":"720p0","width":1280,"height":720,"bitrate":3000000,"fps":0,"profile":"h264constrainedhigh","gop":"1"}
        ]
        """;

    [Test]
    public void ParseProfiles_BenchLadder_FourRenditions()
    {
        var profiles = TranscodingConfiguration.ParseProfiles(BenchLadder);
        Assert.That(profiles.Select(p => p.Name), Is.EqualTo(new[] { "240p0", "360p0", "480p0", "720p0" }));
        var p480 = profiles[2];
        Assert.Multiple(() =>
        {
            Assert.That(p480.Width, Is.EqualTo(854));
            Assert.That(p480.Height, Is.EqualTo(480));
            Assert.That(p480.Bitrate, Is.EqualTo(1_600_000));
            Assert.That(p480.FrameRate.IsPassthrough, Is.True);
            Assert.That(p480.Profile, Is.EqualTo(H264Profile.ConstrainedHigh));
            Assert.That(p480.Gop, Is.EqualTo(Gop.FromSeconds(1)));
            Assert.That(p480.Encoder, Is.EqualTo(VideoCodec.H264));
            Assert.That(p480.Format, Is.EqualTo(VideoFormat.MpegTs));
        });
    }

    [Test]
    public void ParseProfiles_EmptyName_CustomDefault()
    {
        var profiles = TranscodingConfiguration.ParseProfiles("""[{"width":640,"height":360,"bitrate":900000}]""");
        Assert.That(profiles[0].Name, Is.EqualTo("custom_640x360_900000"));
    }

    [Test]
    public void ParseProfiles_AllFields_Read()
    {
        var json = """
            [{"name":"x","width":1280,"height":720,"bitrate":3000000,"fps":30000,"fpsDen":1001,"profile":"H264High",
              "gop":"intra","encoder":"HEVC","colorDepth":2,"chromaFormat":1,"quality":23,"unknownKey":[1,2]}]
            """;
        var p = TranscodingConfiguration.ParseProfiles(json)[0];
        Assert.Multiple(() =>
        {
            Assert.That(p.FrameRate, Is.EqualTo(new FrameRate(30000, 1001)));
            Assert.That(p.Profile, Is.EqualTo(H264Profile.High));
            Assert.That(p.Gop, Is.EqualTo(Gop.IntraOnly));
            Assert.That(p.Encoder, Is.EqualTo(VideoCodec.Hevc));
            Assert.That(p.ColorDepth, Is.EqualTo(2));
            Assert.That(p.ChromaFormat, Is.EqualTo(ChromaFormat.Chroma422));
            Assert.That(p.Quality, Is.EqualTo(23));
        });
    }

    [Test]
    public void ParseProfiles_FpsDenZero_ReadAsOne()
    {
        var p = TranscodingConfiguration.ParseProfiles("""[{"name":"a","width":2,"height":2,"bitrate":1,"fps":25,"fpsDen":0}]""")[0];
        Assert.That(p.FrameRate.Den, Is.EqualTo(1));
        Assert.That(p.FrameRate.Num, Is.EqualTo(25));
    }

    [Test]
    public void ParseProfiles_KeysCaseInsensitiveLastDuplicateWins()
    {
        var p = TranscodingConfiguration.ParseProfiles("""[{"NAME":"a","Width":10,"width":20,"HEIGHT":30,"bitrate":1,"gop":null}]""")[0];
        Assert.That(p.Name, Is.EqualTo("a"));
        Assert.That(p.Width, Is.EqualTo(20));
        Assert.That(p.Height, Is.EqualTo(30));
        Assert.That(p.Gop.IsDefault, Is.True);
    }

    [TestCase("", H264Profile.None)]
    [TestCase("none", H264Profile.None)]
    [TestCase("NONE", H264Profile.None)]
    [TestCase("h264baseline", H264Profile.Baseline)]
    [TestCase("H264Main", H264Profile.Main)]
    [TestCase("h264HIGH", H264Profile.High)]
    [TestCase("H264ConstrainedHigh", H264Profile.ConstrainedHigh)]
    public void TryParseH264Profile_CaseInsensitive(string name, H264Profile expected)
    {
        Assert.That(TranscodingConfiguration.TryParseH264Profile(name, out var profile), Is.True);
        Assert.That(profile, Is.EqualTo(expected));
    }

    [TestCase("", VideoCodec.H264, true)]
    [TestCase("H.264", VideoCodec.H264, true)]
    [TestCase("HEVC", VideoCodec.Hevc, true)]
    [TestCase("VP8", VideoCodec.Vp8, true)]
    [TestCase("VP9", VideoCodec.Vp9, true)]
    [TestCase("h.264", VideoCodec.H264, false)]
    [TestCase("hevc", VideoCodec.H264, false)]
    [TestCase("H264", VideoCodec.H264, false)]
    [TestCase("AV1", VideoCodec.H264, false)]
    public void TryParseCodecName_ExactCaseSensitive(string name, VideoCodec expected, bool known)
    {
        Assert.That(TranscodingConfiguration.TryParseCodecName(name, out var codec), Is.EqualTo(known));
        Assert.That(codec, Is.EqualTo(expected));
    }

    [TestCase("""[{"width":1,"height":1,"bitrate":1,"gop":"-1"}]""", "[0].gop")]
    [TestCase("""[{"width":1,"height":1,"bitrate":1,"gop":2}]""", "[0].gop")]
    [TestCase("""[{"width":1,"height":1,"bitrate":1,"gop":"abc"}]""", "[0].gop")]
    [TestCase("""[{"width":1,"height":1,"bitrate":1},{"profile":"h264extended"}]""", "[1].profile")]
    [TestCase("""[{"width":1,"height":1,"bitrate":1,"encoder":"hevc"}]""", "[0].encoder")]
    [TestCase("""[{"width":"1","height":1,"bitrate":1}]""", "[0].width")]
    [TestCase("""[{"width":1.5,"height":1,"bitrate":1}]""", "[0].width")]
    [TestCase("""[{"width":1,"height":-1,"bitrate":1}]""", "[0].height")]
    [TestCase("""[{"width":1,"height":1,"bitrate":1,"fps":-30}]""", "[0].fps")]
    [TestCase("""[{"width":1,"height":1,"bitrate":3000000000}]""", "[0].bitrate")]
    [TestCase("""[{"width":1,"height":1,"bitrate":1,"chromaFormat":3}]""", "[0].chromaFormat")]
    [TestCase("""[{"width":1,"height":1,"bitrate":1,"name":5}]""", "[0].name")]
    [TestCase("""[1]""", "[0]")]
    [TestCase("""{"profiles":[1]}""", "$")]
    [TestCase("""[{"width":1,""", "$")]
    public void ParseProfiles_InvalidField_NamesField(string json, string field)
    {
        var e = Assert.Throws<TranscodingConfigurationException>(() => TranscodingConfiguration.ParseProfiles(json));
        Assert.That(e!.Field, Is.EqualTo(field));
        Assert.That(e.Message, Does.StartWith(field + ": "));
        Assert.That(e.ErrorCode, Is.EqualTo(TranscodeErrorCode.InvalidConfiguration));
    }

    [Test]
    public void ParseProfiles_NullRoot_Empty()
    {
        Assert.That(TranscodingConfiguration.ParseProfiles("null"), Is.Empty);
    }

    [Test]
    public void Parse_ObjectForm_KnownKeysKept()
    {
        var json = """
            {"manifestID":"m1","streamID":"s1","sessionID":"x","streamKey":"k","presets":["P240p30fps16x9"],
             "profiles":[{"name":"hd","width":1280,"height":720,"bitrate":3000000,"fps":30}],
             "timeoutMultiplier":3,"forceSessionReinit":true,"verificationFreq":5,
             "objectStore":"s3://a","recordObjectStore":null,"somethingNew":{"a":1}}
            """;
        var config = TranscodingConfiguration.Parse(json);
        Assert.Multiple(() =>
        {
            Assert.That(config.ManifestId, Is.EqualTo("m1"));
            Assert.That(config.StreamId, Is.EqualTo("s1"));
            Assert.That(config.SessionId, Is.EqualTo("x"));
            Assert.That(config.StreamKey, Is.EqualTo("k"));
            Assert.That(config.Presets, Is.EqualTo(new[] { "P240p30fps16x9" }));
            Assert.That(config.Profiles.Single().Name, Is.EqualTo("hd"));
            Assert.That(config.TimeoutMultiplier, Is.EqualTo(3));
            Assert.That(config.ForceSessionReinit, Is.True);
            Assert.That(config.VerificationFrequency, Is.EqualTo(5));
            Assert.That(config.ObjectStore, Is.EqualTo("s3://a"));
            Assert.That(config.RecordObjectStore, Is.Null);
        });
        Assert.That(config.GetAllProfiles().Select(p => p.Name), Is.EqualTo(new[] { "P240p30fps16x9", "hd" }));
    }

    [Test]
    public void Parse_ArrayForm_ProfilesOnly()
    {
        var config = TranscodingConfiguration.Parse(BenchLadder);
        Assert.That(config.Profiles, Has.Count.EqualTo(4));
        Assert.That(config.Presets, Is.Empty);
    }

    [Test]
    public void Parse_Utf8Bytes_SameAsText()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(BenchLadder);
        Assert.That(TranscodingConfiguration.Parse(bytes).Profiles, Is.EqualTo(TranscodingConfiguration.Parse(BenchLadder).Profiles));
    }

    [TestCase("""{"profiles":[{"width":1,"height":1,"bitrate":1},{"gop":"-2"}]}""", "profiles[1].gop")]
    [TestCase("""{"presets":"P240p30fps16x9"}""", "presets")]
    [TestCase("""{"presets":[1]}""", "presets[0]")]
    [TestCase("""{"timeoutMultiplier":"3"}""", "timeoutMultiplier")]
    [TestCase("""{"forceSessionReinit":1}""", "forceSessionReinit")]
    [TestCase("""{"verificationFreq":-1}""", "verificationFreq")]
    [TestCase("""{"profiles":{}}""", "profiles")]
    [TestCase("\"text\"", "$")]
    public void Parse_ObjectFormInvalid_NamesField(string json, string field)
    {
        var e = Assert.Throws<TranscodingConfigurationException>(() => TranscodingConfiguration.Parse(json));
        Assert.That(e!.Field, Is.EqualTo(field));
    }

    [Test]
    public void GetAllProfiles_UnknownPreset_NamesIndex()
    {
        var config = TranscodingConfiguration.Parse("""{"presets":["P240p30fps16x9","P144p25fps16x9"]}""");
        var e = Assert.Throws<TranscodingConfigurationException>(() => config.GetAllProfiles());
        Assert.That(e!.Field, Is.EqualTo("presets[1]"));
    }
}
