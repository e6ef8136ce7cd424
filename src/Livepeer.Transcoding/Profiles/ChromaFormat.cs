namespace Livepeer.Transcoding;

/// <summary>
/// Chroma subsampling requested for a rendition. The values equal the wire values. Like go-livepeer, the engine
/// carries it but does not use it to pick the output pixel format (outputs are 4:2:0).
/// </summary>
public enum ChromaFormat
{
    /// <summary>4:2:0, the default.</summary>
    Chroma420 = 0,

    /// <summary>4:2:2.</summary>
    Chroma422 = 1,

    /// <summary>4:4:4.</summary>
    Chroma444 = 2,
}
