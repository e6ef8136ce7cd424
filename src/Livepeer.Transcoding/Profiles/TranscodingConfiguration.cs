using System.Globalization;
using System.Text.Json;

namespace Livepeer.Transcoding;

/// <summary>
/// A transcoding configuration in go-livepeer's JSON form: the <c>-transcodingOptions</c> file (a top-level array of
/// renditions), or an object such as the auth-webhook response or the <c>Livepeer-Transcode-Configuration</c> header
/// (<c>profiles</c>, <c>presets</c>, <c>timeoutMultiplier</c>, <c>forceSessionReinit</c>, …).
/// </summary>
/// <remarks>
/// Parsing follows Go's <c>encoding/json</c> and LPMS: keys match case-insensitively and the last duplicate wins,
/// <c>null</c> leaves a field at its default, unknown keys are ignored, and numbers must be integers of the field's
/// range. Per rendition: an empty <c>name</c> becomes <c>custom_&lt;w&gt;x&lt;h&gt;_&lt;bitrate&gt;</c>; <c>profile</c> is
/// matched case-insensitively (<c>""</c>, <c>none</c>, <c>h264baseline</c>, <c>h264main</c>, <c>h264high</c>,
/// <c>h264constrainedhigh</c>); <c>encoder</c> exactly (<c>""</c>, <c>H.264</c>, <c>HEVC</c>, <c>VP8</c>, <c>VP9</c>);
/// <c>gop</c> is a string of seconds or <c>"intra"</c>, negative is an error and <c>"0"</c> the default; <c>fpsDen</c> 0
/// means 1. Every error is a <see cref="TranscodingConfigurationException"/> whose <c>Field</c> is the JSON path.
/// </remarks>
public sealed record TranscodingConfiguration
{
    /// <summary>The renditions of the <c>profiles</c> key (or of the top-level array).</summary>
    public IReadOnlyList<VideoProfile> Profiles { get; init; } = [];

    /// <summary>The preset names of the <c>presets</c> key, as given.</summary>
    public IReadOnlyList<string> Presets { get; init; } = [];

    /// <summary><c>timeoutMultiplier</c>: scales the segment transcode timeout; 0 when absent.</summary>
    public int TimeoutMultiplier { get; init; }

    /// <summary><c>forceSessionReinit</c>: rebuild the hardware session for every segment.</summary>
    public bool ForceSessionReinit { get; init; }

    /// <summary><c>verificationFreq</c>: verify one segment in this many; 0 when absent.</summary>
    public int VerificationFrequency { get; init; }

    /// <summary><c>manifestID</c>, or null.</summary>
    public string? ManifestId { get; init; }

    /// <summary><c>streamID</c>, or null.</summary>
    public string? StreamId { get; init; }

    /// <summary><c>sessionID</c>, or null.</summary>
    public string? SessionId { get; init; }

    /// <summary><c>streamKey</c>, or null.</summary>
    public string? StreamKey { get; init; }

    /// <summary><c>objectStore</c>, or null.</summary>
    public string? ObjectStore { get; init; }

    /// <summary><c>recordObjectStore</c>, or null.</summary>
    public string? RecordObjectStore { get; init; }

    /// <summary>The renditions to produce: the <see cref="Presets"/> (by name) followed by the <see cref="Profiles"/>,
    /// the order go-livepeer applies to a webhook response.</summary>
    /// <returns>The renditions.</returns>
    /// <exception cref="TranscodingConfigurationException">A preset name is unknown.</exception>
    public IReadOnlyList<VideoProfile> GetAllProfiles()
    {
        var all = new List<VideoProfile>(Presets.Count + Profiles.Count);
        for (var i = 0; i < Presets.Count; i++)
        {
            if (!VideoProfile.TryParse(Presets[i], out var preset))
            {
                throw new TranscodingConfigurationException(Path("presets", i), $"Unknown video profile preset '{Presets[i]}'.");
            }

            all.Add(preset);
        }

        all.AddRange(Profiles);
        return all;
    }

