using Livepeer.Protocol;

namespace Livepeer.Payments.Tests;

/// <summary>Signs tickets directly (without the sender's own checks) so that tests can send anything.</summary>
internal static class PaymentBuilder
{
    public static TicketSenderParams Sign(PrivateKeySigner key, EthAddress sender, TicketParams ticketParams, TicketExpirationParams expiration, uint nonce)
    {
        var ticket = new Ticket(ticketParams.Recipient, sender, ticketParams.FaceValue, ticketParams.WinProb, nonce, ticketParams.RecipientRandHash, expiration.ToAuxData());
        var signature = key.SignDigest(Eip191.HashMessage(ticket.ComputeHash()));
        return new TicketSenderParams(nonce, signature);
    }

    public static TicketPayment Build(PrivateKeySigner key, TicketParams ticketParams, PixelPrice price, params uint[] nonces)
        => Build(key, key.Address, ticketParams, price, nonces);

    public static TicketPayment Build(PrivateKeySigner key, EthAddress sender, TicketParams ticketParams, PixelPrice price, params uint[] nonces)
    {
        var expiration = ticketParams.ExpirationParams;
        return new TicketPayment(sender, ticketParams, expiration, price, nonces.Select(n => Sign(key, sender, ticketParams, expiration, n)).ToList());
    }

    public static uint[] Range(uint first, int count) => Enumerable.Range(0, count).Select(i => first + (uint)i).ToArray();
}
