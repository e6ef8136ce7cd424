using Microsoft.Extensions.Logging;

namespace Livepeer.Gateway;

/// <summary>Log messages of orchestrator discovery; event ids 8000–8049.</summary>
internal static partial class DiscoveryLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Warning, Message = "Discovery source {Source} failed; its candidates are left out of this round")]
    public static partial void SourceFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Discovery source {Source} skipped the entry {Address}: {Reason}")]
    public static partial void EntrySkipped(ILogger logger, string source, string address, string reason);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Debug, Message = "Webhook {Url} answered the same list as before ({Count} orchestrators)")]
    public static partial void WebhookUnchanged(ILogger logger, string url, int count);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Webhook {Url} listed {Count} orchestrators")]
    public static partial void WebhookUpdated(ILogger logger, string url, int count);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Discovery source {Source} failed; reusing its {Count} cached orchestrators")]
    public static partial void UsingCachedList(ILogger logger, string source, int count, Exception exception);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "On-chain discovery found {Count} active orchestrators with a service URI among {PoolSize} in the transcoder pool")]
    public static partial void OnChainListed(ILogger logger, int count, int poolSize);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Information, Message = "The subgraph {Url} listed {Count} active orchestrators")]
    public static partial void SubgraphListed(ILogger logger, string url, int count);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Warning, Message = "UseAiServiceRegistry is set but the network {Network} has no AI service registry; only the ServiceRegistry is read")]
    public static partial void NoAiServiceRegistry(ILogger logger, string network);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Debug, Message = "Discovery round for the {Pool} pool: {Candidates} candidates asked for {Count} answers")]
    public static partial void RoundStarted(ILogger logger, OrchestratorPoolKind pool, int candidates, int count);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Debug, Message = "Orchestrator {Uri} answered in {LatencyMs} ms and is usable")]
    public static partial void AnswerUsable(ILogger logger, Uri uri, double latencyMs);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Debug, Message = "Orchestrator {Uri} is not usable ({Reason}): {Detail}")]
    public static partial void AnswerRejected(ILogger logger, Uri uri, DiscoveryRejectionReason reason, string detail);

    [LoggerMessage(EventId = 6013, Level = LogLevel.Debug, Message = "Orchestrator {Uri} did not answer before the round ended")]
    public static partial void AnswerTimedOut(ILogger logger, Uri uri);

    [LoggerMessage(EventId = 6014, Level = LogLevel.Debug, Message = "Discovery round for the {Pool} pool ended ({EndReason}) after {ElapsedMs} ms: {Usable} usable, {Suspended} suspended, {Answered} of {Asked} answered")]
    public static partial void RoundEnded(ILogger logger, OrchestratorPoolKind pool, string endReason, double elapsedMs, int usable, int suspended, int answered, int asked);

    [LoggerMessage(EventId = 6015, Level = LogLevel.Warning, Message = "Orchestrator {Uri} failed the identity check: {Detail}")]
    public static partial void IdentityMismatch(ILogger logger, Uri uri, string detail);

    [LoggerMessage(EventId = 6016, Level = LogLevel.Debug, Message = "Orchestrator {Uri} is suspended (entry {Penalty}); it only tops up a short result")]
    public static partial void AnswerSuspended(ILogger logger, Uri uri, long penalty);
}
