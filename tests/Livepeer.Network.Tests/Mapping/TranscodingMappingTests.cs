using Livepeer.Transcoding;

namespace Livepeer.Network.Tests.Mapping;

public sealed class TranscodingMappingTests
{
    private static readonly VideoProfile Custom = new("custom", 1280, 720, 3_000_000, new FrameRate(30000, 1001))
    {
        Format = VideoFormat.Mp4,
        Profile = H264Profile.High,
        Gop = Gop.FromSeconds(2),
        Encoder = VideoCodec.Hevc,
        ColorDepth = 10,
        ChromaFormat = ChromaFormat.Chroma422,
        Quality = 23,
    };

    [Test]
    public void VideoProfile_EveryField_RoundTrips()
    {
        var wire = TranscodingMapping.ToWire(Custom);
        var back = TranscodingMapping.FromWire(Wire.VideoProfile.Parser.ParseFrom(Google.Protobuf.MessageExtensions.ToByteArray(wire)));

        Assert.That(back, Is.EqualTo(Custom));
        Assert.That(wire.FpsDen, Is.EqualTo(1001u));
        Assert.That(wire.Gop, Is.EqualTo(2000));
        Assert.That(wire.Encoder, Is.EqualTo(Wire.VideoProfile.Types.VideoCodec.H265));
        Assert.That(wire.Profile, Is.EqualTo(Wire.VideoProfile.Types.Profile.H264High));
    }

    [Test]
    public void VideoProfile_Av1_Unrepresentable()
    {
        var e = Assert.Throws<NetworkException>(() => TranscodingMapping.ToWire(VideoProfile.P240p30fps16x9 with { Encoder = VideoCodec.Av1 }));
        Assert.That(e.ErrorCode, Is.EqualTo(NetworkErrorCode.Unrepresentable));
    }

    [Test]
    public void VideoProfile_EmptyName_BecomesNetName()
        => Assert.That(TranscodingMapping.FromWire(new Wire.VideoProfile { Width = 640, Height = 360, Bitrate = 900_000 }).Name, Is.EqualTo("net_640x360_900000"));

    [Test]
    public void VideoProfile_NegativeGop_InvalidProfile()
        => Assert.That(Assert.Throws<NetworkException>(() => TranscodingMapping.FromWire(new Wire.VideoProfile { Name = "x", Gop = -2 }))!.ErrorCode, Is.EqualTo(NetworkErrorCode.InvalidProfile));

    [Test]
    public void VideoProfile_NegativeWidth_InvalidProfile()
        => Assert.That(Assert.Throws<NetworkException>(() => TranscodingMapping.FromWire(new Wire.VideoProfile { Name = "x", Width = -1 }))!.ErrorCode, Is.EqualTo(NetworkErrorCode.InvalidProfile));

    [Test]
    public void WriteProfiles_Presets_UseFullProfilesAndInvalidLegacy()
    {
        var segData = new Wire.SegData();
        TranscodingMapping.WriteProfiles(segData, [VideoProfile.P240p30fps16x9, VideoProfile.P360p30fps16x9]);
        Assert.That(segData.FullProfiles, Has.Count.EqualTo(2));
        Assert.That(segData.FullProfiles2, Is.Empty);
        Assert.That(segData.FullProfiles3, Is.Empty);
        Assert.That(segData.Profiles.ToStringUtf8(), Is.EqualTo("invalid"));
    }

    [Test]
    public void WriteProfiles_Mp4Output_UsesFullProfiles2()
    {
        var segData = new Wire.SegData();
        TranscodingMapping.WriteProfiles(segData, [VideoProfile.P240p30fps16x9, VideoProfile.P360p30fps16x9 with { Format = VideoFormat.Mp4 }]);
        Assert.That(segData.FullProfiles2, Has.Count.EqualTo(2));
        Assert.That(segData.FullProfiles, Is.Empty);
    }

    [Test]
    public void WriteProfiles_FractionalOrGopOrProfile_UsesFullProfiles3()
    {
        var segData = new Wire.SegData();
        TranscodingMapping.WriteProfiles(segData, [VideoProfile.P240p30fps16x9, Custom]);
        Assert.That(segData.FullProfiles3, Has.Count.EqualTo(2));
        Assert.That(segData.FullProfiles, Is.Empty);
    }

    [Test]
    public void ReadProfiles_SeveralFields_PrefersFullProfiles3Then2Then1()
    {
        var segData = new Wire.SegData();
        segData.FullProfiles.Add(new Wire.VideoProfile { Name = "one" });
        segData.FullProfiles2.Add(new Wire.VideoProfile { Name = "two" });
        segData.FullProfiles3.Add(new Wire.VideoProfile { Name = "three" });
        Assert.That(TranscodingMapping.ReadProfiles(segData).Select(p => p.Name), Is.EqualTo(new[] { "three" }));
        segData.FullProfiles3.Clear();
        Assert.That(TranscodingMapping.ReadProfiles(segData).Select(p => p.Name), Is.EqualTo(new[] { "two" }));
        segData.FullProfiles2.Clear();
        Assert.That(TranscodingMapping.ReadProfiles(segData).Select(p => p.Name), Is.EqualTo(new[] { "one" }));
    }
}
