namespace Livepeer.Transcoding;

/// <summary><c>VideoProfile.Format</c> on the wire.</summary>
public enum WireFormat
{
    /// <summary>MPEG-TS.</summary>
    Mpegts = 0,

    /// <summary>MP4.</summary>
    Mp4 = 1,
}

/// <summary><c>VideoProfile.Profile</c> on the wire.</summary>
public enum WireProfile
{
    /// <summary>The encoder's default profile.</summary>
    EncoderDefault = 0,

    /// <summary>H.264 Baseline.</summary>
    H264Baseline = 1,

    /// <summary>H.264 Main.</summary>
    H264Main = 2,

    /// <summary>H.264 High.</summary>
    H264High = 3,

    /// <summary>H.264 Constrained High.</summary>
    H264ConstrainedHigh = 4,
}

/// <summary><c>VideoProfile.VideoCodec</c> on the wire.</summary>
public enum WireEncoder
{
    /// <summary>H.264.</summary>
    H264 = 0,

    /// <summary>H.265 / HEVC.</summary>
    H265 = 1,

    /// <summary>VP8.</summary>
    Vp8 = 2,

    /// <summary>VP9.</summary>
    Vp9 = 3,
}

/// <summary><c>VideoProfile.ChromaSubsampling</c> on the wire.</summary>
public enum WireChromaFormat
{
    /// <summary>4:2:0.</summary>
    Chroma420 = 0,

    /// <summary>4:2:2.</summary>
    Chroma422 = 1,

    /// <summary>4:4:4.</summary>
    Chroma444 = 2,
}

/// <summary>The <c>SegData</c> field a list of profiles travels in.</summary>
public enum SegDataProfilesField
{
    /// <summary><c>fullProfiles</c> (33): all MPEG-TS, integer frame rates, default H.264 profile and GOP.</summary>
    FullProfiles = 33,

    /// <summary><c>fullProfiles2</c> (34): as <see cref="FullProfiles"/>, but some container is not MPEG-TS.</summary>
    FullProfiles2 = 34,

    /// <summary><c>fullProfiles3</c> (35): anything else.</summary>
    FullProfiles3 = 35,
}

/// <summary>
/// The plain model of go-livepeer's protobuf <c>net.VideoProfile</c> (<c>lp_rpc.proto</c>), with its field numbers,
/// independent of any protobuf library. <see cref="FromWire"/> and <see cref="ToWire"/> convert to and from
/// <see cref="VideoProfile"/> with go-livepeer's rules.
/// </summary>
public sealed record WireVideoProfile
{
    /// <summary>Field number of <see cref="Name"/>.</summary>
    public const int NameField = 16;

    /// <summary>Field number of <see cref="Width"/>.</summary>
    public const int WidthField = 17;

    /// <summary>Field number of <see cref="Height"/>.</summary>
    public const int HeightField = 18;

    /// <summary>Field number of <see cref="Bitrate"/>.</summary>
    public const int BitrateField = 19;

    /// <summary>Field number of <see cref="Fps"/>.</summary>
    public const int FpsField = 20;

    /// <summary>Field number of <see cref="Format"/>.</summary>
    public const int FormatField = 21;

    /// <summary>Field number of <see cref="FpsDen"/>.</summary>
    public const int FpsDenField = 22;

    /// <summary>Field number of <see cref="Profile"/>.</summary>
    public const int ProfileField = 23;

    /// <summary>Field number of <see cref="Gop"/>.</summary>
    public const int GopField = 24;

    /// <summary>Field number of <see cref="Encoder"/>.</summary>
    public const int EncoderField = 25;

    /// <summary>Field number of <see cref="ColorDepth"/>.</summary>
    public const int ColorDepthField = 26;

    /// <summary>Field number of <see cref="ChromaFormat"/>.</summary>
    public const int ChromaFormatField = 27;

    /// <summary>Field number of <see cref="Quality"/>.</summary>
    public const int QualityField = 28;

