using Livepeer.Protocol;

namespace Livepeer.Payments;

/// <summary>What a failed redemption means for the ticket.</summary>
internal enum RedemptionErrorKind
{
    /// <summary>The ticket is already used on chain: it counts as redeemed and is never sent again.</summary>
    AlreadyUsed,

    /// <summary>The ticket can never be redeemed; it is marked failed.</summary>
    Final,

    /// <summary>The ticket may still be redeemed; it is retried on a later block.</summary>
    Retry,
}

/// <summary>go-livepeer's rules (pm/queue.go) for which redemption errors are final.</summary>
internal static class RedemptionOutcome
{
    public static RedemptionErrorKind Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is LivepeerProtocolException { ErrorCode: ProtocolErrorCode.TransactionFailed } and not ContractRevertException)
        {
            return RedemptionErrorKind.Final;
        }
        var reason = (exception as ContractRevertException)?.Reason;
        return Classify(reason is null ? exception.Message : reason + " " + exception.Message);
    }

    public static RedemptionErrorKind Classify(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Contains("ticket is used", StringComparison.OrdinalIgnoreCase)
            || message.Contains("ticket already used", StringComparison.OrdinalIgnoreCase))
        {
            return RedemptionErrorKind.AlreadyUsed;
        }
        if (message.Contains("transaction failed", StringComparison.OrdinalIgnoreCase)
            || message.Contains("ticket creationRound does not have a block hash", StringComparison.OrdinalIgnoreCase)
            || message.Contains("ticket is expired", StringComparison.OrdinalIgnoreCase))
        {
            return RedemptionErrorKind.Final;
        }
        return RedemptionErrorKind.Retry;
    }

    /// <summary>The contract's reason when there is one, else the message.</summary>
    public static string Describe(Exception exception)
        => exception is ContractRevertException { Reason: { Length: > 0 } reason } ? reason : exception.Message;
}
