using System.Numerics;
using System.Text;
using Google.Protobuf;
using Livepeer.Protocol;

namespace Livepeer.Network;

/// <summary>
/// The scalar conventions of the wire: big integers as minimal big-endian bytes (go's <c>big.Int.Bytes()</c>, empty
/// for zero, never a sign byte), addresses as 20 raw bytes. Every read bounds what it accepts, so a peer's bytes
/// become a typed error rather than an exception from deeper down.
/// </summary>
internal static class WireValues
{
    public const int MaxUint256Bytes = 32;

    public static ByteString ToMinimalBigEndian(BigInteger value)
    {
        if (value.Sign < 0)
        {
            throw new NetworkException(NetworkErrorCode.Unrepresentable, "A negative number has no unsigned big-endian form on the wire.");
        }

        return value.IsZero ? ByteString.Empty : UnsafeByteOperations.UnsafeWrap(value.ToByteArray(isUnsigned: true, isBigEndian: true));
    }

    public static ByteString ToMinimalBigEndian(ulong value) => ToMinimalBigEndian(new BigInteger(value));

    /// <summary>Reads unsigned big-endian bytes of at most 256 significant bits; leading zero bytes are tolerated as go tolerates them.</summary>
    public static BigInteger ReadUint256(ByteString bytes, string field)
    {
        var span = bytes.Span;
        var firstNonZero = span.IndexOfAnyExcept((byte)0);
        if (firstNonZero < 0)
        {
            return BigInteger.Zero;
        }

        var significant = span[firstNonZero..];
        if (significant.Length > MaxUint256Bytes)
        {
            throw new NetworkException(NetworkErrorCode.InvalidField, $"{field} has {significant.Length} significant bytes; a uint256 has at most 32.");
        }

        return new BigInteger(significant, isUnsigned: true, isBigEndian: true);
    }

    public static ulong ReadUInt64(ByteString bytes, string field)
    {
        var value = ReadUint256(bytes, field);
        return value <= ulong.MaxValue
            ? (ulong)value
            : throw new NetworkException(NetworkErrorCode.InvalidField, $"{field} does not fit in 64 bits.");
    }

    public static ByteString ToBytes(EthAddress address) => UnsafeByteOperations.UnsafeWrap(address.ToArray());

    public static EthAddress ReadAddress(ByteString bytes, string field)
        => bytes.Length == EthAddress.Size
            ? new EthAddress(bytes.Span)
            : throw new NetworkException(NetworkErrorCode.InvalidField, $"{field} is {bytes.Length} bytes; an address is 20.");

    public static EthAddress? ReadOptionalAddress(ByteString bytes, string field)
        => bytes.IsEmpty ? null : ReadAddress(bytes, field);

    public static ByteString Copy(byte[]? bytes) => bytes is null || bytes.Length == 0 ? ByteString.Empty : ByteString.CopyFrom(bytes);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string ReadUtf8(ByteString bytes, string field)
    {
        try
        {
            return StrictUtf8.GetString(bytes.Span);
        }
        catch (DecoderFallbackException e)
        {
            throw new NetworkException(NetworkErrorCode.InvalidField, $"{field} is not UTF-8 text.", innerException: e);
        }
    }

    public static ByteString ToUtf8(string text) => UnsafeByteOperations.UnsafeWrap(Encoding.UTF8.GetBytes(text));
}
