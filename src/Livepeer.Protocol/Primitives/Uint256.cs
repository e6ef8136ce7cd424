using System.Numerics;

namespace Livepeer.Protocol;

/// <summary>Conversions between <see cref="BigInteger"/> and the two big-endian forms Ethereum uses.</summary>
public static class Uint256
{
    /// <summary>2^256 − 1.</summary>
    public static readonly BigInteger MaxValue = (BigInteger.One << 256) - 1;

    /// <summary>Writes <paramref name="value"/> as a 32-byte big-endian word (two's complement for negatives).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value does not fit 256 bits.</exception>
    public static void WritePadded(BigInteger value, Span<byte> destination)
    {
        if (destination.Length < 32)
        {
            throw new ArgumentException("The destination must hold 32 bytes.", nameof(destination));
        }
        var word = destination[..32];
        if (value.Sign < 0)
        {
            if (value < -(BigInteger.One << 255))
            {
                throw new ArgumentOutOfRangeException(nameof(value), "The value does not fit in a signed 256-bit word.");
            }
            value += BigInteger.One << 256;
        }
        else if (value > MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "The value does not fit in 256 bits.");
        }
        word.Clear();
        var length = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(word[(32 - length)..], out _, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>A new 32-byte big-endian word.</summary>
    public static byte[] ToPadded(BigInteger value)
    {
        var word = new byte[32];
        WritePadded(value, word);
        return word;
    }

    /// <summary>The minimal big-endian bytes of a non-negative value; zero gives an empty array.</summary>
    public static byte[] ToMinimal(BigInteger value)
    {
        if (value.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Only non-negative values have a minimal unsigned form.");
        }
        return value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);
    }

    /// <summary>Reads unsigned big-endian bytes of any length (an empty span is zero).</summary>
    public static BigInteger ReadUnsigned(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: true);

    /// <summary>Reads a 32-byte two's complement big-endian word as a signed value.</summary>
    public static BigInteger ReadSigned(ReadOnlySpan<byte> word) => new(word, isUnsigned: false, isBigEndian: true);
}
