using Microsoft.Extensions.Logging;

namespace Livepeer.Orchestrator;

/// <summary>Log messages of the standalone transcoder (EventIds 7300–7399).</summary>
internal static partial class TranscoderWorkerLog
{
    [LoggerMessage(EventId = 7300, Level = LogLevel.Information, Message = "Registering with orchestrator {Orchestrator} (capacity {Capacity}, attempt {Attempt}).")]
    public static partial void Registering(ILogger logger, Uri orchestrator, int capacity, int attempt);

    [LoggerMessage(EventId = 7301, Level = LogLevel.Warning, Message = "The stream to orchestrator {Orchestrator} ended ({Reason}); reconnecting in {DelayMs:0} ms.")]
    public static partial void Disconnected(ILogger logger, Uri orchestrator, string reason, double delayMs);

    [LoggerMessage(EventId = 7302, Level = LogLevel.Critical, Message = "Orchestrator {Orchestrator} refused this transcoder: {Reason}. Not reconnecting.")]
    public static partial void Refused(ILogger logger, Uri orchestrator, string reason);

    [LoggerMessage(EventId = 7303, Level = LogLevel.Debug, Message = "Task {TaskId}: segment {Sequence} of session {SessionId}, {Profiles} profile(s), from {Url}.")]
    public static partial void TaskReceived(ILogger logger, long taskId, long sequence, string? sessionId, int profiles, string url);

    [LoggerMessage(EventId = 7304, Level = LogLevel.Warning, Message = "Task {TaskId} failed: {Error}")]
    public static partial void TaskFailed(ILogger logger, long taskId, string error);

    [LoggerMessage(EventId = 7305, Level = LogLevel.Warning, Message = "Posting the result of task {TaskId} failed: {Reason}")]
    public static partial void ResultPostFailed(ILogger logger, long taskId, string reason);

    [LoggerMessage(EventId = 7306, Level = LogLevel.Debug, Message = "Task {TaskId}: result posted ({Renditions} rendition(s), {Pixels} pixels).")]
    public static partial void ResultPosted(ILogger logger, long taskId, int renditions, long pixels);

    [LoggerMessage(EventId = 7307, Level = LogLevel.Debug, Message = "Session {SessionId} torn down at the orchestrator's request.")]
    public static partial void SessionTornDown(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 7308, Level = LogLevel.Information, Message = "Transcoder stopped.")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 7309, Level = LogLevel.Warning, Message = "Tearing down session {SessionId} failed.")]
    public static partial void TeardownFailed(ILogger logger, string sessionId, Exception exception);
}
