using Microsoft.Extensions.Logging;

namespace Livepeer.Orchestrator;

/// <summary>Log events of an orchestrator without a chain (EventIds 7040–7049). Auth tokens are never logged.</summary>
internal static partial class OrchestratorOffChainLog
{
    [LoggerMessage(EventId = 7040, Level = LogLevel.Information, Message = "Orchestrator started off chain (no ticket recipient, payments ignored); service URI {ServiceUri}")]
    public static partial void Started(ILogger logger, string serviceUri);

    [LoggerMessage(EventId = 7041, Level = LogLevel.Debug, Message = "{Path}: the payment of {Sender} ({Tickets} tickets) is ignored off chain")]
    public static partial void PaymentIgnored(ILogger logger, string path, string sender, int tickets);
}
