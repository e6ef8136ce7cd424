using Livepeer.Protocol;
using Microsoft.Extensions.Logging;

namespace Livepeer.Gateway;

/// <summary>The sessions' log messages (EventIds 6100–6199). Auth tokens and keys are never logged.</summary>
internal static partial class GatewayCoreLog
{
    [LoggerMessage(EventId = 6100, Level = LogLevel.Debug, Message = "Stream {StreamId}: {Pool} pool refreshed, {Added} new sessions, {Count} held (numOrchs {NumOrchestrators})")]
    public static partial void PoolRefreshed(ILogger logger, string streamId, OrchestratorPoolKind pool, int added, int count, int numOrchestrators);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Stream {StreamId}: {Pool} pool refresh failed")]
    public static partial void PoolRefreshFailed(ILogger logger, string streamId, OrchestratorPoolKind pool, Exception exception);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Debug, Message = "Stream {StreamId} segment {Sequence}: attempt {Attempt} on {Orchestrator}")]
    public static partial void AttemptStarted(ILogger logger, string streamId, long sequence, int attempt, Uri orchestrator);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "Stream {StreamId} segment {Sequence}: attempt {Attempt} on {Orchestrator} failed, orchestrator suspended (penalty {Penalty}): {Reason}")]
    public static partial void AttemptFailed(ILogger logger, string streamId, long sequence, int attempt, Uri orchestrator, long penalty, string reason);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Warning, Message = "Stream {StreamId} segment {Sequence}: rejected by {Orchestrator} for a reason any orchestrator would share: {Reason}")]
    public static partial void SegmentRejected(ILogger logger, string streamId, long sequence, Uri orchestrator, string reason);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Error, Message = "Stream {StreamId} stopped: the gateway's own TicketBroker funds stop payments ({Reason})")]
    public static partial void SenderFunds(ILogger logger, string streamId, string reason);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Debug, Message = "Stream {StreamId} segment {Sequence}: done by {Orchestrator} in {Latency} (score {Score:F3}, {Tickets} tickets)")]
    public static partial void SegmentCompleted(ILogger logger, string streamId, long sequence, Uri orchestrator, TimeSpan latency, double score, int tickets);

    [LoggerMessage(EventId = 6107, Level = LogLevel.Warning, Message = "Stream {StreamId} segment {Sequence}: no orchestrator available")]
    public static partial void NoOrchestrators(ILogger logger, string streamId, long sequence);

    [LoggerMessage(EventId = 6108, Level = LogLevel.Debug, Message = "Session with {Orchestrator} refreshed ({Reason})")]
    public static partial void SessionRefreshed(ILogger logger, Uri orchestrator, string reason);

    [LoggerMessage(EventId = 6109, Level = LogLevel.Debug, Message = "Ending the session with {Orchestrator} failed")]
    public static partial void EndSessionFailed(ILogger logger, Uri orchestrator, Exception exception);

    [LoggerMessage(EventId = 6110, Level = LogLevel.Information, Message = "Stream {StreamId} opened")]
    public static partial void StreamOpened(ILogger logger, string streamId);

    [LoggerMessage(EventId = 6111, Level = LogLevel.Information, Message = "Stream {StreamId} closed")]
    public static partial void StreamClosed(ILogger logger, string streamId);

    [LoggerMessage(EventId = 6112, Level = LogLevel.Debug, Message = "Stream {StreamId}: {Count} orchestrators above the price limit {MaxPrice} left out")]
    public static partial void OverPriced(ILogger logger, string streamId, int count, string maxPrice);

    [LoggerMessage(EventId = 6113, Level = LogLevel.Warning, Message = "Stream {StreamId} segment {Sequence}: the renditions from {Orchestrator} are not signed by its address {Address}")]
    public static partial void ResultSignatureMismatch(ILogger logger, string streamId, long sequence, Uri orchestrator, EthAddress address);

    [LoggerMessage(EventId = 6114, Level = LogLevel.Warning, Message = "Stream {StreamId}: no orchestrator is usable and {Count} were rejected for their on-chain identity")]
    public static partial void NoOrchestratorsIdentity(ILogger logger, string streamId, int count);

    [LoggerMessage(EventId = 6115, Level = LogLevel.Debug, Message = "Signing ahead for the next segment on {Orchestrator} failed: {Reason}")]
    public static partial void TicketsNotPrepared(ILogger logger, Uri orchestrator, string reason);
}
