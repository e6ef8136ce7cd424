using System.Numerics;
using Livepeer.Protocol;

namespace Livepeer.Payments;

/// <summary>
/// The round a ticket was created in and that round's block hash. They form the ticket's auxiliary data, which
/// ties the ticket to a round so that the TicketBroker can expire it.
/// </summary>
/// <param name="CreationRound">The last initialised round when the orchestrator issued the ticket parameters.</param>
/// <param name="CreationRoundBlockHash">The 32-byte hash of the L1 block in which <paramref name="CreationRound"/> was initialised.</param>
public sealed record TicketExpirationParams(ulong CreationRound, byte[] CreationRoundBlockHash)
{
    /// <summary>
    /// The auxiliary data hashed into the ticket: 64 bytes (<c>uint256(round) ‖ blockHash</c>), or empty when the round is 0
    /// and the hash is all zeros. Only the 64-byte form is redeemable on chain.
    /// </summary>
    public byte[] ToAuxData()
    {
        var hash = CreationRoundBlockHash ?? [];
        if (CreationRound == 0 && !hash.AsSpan().ContainsAnyExcept((byte)0))
        {
            return [];
        }
        return Ticket.CreateAuxData(CreationRound, hash.Length == 32 ? hash : new byte[32]);
    }

    /// <inheritdoc/>
    public bool Equals(TicketExpirationParams? other)
        => other is not null
            && CreationRound == other.CreationRound
            && (CreationRoundBlockHash ?? []).AsSpan().SequenceEqual(other.CreationRoundBlockHash ?? []);

    /// <inheritdoc/>
    public override int GetHashCode() => CreationRound.GetHashCode();
}

/// <summary>
/// What an orchestrator (the recipient) issues to a gateway (the sender) so that it can create tickets:
/// the wire's <c>TicketParams</c> message. The sender must echo every field exactly, or the recipient cannot
/// recompute its secret and rejects the tickets.
/// </summary>
/// <param name="Recipient">The address paid by winning tickets.</param>
/// <param name="FaceValue">What a winning ticket pays.</param>
/// <param name="WinProb">The win probability as a numerator over 2²⁵⁶−1.</param>
/// <param name="RecipientRandHash">The 32-byte <c>keccak256(uint256(recipientRand))</c>.</param>
/// <param name="Seed">The random seed the recipient derived its secret from; echoed back with each payment.</param>
/// <param name="ExpirationBlock">The L1 block from which these parameters are no longer accepted.</param>
/// <param name="ExpirationParams">The creation round and its block hash (the ticket's auxiliary data).</param>
public sealed record TicketParams(
    EthAddress Recipient,
    Wei FaceValue,
    BigInteger WinProb,
    byte[] RecipientRandHash,
    BigInteger Seed,
    ulong ExpirationBlock,
    TicketExpirationParams ExpirationParams)
{
    /// <inheritdoc/>
    public bool Equals(TicketParams? other)
        => other is not null
            && Recipient == other.Recipient
            && FaceValue == other.FaceValue
            && WinProb == other.WinProb
            && (RecipientRandHash ?? []).AsSpan().SequenceEqual(other.RecipientRandHash ?? [])
            && Seed == other.Seed
            && ExpirationBlock == other.ExpirationBlock
            && Equals(ExpirationParams, other.ExpirationParams);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Recipient, FaceValue, WinProb, Seed, ExpirationBlock);
}

/// <summary>The per-ticket part a sender adds to shared <see cref="TicketParams"/>: its nonce and its signature.</summary>
/// <param name="SenderNonce">The ticket's nonce within its session; the first ticket of a session has nonce 1.</param>
/// <param name="Signature">The sender's 65-byte EIP-191 signature over the ticket hash.</param>
public sealed record TicketSenderParams(uint SenderNonce, EthSignature Signature);
