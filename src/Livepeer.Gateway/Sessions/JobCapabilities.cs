using Livepeer.Network;
using Livepeer.Transcoding;

namespace Livepeer.Gateway;

/// <summary>The capabilities a transcoding job needs, as go-livepeer's gateway derives them from the stream's renditions.</summary>
internal static class JobCapabilities
{
    public static CapabilitySet For(IReadOnlyList<VideoProfile> profiles, VideoFormat inputFormat)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        var capabilities = new HashSet<Capability> { Capability.H264, Capability.AuthToken, Format(inputFormat) };
        foreach (var profile in profiles)
        {
            capabilities.Add(Format(profile.Format));
            switch (profile.Encoder)
            {
                case VideoCodec.Hevc:
                    capabilities.Add(Capability.HevcEncode);
                    break;
                case VideoCodec.Vp8:
                    capabilities.Add(Capability.Vp8Encode);
                    break;
                case VideoCodec.Vp9:
                    capabilities.Add(Capability.Vp9Encode);
                    break;
                default:
                    if (H264(profile.Profile) is { } h264)
                    {
                        capabilities.Add(h264);
                    }

                    break;
            }

            if (!profile.FrameRate.IsPassthrough && profile.FrameRate.Den != 1)
            {
                capabilities.Add(Capability.FractionalFramerates);
            }

            if (profile.Gop != Gop.Default)
            {
                capabilities.Add(Capability.Gop);
            }
        }

        return CapabilitySet.Create(capabilities.Order());
    }

    private static Capability Format(VideoFormat format) => format == VideoFormat.Mp4 ? Capability.Mp4 : Capability.MpegTs;

    private static Capability? H264(H264Profile profile) => profile switch
    {
        H264Profile.Baseline => Capability.ProfileH264Baseline,
        H264Profile.Main => Capability.ProfileH264Main,
        H264Profile.High => Capability.ProfileH264High,
        H264Profile.ConstrainedHigh => Capability.ProfileH264ConstrainedHigh,
        _ => null,
    };
}
