namespace Livepeer.Protocol;

/// <summary>Hexadecimal text to and from bytes, with or without a <c>0x</c> prefix.</summary>
public static class Hex
{
    /// <summary>Lower-case hex with a <c>0x</c> prefix.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes, bool prefix = true)
        => prefix ? string.Concat("0x", Convert.ToHexStringLower(bytes)) : Convert.ToHexStringLower(bytes);

    /// <summary>Parses hex text; a <c>0x</c> or <c>0X</c> prefix is optional.</summary>
    /// <exception cref="EthereumFormatException">The text has an odd length or a character that is not a hex digit.</exception>
    public static byte[] Decode(ReadOnlySpan<char> text)
    {
        if (!TryDecode(text, out var bytes, out var error))
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidHex, error);
        }
        return bytes;
    }

    /// <summary>Parses hex text without throwing.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
        => TryDecode(text, out bytes, out _);

    /// <summary>Writes the bytes of <paramref name="text"/> into <paramref name="destination"/>, which must be exactly the right size.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination)
    {
        text = StripPrefix(text);
        if (text.Length != destination.Length * 2)
        {
            return false;
        }
        for (var i = 0; i < destination.Length; i++)
        {
            var hi = Nibble(text[2 * i]);
            var lo = Nibble(text[2 * i + 1]);
            if ((hi | lo) < 0)
            {
                return false;
            }
            destination[i] = (byte)((hi << 4) | lo);
        }
        return true;
    }

    internal static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes, out string error)
    {
        var digits = StripPrefix(text);
        if (digits.Length % 2 != 0)
        {
            bytes = [];
            error = $"Hex text has an odd number of digits ({digits.Length}).";
            return false;
        }
        bytes = new byte[digits.Length / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            var hi = Nibble(digits[2 * i]);
            var lo = Nibble(digits[2 * i + 1]);
            if ((hi | lo) < 0)
            {
                var at = hi < 0 ? 2 * i : 2 * i + 1;
                error = $"Hex text has a character that is not a hex digit at position {at + (text.Length - digits.Length)}.";
                bytes = [];
                return false;
            }
            bytes[i] = (byte)((hi << 4) | lo);
        }
        error = string.Empty;
        return true;
    }

    internal static ReadOnlySpan<char> StripPrefix(ReadOnlySpan<char> text)
        => text.Length >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X') ? text[2..] : text;

    internal static int Nibble(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
