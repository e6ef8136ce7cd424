namespace Livepeer.Network;

/// <summary>Stable codes for what goes wrong on the go-livepeer wire.</summary>
public enum NetworkErrorCode
{
    /// <summary>A <c>Livepeer-Segment</c> header is not base64 (go-livepeer's text: <c>ErrorSegEncoding</c>).</summary>
    SegmentEncoding = 1,

    /// <summary>A <c>Livepeer-Payment</c> header is not base64.</summary>
    PaymentEncoding,

    /// <summary>A header or message decodes from base64 but is not a valid protobuf message.</summary>
    MalformedMessage,

    /// <summary>A header value is longer than the codec accepts.</summary>
    HeaderTooLarge,

    /// <summary>A field holds a value of the wrong size or out of range (an address that is not 20 bytes, a number over 256 bits).</summary>
    InvalidField,

    /// <summary>A video profile cannot be converted (go-livepeer's texts: <c>unrecognized profile output format</c>,
    /// <c>unrecognized encoder profile</c>, <c>unrecognized video codec</c>).</summary>
    InvalidProfile,

    /// <summary>A segment duration is negative or over 5 minutes (go-livepeer's text: <c>invalid duration</c>).</summary>
    InvalidDuration,

    /// <summary>The segment signature does not verify (go-livepeer's text: <c>ErrSegSig</c>).</summary>
    SegmentSignature,

    /// <summary>The job's capabilities are not met (go-livepeer's text: <c>incompatible capabilities</c>).</summary>
    IncompatibleCapabilities,

    /// <summary>No auth token was sent (go-livepeer's text: <c>missing auth token</c>).</summary>
    MissingAuthToken,

    /// <summary>The auth token was not issued by this node (go-livepeer's text: <c>invalid auth token</c>).</summary>
    InvalidAuthToken,

    /// <summary>The auth token has expired (go-livepeer's text: <c>expired auth token</c>).</summary>
    ExpiredAuthToken,

    /// <summary>The <c>GetOrchestrator</c> request signature does not verify (go-livepeer's text:
    /// <c>orchestrator req sig check failed</c>).</summary>
    OrchestratorRequestSignature,

    /// <summary>A value cannot be represented on the wire (a price over int64, a codec the wire has no value for).</summary>
    Unrepresentable,

    /// <summary>A gRPC call ended with a status other than OK; see <see cref="GrpcCallException"/> for the status and the peer's message.</summary>
    RpcFailed,

    /// <summary>An HTTP request to a node (<c>/segment</c>, <c>/payment</c>, a rendition) was answered with a status other than
    /// 200; see <see cref="HttpCallException"/> for the status and the peer's text.</summary>
    HttpFailed,

    /// <summary>A call to a node did not complete in time (a gRPC deadline, a segment upload or response, a download).</summary>
    Timeout,

    /// <summary>A transcode result carried neither renditions nor an error (go-livepeer's text: <c>UnknownResponse</c>).</summary>
    UnknownResponse,

    /// <summary>The orchestrator reported that transcoding the segment failed (<c>TranscodeResult.error</c>); the message is its text.</summary>
    TranscodeFailed,

    /// <summary>A node could not be reached: the connection was refused, reset or could not be secured.</summary>
    ConnectionFailed,

    /// <summary>A response is larger than the client accepts (a rendition over 300,000,000 bytes, say).</summary>
    ResponseTooLarge,
}

/// <summary>The exception of the wire package: a stable <see cref="ErrorCode"/> and whether a retry may succeed.
/// Bad input from the network always surfaces as this type, never as a protobuf or base64 exception.</summary>
public class NetworkException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorCode">The stable code.</param>
    /// <param name="message">The message; for peer-facing errors it starts with go-livepeer's text.</param>
    /// <param name="isTransient">True when the same operation may succeed later.</param>
    /// <param name="innerException">The cause, if any.</param>
    public NetworkException(NetworkErrorCode errorCode, string message, bool isTransient = false, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        IsTransient = isTransient;
    }

    /// <summary>The stable code of the failure.</summary>
    public NetworkErrorCode ErrorCode { get; }

    /// <summary>True when the same operation may succeed later.</summary>
    public bool IsTransient { get; }

    /// <summary>go-livepeer's text for a code, as a go-livepeer node sends it back to its peer.</summary>
    /// <param name="errorCode">The code.</param>
    /// <returns>The text, or the code's name where go-livepeer has no text.</returns>
    public static string WireText(NetworkErrorCode errorCode) => errorCode switch
    {
        NetworkErrorCode.SegmentEncoding => "ErrorSegEncoding",
        NetworkErrorCode.InvalidDuration => "invalid duration",
        NetworkErrorCode.SegmentSignature => "ErrSegSig",
        NetworkErrorCode.IncompatibleCapabilities => "incompatible capabilities",
        NetworkErrorCode.MissingAuthToken => "missing auth token",
        NetworkErrorCode.InvalidAuthToken => "invalid auth token",
        NetworkErrorCode.ExpiredAuthToken => "expired auth token",
        NetworkErrorCode.OrchestratorRequestSignature => "orchestrator req sig check failed",
        NetworkErrorCode.UnknownResponse => "UnknownResponse",
        _ => errorCode.ToString(),
    };
}
