using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace Livepeer.Protocol;

/// <summary>
/// EIP-712 typed structured data hashing and signing: <c>encodeType</c>, <c>typeHash</c>, <c>hashStruct</c>,
/// the domain separator and the final digest keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(message)).
/// </summary>
public static class Eip712
{
    // Guards against self-referencing value graphs built in code; real typed data nests a few levels.
    private const int MaxDepth = 64;

    /// <summary>
    /// <c>encodeType</c>: <c>Name(type1 name1,…)</c> for <paramref name="typeName"/>, followed by every struct type it
    /// references (directly or not), sorted by name.
    /// </summary>
    /// <exception cref="EthereumFormatException">The type, or a type it uses, is not defined (<see cref="ProtocolErrorCode.InvalidTypedData"/>).</exception>
    public static string EncodeType(TypedData data, string typeName)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(typeName);
        return new Encoder(data).EncodeType(typeName);
    }

    /// <summary><c>typeHash</c> = keccak256(<see cref="EncodeType"/>).</summary>
    /// <exception cref="EthereumFormatException">The type, or a type it uses, is not defined.</exception>
    public static byte[] HashType(TypedData data, string typeName)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(typeName);
        return new Encoder(data).TypeHash(typeName).ToArray();
    }

    /// <summary><c>hashStruct</c> = keccak256(typeHash ‖ encodeData(value)) for a value of struct type <paramref name="typeName"/>.</summary>
    /// <exception cref="EthereumFormatException">A type is not defined, a field is missing, or a value does not fit its type.</exception>
    public static byte[] HashStruct(TypedData data, string typeName, object? value)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(typeName);
        var hash = new byte[32];
        new Encoder(data).HashStruct(typeName, value, hash, typeName, depth: 0);
        return hash;
    }

    /// <summary>The domain separator, <c>hashStruct(EIP712Domain, domain)</c>.</summary>
    /// <exception cref="EthereumFormatException">The domain does not match its type.</exception>
    public static byte[] HashDomain(TypedData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var hash = new byte[32];
        new Encoder(data).HashStruct(TypedData.DomainTypeName, data.Domain, hash, "domain", depth: 0);
        return hash;
    }

    /// <summary>
    /// The digest to sign: keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(message)). When the primary type is
    /// <c>EIP712Domain</c> itself, the message hash is left out, as wallets do.
    /// </summary>
    /// <exception cref="EthereumFormatException">The typed data is inconsistent (<see cref="ProtocolErrorCode.InvalidTypedData"/>).</exception>
    public static byte[] Hash(TypedData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var encoder = new Encoder(data);
        Span<byte> preimage = stackalloc byte[66];
        preimage[0] = 0x19;
        preimage[1] = 0x01;
        encoder.HashStruct(TypedData.DomainTypeName, data.Domain, preimage[2..34], "domain", depth: 0);
        var length = 34;
        if (data.PrimaryType != TypedData.DomainTypeName)
        {
            encoder.HashStruct(data.PrimaryType, data.Message, preimage[34..66], "message", depth: 0);
            length = 66;
        }
        return Keccak256.Hash(preimage[..length]);
    }

    /// <summary>Signs the typed data's <see cref="Hash"/> with <paramref name="signer"/>.</summary>
    public static async ValueTask<EthSignature> SignAsync(ISigner signer, TypedData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var digest = Hash(data);
        return await signer.SignDigestAsync(digest, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Recovers the address that signed the typed data.</summary>
    /// <exception cref="EthereumFormatException">The typed data is inconsistent, or the signature does not recover.</exception>
    public static EthAddress RecoverSigner(TypedData data, EthSignature signature) => signature.RecoverAddress(Hash(data));

    private sealed class Encoder(TypedData data)
    {
        private readonly Dictionary<string, byte[]> _typeHashes = new(StringComparer.Ordinal);

        public string EncodeType(string typeName)
        {
            if (!data.TryGetMembers(typeName, out var members))
            {
                throw Invalid($"Type '{typeName}' is not defined in the typed data.");
            }
            var referenced = new SortedSet<string>(StringComparer.Ordinal);
            CollectReferencedTypes(typeName, members, referenced);
            referenced.Remove(typeName);
            var text = new StringBuilder();
            AppendType(text, typeName, members);
            foreach (var name in referenced)
            {
                data.TryGetMembers(name, out var dependency);
                AppendType(text, name, dependency);
            }
            return text.ToString();
        }

        public ReadOnlySpan<byte> TypeHash(string typeName)
        {
            if (!_typeHashes.TryGetValue(typeName, out var hash))
            {
                hash = Keccak256.Hash(Encoding.UTF8.GetBytes(EncodeType(typeName)));
                _typeHashes[typeName] = hash;
            }
            return hash;
        }

        public void HashStruct(string typeName, object? value, Span<byte> destination, string path, int depth)
        {
            if (depth > MaxDepth)
            {
                throw Invalid($"'{path}' nests structs or arrays more than {MaxDepth} deep.");
            }
            if (!data.TryGetMembers(typeName, out var members))
            {
                throw Invalid($"Type '{typeName}' is not defined in the typed data.");
            }
            var hasher = default(Keccak256);
            hasher.Append(TypeHash(typeName));
            Span<byte> word = stackalloc byte[32];
            foreach (var member in members)
            {
                var fieldPath = $"{path}.{member.Name}";
                EncodeField(member.Type, GetField(value, typeName, member.Name, path), word, fieldPath, depth + 1);
                hasher.Append(word);
            }
            hasher.Finish(destination);
        }

        private void CollectReferencedTypes(string typeName, IReadOnlyList<TypedDataMember> members, SortedSet<string> found)
        {
            found.Add(typeName);
            foreach (var member in members)
            {
                var baseType = BaseType(member.Type, typeName, member.Name);
                if (data.TryGetMembers(baseType, out var nested))
                {
                    if (!found.Contains(baseType))
                    {
                        CollectReferencedTypes(baseType, nested, found);
                    }
                }
                else if (!IsElementaryType(baseType))
                {
                    throw Invalid($"Member '{member.Name}' of '{typeName}' has type '{member.Type}', which is neither an EIP-712 elementary type nor a defined struct.");
                }
            }
        }

        private static void AppendType(StringBuilder text, string name, IReadOnlyList<TypedDataMember> members)
        {
            text.Append(name).Append('(');
            for (var i = 0; i < members.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }
                text.Append(members[i].Type).Append(' ').Append(members[i].Name);
            }
            text.Append(')');
        }

        private void EncodeField(string type, object? value, Span<byte> word, string path, int depth)
        {
            if (depth > MaxDepth)
            {
                throw Invalid($"'{path}' nests structs or arrays more than {MaxDepth} deep.");
            }
            if (type.EndsWith(']'))
            {
                EncodeArray(type, value, word, path, depth);
                return;
            }
            if (data.TryGetMembers(type, out _))
            {
                HashStruct(type, value, word, path, depth);
                return;
            }
            switch (type)
            {
                case "string":
                    Keccak256.Hash(Encoding.UTF8.GetBytes(GetString(value, type, path)), word);
                    return;
                case "bytes":
                    Keccak256.Hash(GetBytes(value, type, path), word);
                    return;
                case "bool":
                    word.Clear();
                    word[31] = GetBool(value, path) ? (byte)1 : (byte)0;
                    return;
                case "address":
                    word.Clear();
                    GetAddress(value, path).WriteTo(word[12..]);
                    return;
            }
            if (TryParseSize(type, "uint", out var bits) && bits % 8 == 0 && bits is >= 8 and <= 256)
            {
                var number = GetInteger(value, type, path);
                if (number.Sign < 0 || number >= BigInteger.One << bits)
                {
                    throw Invalid($"'{path}' = {number} does not fit {type}.");
                }
                Uint256.WritePadded(number, word);
                return;
            }
            if (TryParseSize(type, "int", out bits) && bits % 8 == 0 && bits is >= 8 and <= 256)
            {
                var number = GetInteger(value, type, path);
                var limit = BigInteger.One << (bits - 1);
                if (number < -limit || number >= limit)
                {
                    throw Invalid($"'{path}' = {number} does not fit {type}.");
                }
                Uint256.WritePadded(number, word);
                return;
            }
            if (TryParseSize(type, "bytes", out var size) && size is >= 1 and <= 32)
            {
                var bytes = GetBytes(value, type, path);
                if (bytes.Length != size)
                {
                    throw Invalid($"'{path}' is {bytes.Length} bytes; {type} takes exactly {size}.");
                }
                word.Clear();
                bytes.CopyTo(word);
                return;
            }
            throw Invalid($"'{path}' has type '{type}', which is neither an EIP-712 elementary type nor a defined struct.");
        }

        private void EncodeArray(string type, object? value, Span<byte> word, string path, int depth)
        {
            var open = type.LastIndexOf('[');
            var elementType = type[..open];
            var lengthText = type.AsSpan(open + 1, type.Length - open - 2);
            int? fixedLength = lengthText.IsEmpty ? null : int.Parse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture);
            var items = GetArray(value, type, path);
            if (fixedLength is { } expected && items.Count != expected)
            {
                throw Invalid($"'{path}' has {items.Count} elements; {type} takes exactly {expected}.");
            }
            var hasher = default(Keccak256);
            Span<byte> itemWord = stackalloc byte[32];
            for (var i = 0; i < items.Count; i++)
            {
                EncodeField(elementType, items[i], itemWord, $"{path}[{i}]", depth + 1);
                hasher.Append(itemWord);
            }
            hasher.Finish(word);
        }
    }

    /// <summary>The type without its array suffixes, after checking each suffix is <c>[]</c> or <c>[n]</c>.</summary>
    private static string BaseType(string type, string owner, string member)
    {
        var baseType = type;
        while (baseType.EndsWith(']'))
        {
            var open = baseType.LastIndexOf('[');
            var length = open < 0 ? ReadOnlySpan<char>.Empty : baseType.AsSpan(open + 1, baseType.Length - open - 2);
            if (open <= 0 || (!length.IsEmpty && (!int.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 0)))
            {
                throw Invalid($"Member '{member}' of '{owner}' has a malformed array type '{type}'.");
            }
            baseType = baseType[..open];
        }
        return baseType;
    }

    private static bool IsElementaryType(string type)
    {
        if (type is "string" or "bytes" or "bool" or "address")
        {
            return true;
        }
        if ((TryParseSize(type, "uint", out var bits) || TryParseSize(type, "int", out bits)) && bits % 8 == 0 && bits is >= 8 and <= 256)
        {
            return true;
        }
        return TryParseSize(type, "bytes", out var size) && size is >= 1 and <= 32;
    }

    private static bool TryParseSize(string type, string prefix, out int size)
    {
        size = 0;
        if (!type.StartsWith(prefix, StringComparison.Ordinal) || type.Length == prefix.Length || type.Length > prefix.Length + 3)
        {
            return false;
        }
        var digits = type.AsSpan(prefix.Length);
        return digits[0] != '0' && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out size);
    }

    private static object? GetField(object? structValue, string typeName, string field, string path)
    {
        switch (structValue)
        {
            case JsonElement { ValueKind: JsonValueKind.Object } element:
                return element.TryGetProperty(field, out var property) ? property : throw MissingField(typeName, field, path);
            case IReadOnlyDictionary<string, object?> dictionary:
                return dictionary.TryGetValue(field, out var value) ? value : throw MissingField(typeName, field, path);
            default:
                throw Invalid($"'{path}' must be an object of type '{typeName}', not {Describe(structValue)}.");
        }
    }

    private static EthereumFormatException MissingField(string typeName, string field, string path)
        => Invalid($"'{path}' (type '{typeName}') has no field '{field}'.");

    private static IReadOnlyList<object?> GetArray(object? value, string type, string path)
    {
        switch (value)
        {
            case JsonElement { ValueKind: JsonValueKind.Array } element:
                return element.EnumerateArray().Select(static e => (object?)e).ToList();
            case string:
            case JsonElement:
            case null:
                break;
            case IEnumerable sequence:
                return sequence.Cast<object?>().ToList();
        }
        throw Invalid($"'{path}' must be an array for type '{type}', not {Describe(value)}.");
    }

    private static string GetString(object? value, string type, string path) => value switch
    {
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString()!,
        _ => throw Invalid($"'{path}' must be a string for type '{type}', not {Describe(value)}."),
    };

    private static bool GetBool(object? value, string path) => value switch
    {
        bool flag => flag,
        JsonElement { ValueKind: JsonValueKind.True } => true,
        JsonElement { ValueKind: JsonValueKind.False } => false,
        _ => throw Invalid($"'{path}' must be true or false, not {Describe(value)}."),
    };

    private static byte[] GetBytes(object? value, string type, string path)
    {
        switch (value)
        {
            case byte[] bytes:
                return bytes;
            case ReadOnlyMemory<byte> memory:
                return memory.ToArray();
            case Memory<byte> memory:
                return memory.ToArray();
            case string or JsonElement { ValueKind: JsonValueKind.String }:
                var text = GetString(value, type, path);
                if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && Hex.TryDecode(text, out var decoded))
                {
                    return decoded;
                }
                throw Invalid($"'{path}' must be 0x-prefixed hex for type '{type}'.");
            default:
                throw Invalid($"'{path}' must be bytes or 0x-prefixed hex for type '{type}', not {Describe(value)}.");
        }
    }

    private static EthAddress GetAddress(object? value, string path)
    {
        switch (value)
        {
            case EthAddress address:
                return address;
            case byte[] { Length: EthAddress.Size } bytes:
                return new EthAddress(bytes);
            case string or JsonElement { ValueKind: JsonValueKind.String }:
                // Case is not checked against EIP-55 here, as wallets accept any case in typed data.
                Span<byte> raw = stackalloc byte[EthAddress.Size];
                if (Hex.TryDecode(GetString(value, "address", path), raw))
                {
                    return new EthAddress(raw);
                }
                throw Invalid($"'{path}' is not a 20-byte hex address.");
            default:
                throw Invalid($"'{path}' must be an address, not {Describe(value)}.");
        }
    }

    private static BigInteger GetInteger(object? value, string type, string path)
    {
        switch (value)
        {
            case BigInteger number:
                return number;
            case Wei wei:
                return wei.Value;
            case sbyte or byte or short or ushort or int or uint or long or ulong:
                return new BigInteger(Convert.ToDecimal(value, CultureInfo.InvariantCulture));
            case JsonElement { ValueKind: JsonValueKind.Number } element:
                return ParseInteger(element.GetRawText(), type, path);
            case string or JsonElement { ValueKind: JsonValueKind.String }:
                return ParseInteger(GetString(value, type, path), type, path);
            default:
                throw Invalid($"'{path}' must be an integer for type '{type}', not {Describe(value)}.");
        }
    }

    private static BigInteger ParseInteger(string text, string type, string path)
    {
        var digits = text.AsSpan();
        var negative = digits.StartsWith("-");
        if (negative)
        {
            digits = digits[1..];
        }
        var magnitude = BigInteger.Zero;
        var ok = digits.Length is > 0 and <= 80;
        if (ok && digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            var hex = digits[2..];
            ok = hex.Length > 0 && !hex.ContainsAnyExcept("0123456789abcdefABCDEF")
                && BigInteger.TryParse(string.Concat("0", hex), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out magnitude);
        }
        else if (ok)
        {
            ok = !digits.ContainsAnyExcept("0123456789")
                && BigInteger.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out magnitude);
        }
        if (!ok)
        {
            throw Invalid($"'{path}' is not an integer for type '{type}' (decimal, or hex with 0x).");
        }
        return negative ? -magnitude : magnitude;
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        JsonElement element => $"JSON {element.ValueKind.ToString().ToLowerInvariant()}",
        _ => value.GetType().Name,
    };

    private static EthereumFormatException Invalid(string message) => new(ProtocolErrorCode.InvalidTypedData, message);
}
