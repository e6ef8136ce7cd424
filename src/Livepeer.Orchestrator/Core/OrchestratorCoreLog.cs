using Microsoft.Extensions.Logging;

namespace Livepeer.Orchestrator;

/// <summary>Log events of the core orchestrator (EventIds 7000–7099). Auth tokens and keys are never logged.</summary>
internal static partial class OrchestratorCoreLog
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Orchestrator {Address} started; ticket recipient {Recipient}, service URI {ServiceUri}")]
    public static partial void Started(ILogger logger, string address, string recipient, string serviceUri);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Debug, Message = "GetOrchestrator from {Gateway} refused: {Reason}")]
    public static partial void GetOrchestratorRefused(ILogger logger, string gateway, string reason);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Debug, Message = "GetOrchestrator from {Gateway}: price {Price}, session {SessionId}")]
    public static partial void GetOrchestratorServed(ILogger logger, string gateway, string price, string sessionId);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "GetOrchestrator from {Gateway} failed: {Reason}")]
    public static partial void GetOrchestratorFailed(ILogger logger, string gateway, string reason);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "The discovery auth webhook could not be called for {Gateway}")]
    public static partial void WebhookFailed(ILogger logger, string gateway, Exception exception);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "Session {SessionId} of {Sender} started ({Active} active)")]
    public static partial void SessionStarted(ILogger logger, string sessionId, string sender, int active);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Information, Message = "Session {SessionId} ended ({Reason}) after {Segments} segments, {Pixels} pixels")]
    public static partial void SessionEnded(ILogger logger, string sessionId, string reason, long segments, long pixels);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Warning, Message = "The transcoder failed to end session {SessionId}")]
    public static partial void SessionEndFailed(ILogger logger, string sessionId, Exception exception);

    [LoggerMessage(EventId = 7020, Level = LogLevel.Debug, Message = "{Path} refused with {Status}: {Reason}")]
    public static partial void RequestRefused(ILogger logger, string path, int status, string reason);

    [LoggerMessage(EventId = 7021, Level = LogLevel.Debug, Message = "Segment {Sequence} of session {SessionId} transcoded into {Renditions} renditions, {Pixels} pixels, in {Seconds:F3} s")]
    public static partial void SegmentTranscoded(ILogger logger, long sequence, string sessionId, int renditions, long pixels, double seconds);

    [LoggerMessage(EventId = 7022, Level = LogLevel.Warning, Message = "Segment {Sequence} of session {SessionId} failed: {Error}")]
    public static partial void SegmentFailed(ILogger logger, long sequence, string sessionId, string error);

    [LoggerMessage(EventId = 7023, Level = LogLevel.Error, Message = "Segment {Sequence} of session {SessionId} failed unexpectedly")]
    public static partial void SegmentCrashed(ILogger logger, long sequence, string sessionId, Exception exception);

    [LoggerMessage(EventId = 7024, Level = LogLevel.Debug, Message = "The segment body could not be read: {Reason}")]
    public static partial void BodyReadFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 7030, Level = LogLevel.Debug, Message = "Payment from {Sender} for {ManifestId}: {Accepted} tickets accepted, {Won} won, {Credited} wei credited")]
    public static partial void PaymentReceived(ILogger logger, string sender, string manifestId, int accepted, int won, string credited);

    [LoggerMessage(EventId = 7031, Level = LogLevel.Information, Message = "Payment from {Sender} for {ManifestId} refused: {Reason}")]
    public static partial void PaymentRefused(ILogger logger, string sender, string manifestId, string reason);

    [LoggerMessage(EventId = 7032, Level = LogLevel.Error, Message = "The orchestrator info for {Sender} could not be built")]
    public static partial void InfoFailed(ILogger logger, string sender, Exception exception);
}
