using Livepeer.Protocol;
using Microsoft.Extensions.Logging;

namespace Livepeer.Payments;

/// <summary>Log messages of the chain seams, the sender monitor and the redemption queue (EventIds 2050–2099).</summary>
internal static partial class RedemptionLog
{
    [LoggerMessage(EventId = 2050, Level = LogLevel.Information, Message = "Round {Round} is the last initialised; tickets carry round {CreationRound}; active pool size {PoolSize}.")]
    public static partial void RoundSeen(ILogger logger, ulong round, ulong creationRound, int poolSize);

    [LoggerMessage(EventId = 2051, Level = LogLevel.Warning, Message = "The payment clock could not poll the chain; it keeps its last values and retries.")]
    public static partial void ClockPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2052, Level = LogLevel.Warning, Message = "The gas price could not be polled; the last price stays in use.")]
    public static partial void GasPricePollFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2053, Level = LogLevel.Warning, Message = "Sender {Sender}'s funds could not be refreshed.")]
    public static partial void SenderRefreshFailed(ILogger logger, EthAddress sender, Exception exception);

    [LoggerMessage(EventId = 2054, Level = LogLevel.Debug, Message = "Sender {Sender}: deposit {Deposit}, reserve {Reserve}, withdraw round {WithdrawRound}, max float {MaxFloat} wei.")]
    public static partial void SenderRefreshed(ILogger logger, EthAddress sender, System.Numerics.BigInteger deposit, System.Numerics.BigInteger reserve, ulong withdrawRound, System.Numerics.BigInteger maxFloat);

    [LoggerMessage(EventId = 2055, Level = LogLevel.Debug, Message = "Dropped {Count} sender entries unused for {Ttl}.")]
    public static partial void SendersExpired(ILogger logger, int count, TimeSpan ttl);

    [LoggerMessage(EventId = 2056, Level = LogLevel.Warning, Message = "Watching TicketBroker events failed; the sender monitor relies on round changes until it resumes.")]
    public static partial void EventWatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2060, Level = LogLevel.Information, Message = "Stored winning ticket {TicketHash} from {Sender}, face value {FaceValue} wei, creation round {CreationRound}.")]
    public static partial void TicketStored(ILogger logger, string ticketHash, EthAddress sender, System.Numerics.BigInteger faceValue, ulong creationRound);

    [LoggerMessage(EventId = 2061, Level = LogLevel.Information, Message = "Redeemed {Count} winning ticket(s) from {Sender} worth {FaceValue} wei in transaction {TransactionHash}.")]
    public static partial void TicketsRedeemed(ILogger logger, int count, EthAddress sender, System.Numerics.BigInteger faceValue, string transactionHash);

    [LoggerMessage(EventId = 2062, Level = LogLevel.Information, Message = "Winning ticket {TicketHash} is already used on chain; marked redeemed without sending.")]
    public static partial void TicketAlreadyUsed(ILogger logger, string ticketHash);

    [LoggerMessage(EventId = 2063, Level = LogLevel.Warning, Message = "Winning ticket {TicketHash} can never be redeemed: {Reason}")]
    public static partial void TicketFailed(ILogger logger, string ticketHash, string reason);

    [LoggerMessage(EventId = 2064, Level = LogLevel.Warning, Message = "Redeeming winning ticket {TicketHash} failed (attempt {Attempt}); it is retried on a later block: {Reason}")]
    public static partial void TicketRetry(ILogger logger, string ticketHash, int attempt, string reason);

    [LoggerMessage(EventId = 2065, Level = LogLevel.Debug, Message = "Holding {Count} winning ticket(s) from {Sender}: {Reason}")]
    public static partial void TicketsHeld(ILogger logger, int count, EthAddress sender, string reason);

    [LoggerMessage(EventId = 2066, Level = LogLevel.Warning, Message = "A redemption pass failed; the queue retries on the next block.")]
    public static partial void PassFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2067, Level = LogLevel.Debug, Message = "Recipient {Recipient} is not active in round {Round}; its tickets wait.")]
    public static partial void RecipientInactive(ILogger logger, EthAddress recipient, ulong round);

    [LoggerMessage(EventId = 2068, Level = LogLevel.Information, Message = "Redeemer for recipient {Recipient} started on {Database}; {Open} stored ticket(s) wait for redemption.")]
    public static partial void RedeemerStarted(ILogger logger, EthAddress recipient, string database, int open);
}
