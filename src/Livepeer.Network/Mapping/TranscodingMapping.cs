using Livepeer.Transcoding;
using Wire = Livepeer.Network.Wire;

namespace Livepeer.Network;

/// <summary>Conversions between the wire's <c>VideoProfile</c> and <see cref="VideoProfile"/>, through the plain
/// <see cref="WireVideoProfile"/> model that holds go-livepeer's field rules.</summary>
internal static class TranscodingMapping
{
    /// <summary>go-livepeer writes these bytes into the legacy <c>profiles</c> fields so that very old nodes fail loudly.</summary>
    public static readonly Google.Protobuf.ByteString InvalidLegacyProfiles = Google.Protobuf.ByteString.CopyFromUtf8("invalid");

    public static Wire.VideoProfile ToWire(VideoProfile profile)
    {
        WireVideoProfile model;
        try
        {
            model = WireVideoProfile.ToWire(profile);
        }
        catch (TranscodingException e)
        {
            throw new NetworkException(NetworkErrorCode.Unrepresentable, e.Message, innerException: e);
        }

        return ToWire(model);
    }

    public static Wire.VideoProfile ToWire(WireVideoProfile model) => new()
    {
        Name = model.Name,
        Width = model.Width,
        Height = model.Height,
        Bitrate = model.Bitrate,
        Fps = model.Fps,
        Format = (Wire.VideoProfile.Types.Format)(int)model.Format,
        FpsDen = model.FpsDen,
        Profile = (Wire.VideoProfile.Types.Profile)(int)model.Profile,
        Gop = model.Gop,
        Encoder = (Wire.VideoProfile.Types.VideoCodec)(int)model.Encoder,
        ColorDepth = model.ColorDepth,
        ChromaFormat = (Wire.VideoProfile.Types.ChromaSubsampling)(int)model.ChromaFormat,
        Quality = model.Quality,
    };

    public static WireVideoProfile ToModel(Wire.VideoProfile wire) => new()
    {
        Name = wire.Name,
        Width = wire.Width,
        Height = wire.Height,
        Bitrate = wire.Bitrate,
        Fps = wire.Fps,
        Format = (WireFormat)(int)wire.Format,
        FpsDen = wire.FpsDen,
        Profile = (WireProfile)(int)wire.Profile,
        Gop = wire.Gop,
        Encoder = (WireEncoder)(int)wire.Encoder,
        ColorDepth = wire.ColorDepth,
        ChromaFormat = (WireChromaFormat)(int)wire.ChromaFormat,
        Quality = wire.Quality,
    };

    /// <summary>A received profile, checked as go-livepeer's orchestrator checks it, with its error texts.</summary>
    public static VideoProfile FromWire(Wire.VideoProfile wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        var model = ToModel(wire);
        if (!Enum.IsDefined(model.Format))
        {
            throw new NetworkException(NetworkErrorCode.InvalidProfile, "unrecognized profile output format");
        }

        if (!Enum.IsDefined(model.Profile))
        {
            throw new NetworkException(NetworkErrorCode.InvalidProfile, "unrecognized encoder profile");
        }

        if (!Enum.IsDefined(model.Encoder))
        {
            throw new NetworkException(NetworkErrorCode.InvalidProfile, "unrecognized video codec");
        }

        try
        {
            return WireVideoProfile.FromWire(model);
        }
        catch (Exception e) when (e is TranscodingException or ArgumentException)
        {
            throw new NetworkException(NetworkErrorCode.InvalidProfile, e.Message, innerException: e);
        }
    }

    /// <summary>The profiles of a segment, from <c>fullProfiles3</c>, else <c>fullProfiles2</c>, else <c>fullProfiles</c>.</summary>
    public static IReadOnlyList<VideoProfile> ReadProfiles(Wire.SegData segData)
    {
        ArgumentNullException.ThrowIfNull(segData);
        var chosen = WireVideoProfile.SelectReceived(
            segData.FullProfiles.Select(ToModel).ToArray(),
            segData.FullProfiles2.Select(ToModel).ToArray(),
            segData.FullProfiles3.Select(ToModel).ToArray());
        var result = new VideoProfile[chosen.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = FromWire(ToWire(chosen[i]));
        }

        return result;
    }

    /// <summary>Writes the profiles into the one field go-livepeer's gateway would use, and the legacy field as "invalid".</summary>
    public static void WriteProfiles(Wire.SegData segData, IReadOnlyList<VideoProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(segData);
        ArgumentNullException.ThrowIfNull(profiles);
        segData.Profiles = InvalidLegacyProfiles;
        if (profiles.Count == 0)
        {
            return;
        }

        var target = WireVideoProfile.SelectSegDataField(profiles) switch
        {
            SegDataProfilesField.FullProfiles => segData.FullProfiles,
            SegDataProfilesField.FullProfiles2 => segData.FullProfiles2,
            _ => segData.FullProfiles3,
        };
        foreach (var profile in profiles)
        {
            target.Add(ToWire(profile));
        }
    }
}
