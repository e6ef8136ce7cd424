using System.Buffers.Binary;
using Livepeer.Protocol;

namespace Livepeer.Transcoding.Tests.Profiles;

public sealed class VideoProfileTests
{
    private static readonly object[] PresetTable =
    [
        new object[] { "P720p60fps16x9", 1280, 720, 6_000_000, 60, "a7ac137a" },
        new object[] { "P720p30fps16x9", 1280, 720, 4_000_000, 30, "49d54ea9" },
        new object[] { "P720p25fps16x9", 1280, 720, 3_500_000, 25, "e4a64019" },
        new object[] { "P720p30fps4x3", 960, 720, 3_500_000, 30, "79332fe7" },
        new object[] { "P576p30fps16x9", 1024, 576, 1_500_000, 30, "5ecf4b52" },
        new object[] { "P576p25fps16x9", 1024, 576, 1_500_000, 25, "8b1843d6" },
        new object[] { "P360p30fps16x9", 640, 360, 1_200_000, 30, "93c717e7" },
        new object[] { "P360p25fps16x9", 640, 360, 1_000_000, 25, "7cd40fc7" },
        new object[] { "P360p30fps4x3", 480, 360, 1_000_000, 30, "b60382a0" },
        new object[] { "P240p30fps16x9", 426, 240, 600_000, 30, "c0a6517a" },
        new object[] { "P240p25fps16x9", 426, 240, 600_000, 25, "1301a7d0" },
        new object[] { "P240p30fps4x3", 320, 240, 600_000, 30, "d435c53a" },
        new object[] { "P144p30fps16x9", 256, 144, 400_000, 30, "fca40bf9" },
        new object[] { "P144p25fps16x9", 256, 144, 400_000, 25, "03f01d1f" },
    ];

    [TestCaseSource(nameof(PresetTable))]
    [Category("Vectors")]
    public void Presets_Table_MatchesGoLivepeer(string name, int width, int height, int bitrate, int fps, string idHex)
    {
        var preset = VideoProfile.Presets.Single(p => p.Profile.Name == name);
        Assert.Multiple(() =>
        {
            Assert.That(preset.Profile.Width, Is.EqualTo(width));
            Assert.That(preset.Profile.Height, Is.EqualTo(height));
            Assert.That(preset.Profile.Bitrate, Is.EqualTo(bitrate));
            Assert.That(preset.Profile.FrameRate, Is.EqualTo(new FrameRate(fps)));
            Assert.That(preset.Profile.FrameRate.Den, Is.EqualTo(1));
            Assert.That(preset.Profile.Encoder, Is.EqualTo(VideoCodec.H264));
            Assert.That(preset.Profile.Format, Is.EqualTo(VideoFormat.MpegTs));
            Assert.That(preset.Profile.Profile, Is.EqualTo(H264Profile.None));
            Assert.That(preset.Profile.Gop.IsDefault, Is.True);
            Assert.That(preset.IdHex, Is.EqualTo(idHex));
        });
    }

    [TestCaseSource(nameof(PresetTable))]
    [Category("Vectors")]
    public void PresetId_Keccak256OfName_FirstFourBytes(string name, int width, int height, int bitrate, int fps, string idHex)
    {
        _ = (width, height, bitrate, fps, idHex);
        var hash = Keccak256.Hash(name);
        Assert.That(VideoProfile.TryGetPresetId(name, out var id), Is.True);
        Assert.That(id, Is.EqualTo(BinaryPrimitives.ReadUInt32BigEndian(hash)));
    }

    [Test]
    public void Presets_Count_FourteenWithThirteenSelectable()
    {
        Assert.That(VideoProfile.Presets, Has.Count.EqualTo(14));
        Assert.That(VideoProfile.Presets.Count(p => p.IsSelectable), Is.EqualTo(13));
        Assert.That(VideoProfile.Presets.Single(p => !p.IsSelectable).Profile, Is.SameAs(VideoProfile.P144p25fps16x9));
    }

