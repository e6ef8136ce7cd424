using Livepeer.Protocol;
using Microsoft.Extensions.Logging;

namespace Livepeer.Payments;

/// <summary>Log messages of the DI host of the payment engine and the remote-redeemer monitor (EventIds 2100–2119).</summary>
internal static partial class PaymentsHostLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Payment engine started on {Network}: L1 block {L1Block}, round {Round}, gas price {GasPrice} wei; sender {Sender}; recipient {Recipient} ({Mode}).")]
    public static partial void Started(ILogger logger, string network, ulong l1Block, ulong round, System.Numerics.BigInteger gasPrice, string sender, string recipient, string mode);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Payment engine stopped.")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "No signer is configured: TicketSender is not available (configure a key for Livepeer:Protocol or register an ISigner).")]
    public static partial void NoSigner(ILogger logger);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Error, Message = "The payment engine could not start.")]
    public static partial void StartFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2110, Level = LogLevel.Warning, Message = "Sender {Sender}'s funds could not be read to validate it for the remote redeemer.")]
    public static partial void RemoteSenderInfoFailed(ILogger logger, EthAddress sender, Exception exception);
}
