using System.Buffers;
using System.Numerics;
using System.Security.Cryptography;
using Livepeer.Protocol;

namespace Livepeer.Payments;

/// <summary>
/// The recipient's per-parameters secret: <c>HMAC-SHA256(secret, minBE(seed) ‖ sender ‖ minBE(faceValue) ‖
/// minBE(winProb) ‖ minBE(expirationBlock) ‖ minBE(price.num) ‖ minBE(price.den) ‖ auxData)</c>. The recipient never
/// stores it; it recomputes it from what the sender echoes, so any change to those fields changes it.
/// </summary>
internal static class RecipientRandom
{
    private const int StackLimit = 512;

    /// <summary>Computes the secret into <paramref name="destination"/> as a 32-byte big-endian word.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The seed, face value or win probability is negative.</exception>
    public static void Compute(
        ReadOnlySpan<byte> secret,
        BigInteger seed,
        EthAddress sender,
        BigInteger faceValue,
        BigInteger winProb,
        ulong expirationBlock,
        PixelPrice price,
        ReadOnlySpan<byte> auxData,
        Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seed);
        ArgumentOutOfRangeException.ThrowIfNegative(faceValue);
        ArgumentOutOfRangeException.ThrowIfNegative(winProb);
        var reduced = price.Reduce();

        // Go's big.Int.Bytes() writes the magnitude, so a negative price hashes as its absolute value.
        var priceNumerator = BigInteger.Abs(reduced.PricePerUnit);
        var length = MinimalLength(seed) + EthAddress.Size + MinimalLength(faceValue) + MinimalLength(winProb)
            + MinimalLength(expirationBlock) + MinimalLength(priceNumerator) + MinimalLength(reduced.PixelsPerUnit) + auxData.Length;

        byte[]? rented = null;
        Span<byte> message = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var offset = WriteMinimal(seed, message, 0);
            sender.WriteTo(message[offset..]);
            offset += EthAddress.Size;
            offset = WriteMinimal(faceValue, message, offset);
            offset = WriteMinimal(winProb, message, offset);
            offset = WriteMinimal(expirationBlock, message, offset);
            offset = WriteMinimal(priceNumerator, message, offset);
            offset = WriteMinimal(reduced.PixelsPerUnit, message, offset);
            auxData.CopyTo(message[offset..]);
            HMACSHA256.HashData(secret, message[..length], destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Computes the secret as a number.</summary>
    public static BigInteger Compute(
        ReadOnlySpan<byte> secret,
        BigInteger seed,
        EthAddress sender,
        BigInteger faceValue,
        BigInteger winProb,
        ulong expirationBlock,
        PixelPrice price,
        ReadOnlySpan<byte> auxData)
    {
        Span<byte> word = stackalloc byte[32];
        Compute(secret, seed, sender, faceValue, winProb, expirationBlock, price, auxData, word);
        return Uint256.ReadUnsigned(word);
    }

    /// <summary>Writes <c>keccak256(word)</c>: the recipientRandHash of a 32-byte secret.</summary>
    public static void Hash(ReadOnlySpan<byte> word, Span<byte> destination) => Keccak256.Hash(word[..32], destination);

    private static int MinimalLength(BigInteger value) => value.IsZero ? 0 : value.GetByteCount(isUnsigned: true);

    private static int WriteMinimal(BigInteger value, Span<byte> destination, int offset)
    {
        if (value.IsZero)
        {
            return offset;
        }
        value.TryWriteBytes(destination[offset..], out var written, isUnsigned: true, isBigEndian: true);
        return offset + written;
    }
}
