using System.Collections;
using System.Diagnostics;
using System.Text;

namespace Livepeer.Protocol;

/// <summary>Writes the standard (head/tail) ABI encoding into one growing buffer.</summary>
internal sealed class AbiEncoder
{
    private byte[] _buffer = new byte[256];
    private int _length;

    public static byte[] EncodeTuple(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values, Func<int, string> describe, int prefixLength = 0)
    {
        if (values.Count != types.Count)
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiType, $"Expected {types.Count} value(s) but got {values.Count}.");
        }
        var encoder = new AbiEncoder();
        encoder.Reserve(prefixLength);
        encoder.WriteTuple(types, values, describe);
        return encoder._buffer.AsSpan(0, encoder._length).ToArray();
    }

    private int Reserve(int count)
    {
        var start = _length;
        var needed = (long)_length + count;
        if (needed > Array.MaxLength)
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiData, "The ABI encoding would be larger than an array can hold.");
        }
        if (needed > _buffer.Length)
        {
            Array.Resize(ref _buffer, (int)Math.Min(Array.MaxLength, Math.Max(needed, 2L * _buffer.Length)));
        }
        _buffer.AsSpan(start, count).Clear();
        _length = (int)needed;
        return start;
    }

    private void WriteTuple(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values, Func<int, string> describe)
    {
        var headSize = 0;
        foreach (var type in types)
        {
            headSize += type.HeadSize;
        }
        var start = Reserve(headSize);
        var at = start;
        for (var i = 0; i < types.Count; i++)
        {
            var type = types[i];
            if (type.IsDynamic)
            {
                var tail = _length;
                WriteWord(at, tail - start);
                WriteDynamic(type, values[i], describe(i));
            }
            else
            {
                WriteStatic(type, values[i], at, describe(i));
            }
            at += type.HeadSize;
        }
    }

    private void WriteDynamic(AbiType type, object? value, string path)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.Bytes:
                WriteLengthPrefixed(AbiValues.ToBytes(value, type, path).Span);
                break;
            case AbiTypeKind.String:
                WriteLengthPrefixed(Encoding.UTF8.GetBytes(AbiValues.ToText(value, type, path)));
                break;
            case AbiTypeKind.DynamicArray:
                {
                    var items = AbiValues.ToList(value, type, path);
                    WriteWord(Reserve(32), items.Count);
                    WriteTuple(new RepeatedList<AbiType>(type.ElementType!, items.Count), items, i => $"{path}[{i}]");
                    break;
                }
            case AbiTypeKind.FixedArray:
                {
                    var items = AbiValues.ToList(value, type, path);
                    CheckFixedLength(type, items, path);
                    WriteTuple(new RepeatedList<AbiType>(type.ElementType!, items.Count), items, i => $"{path}[{i}]");
                    break;
                }
            case AbiTypeKind.Tuple:
                {
                    var items = AbiValues.ToTupleList(value, type, path);
                    WriteTuple(type.Components, items, i => ComponentPath(path, type, i));
                    break;
                }
            default:
                throw new UnreachableException();
        }
    }

    private void WriteStatic(AbiType type, object? value, int at, string path)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.FixedArray:
                {
                    var items = AbiValues.ToList(value, type, path);
                    CheckFixedLength(type, items, path);
                    var element = type.ElementType!;
                    for (var i = 0; i < items.Count; i++)
                    {
                        WriteStatic(element, items[i], at + i * element.HeadSize, $"{path}[{i}]");
                    }
                    break;
                }
            case AbiTypeKind.Tuple:
                {
                    var items = AbiValues.ToTupleList(value, type, path);
                    for (var i = 0; i < items.Count; i++)
                    {
                        var component = type.Components[i];
                        WriteStatic(component, items[i], at, ComponentPath(path, type, i));
                        at += component.HeadSize;
                    }
                    break;
                }
            default:
                AbiValues.WriteElementaryWord(type, value, _buffer.AsSpan(at, 32), path);
                break;
        }
    }

    private void WriteLengthPrefixed(ReadOnlySpan<byte> bytes)
    {
        WriteWord(Reserve(32), bytes.Length);
        var at = Reserve((bytes.Length + 31) / 32 * 32);
        bytes.CopyTo(_buffer.AsSpan(at));
    }

    private void WriteWord(int at, int value)
    {
        var word = _buffer.AsSpan(at, 32);
        word.Clear();
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(word[28..], value);
    }

    private static void CheckFixedLength(AbiType type, IReadOnlyList<object?> items, string path)
    {
        if (items.Count != type.Length)
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiType, $"Parameter {path} of type {type} needs {type.Length} element(s) but has {items.Count}.");
        }
    }

    internal static string ComponentPath(string path, AbiType tuple, int index)
    {
        var name = tuple.ComponentNames[index];
        return name.Length > 0 ? $"{path}.{name}" : $"{path}.{index}";
    }

    private sealed class RepeatedList<T>(T item, int count) : IReadOnlyList<T>
    {
        public T this[int index] => item;

        public int Count => count;

        public IEnumerator<T> GetEnumerator() => Enumerable.Repeat(item, count).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
