namespace Livepeer.Transcoding;

/// <summary>The container of a rendition. The values equal the wire values of <c>VideoProfile.format</c>.</summary>
public enum VideoFormat
{
    /// <summary>MPEG transport stream (<c>.ts</c>), the default.</summary>
    MpegTs = 0,

    /// <summary>Fragmented MP4 (<c>.mp4</c>, <c>movflags=frag_keyframe+empty_moov+default_base_moof</c>), which can be written to a
    /// stream that cannot seek.</summary>
    Mp4 = 1,
}
