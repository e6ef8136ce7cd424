using System.Numerics;
using Livepeer.Protocol;

namespace Livepeer.Payments;

/// <summary>
/// A winning ticket as the recipient keeps it until redemption: the on-chain ticket, the sender's signature, the
/// recipient's revealed secret and the block at which the ticket's parameters expired.
/// </summary>
/// <param name="Ticket">The ticket as the TicketBroker takes it.</param>
/// <param name="Signature">The sender's signature over the EIP-191 hash of <see cref="Ticket.ComputeHash"/>.</param>
/// <param name="RecipientRand">The recipient's secret, whose hash is <see cref="Ticket.RecipientRandHash"/>.</param>
/// <param name="ParamsExpirationBlock">The L1 block from which the ticket's parameters were no longer accepted; it is redeemed only once this block is reached, so that the secret is revealed only when it can no longer be used.</param>
public sealed record SignedTicket(Ticket Ticket, EthSignature Signature, BigInteger RecipientRand, ulong ParamsExpirationBlock)
{
    /// <summary>The round the ticket was created in, read from its auxiliary data (0 when it has none).</summary>
    public ulong CreationRound
    {
        get
        {
            var aux = Ticket.AuxData ?? [];
            return aux.Length == Ticket.AuxDataLength ? (ulong)new BigInteger(aux.AsSpan(0, 32), isUnsigned: true, isBigEndian: true) : 0;
        }
    }

    /// <summary>The ticket in the form the TicketBroker client redeems.</summary>
    public WinningTicket ToWinningTicket() => new(Ticket, Signature, RecipientRand);
}
