using Livepeer.Network;
using Wire = Livepeer.Network.Wire;

namespace Livepeer.Orchestrator;

/// <summary>
/// The standalone-transcoder protocol shared by both ends: the RegisterTranscoder stream and the
/// <c>/transcodeResults</c> upload, with go-livepeer's header names and status texts.
/// </summary>
internal static class TranscoderProtocol
{
    public const string ServiceName = "net.Transcoder";

    public const string ResultsPath = "/transcodeResults";

    /// <summary>The <c>Authorization</c> value of a result upload (go-livepeer's <c>protoVerLPT</c>).</summary>
    public const string AuthorizationValue = "Livepeer-Transcoder-1.0";

    public const string CredentialsHeader = "Credentials";

    public const string TaskIdHeader = "TaskId";

    public const string PixelsHeader = "Pixels";

    /// <summary>The content type of a result body that carries the transcoder's error text instead of renditions.</summary>
    public const string TranscodingErrorContentType = "livepeer/transcoding-error";

    public const string PerceptualHashContentType = "application/octet-stream";

    public const string MpegTsContentType = "video/mp2t";

    public const string Mp4ContentType = "video/mp4";

    /// <summary>The status message for a wrong secret; transcoders treat it as fatal.</summary>
    public const string InvalidSecret = "invalid secret";

    /// <summary>The status message for a registration without capacity; transcoders treat it as fatal.</summary>
    public const string ZeroCapacity = "zero capacity";

    /// <summary>go-livepeer's <c>HTTPTimeout</c>: the least time an orchestrator waits for a transcoder's result.</summary>
    public static readonly TimeSpan MinimumResultTimeout = TimeSpan.FromSeconds(8);

    /// <summary>go-livepeer's multiplier of the segment duration for the result wait.</summary>
    public const int ResultTimeoutMultiplier = 4;

    public static readonly GrpcMethod<Wire.RegisterRequest, Wire.NotifySegment> RegisterTranscoder = new(
        GrpcMethodType.ServerStreaming,
        ServiceName,
        "RegisterTranscoder",
        Wire.RegisterRequest.Parser,
        Wire.NotifySegment.Parser);
}
