using System.Globalization;
using System.Numerics;

namespace Livepeer.Protocol;

/// <summary>The JSON-RPC "quantity" and "data" encodings.</summary>
internal static class RpcQuantity
{
    public static string Format(BigInteger value)
    {
        if (value.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "A JSON-RPC quantity is non-negative.");
        }
        return value.IsZero ? "0x0" : "0x" + Convert.ToHexStringLower(value.ToByteArray(isUnsigned: true, isBigEndian: true)).TrimStart('0');
    }

    public static string Format(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    public static BigInteger ParseBig(string? text, string field)
    {
        if (text is null || text.Length < 3 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X') || text.Length > 66)
        {
            throw Malformed(field, text);
        }
        var digits = text.AsSpan(2);
        foreach (var c in digits)
        {
            if (Hex.Nibble(c) < 0)
            {
                throw Malformed(field, text);
            }
        }
        return BigInteger.Parse(string.Concat("0", digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    public static ulong ParseULong(string? text, string field)
    {
        var value = ParseBig(text, field);
        if (value > ulong.MaxValue)
        {
            throw Malformed(field, text);
        }
        return (ulong)value;
    }

    public static byte[] ParseData(string? text, string field)
    {
        if (text is null || !Hex.TryDecode(text, out var bytes))
        {
            throw Malformed(field, text);
        }
        return bytes;
    }

    private static JsonRpcException Malformed(string field, string? text) => new(
        ProtocolErrorCode.RpcTransport,
        $"The JSON-RPC endpoint returned a malformed {field}: '{(text is { Length: > 80 } ? text[..80] + "…" : text)}'.");
}
