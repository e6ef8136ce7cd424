using System.Text;

namespace Livepeer.Protocol;

/// <summary>
/// The Solidity ABI encoding of value lists, as used for call data, return data, event data and errors.
/// Values are <see cref="System.Numerics.BigInteger"/> (or int, long, ulong, <see cref="Wei"/>) for integers,
/// <see cref="EthAddress"/>, bool, byte[] or <see cref="ReadOnlyMemory{T}"/> of byte for bytes, string, and
/// arrays or lists for arrays and tuples. Decoding gives the same shapes back: BigInteger, EthAddress, bool,
/// byte[], string, and object?[] for arrays and tuples.
/// </summary>
public static class AbiCodec
{
    /// <summary>Encodes <paramref name="values"/> as the tuple of <paramref name="types"/>.</summary>
    /// <exception cref="EthereumFormatException">A value does not match or fit its type; the message names the parameter.</exception>
    public static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(values);
        return AbiEncoder.EncodeTuple(types, values, i => $"#{i}");
    }

    /// <summary>Encodes values for parameters; error messages use the parameter names.</summary>
    /// <exception cref="EthereumFormatException">A value does not match or fit its type; the message names the parameter.</exception>
    public static byte[] Encode(IReadOnlyList<AbiParameter> parameters, IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(values);
        return AbiEncoder.EncodeTuple(parameters.Select(p => p.Type).ToArray(), values, i => parameters[i].Describe(i));
    }

    /// <summary>Decodes <paramref name="data"/> as the tuple of <paramref name="types"/>.</summary>
    /// <exception cref="EthereumFormatException">The data is malformed (<see cref="ProtocolErrorCode.InvalidAbiData"/>); the message names the position and type.</exception>
    public static object?[] Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(types);
        return AbiDecoder.DecodeTuple(types, data, Enumerable.Range(0, types.Count).Select(i => $"#{i}").ToArray());
    }

    /// <summary>Decodes data for parameters; error messages use the parameter names.</summary>
    /// <exception cref="EthereumFormatException">The data is malformed (<see cref="ProtocolErrorCode.InvalidAbiData"/>).</exception>
    public static object?[] Decode(IReadOnlyList<AbiParameter> parameters, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return AbiDecoder.DecodeTuple(parameters.Select(p => p.Type).ToArray(), data, parameters.Select((p, i) => p.Describe(i)).ToArray());
    }

    /// <summary>
    /// The non-standard packed encoding (Solidity's <c>abi.encodePacked</c>): elementary values in their
    /// natural width with no padding, bytes and strings without a length, and array elements padded to 32
    /// bytes. Tuples, nested arrays and arrays of dynamic types have no packed form.
    /// </summary>
    /// <exception cref="EthereumFormatException">A value does not match its type, or the type has no packed form.</exception>
    public static byte[] EncodePacked(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(values);
        if (types.Count != values.Count)
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiType, $"Expected {types.Count} value(s) but got {values.Count}.");
        }
        var output = new List<byte>();
        Span<byte> word = stackalloc byte[32];
        for (var i = 0; i < types.Count; i++)
        {
            var type = types[i];
            var path = $"#{i}";
            switch (type.Kind)
            {
                case AbiTypeKind.Bytes:
                    output.AddRange(AbiValues.ToBytes(values[i], type, path).Span);
                    break;
                case AbiTypeKind.String:
                    output.AddRange(Encoding.UTF8.GetBytes(AbiValues.ToText(values[i], type, path)));
                    break;
                case AbiTypeKind.FixedArray or AbiTypeKind.DynamicArray:
                    {
                        var element = type.ElementType!;
                        if (element.Kind is AbiTypeKind.FixedArray or AbiTypeKind.DynamicArray or AbiTypeKind.Tuple || element.IsDynamic)
                        {
                            throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiType, $"Parameter {path}: {type} has no packed encoding (nested arrays, tuples and dynamic elements are not supported).");
                        }
                        var items = AbiValues.ToList(values[i], type, path);
                        if (type.Kind == AbiTypeKind.FixedArray && items.Count != type.Length)
                        {
                            throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiType, $"Parameter {path} of type {type} needs {type.Length} element(s) but has {items.Count}.");
                        }
                        for (var j = 0; j < items.Count; j++)
                        {
                            AbiValues.WriteElementaryWord(element, items[j], word, $"{path}[{j}]");
                            output.AddRange(word);
                        }
                        break;
                    }
                case AbiTypeKind.Tuple:
                    throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiType, $"Parameter {path}: tuples have no packed encoding.");
                default:
                    AbiValues.WriteElementaryWord(type, values[i], word, path);
                    output.AddRange(PackedSlice(type, word));
                    break;
            }
        }
        return [.. output];
    }

    private static ReadOnlySpan<byte> PackedSlice(AbiType type, ReadOnlySpan<byte> word) => type.Kind switch
    {
        AbiTypeKind.UInt or AbiTypeKind.Int => word[(32 - type.Size / 8)..],
        AbiTypeKind.Address => word[12..],
        AbiTypeKind.Bool => word[31..],
        AbiTypeKind.FixedBytes => word[..type.Size],
        _ => word,
    };
}
