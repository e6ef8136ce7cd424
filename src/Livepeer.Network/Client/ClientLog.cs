using System.Net;
using Microsoft.Extensions.Logging;

namespace Livepeer.Network;

/// <summary>Log messages of the orchestrator client; event ids 3200–3299. Auth tokens and payments are never logged.</summary>
internal static partial class ClientLog
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Debug, Message = "GetOrchestrator at {Address} answered: transcoder {Transcoder}, price {Price}")]
    public static partial void OrchestratorInfoReceived(ILogger logger, Uri address, string transcoder, string price);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Debug, Message = "{Operation} at {Address} failed: {ErrorCode}")]
    public static partial void CallFailed(ILogger logger, string operation, Uri address, NetworkErrorCode errorCode, Exception exception);

    [LoggerMessage(EventId = 3210, Level = LogLevel.Debug, Message = "Segment {Sequence} ({Bytes} bytes) sent to {Uri}; upload timeout {UploadTimeout}, total timeout {TotalTimeout}")]
    public static partial void SegmentSending(ILogger logger, long sequence, int bytes, Uri uri, TimeSpan uploadTimeout, TimeSpan totalTimeout);

    [LoggerMessage(EventId = 3211, Level = LogLevel.Debug, Message = "Segment {Sequence} accepted by {Uri} after {Elapsed}; waiting for the result")]
    public static partial void SegmentAccepted(ILogger logger, long sequence, Uri uri, TimeSpan elapsed);

    [LoggerMessage(EventId = 3212, Level = LogLevel.Debug, Message = "Segment {Sequence} transcoded by {Uri} into {Renditions} renditions in {Elapsed}")]
    public static partial void SegmentTranscoded(ILogger logger, long sequence, Uri uri, int renditions, TimeSpan elapsed);

    [LoggerMessage(EventId = 3213, Level = LogLevel.Information, Message = "Segment {Sequence} failed at {Uri}: the orchestrator reported '{Error}'")]
    public static partial void SegmentTranscodeFailed(ILogger logger, long sequence, Uri uri, string error);

    [LoggerMessage(EventId = 3214, Level = LogLevel.Information, Message = "{Operation} to {Uri} answered HTTP {StatusCode}: {Detail}")]
    public static partial void HttpRefused(ILogger logger, string operation, Uri uri, HttpStatusCode statusCode, string detail);

    [LoggerMessage(EventId = 3220, Level = LogLevel.Debug, Message = "Payment sent to {Uri}")]
    public static partial void PaymentSent(ILogger logger, Uri uri);

    [LoggerMessage(EventId = 3230, Level = LogLevel.Debug, Message = "Rendition downloaded from {Uri}: {Bytes} bytes")]
    public static partial void RenditionDownloaded(ILogger logger, Uri uri, int bytes);
}
