namespace Livepeer.Payments;

/// <summary>
/// Why a ticket, a payment or a set of ticket parameters was refused. Each cause has its own code, and its message
/// starts with go-livepeer's text for it so that peers that match on the text keep working.
/// </summary>
public enum TicketRejectionReason
{
    /// <summary>The payment or ticket is malformed: a field has the wrong length or is out of range.</summary>
    Malformed = 1,

    /// <summary>Tickets came without a sender: <c>Could not find Sender for payment</c>.</summary>
    MissingSender,

    /// <summary>The payment's expected price is missing or has 0 pixels per unit: <c>invalid expected price sent with payment</c>.</summary>
    InvalidExpectedPrice,

    /// <summary>The ticket recipient is not active in the current round: <c>orchestrator 0x… is inactive in round N, cannot process payments</c>.</summary>
    RecipientInactive,

    /// <summary>The sender's deposit and reserve unlock soon: <c>deposit and reserve for sender 0x… is set to unlock soon</c>.</summary>
    SenderUnlocking,

    /// <summary>The sender's on-chain funds could not be read, so the sender could not be validated.</summary>
    SenderInfoUnavailable,

    /// <summary>The ticket is not addressed to this recipient: <c>invalid ticket recipient</c>.</summary>
    InvalidRecipient,

    /// <summary>The ticket sender is the zero address: <c>invalid ticket sender</c>.</summary>
    InvalidSender,

    /// <summary>The echoed parameters do not reproduce the recipient's secret: <c>invalid recipientRand for ticket recipientRandHash</c>.</summary>
    InvalidRecipientRand,

    /// <summary>The signature does not recover to the sender: <c>invalid ticket signature</c>.</summary>
    InvalidSignature,

    /// <summary>The nonce was already used with these parameters: <c>invalid ticket senderNonce: already seen</c>.</summary>
    NonceAlreadySeen,

    /// <summary>More than 600 nonces were sent with these parameters: <c>invalid ticket senderNonce: too many values</c>.</summary>
    TooManyNonces,

    /// <summary>The ticket parameters have expired: <c>TicketParams expired</c>.</summary>
    ParamsExpired,

    /// <summary>There are no ticket parameters.</summary>
    ParamsMissing,

    /// <summary>The parameters' expiration block is 0: <c>ticketParams expiration block is 0</c>.</summary>
    ExpirationBlockZero,

    /// <summary>The ticket's EV is not below its face value (a certain win): <c>ticket faceValue too low</c>.</summary>
    FaceValueTooLow,

    /// <summary>The ticket's EV exceeds the sender's limit: <c>ticket EV … &gt; max ticket EV …</c>.</summary>
    TicketEvTooHigh,

    /// <summary>The EV of one payment's tickets exceeds the sender's limit: <c>total ticket EV … for N tickets &gt; max total ticket EV …</c>.</summary>
    TotalEvTooHigh,

    /// <summary>The face value exceeds the sender's deposit divided by its deposit multiplier: <c>ticket faceValue X &gt; max faceValue Y</c>.</summary>
    FaceValueAboveDeposit,

    /// <summary>The sender's own deposit and reserve unlock soon: <c>unable to validate sender: deposit and reserve is set to unlock soon</c>.</summary>
    OwnFundsUnlocking,

    /// <summary>The sender has no reserve: <c>no sender reserve</c>.</summary>
    NoSenderReserve,

    /// <summary>The sender has no deposit: <c>no sender deposit</c>.</summary>
    NoSenderDeposit,

    /// <summary>The orchestrator's price rose above twice the price at the start of the session: <c>Orchestrator price has more than doubled</c>.</summary>
    PriceMoreThanDoubled,

    /// <summary>No session has this id (it was never started or was cleaned up).</summary>
    UnknownSession,

    /// <summary>The sender's max float is below the ticket EV, so no face value can be offered: <c>insufficient sender reserve</c> (max float below EV).</summary>
    MaxFloatBelowEv,

    /// <summary>The face value would not cover the redemption's gas: <c>insufficient sender reserve</c> (face value below transaction cost).</summary>
    FaceValueBelowTxCost,

    /// <summary>The balance does not cover the work: insufficient balance.</summary>
    InsufficientBalance,

    /// <summary>A winning ticket could not be handed to the redemption queue; the payment is not credited from that ticket on.</summary>
    WinningTicketNotQueued,

    /// <summary>Whether the recipient is active in the current round could not be read, so the payment was not processed.</summary>
    RecipientActivityUnavailable,
}

/// <summary>A refusal: its reason code, the message (starting with go-livepeer's text), and whether it aborts the whole payment.</summary>
/// <param name="Reason">The cause.</param>
/// <param name="Message">The human-readable message; it starts with go-livepeer's text for the cause.</param>
/// <param name="IsFatal">True when the rest of the payment is not examined (go-livepeer's fatal ticket errors).</param>
public sealed record TicketRejection(TicketRejectionReason Reason, string Message, bool IsFatal = false)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Reason}: {Message}";
}