    /// <summary>Parses an object (webhook response, header) or a top-level array of renditions.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="TranscodingConfigurationException">The JSON or a field is invalid.</exception>
    public static TranscodingConfiguration Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = ParseDocument(json);
        return FromRoot(document.RootElement);
    }

    /// <summary>Parses an object (webhook response, header) or a top-level array of renditions, as UTF-8.</summary>
    /// <param name="utf8Json">The JSON bytes.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="TranscodingConfigurationException">The JSON or a field is invalid.</exception>
    public static TranscodingConfiguration Parse(ReadOnlyMemory<byte> utf8Json)
    {
        using var document = ParseDocument(utf8Json);
        return FromRoot(document.RootElement);
    }

    /// <summary>Parses the <c>-transcodingOptions</c> file form: a top-level array of renditions (or <c>null</c>).</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The renditions in order.</returns>
    /// <exception cref="TranscodingConfigurationException">The JSON is not an array or a field is invalid.</exception>
    public static IReadOnlyList<VideoProfile> ParseProfiles(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = ParseDocument(json);
        var root = document.RootElement;
        return root.ValueKind switch
        {
            JsonValueKind.Array => ReadProfiles(root, string.Empty),
            JsonValueKind.Null => [],
            _ => throw new TranscodingConfigurationException("$", "The transcoding options must be a JSON array of renditions."),
        };
    }

    private static JsonDocument ParseDocument(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new TranscodingConfigurationException("$", "The transcoding configuration is not valid JSON.", e);
        }
    }

    private static JsonDocument ParseDocument(ReadOnlyMemory<byte> json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new TranscodingConfigurationException("$", "The transcoding configuration is not valid JSON.", e);
        }
    }

    private static TranscodingConfiguration FromRoot(JsonElement root)
    {
        switch (root.ValueKind)
        {
            case JsonValueKind.Array:
                return new TranscodingConfiguration { Profiles = ReadProfiles(root, string.Empty) };
            case JsonValueKind.Null:
                return new TranscodingConfiguration();
            case JsonValueKind.Object:
                break;
            default:
                throw new TranscodingConfigurationException("$", "The transcoding configuration must be a JSON object or array.");
        }

        var config = new TranscodingConfiguration();
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            var key = property.Name;
            config = key.ToUpperInvariant() switch
            {
                "PROFILES" => config with { Profiles = value.ValueKind == JsonValueKind.Null ? [] : ReadProfiles(value, "profiles") },
                "PRESETS" => config with { Presets = ReadStrings(value, "presets") },
                "TIMEOUTMULTIPLIER" => config with { TimeoutMultiplier = ReadInt(value, "timeoutMultiplier", int.MinValue) },
                "FORCESESSIONREINIT" => config with { ForceSessionReinit = ReadBool(value, "forceSessionReinit") },
                "VERIFICATIONFREQ" => config with { VerificationFrequency = ReadInt(value, "verificationFreq", 0) },
                "MANIFESTID" => config with { ManifestId = ReadNullableString(value, "manifestID") },
                "STREAMID" => config with { StreamId = ReadNullableString(value, "streamID") },
                "SESSIONID" => config with { SessionId = ReadNullableString(value, "sessionID") },
                "STREAMKEY" => config with { StreamKey = ReadNullableString(value, "streamKey") },
                "OBJECTSTORE" => config with { ObjectStore = ReadNullableString(value, "objectStore") },
                "RECORDOBJECTSTORE" => config with { RecordObjectStore = ReadNullableString(value, "recordObjectStore") },
                _ => config,
            };
        }

        return config;
    }

    private static List<VideoProfile> ReadProfiles(JsonElement array, string path)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new TranscodingConfigurationException(path.Length == 0 ? "$" : path, "Expected an array of renditions.");
        }

        var profiles = new List<VideoProfile>(array.GetArrayLength());
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            profiles.Add(ReadProfile(item, Path(path, index)));
            index++;
        }

        return profiles;
    }

    private static VideoProfile ReadProfile(JsonElement item, string path)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new TranscodingConfigurationException(path, "Expected a rendition object.");
        }

        string name = string.Empty, profileName = string.Empty, gopText = string.Empty, encoderName = string.Empty;
        int width = 0, height = 0, bitrate = 0, fps = 0, fpsDen = 0, colorDepth = 0, chroma = 0, quality = 0;
        foreach (var property in item.EnumerateObject())
        {
            var v = property.Value;
            switch (property.Name.ToUpperInvariant())
            {
                case "NAME": name = ReadString(v, path + ".name", name); break;
                case "WIDTH": width = ReadInt(v, path + ".width", 0, width); break;
                case "HEIGHT": height = ReadInt(v, path + ".height", 0, height); break;
                case "BITRATE": bitrate = ReadInt(v, path + ".bitrate", 0, bitrate); break;
                case "FPS": fps = ReadInt(v, path + ".fps", 0, fps); break;
                case "FPSDEN": fpsDen = ReadInt(v, path + ".fpsDen", 0, fpsDen); break;
                case "PROFILE": profileName = ReadString(v, path + ".profile", profileName); break;
                case "GOP": gopText = ReadString(v, path + ".gop", gopText); break;
                case "ENCODER": encoderName = ReadString(v, path + ".encoder", encoderName); break;
                case "COLORDEPTH": colorDepth = ReadInt(v, path + ".colorDepth", 0, colorDepth); break;
                case "CHROMAFORMAT": chroma = ReadInt(v, path + ".chromaFormat", 0, chroma); break;
                case "QUALITY": quality = ReadInt(v, path + ".quality", 0, quality); break;
                default: break;
            }
        }

        if (!TryParseH264Profile(profileName, out var h264Profile))
        {
            throw new TranscodingConfigurationException(path + ".profile", $"Unknown H.264 encoder profile '{profileName}'.");
        }

        if (!TryParseCodecName(encoderName, out var codec))
        {
            throw new TranscodingConfigurationException(path + ".encoder", $"Unknown encoder '{encoderName}'.");
        }

        if (!Gop.TryParse(gopText, out var gop))
        {
            throw new TranscodingConfigurationException(path + ".gop", $"Invalid GOP '{gopText}': use a non-negative number of seconds or \"intra\".");
        }

        if (!Enum.IsDefined((ChromaFormat)chroma))
        {
            throw new TranscodingConfigurationException(path + ".chromaFormat", $"Unknown chroma format {chroma}: use 0 (4:2:0), 1 (4:2:2) or 2 (4:4:4).");
        }

        if (name.Length == 0)
        {
            name = VideoProfile.DefaultJsonName(width, height, bitrate);
        }

        return new VideoProfile(name, width, height, bitrate, new FrameRate(fps, fpsDen))
        {
            Profile = h264Profile,
            Encoder = codec,
            Gop = gop,
            Quality = quality,
            ColorDepth = colorDepth,
            ChromaFormat = (ChromaFormat)chroma,
        };
    }

    /// <summary>Reads an H.264 profile name as go-livepeer does: case-insensitive, <c>""</c> and <c>none</c> for the
    /// encoder default.</summary>
    /// <param name="name">The name, e.g. <c>H264ConstrainedHigh</c>.</param>
    /// <param name="profile">The profile when known.</param>
    /// <returns>True when the name is known.</returns>
    public static bool TryParseH264Profile(string? name, out H264Profile profile)
    {
        profile = H264Profile.None;
        switch (name?.ToUpperInvariant())
        {
            case "" or "NONE": return true;
            case "H264BASELINE": profile = H264Profile.Baseline; return true;
            case "H264MAIN": profile = H264Profile.Main; return true;
            case "H264HIGH": profile = H264Profile.High; return true;
            case "H264CONSTRAINEDHIGH": profile = H264Profile.ConstrainedHigh; return true;
            default: return false;
        }
    }

    /// <summary>Reads a codec name as go-livepeer does: exact and case-sensitive, <c>""</c> for H.264. AV1 has no
    /// go-livepeer name and is not accepted.</summary>
    /// <param name="name">The name: <c>""</c>, <c>H.264</c>, <c>HEVC</c>, <c>VP8</c> or <c>VP9</c>.</param>
    /// <param name="codec">The codec when known.</param>
    /// <returns>True when the name is known.</returns>
    public static bool TryParseCodecName(string? name, out VideoCodec codec)
    {
        codec = VideoCodec.H264;
        switch (name)
        {
            case "" or "H.264": return true;
            case "HEVC": codec = VideoCodec.Hevc; return true;
            case "VP8": codec = VideoCodec.Vp8; return true;
            case "VP9": codec = VideoCodec.Vp9; return true;
            default: return false;
        }
    }

    private static string Path(string parent, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{parent}[{index}]");

    private static string ReadString(JsonElement value, string path, string current) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => current,
        _ => throw new TranscodingConfigurationException(path, $"Expected a string, found {Describe(value)}."),
    };

    private static string? ReadNullableString(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Null ? null : ReadString(value, path, string.Empty);

    private static int ReadInt(JsonElement value, string path, int min, int current = 0)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return current;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            throw new TranscodingConfigurationException(path, $"Expected an integer, found {Describe(value)}.");
        }

        return number >= min
            ? number
            : throw new TranscodingConfigurationException(path, $"Expected a non-negative integer, found {number.ToString(CultureInfo.InvariantCulture)}.");
    }

    private static bool ReadBool(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False or JsonValueKind.Null => false,
        _ => throw new TranscodingConfigurationException(path, $"Expected true or false, found {Describe(value)}."),
    };

    private static List<string> ReadStrings(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new TranscodingConfigurationException(path, $"Expected an array of strings, found {Describe(value)}.");
        }

        var list = new List<string>(value.GetArrayLength());
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            list.Add(ReadString(item, Path(path, index), string.Empty));
            index++;
        }

        return list;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.String => "a string",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };
}
