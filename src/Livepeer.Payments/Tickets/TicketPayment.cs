using Livepeer.Protocol;

namespace Livepeer.Payments;

/// <summary>
/// A payment as the recipient checks it: the Livepeer-owned form of the wire's <c>Payment</c> message. Every
/// ticket shares the parameters; each adds its nonce and signature.
/// </summary>
/// <param name="Sender">The paying account; null when the wire message had none.</param>
/// <param name="TicketParams">The parameters the recipient issued, echoed; null for a payment without tickets (price 0).</param>
/// <param name="ExpirationParams">The creation round and its block hash (the tickets' auxiliary data); null for none.</param>
/// <param name="ExpectedPrice">The price the sender pays, echoed as the recipient quoted it; null when missing.</param>
/// <param name="Tickets">The tickets' nonces and signatures.</param>
public sealed record TicketPayment(
    EthAddress? Sender,
    TicketParams? TicketParams,
    TicketExpirationParams? ExpirationParams,
    PixelPrice? ExpectedPrice,
    IReadOnlyList<TicketSenderParams> Tickets)
{
    /// <summary>
    /// The per-ticket part from the wire's raw signature bytes. Bytes that are not a valid signature (wrong length,
    /// high S, v not 27/28) give an empty signature, which the recipient refuses as <see cref="TicketRejectionReason.InvalidSignature"/>
    /// without failing the rest of the payment.
    /// </summary>
    public static TicketSenderParams CreateSenderParams(uint senderNonce, ReadOnlySpan<byte> signature)
        => new(senderNonce, EthSignature.TryParse(signature, out var parsed) ? parsed : default);
}

/// <summary>What the recipient made of a payment. A refused payment is a value, not an exception.</summary>
/// <param name="AcceptedTickets">Tickets credited (those before the first error).</param>
/// <param name="WonTickets">Winning tickets handed to the redemption queue.</param>
/// <param name="CreditedEv">The EV credited to the sender's balance, in wei.</param>
/// <param name="Rejection">The fatal error, or the last non-fatal one; null when every ticket was accepted.</param>
public sealed record PaymentResult(int AcceptedTickets, int WonTickets, BigRational CreditedEv, TicketRejection? Rejection)
{
    /// <summary>True when no ticket was refused.</summary>
    public bool IsAccepted => Rejection is null;
}
