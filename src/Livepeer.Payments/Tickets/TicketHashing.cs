using System.Buffers.Binary;
using System.Numerics;
using Livepeer.Protocol;

namespace Livepeer.Payments;

/// <summary>
/// The ticket hash and the winning rule without the ABI codec: the packed preimage is written into a caller's span
/// and hashed with the span API of <see cref="Keccak256"/>, so the per-ticket path allocates nothing. The result is
/// identical to <see cref="Ticket.ComputeHash"/>.
/// </summary>
internal static class TicketHashing
{
    /// <summary>The preimage length without auxiliary data (round 0 and a zero block hash).</summary>
    public const int PreimageLength = 168;

    /// <summary>The preimage length with the 64 bytes of auxiliary data; the only form the TicketBroker redeems.</summary>
    public const int PreimageWithAuxDataLength = PreimageLength + Ticket.AuxDataLength;

    /// <summary>Where the 32-byte sender nonce sits in the preimage.</summary>
    public const int NonceOffset = 104;

    /// <summary>
    /// Writes <c>recipient ‖ sender ‖ uint256(faceValue) ‖ uint256(winProb) ‖ uint256(nonce) ‖ recipientRandHash ‖ auxData</c>.
    /// </summary>
    /// <returns>The number of bytes written: 168, or 232 with auxiliary data.</returns>
    /// <exception cref="ArgumentException">The destination is too short, the hash is not 32 bytes or the auxiliary data is neither empty nor 64 bytes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The face value or win probability is not a uint256.</exception>
    public static int WritePreimage(
        EthAddress recipient,
        EthAddress sender,
        BigInteger faceValue,
        BigInteger winProb,
        uint senderNonce,
        ReadOnlySpan<byte> recipientRandHash,
        ReadOnlySpan<byte> auxData,
        Span<byte> destination)
    {
        var length = WritePreimageExceptNonce(recipient, sender, faceValue, winProb, recipientRandHash, auxData, destination);
        SetNonce(destination, senderNonce);
        return length;
    }

    /// <summary>Writes everything but the nonce, for a batch of tickets that differ only in their nonce.</summary>
    /// <returns>The preimage length: 168 or 232.</returns>
    public static int WritePreimageExceptNonce(
        EthAddress recipient,
        EthAddress sender,
        BigInteger faceValue,
        BigInteger winProb,
        ReadOnlySpan<byte> recipientRandHash,
        ReadOnlySpan<byte> auxData,
        Span<byte> destination)
    {
        if (recipientRandHash.Length != 32)
        {
            throw new ArgumentException("The recipientRandHash is 32 bytes.", nameof(recipientRandHash));
        }
        if (auxData.Length is not (0 or Ticket.AuxDataLength))
        {
            throw new ArgumentException("The auxiliary data is empty or 64 bytes.", nameof(auxData));
        }
        var length = PreimageLength + auxData.Length;
        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination must hold {length} bytes.", nameof(destination));
        }
        recipient.WriteTo(destination);
        sender.WriteTo(destination[20..]);
        Uint256.WritePadded(faceValue, destination[40..]);
        Uint256.WritePadded(winProb, destination[72..]);
        recipientRandHash.CopyTo(destination[136..]);
        auxData.CopyTo(destination[PreimageLength..]);
        return length;
    }

    /// <summary>Overwrites the nonce word of a preimage.</summary>
    public static void SetNonce(Span<byte> preimage, uint senderNonce)
    {
        var word = preimage.Slice(NonceOffset, 32);
        word[..28].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(word[28..], senderNonce);
    }

    /// <summary>Hashes the fields into <paramref name="hash"/> (32 bytes) through a stack buffer.</summary>
    public static void ComputeHash(
        EthAddress recipient,
        EthAddress sender,
        BigInteger faceValue,
        BigInteger winProb,
        uint senderNonce,
        ReadOnlySpan<byte> recipientRandHash,
        ReadOnlySpan<byte> auxData,
        Span<byte> hash)
    {
        Span<byte> preimage = stackalloc byte[PreimageWithAuxDataLength];
        var length = WritePreimage(recipient, sender, faceValue, winProb, senderNonce, recipientRandHash, auxData, preimage);
        Keccak256.Hash(preimage[..length], hash);
    }

    /// <summary>
    /// True when <c>keccak256(signature ‖ recipientRandWord) &lt; winProbWord</c>, both words 32-byte big-endian.
    /// Comparing the big-endian bytes is comparing the numbers, so no big integer is built per ticket.
    /// </summary>
    public static bool IsWinning(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> recipientRandWord, ReadOnlySpan<byte> winProbWord)
    {
        var hasher = default(Keccak256);
        hasher.Append(signature);
        hasher.Append(recipientRandWord[..32]);
        Span<byte> hash = stackalloc byte[32];
        hasher.Finish(hash);
        return hash.SequenceCompareTo(winProbWord[..32]) < 0;
    }

    /// <summary>The winning rule with numbers: <c>uint256(keccak256(signature ‖ uint256(recipientRand))) &lt; winProb</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is not a uint256.</exception>
    public static bool IsWinning(ReadOnlySpan<byte> signature, BigInteger recipientRand, BigInteger winProb)
    {
        Span<byte> words = stackalloc byte[64];
        Uint256.WritePadded(recipientRand, words);
        Uint256.WritePadded(winProb, words[32..]);
        return IsWinning(signature, words[..32], words[32..]);
    }
}
