namespace Livepeer.Transcoding;

/// <summary>The container of a rendition. The values equal the wire values of <c>VideoProfile.format</c>.</summary>
public enum VideoFormat
{
    /// <summary>MPEG transport stream (<c>.ts</c>), the default.</summary>
    MpegTs = 0,

    /// <summary>MP4 (<c>.mp4</c>), written with <c>movflags=faststart</c>.</summary>
    Mp4 = 1,
}
