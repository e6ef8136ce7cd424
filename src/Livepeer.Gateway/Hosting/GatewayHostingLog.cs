using Livepeer.Protocol;
using Microsoft.Extensions.Logging;

namespace Livepeer.Gateway;

/// <summary>The gateway host's log messages (EventIds 8250–8299).</summary>
internal static partial class GatewayHostingLog
{
    [LoggerMessage(EventId = 6250, Level = LogLevel.Information, Message = "Gateway started off chain as {Address} (a key made for this process; no payments)")]
    public static partial void StartedOffChain(ILogger logger, EthAddress address);

    [LoggerMessage(EventId = 6251, Level = LogLevel.Information, Message = "Gateway started on chain as {Address}")]
    public static partial void StartedOnChain(ILogger logger, EthAddress address);

    [LoggerMessage(EventId = 6252, Level = LogLevel.Warning, Message = "Gateway {Address} has no TicketBroker deposit or reserve: orchestrators will not be paid until it is funded")]
    public static partial void NotFunded(ILogger logger, EthAddress address);

    [LoggerMessage(EventId = 6253, Level = LogLevel.Debug, Message = "Reading the gateway's TicketBroker funds failed")]
    public static partial void FundsReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6254, Level = LogLevel.Information, Message = "Gateway stopped")]
    public static partial void Stopped(ILogger logger);
}
