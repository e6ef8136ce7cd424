using System.Text.Json;

namespace Livepeer.Protocol;

/// <summary>
/// The interface of a contract, loaded from a JSON ABI (the <c>abi</c> array of a hardhat or solc artifact).
/// Functions, events and errors are looked up by name, or by full signature where a name is overloaded.
/// </summary>
public sealed class ContractAbi
{
    private ContractAbi(List<AbiFunction> functions, List<AbiEvent> events, List<AbiError> errors, List<AbiParameter> constructorInputs)
    {
        Functions = functions;
        Events = events;
        Errors = errors;
        ConstructorInputs = constructorInputs;
    }

    /// <summary>Every function, in the order of the ABI.</summary>
    public IReadOnlyList<AbiFunction> Functions { get; }

    /// <summary>Every event.</summary>
    public IReadOnlyList<AbiEvent> Events { get; }

    /// <summary>Every custom error.</summary>
    public IReadOnlyList<AbiError> Errors { get; }

    /// <summary>The constructor's parameters (empty when it has none).</summary>
    public IReadOnlyList<AbiParameter> ConstructorInputs { get; }

    /// <summary>Parses a JSON ABI array, or an artifact object that has an <c>abi</c> property holding one.</summary>
    /// <exception cref="EthereumFormatException">The JSON is malformed or describes an unsupported type (<see cref="ProtocolErrorCode.InvalidAbiType"/>).</exception>
    public static ContractAbi Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("abi", out var abi))
            {
                root = abi;
            }
            if (root.ValueKind != JsonValueKind.Array)
            {
                throw Invalid("a JSON ABI is an array of entries");
            }
            return FromEntries(root);
        }
        catch (JsonException ex)
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiType, $"The JSON ABI is not valid JSON: {ex.Message}", ex);
        }
    }

    private static ContractAbi FromEntries(JsonElement entries)
    {
        var functions = new List<AbiFunction>();
        var events = new List<AbiEvent>();
        var errors = new List<AbiError>();
        var constructorInputs = new List<AbiParameter>();
        var index = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object)
            {
                throw Invalid($"entry {index} is not an object");
            }
            var kind = GetString(entry, "type") ?? "function";
            var name = GetString(entry, "name") ?? string.Empty;
            var where = name.Length > 0 ? $"{kind} '{name}'" : $"entry {index} ({kind})";
            switch (kind)
            {
                case "function":
                    RequireName(name, where);
                    functions.Add(new AbiFunction(name, ReadParameters(entry, "inputs", where), ReadParameters(entry, "outputs", where), ReadMutability(entry)));
                    break;
                case "event":
                    RequireName(name, where);
                    events.Add(new AbiEvent(name, ReadParameters(entry, "inputs", where), entry.TryGetProperty("anonymous", out var anon) && anon.ValueKind == JsonValueKind.True));
                    break;
                case "error":
                    RequireName(name, where);
                    errors.Add(new AbiError(name, ReadParameters(entry, "inputs", where)));
                    break;
                case "constructor":
                    constructorInputs = ReadParameters(entry, "inputs", where);
                    break;
                case "fallback" or "receive":
                    break;
                default:
                    throw Invalid($"{where} has the unknown type '{kind}'");
            }
            index++;
        }
        return new ContractAbi(functions, events, errors, constructorInputs);
    }

    private static string ReadMutability(JsonElement entry)
    {
        var mutability = GetString(entry, "stateMutability");
        if (mutability is not null)
        {
            return mutability;
        }
        // ABIs from before Solidity 0.4.16 carry "constant" and "payable" instead.
        if (entry.TryGetProperty("constant", out var constant) && constant.ValueKind == JsonValueKind.True)
        {
            return "view";
        }
        return entry.TryGetProperty("payable", out var payable) && payable.ValueKind == JsonValueKind.True ? "payable" : "nonpayable";
    }

    private static List<AbiParameter> ReadParameters(JsonElement entry, string property, string where)
    {
        var result = new List<AbiParameter>();
        if (!entry.TryGetProperty(property, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return result;
        }
        if (list.ValueKind != JsonValueKind.Array)
        {
            throw Invalid($"'{property}' of {where} is not an array");
        }
        foreach (var item in list.EnumerateArray())
        {
            result.Add(ReadParameter(item, where, 0));
        }
        return result;
    }

    private static AbiParameter ReadParameter(JsonElement item, string where, int depth)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"a parameter of {where} is not an object");
        }
        if (depth > AbiType.MaxNesting)
        {
            throw Invalid($"the parameters of {where} are nested too deeply");
        }
        var name = GetString(item, "name") ?? string.Empty;
        var typeText = GetString(item, "type") ?? throw Invalid($"a parameter of {where} has no type");
        var indexed = item.TryGetProperty("indexed", out var ix) && ix.ValueKind == JsonValueKind.True;
        AbiType type;
        if (typeText.StartsWith("tuple", StringComparison.Ordinal))
        {
            if (!item.TryGetProperty("components", out var components) || components.ValueKind != JsonValueKind.Array)
            {
                throw Invalid($"the tuple parameter '{name}' of {where} has no components");
            }
            var parts = components.EnumerateArray().Select(c => ReadParameter(c, where, depth + 1)).ToArray();
            var tuple = AbiType.Tuple(parts.Select(p => p.Type).ToArray(), parts.Select(p => p.Name).ToArray());
            var reader = new AbiSignatureReader(typeText[5..], allowNames: false);
            type = reader.ReadArraySuffixes(tuple);
            reader.ExpectEnd();
        }
        else
        {
            type = AbiType.Parse(typeText);
        }
        return new AbiParameter(name, type, indexed);
    }

    private static string? GetString(JsonElement entry, string property)
        => entry.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void RequireName(string name, string where)
    {
        if (name.Length == 0)
        {
            throw Invalid($"{where} has no name");
        }
    }

    private static EthereumFormatException Invalid(string what) => new(ProtocolErrorCode.InvalidAbiType, $"Invalid JSON ABI: {what}.");

    /// <summary>The function called <paramref name="nameOrSignature"/>: a plain name when it is not overloaded, or a full signature such as <c>transfer(address,uint256)</c>.</summary>
    /// <exception cref="KeyNotFoundException">No such function.</exception>
    /// <exception cref="ArgumentException">The name is overloaded; the message lists the signatures to choose from.</exception>
    public AbiFunction GetFunction(string nameOrSignature) => Find(Functions, nameOrSignature, f => f.Name, f => f.Signature, s => AbiFunction.Parse(s).Signature, "function");

    /// <summary>The event called <paramref name="nameOrSignature"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such event.</exception>
    /// <exception cref="ArgumentException">The name is overloaded.</exception>
    public AbiEvent GetEvent(string nameOrSignature) => Find(Events, nameOrSignature, e => e.Name, e => e.Signature, s => AbiEvent.Parse(s).Signature, "event");

    /// <summary>The custom error called <paramref name="nameOrSignature"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such error.</exception>
    /// <exception cref="ArgumentException">The name is overloaded.</exception>
    public AbiError GetError(string nameOrSignature) => Find(Errors, nameOrSignature, e => e.Name, e => e.Signature, s => AbiError.Parse(s).Signature, "error");

    /// <summary>The function with this 4-byte selector, if any.</summary>
    public AbiFunction? FindFunction(ReadOnlySpan<byte> selector)
    {
        foreach (var function in Functions)
        {
            if (function.Selector.Span.SequenceEqual(selector))
            {
                return function;
            }
        }
        return null;
    }

    /// <summary>The (non-anonymous) event whose topic 0 this is, if any.</summary>
    public AbiEvent? FindEvent(ReadOnlySpan<byte> topic0)
    {
        foreach (var e in Events)
        {
            if (!e.Anonymous && e.Topic0.Span.SequenceEqual(topic0))
            {
                return e;
            }
        }
        return null;
    }

    /// <summary>Decodes revert data, knowing this contract's custom errors.</summary>
    public ContractRevertException DecodeRevert(ReadOnlySpan<byte> revertData) => RevertDecoder.Decode(revertData, Errors);

    private static T Find<T>(IReadOnlyList<T> members, string key, Func<T, string> name, Func<T, string> signature, Func<string, string> canonical, string what)
    {
        ArgumentNullException.ThrowIfNull(key);
        var bySignature = key.Contains('(', StringComparison.Ordinal);
        var normalised = key;
        if (bySignature)
        {
            try
            {
                normalised = canonical(key);
            }
            catch (EthereumFormatException ex)
            {
                throw new ArgumentException($"'{key}' is not a {what} signature: {ex.Message}", nameof(key), ex);
            }
        }
        var matches = members.Where(m => string.Equals(bySignature ? signature(m) : name(m), normalised, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new KeyNotFoundException($"The ABI has no {what} '{key}'."),
            _ => throw new ArgumentException($"The {what} name '{key}' is overloaded; use one of: {string.Join(", ", matches.Select(signature))}.", nameof(key)),
        };
    }
}
