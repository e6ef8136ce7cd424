using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Livepeer.Transcoding;

/// <summary>
/// One rendition to produce from a segment: a target box (the source aspect ratio is kept, see
/// <see cref="OutputSizeRule"/>), a bitrate, a frame rate and encoder settings. The 14 built-in presets of
/// go-livepeer are static properties; <see cref="Parse"/> selects the 13 that go-livepeer selects by name.
/// </summary>
public sealed record VideoProfile
{
    private readonly string name = string.Empty;
    private readonly int width;
    private readonly int height;
    private readonly int bitrate;
    private readonly VideoFormat format;
    private readonly VideoCodec encoder;
    private readonly H264Profile profile;
    private readonly int quality;
    private readonly int colorDepth;
    private readonly ChromaFormat chromaFormat;

    /// <summary>Creates a profile with the defaults of everything else (MPEG-TS, H.264, encoder profile, GOP).</summary>
    /// <param name="name">The rendition name (used in output paths and playlists).</param>
    /// <param name="width">The target width; 0 is allowed (the codec minimum applies).</param>
    /// <param name="height">The target height; 0 is allowed (the codec minimum applies).</param>
    /// <param name="bitrate">Bits per second; 0 leaves the rate to the encoder (or to <see cref="Quality"/>).</param>
    /// <param name="frameRate">The output frame rate; <see cref="FrameRate.Passthrough"/> keeps the source timing.</param>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public VideoProfile(string name, int width, int height, int bitrate, FrameRate frameRate = default)
    {
        Name = name;
        Width = width;
        Height = height;
        Bitrate = bitrate;
        FrameRate = frameRate;
    }

    /// <summary>The rendition name; never empty.</summary>
    /// <exception cref="ArgumentException">Set to null or empty.</exception>
    public string Name
    {
        get => name;
        init
        {
            ArgumentException.ThrowIfNullOrEmpty(value, nameof(Name));
            name = value;
        }
    }

