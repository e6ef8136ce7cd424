using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Livepeer.Protocol;

/// <summary>A 20-byte Ethereum account address. Prints in EIP-55 checksummed form.</summary>
[System.ComponentModel.TypeConverter(typeof(EthAddressTypeConverter))]
public readonly record struct EthAddress : ISpanFormattable, IParsable<EthAddress>
{
    /// <summary>The length of an address in bytes.</summary>
    public const int Size = 20;

    private readonly ulong _a;
    private readonly ulong _b;
    private readonly uint _c;

    /// <summary>Creates an address from exactly 20 bytes.</summary>
    /// <exception cref="EthereumFormatException">The span is not 20 bytes long.</exception>
    public EthAddress(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidAddress, $"An address is {Size} bytes, not {bytes.Length}.");
        }
        _a = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _b = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _c = BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]);
    }

    /// <summary>The zero address, <c>0x0000000000000000000000000000000000000000</c>.</summary>
    public static EthAddress Zero => default;

    /// <summary>True for the zero address.</summary>
    public bool IsZero => _a == 0 && _b == 0 && _c == 0;

    /// <summary>Writes the 20 bytes into <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException("The destination must hold 20 bytes.", nameof(destination));
        }
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], _c);
    }

    /// <summary>The 20 bytes as a new array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>The address of the account that owns the uncompressed public key (64 bytes X‖Y, or 65 with a 0x04 prefix).</summary>
    public static EthAddress FromPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length == 65 && publicKey[0] == 0x04)
        {
            publicKey = publicKey[1..];
        }
        if (publicKey.Length != 64)
        {
            throw new ArgumentException("An uncompressed public key is 64 bytes (or 65 with the 0x04 prefix).", nameof(publicKey));
        }
        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(publicKey, hash);
        return new EthAddress(hash[12..]);
    }

    /// <summary>
    /// Parses <c>0x</c>-prefixed (or bare) hex. All-lower-case and all-upper-case text is accepted as is;
    /// mixed case must match the EIP-55 checksum.
    /// </summary>
    /// <exception cref="EthereumFormatException">Wrong length, a non-hex character, or a bad checksum.</exception>
    public static EthAddress Parse(string text) => Parse(text, provider: null);

    /// <inheritdoc cref="Parse(string)"/>
    public static EthAddress Parse(string text, IFormatProvider? provider)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParse(text, out var address, out var error, out var code))
        {
            throw new EthereumFormatException(code, error);
        }
        return address;
    }

    /// <summary>Parses without throwing; false for any text <see cref="Parse(string)"/> would reject.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out EthAddress address)
        => TryParse(text, out address, out _, out _);

    /// <inheritdoc/>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out EthAddress result)
        => TryParse(s, out result);

    private static bool TryParse(string? text, out EthAddress address, out string error, out ProtocolErrorCode code)
    {
        address = default;
        code = ProtocolErrorCode.InvalidAddress;
        if (text is null)
        {
            error = "The address is null.";
            return false;
        }
        var digits = Hex.StripPrefix(text);
        if (digits.Length != Size * 2)
        {
            error = $"An address is 40 hex digits; {Describe(text)} has {digits.Length}.";
            return false;
        }
        Span<byte> bytes = stackalloc byte[Size];
        if (!Hex.TryDecode(digits, bytes))
        {
            error = $"The address {Describe(text)} has a character that is not a hex digit.";
            return false;
        }
        address = new EthAddress(bytes);
        var hasLower = digits.ContainsAnyInRange('a', 'f');
        var hasUpper = digits.ContainsAnyInRange('A', 'F');
        if (hasLower && hasUpper)
        {
            Span<char> expected = stackalloc char[Size * 2];
            address.WriteChecksummedDigits(expected);
            if (!digits.SequenceEqual(expected))
            {
                error = $"The address '{text}' fails its EIP-55 checksum; expected 0x{expected}.";
                code = ProtocolErrorCode.InvalidAddressChecksum;
                address = default;
                return false;
            }
        }
        error = string.Empty;
        return true;
    }

    // Text much longer than an address may be a private key pasted into the wrong setting: never echo it.
    private static string Describe(string text) => text.Length <= 44 ? $"'{text}'" : $"the text of {text.Length} characters";

    /// <summary>The EIP-55 checksummed form, with the <c>0x</c> prefix.</summary>
    public override string ToString()
    {
        Span<char> chars = stackalloc char[2 + Size * 2];
        chars[0] = '0';
        chars[1] = 'x';
        WriteChecksummedDigits(chars[2..]);
        return new string(chars);
    }

    /// <summary>The lower-case form, with the <c>0x</c> prefix.</summary>
    public string ToLowerHex()
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteTo(bytes);
        return Hex.Encode(bytes);
    }

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (destination.Length < 2 + Size * 2)
        {
            charsWritten = 0;
            return false;
        }
        destination[0] = '0';
        destination[1] = 'x';
        WriteChecksummedDigits(destination[2..]);
        charsWritten = 2 + Size * 2;
        return true;
    }

    private void WriteChecksummedDigits(Span<char> destination)
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteTo(bytes);
        Span<byte> lower = stackalloc byte[Size * 2];
        const string digits = "0123456789abcdef";
        for (var i = 0; i < Size; i++)
        {
            lower[2 * i] = (byte)digits[bytes[i] >> 4];
            lower[2 * i + 1] = (byte)digits[bytes[i] & 0xF];
        }
        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(lower, hash);
        for (var i = 0; i < Size * 2; i++)
        {
            var c = (char)lower[i];
            var nibble = (i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2]) & 0xF;
            destination[i] = c >= 'a' && nibble >= 8 ? char.ToUpperInvariant(c) : c;
        }
    }
}
