using System.Globalization;

namespace Livepeer.Transcoding;

/// <summary>
/// The FFmpeg video encoder and its output options for one rendition, derived from a <see cref="VideoProfile"/> as
/// LPMS's <c>createCOutputParams</c> does. Pure: nothing is run.
/// </summary>
/// <remarks>
/// <para>Options, in this order (all with the <c>:v</c> stream specifier):</para>
/// <list type="number">
/// <item><c>-preset medium</c> (x264, x265, NVENC) and <c>-tier high</c> (hevc_nvenc only; the other encoders have
/// no such option and FFmpeg's command line rejects unknown ones, unlike LPMS's option dictionary).</item>
/// <item><c>-forced-idr 1</c> (x264, x265, NVENC): every forced keyframe is an IDR. The first frame of every output
/// is an IDR in any case, since each segment is a fresh encode.</item>
/// <item><c>-profile</c> for H.264 encoders (baseline, main, high; constrained high is high without B-frames), and
/// <c>-bf</c> for H.264 and HEVC encoders: 0 for baseline and constrained high, 3 for main and high, and with the
/// default profile 3 in software and 0 on NVENC; NVENC also gets 0 whenever the frame rate is passthrough
/// (NVENC mis-computes DTS with non-monotonic source timestamps).</item>
/// <item>When the bitrate is set: <c>-b -minrate -maxrate -bufsize</c>, all equal (VBV buffer of one second).</item>
/// <item>When quality is set: software <c>-crf q</c> when q ≤ 63; NVENC <c>-cq q+7</c> when q + 7 ≤ 51. The bitrate
/// then acts as the cap.</item>
/// <item>GOP. Intra-only: <c>-g 0</c> on NVENC (its intra-only setting), <c>-g 1</c> in software (x264 reads 0 as
/// "no limit"). An interval with a set frame rate: <c>-g int(seconds × numerator)</c>, LPMS's numerator-only
/// quirk (2 s at 30000/1001 gives 60000), at least 1. An interval with passthrough frame rate:
/// <c>-force_key_frames expr:if(isnan(prev_forced_t),1,gte(t,prev_forced_t+G))</c>, i.e. a keyframe on the first
/// frame and then whenever a frame is at least G seconds after the last forced keyframe, which is LPMS's
/// timestamp rule; unlike <c>gte(t,n_forced*G)</c> it does not depend on timestamps starting at 0.</item>
/// <item>Timing: <c>-fps_mode passthrough</c> (frames leave the filter graph with the timing they should keep), and
/// when the frame rate is passthrough and the input frame rate is unknown, <c>-enc_time_base -1</c> (the input
/// stream time base, LPMS's last fallback; FFmpeg would otherwise guess 1/25).</item>
/// </list>
/// </remarks>
public sealed record EncoderSettings
{
    private EncoderSettings(string encoderName, IReadOnlyList<string> options, IReadOnlyList<string> muxerArguments)
    {
        EncoderName = encoderName;
        Options = options;
        MuxerArguments = muxerArguments;
    }

    /// <summary>The FFmpeg encoder, e.g. <c>libx264</c> or <c>h264_nvenc</c>.</summary>
    public string EncoderName { get; }

    /// <summary>The encoder options in order, as separate command-line arguments, without <c>-c:v</c>.</summary>
    public IReadOnlyList<string> Options { get; }

    /// <summary>The container arguments: <c>-f mpegts</c>, or fragmented MP4
    /// (<c>-f mp4 -movflags frag_keyframe+empty_moov+default_base_moof</c>). Outputs are streamed to the engine over a
    /// socket that cannot seek, which rules out <c>+faststart</c> and a classic <c>moov</c> written at the end.</summary>
    public IReadOnlyList<string> MuxerArguments { get; }

    /// <summary><c>-c:v &lt;encoder&gt;</c> followed by <see cref="Options"/>.</summary>
    /// <returns>The arguments.</returns>
    public IReadOnlyList<string> ToArguments() => ["-c:v", EncoderName, .. Options];

    /// <summary>A copy with the value of option <paramref name="name"/> replaced; unchanged when the option is absent.</summary>
    internal EncoderSettings WithOptionValue(string name, string value)
    {
        var options = Options.ToArray();
        for (var i = 0; i + 1 < options.Length; i += 2)
        {
            if (options[i] == name)
            {
                options[i + 1] = value;
                return new EncoderSettings(EncoderName, options, MuxerArguments);
            }
        }

        return this;
    }

