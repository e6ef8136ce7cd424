using System.Numerics;

namespace Livepeer.Protocol;

/// <summary>
/// A probabilistic micropayment ticket as the TicketBroker takes it: the ABI tuple
/// <c>(address recipient, address sender, uint256 faceValue, uint256 winProb, uint256 senderNonce, bytes32 recipientRandHash, bytes auxData)</c>.
/// Two tickets are equal when every field, including the bytes, is equal.
/// </summary>
/// <param name="Recipient">The orchestrator paid when the ticket wins.</param>
/// <param name="Sender">The gateway (broadcaster) that pays and signs the ticket.</param>
/// <param name="FaceValue">What a winning ticket pays.</param>
/// <param name="WinProb">The win probability scaled to 2²⁵⁶−1: the ticket wins when <c>keccak256(sig ‖ recipientRand) &lt; WinProb</c>.</param>
/// <param name="SenderNonce">A sender counter that keeps tickets with the same <paramref name="RecipientRandHash"/> distinct.</param>
/// <param name="RecipientRandHash">The 32-byte <c>keccak256</c> of the recipient's secret (see <see cref="HashRecipientRand"/>).</param>
/// <param name="AuxData">64 bytes: the creation round and that round's block hash (see <see cref="CreateAuxData"/>).</param>
public sealed record Ticket(
    EthAddress Recipient,
    EthAddress Sender,
    Wei FaceValue,
    BigInteger WinProb,
    BigInteger SenderNonce,
    byte[] RecipientRandHash,
    byte[] AuxData)
{
    /// <summary>The length of <see cref="AuxData"/> the TicketBroker accepts.</summary>
    public const int AuxDataLength = 64;

    private static readonly AbiType[] PackedLayout =
        [AbiType.Address, AbiType.Address, AbiType.UInt256, AbiType.UInt256, AbiType.UInt256, AbiType.Bytes32, AbiType.Bytes];

    /// <summary>
    /// The ticket hash, as <c>TicketBroker.getTicketHash</c> computes it:
    /// <c>keccak256(abi.encodePacked(recipient, sender, faceValue, winProb, senderNonce, recipientRandHash, auxData))</c>.
    /// The sender signs its EIP-191 hash.
    /// </summary>
    /// <exception cref="EthereumFormatException">A field does not fit its type (a negative or oversized integer, a hash that is not 32 bytes).</exception>
    public byte[] ComputeHash()
        => Keccak256.Hash(AbiCodec.EncodePacked(PackedLayout, ToAbiTuple()));

    /// <summary><c>keccak256</c> of the recipient's secret as a 32-byte big-endian word: the ticket's <see cref="RecipientRandHash"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a uint256.</exception>
    public static byte[] HashRecipientRand(BigInteger recipientRand)
    {
        if (recipientRand.Sign < 0 || recipientRand > Uint256.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(recipientRand), "The recipient's secret is a uint256.");
        }
        return Keccak256.Hash(Uint256.ToPadded(recipientRand));
    }

    /// <summary>
    /// The auxiliary data of a ticket created in <paramref name="creationRound"/>: the round as a 32-byte word followed
    /// by <c>RoundsManager.blockHashForRound(creationRound)</c>, which must be read from the chain, never computed.
    /// </summary>
    /// <exception cref="ArgumentException">The block hash is not 32 bytes.</exception>
    public static byte[] CreateAuxData(ulong creationRound, ReadOnlySpan<byte> creationRoundBlockHash)
    {
        if (creationRoundBlockHash.Length != 32)
        {
            throw new ArgumentException($"A round's block hash is 32 bytes, not {creationRoundBlockHash.Length}.", nameof(creationRoundBlockHash));
        }
        var auxData = new byte[AuxDataLength];
        Uint256.WritePadded(creationRound, auxData.AsSpan(0, 32));
        creationRoundBlockHash.CopyTo(auxData.AsSpan(32));
        return auxData;
    }

    /// <summary>The ticket as the values of its ABI tuple, in field order.</summary>
    internal object?[] ToAbiTuple() => [Recipient, Sender, FaceValue, WinProb, SenderNonce, RecipientRandHash, AuxData];

    /// <inheritdoc/>
    public bool Equals(Ticket? other)
        => other is not null
            && Recipient == other.Recipient
            && Sender == other.Sender
            && FaceValue == other.FaceValue
            && WinProb == other.WinProb
            && SenderNonce == other.SenderNonce
            && (RecipientRandHash ?? []).AsSpan().SequenceEqual(other.RecipientRandHash ?? [])
            && (AuxData ?? []).AsSpan().SequenceEqual(other.AuxData ?? []);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Recipient, Sender, FaceValue, WinProb, SenderNonce);
}

/// <summary>A winning ticket with what redeeming it takes: the sender's signature and the recipient's secret.</summary>
/// <param name="Ticket">The ticket.</param>
/// <param name="Signature">The sender's 65-byte signature (<c>v</c> 27 or 28) over the EIP-191 hash of <see cref="Ticket.ComputeHash"/>.</param>
/// <param name="RecipientRand">The recipient's secret, whose hash is <see cref="Ticket.RecipientRandHash"/>.</param>
public sealed record WinningTicket(Ticket Ticket, EthSignature Signature, BigInteger RecipientRand);