    /// <summary>Field 16, <c>string name</c>.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Field 17, <c>int32 width</c>.</summary>
    public int Width { get; init; }

    /// <summary>Field 18, <c>int32 height</c>.</summary>
    public int Height { get; init; }

    /// <summary>Field 19, <c>int32 bitrate</c> in bits per second.</summary>
    public int Bitrate { get; init; }

    /// <summary>Field 20, <c>uint32 fps</c>.</summary>
    public uint Fps { get; init; }

    /// <summary>Field 21, <c>Format format</c>.</summary>
    public WireFormat Format { get; init; }

    /// <summary>Field 22, <c>uint32 fpsDen</c>; 0 when unset.</summary>
    public uint FpsDen { get; init; }

    /// <summary>Field 23, <c>Profile profile</c>.</summary>
    public WireProfile Profile { get; init; }

    /// <summary>Field 24, <c>int32 gop</c>: milliseconds, −1 for intra-only, 0 for the default.</summary>
    public int Gop { get; init; }

    /// <summary>Field 25, <c>VideoCodec encoder</c>.</summary>
    public WireEncoder Encoder { get; init; }

    /// <summary>Field 26, <c>int32 colorDepth</c>.</summary>
    public int ColorDepth { get; init; }

    /// <summary>Field 27, <c>ChromaSubsampling chromaFormat</c>.</summary>
    public WireChromaFormat ChromaFormat { get; init; }

    /// <summary>Field 28, <c>uint32 quality</c>.</summary>
    public uint Quality { get; init; }

    /// <summary>
    /// Converts a received profile as go-livepeer's orchestrator does: an empty name becomes
    /// <c>net_&lt;w&gt;x&lt;h&gt;_&lt;bitrate&gt;</c>, a GOP of −1 is intra-only and other negative GOPs fail with
    /// "TranscoderInvalidGOP". Colour depth and chroma format are copied when they are in range and ignored
    /// otherwise (go-livepeer never copies them; they do not change the output).
    /// </summary>
    /// <param name="wire">The received profile.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="TranscodingException">A field is out of range (<see cref="TranscodingConfigurationException"/>
    /// naming the field) or the GOP is invalid.</exception>
    public static VideoProfile FromWire(WireVideoProfile wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        RequireNonNegative(wire.Width, "width");
        RequireNonNegative(wire.Height, "height");
        RequireNonNegative(wire.Bitrate, "bitrate");
        var fps = ToInt(wire.Fps, "fps");
        var fpsDen = ToInt(wire.FpsDen, "fpsDen");
        var quality = ToInt(wire.Quality, "quality");
        var format = wire.Format switch
        {
            WireFormat.Mpegts => VideoFormat.MpegTs,
            WireFormat.Mp4 => VideoFormat.Mp4,
            _ => throw Invalid("format", (int)wire.Format),
        };
        var profile = Enum.IsDefined(wire.Profile) ? (H264Profile)(int)wire.Profile : throw Invalid("profile", (int)wire.Profile);
        var codec = Enum.IsDefined(wire.Encoder) ? (VideoCodec)(int)wire.Encoder : throw Invalid("encoder", (int)wire.Encoder);
        var name = wire.Name.Length == 0 ? VideoProfile.DefaultWireName(wire.Width, wire.Height, wire.Bitrate) : wire.Name;

        return new VideoProfile(name, wire.Width, wire.Height, wire.Bitrate, new FrameRate(fps, fpsDen))
        {
            Format = format,
            Profile = profile,
            Gop = Transcoding.Gop.FromWire(wire.Gop),
            Encoder = codec,
            Quality = quality,
            ColorDepth = wire.ColorDepth >= 0 ? wire.ColorDepth : 0,
            ChromaFormat = Enum.IsDefined(wire.ChromaFormat) ? (Transcoding.ChromaFormat)(int)wire.ChromaFormat : Transcoding.ChromaFormat.Chroma420,
        };
    }