    /// <summary>The FFmpeg encoder for a codec.</summary>
    /// <param name="codec">The codec.</param>
    /// <param name="acceleration">Where encoding runs.</param>
    /// <returns>The encoder name.</returns>
    /// <exception cref="TranscodingException">NVIDIA and a codec NVENC lacks (VP8, VP9, AV1): "Encoder not found".</exception>
    public static string GetEncoderName(VideoCodec codec, VideoAcceleration acceleration) => (acceleration, codec) switch
    {
        (VideoAcceleration.Software, VideoCodec.H264) => "libx264",
        (VideoAcceleration.Software, VideoCodec.Hevc) => "libx265",
        (VideoAcceleration.Software, VideoCodec.Vp8) => "libvpx",
        (VideoAcceleration.Software, VideoCodec.Vp9) => "libvpx-vp9",
        (VideoAcceleration.Software, VideoCodec.Av1) => "libsvtav1",
        (VideoAcceleration.Nvidia, VideoCodec.H264) => "h264_nvenc",
        (VideoAcceleration.Nvidia, VideoCodec.Hevc) => "hevc_nvenc",
        (VideoAcceleration.Nvidia, _) => throw new TranscodingException(TranscodeErrorCode.EncoderNotFound),
        _ => throw new TranscodingException(TranscodeErrorCode.InvalidHardware),
    };

    /// <summary>Derives the encoder and its options for a rendition.</summary>
    /// <param name="profile">The rendition.</param>
    /// <param name="acceleration">Where encoding runs.</param>
    /// <param name="inputFrameRateKnown">Whether the input stream declares a frame rate; matters only for a
    /// passthrough frame rate, to pick the encoder time base.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="TranscodingException">The codec cannot be encoded with <paramref name="acceleration"/>.</exception>
    public static EncoderSettings Create(VideoProfile profile, VideoAcceleration acceleration, bool inputFrameRateKnown = true)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var encoder = GetEncoderName(profile.Encoder, acceleration);
        var nvenc = acceleration == VideoAcceleration.Nvidia;
        var h264 = profile.Encoder == VideoCodec.H264;
        var avcOrHevc = h264 || profile.Encoder == VideoCodec.Hevc;
        var passthrough = profile.FrameRate.IsPassthrough;
        var options = new List<string>(32);

        if (avcOrHevc)
        {
            Add(options, "-preset:v", "medium");
            if (nvenc && profile.Encoder == VideoCodec.Hevc)
            {
                Add(options, "-tier:v", "high");
            }

            Add(options, "-forced-idr:v", "1");
            if (h264 && profile.Profile != H264Profile.None)
            {
                Add(options, "-profile:v", profile.Profile == H264Profile.Baseline ? "baseline" : profile.Profile == H264Profile.Main ? "main" : "high");
            }

            Add(options, "-bf:v", Number(BFrames(profile.Profile, nvenc, passthrough)));
        }

        if (profile.Bitrate > 0)
        {
            var bitrate = Number(profile.Bitrate);
            Add(options, "-b:v", bitrate);
            Add(options, "-minrate:v", bitrate);
            Add(options, "-maxrate:v", bitrate);
            Add(options, "-bufsize:v", bitrate);
        }

        if (profile.Quality > 0)
        {
            if (!nvenc && profile.Quality <= 63)
            {
                Add(options, "-crf:v", Number(profile.Quality));
            }
            else if (nvenc && profile.Quality + 7 <= 51)
            {
                Add(options, "-cq:v", Number(profile.Quality + 7));
            }
        }

        switch (profile.Gop.Kind)
        {
            case GopKind.IntraOnly:
                Add(options, "-g:v", nvenc ? "0" : "1");
                break;
            case GopKind.Interval when !passthrough:
                var frames = (long)(profile.Gop.Interval.TotalSeconds * profile.FrameRate.Num);
                Add(options, "-g:v", Number((int)Math.Clamp(frames, 1, int.MaxValue)));
                break;
            case GopKind.Interval:
                var seconds = profile.Gop.Interval.TotalSeconds.ToString(CultureInfo.InvariantCulture);
                Add(options, "-force_key_frames:v", $"expr:if(isnan(prev_forced_t),1,gte(t,prev_forced_t+{seconds}))");
                break;
            default:
                break;
        }

        Add(options, "-fps_mode:v", "passthrough");
        if (passthrough && !inputFrameRateKnown)
        {
            Add(options, "-enc_time_base:v", "-1");
        }

        IReadOnlyList<string> muxer = profile.Format == VideoFormat.Mp4 ? ["-f", "mp4", "-movflags", "frag_keyframe+empty_moov+default_base_moof"] : ["-f", "mpegts"];
        return new EncoderSettings(encoder, options, muxer);
    }

    private static int BFrames(H264Profile profile, bool nvenc, bool passthrough)
    {
        if (nvenc && passthrough)
        {
            return 0;
        }

        return profile switch
        {
            H264Profile.Baseline or H264Profile.ConstrainedHigh => 0,
            H264Profile.Main or H264Profile.High => 3,
            _ => nvenc ? 0 : 3,
        };
    }

    private static void Add(List<string> options, string name, string value)
    {
        options.Add(name);
        options.Add(value);
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
