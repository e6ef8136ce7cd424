using System.Collections;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Livepeer.Protocol;

/// <summary>Converts .NET values to ABI words, with errors that name the parameter.</summary>
internal static class AbiValues
{
    public static void WriteElementaryWord(AbiType type, object? value, Span<byte> word, string path)
    {
        word.Clear();
        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
                {
                    var n = ToInteger(value, type, path);
                    if (n.Sign < 0 || n >> type.Size != 0)
                    {
                        throw OutOfRange(type, path, n);
                    }
                    Uint256.WritePadded(n, word);
                    break;
                }
            case AbiTypeKind.Int:
                {
                    var n = ToInteger(value, type, path);
                    var limit = BigInteger.One << (type.Size - 1);
                    if (n < -limit || n >= limit)
                    {
                        throw OutOfRange(type, path, n);
                    }
                    Uint256.WritePadded(n, word);
                    break;
                }
            case AbiTypeKind.Address:
                ToAddress(value, type, path).WriteTo(word[12..]);
                break;
            case AbiTypeKind.Bool:
                word[31] = value switch
                {
                    bool b => b ? (byte)1 : (byte)0,
                    _ => throw Mismatch(type, path, value, "a bool"),
                };
                break;
            case AbiTypeKind.FixedBytes:
                {
                    var bytes = ToBytes(value, type, path).Span;
                    if (bytes.Length != type.Size)
                    {
                        throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiData, $"Parameter {path} of type {type} needs exactly {type.Size} bytes but has {bytes.Length}.");
                    }
                    bytes.CopyTo(word);
                    break;
                }
            default:
                throw Mismatch(type, path, value, "a value of a static elementary type");
        }
    }

    public static BigInteger ToInteger(object? value, AbiType type, string path) => value switch
    {
        BigInteger b => b,
        int i => i,
        long l => l,
        uint u => u,
        ulong ul => ul,
        short s => s,
        ushort us => us,
        byte by => by,
        sbyte sb => sb,
        Wei w => w.Value,
        _ => throw Mismatch(type, path, value, "an integer (BigInteger, int, long, ulong or Wei)"),
    };

    public static EthAddress ToAddress(object? value, AbiType type, string path) => value switch
    {
        EthAddress a => a,
        string s when EthAddress.TryParse(s, out var parsed) => parsed,
        string s => throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiData, $"Parameter {path} of type {type}: {(s.Length <= 44 ? $"'{s}'" : $"a string of {s.Length} characters")} is not an address."),
        _ => throw Mismatch(type, path, value, "an EthAddress"),
    };

    public static ReadOnlyMemory<byte> ToBytes(object? value, AbiType type, string path) => value switch
    {
        byte[] a => a,
        ReadOnlyMemory<byte> r => r,
        Memory<byte> m => m,
        ArraySegment<byte> s => s,
        _ => throw Mismatch(type, path, value, "bytes (byte[] or ReadOnlyMemory<byte>)"),
    };

    public static string ToText(object? value, AbiType type, string path)
        => value as string ?? throw Mismatch(type, path, value, "a string");

    public static IReadOnlyList<object?> ToList(object? value, AbiType type, string path) => value switch
    {
        null or string => throw Mismatch(type, path, value, "an array or list"),
        IReadOnlyList<object?> list => list,
        IList list => list.Cast<object?>().ToArray(),
        IEnumerable sequence => sequence.Cast<object?>().ToArray(),
        _ => throw Mismatch(type, path, value, "an array or list"),
    };

    public static IReadOnlyList<object?> ToTupleList(object? value, AbiType type, string path)
    {
        IReadOnlyList<object?> items;
        if (value is ITuple tuple)
        {
            var array = new object?[tuple.Length];
            for (var i = 0; i < array.Length; i++)
            {
                array[i] = tuple[i];
            }
            items = array;
        }
        else
        {
            items = ToList(value, type, path);
        }
        if (items.Count != type.Components.Count)
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiType, $"Parameter {path} of type {type} needs {type.Components.Count} component(s) but has {items.Count}.");
        }
        return items;
    }

    private static EthereumFormatException OutOfRange(AbiType type, string path, BigInteger value)
        => new(ProtocolErrorCode.InvalidAbiData, $"Parameter {path}: {value} does not fit in {type}.");

    private static EthereumFormatException Mismatch(AbiType type, string path, object? value, string expected)
        => new(ProtocolErrorCode.InvalidAbiType, $"Parameter {path} of type {type} needs {expected}, not {(value is null ? "null" : value.GetType().Name)}.");
}
