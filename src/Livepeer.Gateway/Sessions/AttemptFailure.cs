using System.Net;
using Livepeer.Network;
using Livepeer.Payments;
using Livepeer.Transcoding;

namespace Livepeer.Gateway;

/// <summary>What a failed attempt means for the segment and the orchestrator (go-livepeer's retry rules, §7.3).</summary>
internal enum AttemptFailureKind
{
    /// <summary>The orchestrator's fault: suspend it, remove it from the pool, try another.</summary>
    Retryable,

    /// <summary>Any orchestrator would fail the same way: give up on the segment, keep the orchestrator.</summary>
    Rejected,

    /// <summary>The gateway's own TicketBroker funds stop payments: stop the stream.</summary>
    SenderFunds,

    /// <summary>Nothing to do with the orchestrator (the chain could not be read, say): fail the segment, keep the orchestrator.</summary>
    Failed,
}

/// <summary>A failed attempt, classified.</summary>
internal sealed class AttemptFailure : Exception
{
    private static readonly HashSet<string> SharedRefusals = new(StringComparer.Ordinal)
    {
        NetworkException.WireText(NetworkErrorCode.SegmentEncoding),
        NetworkException.WireText(NetworkErrorCode.InvalidDuration),
    };

    public AttemptFailure(AttemptFailureKind kind, string reason, Exception? innerException = null)
        : base(reason, innerException)
    {
        Kind = kind;
    }

    public AttemptFailureKind Kind { get; }

    /// <summary>The orchestrator's results were not signed by the address it presented (go-livepeer's <c>PM Check Failed</c>).</summary>
    public bool IsIdentityMismatch { get; private init; }

    public static AttemptFailure Retryable(string reason, Exception? innerException = null) => new(AttemptFailureKind.Retryable, reason, innerException);

    /// <summary>A result signature that does not match: retryable, since another orchestrator may sign correctly.</summary>
    public static AttemptFailure IdentityMismatch(string reason) => new(AttemptFailureKind.Retryable, reason) { IsIdentityMismatch = true };

    /// <summary>Classifies a failed <c>/segment</c> request.</summary>
    public static AttemptFailure FromSubmit(Exception exception)
    {
        switch (exception)
        {
            case NetworkException { ErrorCode: NetworkErrorCode.TranscodeFailed } transcode when !TranscodeErrors.IsRetryable(transcode.Message):
                return new AttemptFailure(AttemptFailureKind.Rejected, transcode.Message, exception);
            case HttpCallException http when IsSharedRefusal(http):
                return new AttemptFailure(AttemptFailureKind.Rejected, $"{(int)http.StatusCode} {http.Detail}", exception);
            case HttpCallException http:
                return Retryable($"{(int)http.StatusCode} {http.Detail}", exception);
            default:
                return Retryable(exception.Message, exception);
        }
    }

    /// <summary>Classifies a refused ticket batch or ticket parameters.</summary>
    public static AttemptFailure FromTickets(TicketRejection rejection, Exception? innerException = null)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return rejection.Reason switch
        {
            TicketRejectionReason.NoSenderDeposit or TicketRejectionReason.NoSenderReserve or TicketRejectionReason.OwnFundsUnlocking
                => new AttemptFailure(AttemptFailureKind.SenderFunds, rejection.Message, innerException),
            TicketRejectionReason.SenderInfoUnavailable => new AttemptFailure(AttemptFailureKind.Failed, rejection.Message, innerException),
            _ => Retryable(rejection.Message, innerException),
        };
    }

    /// <summary>
    /// A refusal of the segment itself, which another orchestrator would repeat: its header does not decode, its
    /// duration or renditions are invalid, or it is too large.
    /// </summary>
    private static bool IsSharedRefusal(HttpCallException http)
        => http.StatusCode == HttpStatusCode.RequestEntityTooLarge
            || (http.StatusCode == HttpStatusCode.Forbidden
                && (SharedRefusals.Contains(http.Detail) || http.Detail.StartsWith("unrecognized ", StringComparison.Ordinal)));
}
