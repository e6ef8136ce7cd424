using Microsoft.Extensions.Logging;

namespace Livepeer.Transcoding;

/// <summary>Log messages of the transcoder pool (EventIds 4080–4099).</summary>
internal static partial class PoolLog
{
    [LoggerMessage(EventId = 4080, Level = LogLevel.Information, Message = "Transcoder pool devices: {Devices}.")]
    public static partial void DevicesResolved(ILogger logger, string devices);

    [LoggerMessage(EventId = 4081, Level = LogLevel.Debug, Message = "Session {SessionId} placed on device {Device} (cost {Cost}, device load now {Load}).")]
    public static partial void SessionPlaced(ILogger logger, string sessionId, string device, long cost, long load);

    [LoggerMessage(EventId = 4082, Level = LogLevel.Debug, Message = "Session {SessionId} ended ({Reason}).")]
    public static partial void SessionEnded(ILogger logger, string sessionId, string reason);

    [LoggerMessage(EventId = 4083, Level = LogLevel.Information, Message = "Session {SessionId} is re-placed: the sender forced a session re-initialisation.")]
    public static partial void SessionReinit(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 4084, Level = LogLevel.Warning, Message = "Segment {Sequence} of session {SessionId} failed on device {Device} ({Error}); the session's device state is torn down.")]
    public static partial void SegmentFailed(ILogger logger, long sequence, string? sessionId, string device, string error);

    [LoggerMessage(EventId = 4085, Level = LogLevel.Warning, Message = "Segment {Sequence} of session {SessionId} timed out after {TimeoutMs:0} ms on device {Device}.")]
    public static partial void SegmentTimedOut(ILogger logger, long sequence, string? sessionId, string device, double timeoutMs);

    [LoggerMessage(EventId = 4086, Level = LogLevel.Debug, Message = "Segment refused: {Reason} (session {SessionId}).")]
    public static partial void Rejected(ILogger logger, string reason, string? sessionId);

    [LoggerMessage(EventId = 4087, Level = LogLevel.Warning, Message = "Ending session {SessionId} in the engine failed.")]
    public static partial void EndSessionFailed(ILogger logger, Exception exception, string sessionId);

    [LoggerMessage(EventId = 4088, Level = LogLevel.Information, Message = "Transcoder pool disposed; {Sessions} session(s) ended.")]
    public static partial void Disposed(ILogger logger, int sessions);
}