    /// <summary>
    /// Converts a profile for sending. A denominator of 1 is sent as 0 (unset), as go-livepeer sends its presets.
    /// </summary>
    /// <param name="profile">The profile.</param>
    /// <returns>The wire model.</returns>
    /// <exception cref="TranscodingConfigurationException">The codec is AV1, which go-livepeer cannot carry.</exception>
    public static WireVideoProfile ToWire(VideoProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.Encoder == VideoCodec.Av1)
        {
            throw new TranscodingConfigurationException("encoder", "AV1 cannot be sent to a go-livepeer node: the wire has no AV1 value.");
        }

        return new WireVideoProfile
        {
            Name = profile.Name,
            Width = profile.Width,
            Height = profile.Height,
            Bitrate = profile.Bitrate,
            Fps = (uint)profile.FrameRate.Num,
            Format = profile.Format == VideoFormat.Mp4 ? WireFormat.Mp4 : WireFormat.Mpegts,
            FpsDen = profile.FrameRate.Den == 1 ? 0u : (uint)profile.FrameRate.Den,
            Profile = (WireProfile)(int)profile.Profile,
            Gop = profile.Gop.ToWire(),
            Encoder = (WireEncoder)(int)profile.Encoder,
            ColorDepth = profile.ColorDepth,
            ChromaFormat = (WireChromaFormat)(int)profile.ChromaFormat,
            Quality = (uint)profile.Quality,
        };
    }

    /// <summary>
    /// The <c>SegData</c> field go-livepeer's gateway puts these profiles in: <c>fullProfiles</c> when every
    /// profile is MPEG-TS with an integer frame rate (denominator 1), the default H.264 profile and the default GOP;
    /// <c>fullProfiles2</c> when the same holds but some container is not MPEG-TS; <c>fullProfiles3</c> otherwise.
    /// </summary>
    /// <param name="profiles">The profiles of a segment.</param>
    /// <returns>The field to send them in.</returns>
    public static SegDataProfilesField SelectSegDataField(IEnumerable<VideoProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        var allTs = true;
        foreach (var p in profiles)
        {
            if (p.FrameRate.Den != 1 || p.Profile != H264Profile.None || !p.Gop.IsDefault)
            {
                return SegDataProfilesField.FullProfiles3;
            }

            allTs &= p.Format == VideoFormat.MpegTs;
        }

        return allTs ? SegDataProfilesField.FullProfiles : SegDataProfilesField.FullProfiles2;
    }

    /// <summary>
    /// The profiles a receiver uses from a <c>SegData</c>: <c>fullProfiles3</c> when it has any, else
    /// <c>fullProfiles2</c>, else <c>fullProfiles</c>.
    /// </summary>
    /// <param name="fullProfiles">Field 33.</param>
    /// <param name="fullProfiles2">Field 34.</param>
    /// <param name="fullProfiles3">Field 35.</param>
    /// <returns>The list to transcode.</returns>
    public static IReadOnlyList<WireVideoProfile> SelectReceived(
        IReadOnlyList<WireVideoProfile>? fullProfiles,
        IReadOnlyList<WireVideoProfile>? fullProfiles2,
        IReadOnlyList<WireVideoProfile>? fullProfiles3)
    {
        if (fullProfiles3 is { Count: > 0 })
        {
            return fullProfiles3;
        }

        if (fullProfiles2 is { Count: > 0 })
        {
            return fullProfiles2;
        }

        return fullProfiles ?? [];
    }

    private static void RequireNonNegative(int value, string field)
    {
        if (value < 0)
        {
            throw Invalid(field, value);
        }
    }

    private static int ToInt(uint value, string field) =>
        value <= int.MaxValue ? (int)value : throw Invalid(field, value);

    private static TranscodingConfigurationException Invalid(string field, long value) =>
        new(field, $"Value {value} is out of range.");
}
