namespace Livepeer.Transcoding;

/// <summary>The video codec of a rendition. The values up to <see cref="Vp9"/> equal go-livepeer's wire values.</summary>
public enum VideoCodec
{
    /// <summary>H.264 / AVC (go-livepeer name <c>H.264</c>).</summary>
    H264 = 0,

    /// <summary>H.265 / HEVC (go-livepeer name <c>HEVC</c>).</summary>
    Hevc = 1,

    /// <summary>VP8 (software only).</summary>
    Vp8 = 2,

    /// <summary>VP9 (software only).</summary>
    Vp9 = 3,

    /// <summary>AV1, an extension of this SDK: go-livepeer and LPMS have no AV1, so it cannot travel on the wire.</summary>
    Av1 = 4,
}
