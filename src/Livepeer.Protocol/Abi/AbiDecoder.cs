using System.Text;

namespace Livepeer.Protocol;

/// <summary>
/// A strict, bounded reader of the standard ABI encoding. Every offset and length is checked against the
/// data before it is used, and the total work is capped at a small multiple of the input size, so data
/// whose offsets point at the same bytes over and over cannot make it allocate without bound.
/// </summary>
internal ref struct AbiDecoder
{
    private const int MaxDepth = AbiType.MaxNesting + 2;

    private readonly ReadOnlySpan<byte> _data;
    private long _budget;

    private AbiDecoder(ReadOnlySpan<byte> data)
    {
        _data = data;
        _budget = 4L * data.Length + 1024;
    }

    public static object?[] DecodeTuple(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data, IReadOnlyList<string> paths)
    {
        var decoder = new AbiDecoder(data);
        return decoder.ReadSequence(types.Count, i => types[i], 0, 0, i => paths[i]);
    }

    public static object? DecodeSingle(AbiType type, ReadOnlySpan<byte> data, string path)
    {
        var decoder = new AbiDecoder(data);
        return decoder.ReadSequence(1, _ => type, 0, 0, _ => path)[0];
    }

    private object?[] ReadSequence(int count, Func<int, AbiType> typeAt, int start, int depth, Func<int, string> pathAt)
    {
        if (depth > MaxDepth)
        {
            throw Invalid(pathAt(0), typeAt(0), start, "the data is nested too deeply");
        }
        long headSize = 0;
        for (var i = 0; i < count; i++)
        {
            headSize += typeAt(i).HeadSize;
        }
        if (start + headSize > _data.Length)
        {
            var first = count > 0 ? typeAt(0) : AbiType.Tuple();
            throw Invalid(count > 0 ? pathAt(0) : "value", first, start, $"the head needs {headSize} bytes but only {_data.Length - start} remain");
        }
        if (count == 0 && !TryCharge(32))
        {
            throw Aliased("()", AbiType.Tuple(), start);
        }
        var values = new object?[count];
        var head = start;
        for (var i = 0; i < count; i++)
        {
            var type = typeAt(i);
            if (type.IsDynamic)
            {
                var offset = ReadSize(head, pathAt, i, type, "offset");
                var target = (long)start + offset;
                if (target > _data.Length)
                {
                    throw Invalid(pathAt(i), type, head, $"the offset {offset} points past the end of the data ({_data.Length} bytes)");
                }
                values[i] = ReadValue(type, (int)target, depth + 1, pathAt, i);
            }
            else
            {
                values[i] = ReadValue(type, head, depth + 1, pathAt, i);
            }
            head += type.HeadSize;
        }
        return values;
    }

    private object? ReadValue(AbiType type, int at, int depth, Func<int, string> pathAt, int index)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.Bytes:
            case AbiTypeKind.String:
                {
                    var length = ReadSize(at, pathAt, index, type, "length");
                    var contentStart = at + 32;
                    if (length > _data.Length - contentStart)
                    {
                        throw Invalid(pathAt(index), type, at, $"the length {length} is more than the {_data.Length - contentStart} bytes that remain");
                    }
                    if (!TryCharge(length))
                    {
                        throw Aliased(pathAt(index), type, at);
                    }
                    var content = _data.Slice(contentStart, length);
                    // Solidity does not validate UTF-8, so neither does the reader: bad sequences become U+FFFD.
                    return type.Kind == AbiTypeKind.Bytes ? content.ToArray() : Encoding.UTF8.GetString(content);
                }
            case AbiTypeKind.DynamicArray:
                {
                    var length = ReadSize(at, pathAt, index, type, "length");
                    var contentStart = at + 32;
                    var element = type.ElementType!;
                    if ((long)length * Math.Max(element.HeadSize, 32) > _data.Length - contentStart)
                    {
                        throw Invalid(pathAt(index), type, at, $"the array length {length} is more than the {_data.Length - contentStart} bytes that remain can hold");
                    }
                    var path = pathAt(index);
                    return ReadSequence(length, _ => element, contentStart, depth, i => $"{path}[{i}]");
                }
            case AbiTypeKind.FixedArray:
                {
                    var element = type.ElementType!;
                    var path = pathAt(index);
                    return ReadSequence(type.Length, _ => element, at, depth, i => $"{path}[{i}]");
                }
            case AbiTypeKind.Tuple:
                {
                    var path = pathAt(index);
                    return ReadSequence(type.Components.Count, i => type.Components[i], at, depth, i => AbiEncoder.ComponentPath(path, type, i));
                }
            default:
                return ReadElementary(type, at, pathAt, index);
        }
    }

    private object ReadElementary(AbiType type, int at, Func<int, string> pathAt, int index)
    {
        var word = ReadWord(at, pathAt, index, type);
        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
                {
                    var padding = 32 - type.Size / 8;
                    if (word[..padding].ContainsAnyExcept((byte)0))
                    {
                        throw Invalid(pathAt(index), type, at, $"the value does not fit in {type.Size} bits");
                    }
                    return Uint256.ReadUnsigned(word);
                }
            case AbiTypeKind.Int:
                {
                    var value = Uint256.ReadSigned(word);
                    var limit = System.Numerics.BigInteger.One << (type.Size - 1);
                    if (value < -limit || value >= limit)
                    {
                        throw Invalid(pathAt(index), type, at, $"the value is not a sign-extended {type.Size}-bit integer");
                    }
                    return value;
                }
            case AbiTypeKind.Address:
                if (word[..12].ContainsAnyExcept((byte)0))
                {
                    throw Invalid(pathAt(index), type, at, "the 12 high bytes of an address must be zero");
                }
                return new EthAddress(word[12..]);
            case AbiTypeKind.Bool:
                if (word[..31].ContainsAnyExcept((byte)0) || word[31] > 1)
                {
                    throw Invalid(pathAt(index), type, at, "a bool must be 0 or 1");
                }
                return word[31] == 1;
            case AbiTypeKind.FixedBytes:
                if (word[type.Size..].ContainsAnyExcept((byte)0))
                {
                    throw Invalid(pathAt(index), type, at, $"the {32 - type.Size} padding bytes must be zero");
                }
                return word[..type.Size].ToArray();
            default:
                throw Invalid(pathAt(index), type, at, "the type is not elementary");
        }
    }

    private ReadOnlySpan<byte> ReadWord(int at, Func<int, string> pathAt, int index, AbiType type)
    {
        if (at < 0 || at > _data.Length - 32)
        {
            throw Invalid(pathAt(index), type, at, $"the data ends before the 32-byte word (it is {_data.Length} bytes)");
        }
        if (!TryCharge(32))
        {
            throw Aliased(pathAt(index), type, at);
        }
        return _data.Slice(at, 32);
    }

    private int ReadSize(int at, Func<int, string> pathAt, int index, AbiType type, string what)
    {
        var word = ReadWord(at, pathAt, index, type);
        if (word[..28].ContainsAnyExcept((byte)0) || (word[28] & 0x80) != 0)
        {
            throw Invalid(pathAt(index), type, at, $"the {what} is larger than the data could hold");
        }
        return System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(word[28..]);
    }

    private bool TryCharge(long amount)
    {
        _budget -= amount;
        return _budget >= 0;
    }

    private static EthereumFormatException Aliased(string path, AbiType type, int at)
        => Invalid(path, type, at, "the offsets refer to the same bytes too many times");

    private static EthereumFormatException Invalid(string path, AbiType type, int at, string what)
        => new(ProtocolErrorCode.InvalidAbiData, $"Invalid ABI data for {path} ({type}) at byte {at}: {what}.");
}
