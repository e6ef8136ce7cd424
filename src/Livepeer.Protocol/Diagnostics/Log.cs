using Microsoft.Extensions.Logging;

namespace Livepeer.Protocol.Diagnostics;

/// <summary>Log messages of Livepeer.Protocol; event ids 1000–1999.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "JSON-RPC {Method} failed transiently; retry {Attempt} in {Delay}.")]
    public static partial void RpcRetry(ILogger logger, string method, int attempt, TimeSpan delay, Exception? exception);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Nonce for {Account} re-read from the chain: next is {Nonce}.")]
    public static partial void NonceResynced(ILogger logger, EthAddress account, ulong nonce);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Sent transaction {Hash} from {Account} with nonce {Nonce}.")]
    public static partial void TransactionSent(ILogger logger, string hash, EthAddress account, ulong nonce);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Replaced transaction {OldHash} with {NewHash} (nonce {Nonce}, max fee {MaxFee} wei).")]
    public static partial void TransactionReplaced(ILogger logger, string oldHash, string newHash, ulong nonce, System.Numerics.BigInteger maxFee);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Send of a transaction from {Account} with nonce {Nonce} had an uncertain outcome; the nonce will be re-read.")]
    public static partial void SendUncertain(ILogger logger, EthAddress account, ulong nonce, Exception exception);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Nonce {Nonce} for {Account} was too low; re-reading (attempt {Attempt}).")]
    public static partial void NonceTooLow(ILogger logger, EthAddress account, ulong nonce, int attempt);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Watching logs from block {FromBlock} failed; retrying.")]
    public static partial void WatchRetry(ILogger logger, ulong fromBlock, Exception exception);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Initialised round {Round}.")]
    public static partial void RoundInitialized(ILogger logger, ulong round);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Round initialisation failed; trying again at the next poll.")]
    public static partial void RoundInitializerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "Called reward for round {Round}: {Minted} LPT minted (transaction {TransactionHash}).")]
    public static partial void RewardCalled(ILogger logger, ulong round, string minted, string transactionHash);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "Reward failed; trying again at the next poll.")]
    public static partial void RewardFailed(ILogger logger, Exception exception);
}
