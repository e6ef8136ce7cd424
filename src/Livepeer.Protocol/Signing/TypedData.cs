using System.Text.Json;

namespace Livepeer.Protocol;

/// <summary>A member of an EIP-712 struct type: its name and its type, such as <c>address</c>, <c>uint256</c> or <c>Person[]</c>.</summary>
/// <param name="Name">The member name.</param>
/// <param name="Type">The member type.</param>
public sealed record TypedDataMember(string Name, string Type);

/// <summary>
/// EIP-712 typed data in the <c>eth_signTypedData_v4</c> shape: struct types, the primary type, the domain
/// and the message. Parse it from JSON with <see cref="Parse(string)"/> or build it in code.
/// </summary>
/// <remarks>
/// Values in <see cref="Domain"/> and <see cref="Message"/> (and nested structs) may be a
/// <see cref="JsonElement"/>; a <see cref="string"/> (decimal or 0x-hex numbers, hex bytes, addresses, text);
/// a <see cref="bool"/>; any .NET integer, <see cref="System.Numerics.BigInteger"/> or <see cref="Wei"/>;
/// an <see cref="EthAddress"/>; a <c>byte[]</c> or <see cref="ReadOnlyMemory{T}"/> of bytes; an
/// <see cref="IReadOnlyDictionary{TKey, TValue}"/> of string to object for a struct; any other
/// <see cref="System.Collections.IEnumerable"/> for an array.
/// </remarks>
public sealed class TypedData
{
    /// <summary>The name of the domain struct type.</summary>
    public const string DomainTypeName = "EIP712Domain";

    // The order EIP-712 gives the domain fields, used when the types do not list EIP712Domain.
    private static readonly TypedDataMember[] StandardDomainMembers =
    [
        new("name", "string"),
        new("version", "string"),
        new("chainId", "uint256"),
        new("verifyingContract", "address"),
        new("salt", "bytes32"),
    ];

    /// <summary>Creates typed data from its parts.</summary>
    /// <param name="types">The struct types by name. <c>EIP712Domain</c> may be left out: it is then made from the fields present in <paramref name="domain"/>, in the standard order.</param>
    /// <param name="primaryType">The type of <paramref name="message"/>.</param>
    /// <param name="domain">The domain values.</param>
    /// <param name="message">The message values.</param>
    public TypedData(
        IReadOnlyDictionary<string, IReadOnlyList<TypedDataMember>> types,
        string primaryType,
        IReadOnlyDictionary<string, object?> domain,
        IReadOnlyDictionary<string, object?> message)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentException.ThrowIfNullOrEmpty(primaryType);
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(message);
        Types = types;
        PrimaryType = primaryType;
        Domain = domain;
        Message = message;
        DomainMembers = types.TryGetValue(DomainTypeName, out var listed)
            ? listed
            : StandardDomainMembers.Where(m => domain.ContainsKey(m.Name)).ToArray();
    }

    /// <summary>The struct types by name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<TypedDataMember>> Types { get; }

    /// <summary>The type of <see cref="Message"/>.</summary>
    public string PrimaryType { get; }

    /// <summary>The domain values (fields of <c>EIP712Domain</c>).</summary>
    public IReadOnlyDictionary<string, object?> Domain { get; }

    /// <summary>The message values (fields of <see cref="PrimaryType"/>).</summary>
    public IReadOnlyDictionary<string, object?> Message { get; }

    /// <summary>The members of <c>EIP712Domain</c>, as listed or as inferred from <see cref="Domain"/>.</summary>
    public IReadOnlyList<TypedDataMember> DomainMembers { get; }

    /// <summary>The members of a struct type, or false if no such struct type is defined.</summary>
    internal bool TryGetMembers(string typeName, out IReadOnlyList<TypedDataMember> members)
    {
        if (typeName == DomainTypeName)
        {
            members = DomainMembers;
            return true;
        }
        if (Types.TryGetValue(typeName, out var listed))
        {
            members = listed;
            return true;
        }
        members = [];
        return false;
    }

    /// <summary>Parses the JSON that <c>eth_signTypedData_v4</c> takes: <c>{ types, primaryType, domain, message }</c>.</summary>
    /// <exception cref="EthereumFormatException">The text is not JSON of that shape (<see cref="ProtocolErrorCode.InvalidTypedData"/>).</exception>
    public static TypedData Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return Parse(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw Invalid($"The typed data is not valid JSON: {ex.Message}", ex);
        }
    }

    /// <inheritdoc cref="Parse(string)"/>
    public static TypedData Parse(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("The typed data must be a JSON object with types, primaryType, domain and message.");
        }
        if (!json.TryGetProperty("types", out var typesElement) || typesElement.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("The typed data has no 'types' object.");
        }
        if (!json.TryGetProperty("primaryType", out var primaryElement) || primaryElement.ValueKind != JsonValueKind.String
            || string.IsNullOrEmpty(primaryElement.GetString()))
        {
            throw Invalid("The typed data has no 'primaryType' string.");
        }
        if (!json.TryGetProperty("message", out var messageElement) || messageElement.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("The typed data has no 'message' object.");
        }
        var domain = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (json.TryGetProperty("domain", out var domainElement))
        {
            if (domainElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("The typed data's 'domain' is not an object.");
            }
            domain = ReadObject(domainElement);
        }

        var types = new Dictionary<string, IReadOnlyList<TypedDataMember>>(StringComparer.Ordinal);
        foreach (var type in typesElement.EnumerateObject())
        {
            if (type.Value.ValueKind != JsonValueKind.Array)
            {
                throw Invalid($"Type '{type.Name}' must be an array of {{ name, type }} members.");
            }
            var members = new List<TypedDataMember>();
            foreach (var member in type.Value.EnumerateArray())
            {
                if (member.ValueKind != JsonValueKind.Object
                    || !member.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                    || !member.TryGetProperty("type", out var memberType) || memberType.ValueKind != JsonValueKind.String)
                {
                    throw Invalid($"A member of type '{type.Name}' is not an object with string 'name' and 'type'.");
                }
                members.Add(new TypedDataMember(name.GetString()!, memberType.GetString()!));
            }
            types[type.Name] = members;
        }
        return new TypedData(types, primaryElement.GetString()!, domain, ReadObject(messageElement));
    }

    private static Dictionary<string, object?> ReadObject(JsonElement element)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            values[property.Name] = property.Value.Clone();
        }
        return values;
    }

    private static EthereumFormatException Invalid(string message, Exception? inner = null)
        => new(ProtocolErrorCode.InvalidTypedData, message, inner);
}