    /// <summary>The target width in pixels (≥ 0).</summary>
    public int Width
    {
        get => width;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(Width));
            width = value;
        }
    }

    /// <summary>The target height in pixels (≥ 0).</summary>
    public int Height
    {
        get => height;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(Height));
            height = value;
        }
    }

    /// <summary>The bitrate in bits per second (≥ 0). It sets the average, minimum, maximum and VBV buffer alike; with
    /// <see cref="Quality"/> it is the cap.</summary>
    public int Bitrate
    {
        get => bitrate;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(Bitrate));
            bitrate = value;
        }
    }

    /// <summary>The output frame rate; passthrough by default.</summary>
    public FrameRate FrameRate { get; init; }

    /// <summary>The container; MPEG-TS by default.</summary>
    public VideoFormat Format
    {
        get => format;
        init => format = Defined(value, nameof(Format));
    }

    /// <summary>The codec; H.264 by default.</summary>
    public VideoCodec Encoder
    {
        get => encoder;
        init => encoder = Defined(value, nameof(Encoder));
    }

    /// <summary>The H.264 encoder profile; the encoder default by default. Used only by H.264 encoders, but it also
    /// picks the B-frame count of HEVC encoders as LPMS does.</summary>
    public H264Profile Profile
    {
        get => profile;
        init => profile = Defined(value, nameof(Profile));
    }

    /// <summary>The keyframe interval; the encoder default by default.</summary>
    public Gop Gop { get; init; }

    /// <summary>Constant quality, 0 when unset: CRF = quality for software encoders, CQ = quality + 7 for NVENC.</summary>
    public int Quality
    {
        get => quality;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(Quality));
            quality = value;
        }
    }

    /// <summary>The colour depth as carried by go-livepeer (JSON <c>colorDepth</c>, wire field 26), kept as given. Like
    /// go-livepeer, the engine does not use it to pick the output pixel format.</summary>
    public int ColorDepth
    {
        get => colorDepth;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(ColorDepth));
            colorDepth = value;
        }
    }

    /// <summary>The chroma subsampling as carried by go-livepeer; not used to pick the output pixel format.</summary>
    public ChromaFormat ChromaFormat
    {
        get => chromaFormat;
        init => chromaFormat = Defined(value, nameof(ChromaFormat));
    }

    /// <summary>1280x720, 6000 kbps, 60 fps (id <c>a7ac137a</c>).</summary>
    public static VideoProfile P720p60fps16x9 { get; } = Preset("P720p60fps16x9", 1280, 720, 6_000_000, 60);

    /// <summary>1280x720, 4000 kbps, 30 fps (id <c>49d54ea9</c>).</summary>
    public static VideoProfile P720p30fps16x9 { get; } = Preset("P720p30fps16x9", 1280, 720, 4_000_000, 30);

    /// <summary>1280x720, 3500 kbps, 25 fps (id <c>e4a64019</c>).</summary>
    public static VideoProfile P720p25fps16x9 { get; } = Preset("P720p25fps16x9", 1280, 720, 3_500_000, 25);

    /// <summary>960x720, 3500 kbps, 30 fps (id <c>79332fe7</c>).</summary>
    public static VideoProfile P720p30fps4x3 { get; } = Preset("P720p30fps4x3", 960, 720, 3_500_000, 30);

    /// <summary>1024x576, 1500 kbps, 30 fps (id <c>5ecf4b52</c>).</summary>
    public static VideoProfile P576p30fps16x9 { get; } = Preset("P576p30fps16x9", 1024, 576, 1_500_000, 30);

    /// <summary>1024x576, 1500 kbps, 25 fps (id <c>8b1843d6</c>).</summary>
    public static VideoProfile P576p25fps16x9 { get; } = Preset("P576p25fps16x9", 1024, 576, 1_500_000, 25);

    /// <summary>640x360, 1200 kbps, 30 fps (id <c>93c717e7</c>).</summary>
    public static VideoProfile P360p30fps16x9 { get; } = Preset("P360p30fps16x9", 640, 360, 1_200_000, 30);

    /// <summary>640x360, 1000 kbps, 25 fps (id <c>7cd40fc7</c>).</summary>
    public static VideoProfile P360p25fps16x9 { get; } = Preset("P360p25fps16x9", 640, 360, 1_000_000, 25);

    /// <summary>480x360, 1000 kbps, 30 fps (id <c>b60382a0</c>).</summary>
    public static VideoProfile P360p30fps4x3 { get; } = Preset("P360p30fps4x3", 480, 360, 1_000_000, 30);

    /// <summary>426x240, 600 kbps, 30 fps (id <c>c0a6517a</c>).</summary>
    public static VideoProfile P240p30fps16x9 { get; } = Preset("P240p30fps16x9", 426, 240, 600_000, 30);

    /// <summary>426x240, 600 kbps, 25 fps (id <c>1301a7d0</c>).</summary>
    public static VideoProfile P240p25fps16x9 { get; } = Preset("P240p25fps16x9", 426, 240, 600_000, 25);

    /// <summary>320x240, 600 kbps, 30 fps (id <c>d435c53a</c>).</summary>
    public static VideoProfile P240p30fps4x3 { get; } = Preset("P240p30fps4x3", 320, 240, 600_000, 30);

    /// <summary>256x144, 400 kbps, 30 fps (id <c>fca40bf9</c>).</summary>
    public static VideoProfile P144p30fps16x9 { get; } = Preset("P144p30fps16x9", 256, 144, 400_000, 30);

    /// <summary>256x144, 400 kbps, 25 fps (id <c>03f01d1f</c>). Defined but, as in go-livepeer, not selectable by
    /// name: <see cref="Parse"/> rejects it.</summary>
    public static VideoProfile P144p25fps16x9 { get; } = Preset("P144p25fps16x9", 256, 144, 400_000, 25);

    /// <summary>All 14 built-in presets with their 4-byte ids, in go-livepeer's order.</summary>
    public static IReadOnlyList<VideoProfilePreset> Presets { get; } =
    [
        new(P720p60fps16x9, 0xa7ac137a, true),
        new(P720p30fps16x9, 0x49d54ea9, true),
        new(P720p25fps16x9, 0xe4a64019, true),
        new(P720p30fps4x3, 0x79332fe7, true),
        new(P576p30fps16x9, 0x5ecf4b52, true),
        new(P576p25fps16x9, 0x8b1843d6, true),
        new(P360p30fps16x9, 0x93c717e7, true),
        new(P360p25fps16x9, 0x7cd40fc7, true),
        new(P360p30fps4x3, 0xb60382a0, true),
        new(P240p30fps16x9, 0xc0a6517a, true),
        new(P240p25fps16x9, 0x1301a7d0, true),
        new(P240p30fps4x3, 0xd435c53a, true),
        new(P144p30fps16x9, 0xfca40bf9, true),
        new(P144p25fps16x9, 0x03f01d1f, false),
    ];

    /// <summary>Selects a built-in preset by its exact, case-sensitive name.</summary>
    /// <param name="presetName">The name, e.g. <c>P720p30fps16x9</c>.</param>
    /// <returns>The preset.</returns>
    /// <exception cref="TranscodingConfigurationException">The name is not one of the 13 selectable presets.</exception>
    public static VideoProfile Parse(string presetName)
    {
        ArgumentNullException.ThrowIfNull(presetName);
        return TryParse(presetName, out var preset)
            ? preset
            : throw new TranscodingConfigurationException("transcodingOptions", $"Unknown video profile preset '{presetName}'.");
    }

    /// <summary>Selects a built-in preset by its exact, case-sensitive name.</summary>
    /// <param name="presetName">The name.</param>
    /// <param name="profile">The preset when found.</param>
    /// <returns>True when <paramref name="presetName"/> is one of the 13 selectable presets.</returns>
    public static bool TryParse([NotNullWhen(true)] string? presetName, [NotNullWhen(true)] out VideoProfile? profile)
    {
        foreach (var preset in Presets)
        {
            if (preset.IsSelectable && string.Equals(preset.Profile.Name, presetName, StringComparison.Ordinal))
            {
                profile = preset.Profile;
                return true;
            }
        }

        profile = null;
        return false;
    }

    /// <summary>
    /// Reads the comma-separated preset list of the <c>-transcodingOptions</c> flag, e.g.
    /// <c>P240p30fps16x9,P360p30fps16x9</c>. Entries are trimmed and empty entries skipped. Unlike go-livepeer,
    /// which drops unknown names silently, an unknown name is an error.
    /// </summary>
    /// <param name="list">The list.</param>
    /// <returns>The presets in order.</returns>
    /// <exception cref="TranscodingConfigurationException">An entry is not a selectable preset.</exception>
    public static IReadOnlyList<VideoProfile> ParseList(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var result = new List<VideoProfile>();
        foreach (var entry in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            result.Add(Parse(entry));
        }

        return result;
    }

    /// <summary>The 4-byte id of a built-in preset: the first 4 bytes of Keccak-256 of its name, big-endian.</summary>
    /// <param name="presetName">The name, including the non-selectable <c>P144p25fps16x9</c>.</param>
    /// <param name="id">The id when found.</param>
    /// <returns>True for one of the 14 presets.</returns>
    public static bool TryGetPresetId(string? presetName, out uint id)
    {
        foreach (var preset in Presets)
        {
            if (string.Equals(preset.Profile.Name, presetName, StringComparison.Ordinal))
            {
                id = preset.Id;
                return true;
            }
        }

        id = 0;
        return false;
    }

    /// <summary>The default name go-livepeer gives a JSON rendition without one: <c>custom_&lt;w&gt;x&lt;h&gt;_&lt;bitrate&gt;</c>.</summary>
    /// <param name="width">The width.</param>
    /// <param name="height">The height.</param>
    /// <param name="bitrate">The bitrate in bits per second.</param>
    /// <returns>The name.</returns>
    public static string DefaultJsonName(int width, int height, int bitrate) =>
        string.Create(CultureInfo.InvariantCulture, $"custom_{width}x{height}_{bitrate}");

    /// <summary>The default name go-livepeer gives a wire profile without one: <c>net_&lt;w&gt;x&lt;h&gt;_&lt;bitrate&gt;</c>.</summary>
    /// <param name="width">The width.</param>
    /// <param name="height">The height.</param>
    /// <param name="bitrate">The bitrate in bits per second.</param>
    /// <returns>The name.</returns>
    public static string DefaultWireName(int width, int height, int bitrate) =>
        string.Create(CultureInfo.InvariantCulture, $"net_{width}x{height}_{bitrate}");

    private static VideoProfile Preset(string name, int width, int height, int bitrate, int fps) =>
        new(name, width, height, bitrate, new FrameRate(fps));

    private static T Defined<T>(T value, string name)
        where T : struct, Enum =>
        Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} is not a known value.");
}

/// <summary>A built-in preset and its 4-byte id.</summary>
/// <param name="Profile">The preset.</param>
/// <param name="Id">The first 4 bytes of Keccak-256 of the name, big-endian.</param>
/// <param name="IsSelectable">False for <c>P144p25fps16x9</c>, which go-livepeer defines but cannot select by name.</param>
public sealed record VideoProfilePreset(VideoProfile Profile, uint Id, bool IsSelectable)
{
    /// <summary>The id as 8 lower-case hex digits, e.g. <c>a7ac137a</c>.</summary>
    public string IdHex => Id.ToString("x8", CultureInfo.InvariantCulture);
}
