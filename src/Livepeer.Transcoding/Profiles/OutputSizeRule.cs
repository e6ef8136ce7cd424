using System.Globalization;

namespace Livepeer.Transcoding;

/// <summary>
/// LPMS's output size rule: the source aspect ratio is kept and the output fits the larger requested side.
/// </summary>
/// <remarks>
/// <para>The requested size is first clamped to the codec limits (see <see cref="GetLimits"/>), then with
/// <c>D = max(w, h)</c> truncated to even:</para>
/// <list type="bullet">
/// <item>landscape or square source: width = D unless <c>D·ih/iw &lt; Hmin</c> (then automatic); height = Hmin when
/// <c>D·ih/iw ≤ Hmin</c>, else automatic;</item>
/// <item>portrait source: height = D unless <c>D·iw/ih &lt; Wmin</c> (then automatic); width = Wmin when
/// <c>D·iw/ih ≤ Wmin</c>, else automatic.</item>
/// </list>
/// <para>"Automatic" is FFmpeg's <c>-2</c>: the other side times the source aspect, rounded to the nearest multiple
/// of 2 with halves away from zero (<c>av_rescale(x, in_other, in_this × 2) × 2</c>), and never below 2.</para>
/// <para>VP8, VP9 and AV1: LPMS has no limits for VP8/VP9, which makes its clamp yield 0×0 and FFmpeg keep the
/// source size. This SDK does not copy that: these codecs use <see cref="GenericLimits"/> (16..8192 on both
/// sides) and the same aspect-preserving rule, so a VP9 rendition has the requested size like any other.</para>
/// </remarks>
public static class OutputSizeRule
{
    /// <summary>The H.264 limits (NVENC 7th generation, applied to every acceleration by LPMS).</summary>
    public static readonly VideoSizeLimits H264Limits = new(146, 50, 4096, 4096);

    /// <summary>The HEVC limits (NVENC 7th generation, applied to every acceleration by LPMS).</summary>
    public static readonly VideoSizeLimits HevcLimits = new(132, 40, 8192, 8192);

    /// <summary>The limits this SDK uses for VP8, VP9 and AV1, which LPMS leaves unlimited.</summary>
    public static readonly VideoSizeLimits GenericLimits = new(16, 16, 8192, 8192);

    /// <summary>The size limits of a codec.</summary>
    /// <param name="codec">The codec.</param>
    /// <returns>The limits.</returns>
    public static VideoSizeLimits GetLimits(VideoCodec codec) => codec switch
    {
        VideoCodec.H264 => H264Limits,
        VideoCodec.Hevc => HevcLimits,
        _ => GenericLimits,
    };

    /// <summary>The size a rendition of <paramref name="profile"/> has for a source of <paramref name="input"/>.</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="input">The decoded source size.</param>
    /// <returns>The encoder size, which is also the size pixels are counted at.</returns>
    public static VideoSize Compute(VideoProfile profile, VideoSize input)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return Compute(input, new VideoSize(profile.Width, profile.Height), GetLimits(profile.Encoder));
    }

    /// <summary>The output size for a source, a requested box and codec limits.</summary>
    /// <param name="input">The decoded source size; both sides positive.</param>
    /// <param name="requested">The requested box; sides may be 0 (the minimum applies).</param>
    /// <param name="limits">The codec limits.</param>
    /// <returns>The output size.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The source has a side that is not positive.</exception>
    public static VideoSize Compute(VideoSize input, VideoSize requested, VideoSizeLimits limits)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(input.Width, nameof(input));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(input.Height, nameof(input));

        var w = Math.Clamp(requested.Width, limits.MinWidth, limits.MaxWidth);
        var h = Math.Clamp(requested.Height, limits.MinHeight, limits.MaxHeight);
        long d = Math.Max(w, h) & ~1;
        long iw = input.Width;
        long ih = input.Height;

        if (iw >= ih)
        {
            // Compare D·ih/iw with Hmin exactly, in integers.
            var scaled = d * ih;
            var hMin = (long)limits.MinHeight;
            var widthAuto = scaled < hMin * iw;
            var heightIsMin = scaled <= hMin * iw;
            var height = heightIsMin ? hMin & ~1 : Auto(d, ih, iw);
            var width = widthAuto ? Auto(height, iw, ih) : d;
            return new VideoSize(checked((int)width), checked((int)height));
        }
        else
        {
            var scaled = d * iw;
            var wMin = (long)limits.MinWidth;
            var heightAuto = scaled < wMin * ih;
            var widthIsMin = scaled <= wMin * ih;
            var width = widthIsMin ? wMin & ~1 : Auto(d, iw, ih);
            var height = heightAuto ? Auto(width, ih, iw) : d;
            return new VideoSize(checked((int)width), checked((int)height));
        }
    }

    /// <summary>
    /// The rule as FFmpeg scale expressions over the source size (<c>iw</c>, <c>ih</c>), for when the source size is not
    /// known before FFmpeg decodes it. Each expression yields the explicit side or <c>-2</c> ("automatic, even"), so the
    /// scaler produces exactly <see cref="Compute(VideoProfile, VideoSize)"/> without a separate probe of the input.
    /// </summary>
    /// <param name="profile">The profile.</param>
    /// <returns>The width and height expressions; they contain commas, so quote them in a filter graph.</returns>
    public static (string Width, string Height) GetScaleExpressions(VideoProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return GetScaleExpressions(new VideoSize(profile.Width, profile.Height), GetLimits(profile.Encoder));
    }

    /// <summary>The rule as FFmpeg scale expressions for a requested box and codec limits.</summary>
    /// <param name="requested">The requested box; sides may be 0 (the minimum applies).</param>
    /// <param name="limits">The codec limits.</param>
    /// <returns>The width and height expressions.</returns>
    public static (string Width, string Height) GetScaleExpressions(VideoSize requested, VideoSizeLimits limits)
    {
        var w = Math.Clamp(requested.Width, limits.MinWidth, limits.MaxWidth);
        var h = Math.Clamp(requested.Height, limits.MinHeight, limits.MaxHeight);
        var d = Math.Max(w, h) & ~1;
        var hMin = limits.MinHeight & ~1;
        var wMin = limits.MinWidth & ~1;

        // The comparisons of Compute, cross-multiplied so that no division happens in FFmpeg's floating point:
        // D·ih/iw < Hmin  ⇔  D·ih < Hmin·iw (and likewise for portrait sources).
        var width = string.Create(CultureInfo.InvariantCulture,
            $"if(gte(iw,ih),if(lt({d}*ih,{limits.MinHeight}*iw),-2,{d}),if(lte({d}*iw,{limits.MinWidth}*ih),{wMin},-2))");
        var height = string.Create(CultureInfo.InvariantCulture,
            $"if(gte(iw,ih),if(lte({d}*ih,{limits.MinHeight}*iw),{hMin},-2),if(lt({d}*iw,{limits.MinWidth}*ih),-2,{d}))");
        return (width, height);
    }

    // FFmpeg's "-2": av_rescale(known, inOther, inKnown * 2) * 2, i.e. round half away from zero to a multiple of 2.
    private static long Auto(long known, long inOther, long inKnown)
    {
        var divisor = inKnown * 2;
        var half = ((known * inOther) + (divisor / 2)) / divisor;
        return Math.Max(2, half * 2);
    }
}