    [Test]
    public void Parse_SelectableName_ReturnsPreset()
    {
        Assert.That(VideoProfile.Parse("P720p30fps16x9"), Is.SameAs(VideoProfile.P720p30fps16x9));
        Assert.That(VideoProfile.Parse("P144p30fps16x9"), Is.SameAs(VideoProfile.P144p30fps16x9));
    }

    [Test]
    public void Parse_P144p25fps16x9_IsNotSelectable()
    {
        Assert.That(VideoProfile.TryParse("P144p25fps16x9", out _), Is.False);
        var e = Assert.Throws<TranscodingConfigurationException>(() => VideoProfile.Parse("P144p25fps16x9"));
        Assert.That(e!.ErrorCode, Is.EqualTo(TranscodeErrorCode.InvalidConfiguration));
        Assert.That(VideoProfile.TryGetPresetId("P144p25fps16x9", out var id), Is.True);
        Assert.That(id, Is.EqualTo(0x03f01d1fu));
    }

    [TestCase("p720p30fps16x9")]
    [TestCase("P1080p30fps16x9")]
    [TestCase("")]
    [TestCase(" P720p30fps16x9")]
    public void TryParse_UnknownOrWrongCase_False(string name)
    {
        Assert.That(VideoProfile.TryParse(name, out var profile), Is.False);
        Assert.That(profile, Is.Null);
    }

    [Test]
    public void ParseList_DefaultGatewayOptions_TwoPresetsInOrder()
    {
        var list = VideoProfile.ParseList("P240p30fps16x9,P360p30fps16x9");
        Assert.That(list, Is.EqualTo(new[] { VideoProfile.P240p30fps16x9, VideoProfile.P360p30fps16x9 }));
    }

    [Test]
    public void ParseList_SpacesAndEmptyEntries_TrimmedAndSkipped()
    {
        var list = VideoProfile.ParseList(" P240p30fps16x9 , ,P360p30fps16x9,P720p30fps16x9,");
        Assert.That(list.Select(p => p.Name), Is.EqualTo(new[] { "P240p30fps16x9", "P360p30fps16x9", "P720p30fps16x9" }));
        Assert.That(VideoProfile.ParseList(string.Empty), Is.Empty);
    }

    [Test]
    public void ParseList_UnknownName_Throws()
    {
        var e = Assert.Throws<TranscodingConfigurationException>(() => VideoProfile.ParseList("P240p30fps16x9,P999"));
        Assert.That(e!.Message, Does.Contain("P999"));
        Assert.That(e.IsRetryable, Is.False);
    }

    [Test]
    public void Constructor_NegativeOrEmpty_Throws()
    {
        Assert.Throws<ArgumentException>(() => _ = new VideoProfile(string.Empty, 1, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new VideoProfile("a", -1, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new VideoProfile("a", 1, -1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new VideoProfile("a", 1, 1, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = VideoProfile.P240p30fps4x3 with { Quality = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = VideoProfile.P240p30fps4x3 with { Encoder = (VideoCodec)9 });
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = VideoProfile.P240p30fps4x3 with { Format = (VideoFormat)2 });
    }

    [Test]
    public void With_ChangesOneField_OthersKept()
    {
        var hevc = VideoProfile.P720p30fps16x9 with { Encoder = VideoCodec.Hevc, Name = "hevc720" };
        Assert.That(hevc.Width, Is.EqualTo(1280));
        Assert.That(hevc.Encoder, Is.EqualTo(VideoCodec.Hevc));
        Assert.That(hevc, Is.Not.EqualTo(VideoProfile.P720p30fps16x9));
        Assert.That(hevc with { Encoder = VideoCodec.H264, Name = "P720p30fps16x9" }, Is.EqualTo(VideoProfile.P720p30fps16x9));
    }

    [Test]
    public void DefaultNames_Formats()
    {
        Assert.That(VideoProfile.DefaultJsonName(640, 360, 800_000), Is.EqualTo("custom_640x360_800000"));
        Assert.That(VideoProfile.DefaultWireName(640, 360, 800_000), Is.EqualTo("net_640x360_800000"));
    }
}
