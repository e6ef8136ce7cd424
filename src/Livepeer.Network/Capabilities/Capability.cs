namespace Livepeer.Network;

/// <summary>The capability ids of go-livepeer (<c>core/capabilities.go</c>). The numeric value is the bit in the capability bitstring.</summary>
public enum Capability
{
    /// <summary>Not a capability; go-livepeer's parse failure value.</summary>
    Invalid = -2,

    /// <summary>A placeholder that is skipped when a bitstring is built.</summary>
    Unused = -1,

    /// <summary>H.264 decode and encode.</summary>
    H264 = 0,

    /// <summary>MPEG-TS output.</summary>
    MpegTs = 1,

    /// <summary>MP4 output.</summary>
    Mp4 = 2,

    /// <summary>Fractional frame rates (a denominator other than 1).</summary>
    FractionalFramerates = 3,

    /// <summary>Segments sent in the request body.</summary>
    StorageDirect = 4,

    /// <summary>S3 object storage.</summary>
    StorageS3 = 5,

    /// <summary>Google Cloud Storage.</summary>
    StorageGcs = 6,

    /// <summary>H.264 Baseline profile.</summary>
    ProfileH264Baseline = 7,

    /// <summary>H.264 Main profile.</summary>
    ProfileH264Main = 8,

    /// <summary>H.264 High profile.</summary>
    ProfileH264High = 9,

    /// <summary>H.264 Constrained High profile.</summary>
    ProfileH264ConstrainedHigh = 10,

    /// <summary>A keyframe interval.</summary>
    Gop = 11,

    /// <summary>Auth tokens.</summary>
    AuthToken = 12,

    /// <summary>Scene classification; deprecated, the id is kept so that later ids do not move.</summary>
    SceneClassification = 13,

    /// <summary>MPEG-7 video signatures (perceptual hashes).</summary>
    Mpeg7VideoSignature = 14,

    /// <summary>HEVC decode.</summary>
    HevcDecode = 15,

    /// <summary>HEVC encode.</summary>
    HevcEncode = 16,

    /// <summary>VP8 decode.</summary>
    Vp8Decode = 17,

    /// <summary>VP9 decode.</summary>
    Vp9Decode = 18,

    /// <summary>VP8 encode.</summary>
    Vp8Encode = 19,

    /// <summary>VP9 encode.</summary>
    Vp9Encode = 20,

    /// <summary>H.264 decode of YUV 4:4:4 8-bit input.</summary>
    H264Decode444_8Bit = 21,

    /// <summary>H.264 decode of YUV 4:2:2 8-bit input.</summary>
    H264Decode422_8Bit = 22,

    /// <summary>H.264 decode of YUV 4:4:4 10-bit input.</summary>
    H264Decode444_10Bit = 23,

    /// <summary>H.264 decode of YUV 4:2:2 10-bit input.</summary>
    H264Decode422_10Bit = 24,

    /// <summary>H.264 decode of YUV 4:2:0 10-bit input.</summary>
    H264Decode420_10Bit = 25,

    /// <summary>Segment slicing (a clip window).</summary>
    SegmentSlicing = 26,

    /// <summary>AI text to image.</summary>
    TextToImage = 27,

    /// <summary>AI image to image.</summary>
    ImageToImage = 28,

    /// <summary>AI image to video.</summary>
    ImageToVideo = 29,

    /// <summary>AI upscale.</summary>
    Upscale = 30,

    /// <summary>AI audio to text.</summary>
    AudioToText = 31,

    /// <summary>AI Segment Anything 2.</summary>
    SegmentAnything2 = 32,

    /// <summary>AI large language model.</summary>
    Llm = 33,

    /// <summary>AI image to text.</summary>
    ImageToText = 34,

    /// <summary>AI live video to video.</summary>
    LiveVideoToVideo = 35,

    /// <summary>AI text to speech.</summary>
    TextToSpeech = 36,

    /// <summary>Bring your own container.</summary>
    Byoc = 37,
}

