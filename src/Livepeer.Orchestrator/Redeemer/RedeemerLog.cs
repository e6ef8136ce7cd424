using Livepeer.Network;
using Livepeer.Protocol;
using Microsoft.Extensions.Logging;

namespace Livepeer.Orchestrator;

/// <summary>Log messages of the redeemer role and of the orchestrator's redeemer client (EventIds 7250–7299).</summary>
internal static partial class RedeemerLog
{
    [LoggerMessage(EventId = 7250, Level = LogLevel.Information, Message = "Queued winning ticket from {Sender} (nonce {SenderNonce}, face value {FaceValue} wei) sent by {RemoteAddress}.")]
    public static partial void TicketQueued(ILogger logger, EthAddress sender, System.Numerics.BigInteger senderNonce, System.Numerics.BigInteger faceValue, string remoteAddress);

    [LoggerMessage(EventId = 7251, Level = LogLevel.Warning, Message = "Refused a ticket from {RemoteAddress}: {Reason}")]
    public static partial void TicketRefused(ILogger logger, string remoteAddress, string reason);

    [LoggerMessage(EventId = 7252, Level = LogLevel.Error, Message = "A ticket from {RemoteAddress} could not be queued.")]
    public static partial void TicketQueueFailed(ILogger logger, string remoteAddress, Exception exception);

    [LoggerMessage(EventId = 7253, Level = LogLevel.Debug, Message = "Max float of {Sender} streamed to {RemoteAddress}: {MaxFloat} wei.")]
    public static partial void MaxFloatStreamed(ILogger logger, EthAddress sender, string remoteAddress, System.Numerics.BigInteger maxFloat);

    [LoggerMessage(EventId = 7254, Level = LogLevel.Warning, Message = "Refused a max float stream from {RemoteAddress}: {Active} streams are open (MaxMonitorStreams).")]
    public static partial void TooManyMonitors(ILogger logger, string remoteAddress, int active);

    [LoggerMessage(EventId = 7255, Level = LogLevel.Information, Message = "Ticket redeemer listener on {Endpoint} ({Mode}).")]
    public static partial void ListenerConfigured(ILogger logger, string endpoint, string mode);

    [LoggerMessage(EventId = 7270, Level = LogLevel.Warning, Message = "The remote redeemer at {Address} refused or failed {Method}: {StatusCode} {Detail}")]
    public static partial void RemoteCallFailed(ILogger logger, Uri address, string method, GrpcStatusCode statusCode, string detail);

    [LoggerMessage(EventId = 7271, Level = LogLevel.Debug, Message = "Max float of {Sender} from the remote redeemer: {MaxFloat} wei.")]
    public static partial void RemoteMaxFloat(ILogger logger, EthAddress sender, System.Numerics.BigInteger maxFloat);

    [LoggerMessage(EventId = 7272, Level = LogLevel.Information, Message = "The max float stream for {Sender} from the remote redeemer ended; the next read asks again.")]
    public static partial void RemoteMonitorEnded(ILogger logger, EthAddress sender, Exception? exception);

    [LoggerMessage(EventId = 7273, Level = LogLevel.Debug, Message = "Dropped {Count} cached max floats unused for {Ttl}.")]
    public static partial void CacheSwept(ILogger logger, int count, TimeSpan ttl);
}
