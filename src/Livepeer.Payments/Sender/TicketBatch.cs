using Livepeer.Protocol;

namespace Livepeer.Payments;

/// <summary>Tickets sent together: they share the parameters, expiration params and price, and have distinct, increasing nonces.</summary>
/// <param name="Sender">The signing account.</param>
/// <param name="TicketParams">The recipient's parameters.</param>
/// <param name="ExpirationParams">The creation round and block hash hashed into every ticket.</param>
/// <param name="Price">The price the recipient quoted, echoed so it can recompute its secret.</param>
/// <param name="SenderParams">Each ticket's nonce and signature.</param>
public sealed record TicketBatch(
    EthAddress Sender,
    TicketParams TicketParams,
    TicketExpirationParams ExpirationParams,
    PixelPrice Price,
    IReadOnlyList<TicketSenderParams> SenderParams)
{
    /// <summary>The EV of all tickets of the batch in wei.</summary>
    public BigRational ExpectedValue
        => TicketMath.ExpectedValue(TicketParams.FaceValue, TicketParams.WinProb) * SenderParams.Count;

    /// <summary>The batch as the payment the recipient receives.</summary>
    public TicketPayment ToPayment() => new(Sender, TicketParams, ExpirationParams, Price, SenderParams);

    /// <summary>The on-chain form of each ticket, in nonce order.</summary>
    public IEnumerable<Ticket> ToTickets()
    {
        var auxData = ExpirationParams.ToAuxData();
        foreach (var senderParams in SenderParams)
        {
            yield return new Ticket(
                TicketParams.Recipient,
                Sender,
                TicketParams.FaceValue,
                TicketParams.WinProb,
                senderParams.SenderNonce,
                TicketParams.RecipientRandHash,
                auxData);
        }
    }
}