/// <summary>Names of the capabilities as go-livepeer prints them, and the AI pipeline ↔ capability rule.</summary>
public static class CapabilityNames
{
    private static readonly Dictionary<Capability, string> Names = new()
    {
        [Capability.Invalid] = "Invalid",
        [Capability.Unused] = "Unused",
        [Capability.H264] = "H.264",
        [Capability.MpegTs] = "MPEGTS",
        [Capability.Mp4] = "MP4",
        [Capability.FractionalFramerates] = "Fractional framerates",
        [Capability.StorageDirect] = "Storage direct",
        [Capability.StorageS3] = "Storage S3",
        [Capability.StorageGcs] = "Storage GCS",
        [Capability.ProfileH264Baseline] = "H264 Baseline profile",
        [Capability.ProfileH264Main] = "H264 Main profile",
        [Capability.ProfileH264High] = "H264 High profile",
        // go-livepeer's spelling, kept because logs and the capabilities API show it.
        [Capability.ProfileH264ConstrainedHigh] = "H264 Constained High profile",
        [Capability.Gop] = "GOP",
        [Capability.AuthToken] = "Auth token",
        [Capability.SceneClassification] = "Scene classification",
        [Capability.Mpeg7VideoSignature] = "MPEG7 signature",
        [Capability.HevcDecode] = "HEVC decode",
        [Capability.HevcEncode] = "HEVC encode",
        [Capability.Vp8Decode] = "VP8 decode",
        [Capability.Vp9Decode] = "VP9 decode",
        [Capability.Vp8Encode] = "VP8 encode",
        [Capability.Vp9Encode] = "VP9 encode",
        [Capability.H264Decode444_8Bit] = "H264 Decode YUV444 8-bit",
        [Capability.H264Decode422_8Bit] = "H264 Decode YUV422 8-bit",
        [Capability.H264Decode444_10Bit] = "H264 Decode YUV444 10-bit",
        [Capability.H264Decode422_10Bit] = "H264 Decode YUV422 10-bit",
        [Capability.H264Decode420_10Bit] = "H264 Decode YUV420 10-bit",
        [Capability.SegmentSlicing] = "Segment slicing",
        [Capability.TextToImage] = "Text to image",
        [Capability.ImageToImage] = "Image to image",
        [Capability.ImageToVideo] = "Image to video",
        [Capability.Upscale] = "Upscale",
        [Capability.AudioToText] = "Audio to text",
        [Capability.SegmentAnything2] = "Segment anything 2",
        [Capability.Llm] = "Llm",
        [Capability.ImageToText] = "Image to text",
        [Capability.LiveVideoToVideo] = "Live video to video",
        [Capability.TextToSpeech] = "Text to speech",
        [Capability.Byoc] = "BYOC",
    };

    /// <summary>Every capability id from 0 to the highest known one.</summary>
    public static IReadOnlyList<Capability> All { get; } = Enumerable.Range(0, (int)Capability.Byoc + 1).Select(i => (Capability)i).ToArray();

    /// <summary>The name go-livepeer prints for a capability, e.g. <c>Text to image</c>.</summary>
    /// <param name="capability">The capability.</param>
    /// <returns>The name, or <c>Capability(&lt;id&gt;)</c> for an id this SDK does not know.</returns>
    public static string GetName(Capability capability)
        => Names.TryGetValue(capability, out var name) ? name : $"Capability({(int)capability})";

    /// <summary>
    /// The capability of an AI pipeline, by go-livepeer's rule: the first letter upper-cased and dashes turned into
    /// spaces (<c>text-to-image</c> → <c>Text to image</c>), then matched against the names.
    /// </summary>
    /// <param name="pipeline">The pipeline, e.g. <c>text-to-image</c>.</param>
    /// <param name="capability">The capability when found.</param>
    /// <returns>True when the pipeline names a capability.</returns>
    public static bool TryFromPipeline(string? pipeline, out Capability capability)
    {
        capability = Capability.Invalid;
        if (string.IsNullOrEmpty(pipeline))
        {
            return false;
        }

        var name = string.Concat(pipeline[..1].ToUpperInvariant(), pipeline[1..].Replace('-', ' '));
        foreach (var (id, known) in Names)
        {
            if (id >= 0 && string.Equals(known, name, StringComparison.Ordinal))
            {
                capability = id;
                return true;
            }
        }

        return false;
    }
}
