using Microsoft.Extensions.Logging;

namespace Livepeer.Orchestrator;

/// <summary>Log messages of the orchestrator side of standalone transcoders (EventIds 7100–7199).</summary>
internal static partial class WorkersLog
{
    [LoggerMessage(EventId = 7100, Level = LogLevel.Information, Message = "Transcoder {Address} registered with capacity {Capacity}.")]
    public static partial void Registered(ILogger logger, string address, int capacity);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "Refused the registration of transcoder {Address}: {Reason}.")]
    public static partial void RegistrationRefused(ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "Transcoder {Address} removed ({Reason}); {InFlight} task(s) in flight fail over.")]
    public static partial void Removed(ILogger logger, string address, string reason, int inFlight);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Debug, Message = "Task {TaskId} (segment {Sequence} of session {SessionId}) sent to transcoder {Address}.")]
    public static partial void TaskSent(ILogger logger, long taskId, long sequence, string? sessionId, string address);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Warning, Message = "Transcoder {Address} sent no result for task {TaskId} within {TimeoutSeconds:0.#} s; removing it.")]
    public static partial void TaskTimedOut(ILogger logger, string address, long taskId, double timeoutSeconds);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Debug, Message = "Task {TaskId} failed at transcoder {Address}: {Error}")]
    public static partial void TaskFailed(ILogger logger, long taskId, string address, string error);

    [LoggerMessage(EventId = 7106, Level = LogLevel.Warning, Message = "Refused a transcode result from {Remote} with HTTP {StatusCode}: {Reason}")]
    public static partial void ResultRefused(ILogger logger, string? remote, int statusCode, string reason);

    [LoggerMessage(EventId = 7107, Level = LogLevel.Debug, Message = "A result arrived for task {TaskId}, which is no longer waiting (timed out or failed over).")]
    public static partial void ResultForUnknownTask(ILogger logger, long taskId);

    [LoggerMessage(EventId = 7110, Level = LogLevel.Debug, Message = "Session {SessionId} placed on {Target} ({Free} of {Capacity} free before).")]
    public static partial void SessionPlaced(ILogger logger, string? sessionId, string target, int free, int capacity);

    [LoggerMessage(EventId = 7111, Level = LogLevel.Warning, Message = "No transcoder has free capacity for session {SessionId}; answering OrchestratorBusy.")]
    public static partial void NoCapacity(ILogger logger, string? sessionId);

    [LoggerMessage(EventId = 7112, Level = LogLevel.Information, Message = "Segment {Sequence} of session {SessionId} fails over from transcoder {Address} (attempt {Attempt}).")]
    public static partial void FailingOver(ILogger logger, long sequence, string? sessionId, string address, int attempt);

    [LoggerMessage(EventId = 7113, Level = LogLevel.Debug, Message = "Session {SessionId} on {Target} ended ({Reason}).")]
    public static partial void SessionEnded(ILogger logger, string sessionId, string target, string reason);

    [LoggerMessage(EventId = 7114, Level = LogLevel.Debug, Message = "Ending session {SessionId} on {Target} failed.")]
    public static partial void SessionEndFailed(ILogger logger, string sessionId, string target, Exception exception);
}
