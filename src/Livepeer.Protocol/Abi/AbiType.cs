using System.Globalization;
using System.Text;

namespace Livepeer.Protocol;

/// <summary>The shape of an ABI type.</summary>
public enum AbiTypeKind
{
    /// <summary><c>uint&lt;N&gt;</c>.</summary>
    UInt = 0,
    /// <summary><c>int&lt;N&gt;</c>.</summary>
    Int = 1,
    /// <summary><c>address</c>.</summary>
    Address = 2,
    /// <summary><c>bool</c>.</summary>
    Bool = 3,
    /// <summary><c>bytes&lt;N&gt;</c>, 1 to 32 bytes.</summary>
    FixedBytes = 4,
    /// <summary><c>bytes</c>.</summary>
    Bytes = 5,
    /// <summary><c>string</c>.</summary>
    String = 6,
    /// <summary><c>T[k]</c>.</summary>
    FixedArray = 7,
    /// <summary><c>T[]</c>.</summary>
    DynamicArray = 8,
    /// <summary><c>(T1,T2,…)</c>.</summary>
    Tuple = 9,
}

/// <summary>
/// A Solidity ABI type such as <c>uint256</c>, <c>bytes32[]</c> or <c>(address,uint256)[2]</c>.
/// Instances are immutable; two types are equal when their canonical names are.
/// </summary>
public sealed class AbiType : IEquatable<AbiType>
{
    /// <summary>The deepest nesting of arrays and tuples a type may have.</summary>
    public const int MaxNesting = 32;

    internal const int MaxFixedArrayLength = 1 << 20;

    private const int MaxTypeTextLength = 8192;

    private static readonly string[] NoNames = [];

    private AbiType(AbiTypeKind kind, int size, int length, AbiType? element, AbiType[] components, string[] componentNames, string canonicalName)
    {
        Kind = kind;
        Size = size;
        Length = length;
        ElementType = element;
        Components = components;
        ComponentNames = componentNames;
        CanonicalName = canonicalName;
        IsDynamic = kind switch
        {
            AbiTypeKind.Bytes or AbiTypeKind.String or AbiTypeKind.DynamicArray => true,
            AbiTypeKind.FixedArray => element!.IsDynamic,
            AbiTypeKind.Tuple => components.Any(c => c.IsDynamic),
            _ => false,
        };
        long head = kind switch
        {
            _ when IsDynamic => 32,
            AbiTypeKind.FixedArray => (long)length * element!.HeadSize,
            AbiTypeKind.Tuple => components.Sum(c => (long)c.HeadSize),
            _ => 32,
        };
        if (head > int.MaxValue / 2)
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiType, $"The ABI type '{canonicalName}' is too large to encode.");
        }
        HeadSize = (int)head;
        Depth = kind switch
        {
            AbiTypeKind.FixedArray or AbiTypeKind.DynamicArray => element!.Depth + 1,
            AbiTypeKind.Tuple => 1 + (components.Length == 0 ? 0 : components.Max(c => c.Depth)),
            _ => 0,
        };
        if (Depth > MaxNesting)
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiType, $"The ABI type is nested deeper than {MaxNesting} levels.");
        }
    }

    /// <summary>The shape of the type.</summary>
    public AbiTypeKind Kind { get; }

    /// <summary>The width in bits for <c>uint&lt;N&gt;</c>/<c>int&lt;N&gt;</c>, in bytes for <c>bytes&lt;N&gt;</c>; 0 otherwise.</summary>
    public int Size { get; }

    /// <summary>The element count of a fixed array <c>T[k]</c>; 0 otherwise.</summary>
    public int Length { get; }

    /// <summary>The element type of an array; null otherwise.</summary>
    public AbiType? ElementType { get; }

    /// <summary>The component types of a tuple; empty otherwise.</summary>
    public IReadOnlyList<AbiType> Components { get; }

    /// <summary>The component names of a tuple, as a JSON ABI or a signature gave them (empty strings where none).</summary>
    public IReadOnlyList<string> ComponentNames { get; }

    /// <summary>The canonical name used in signatures: <c>uint256</c>, not <c>uint</c>; tuples as <c>(T1,T2)</c>.</summary>
    public string CanonicalName { get; }

    /// <summary>True for <c>bytes</c>, <c>string</c>, <c>T[]</c>, and arrays and tuples that contain one.</summary>
    public bool IsDynamic { get; }

    /// <summary>The bytes the type takes in the head of an enclosing tuple: 32 for dynamic types.</summary>
    internal int HeadSize { get; }

    internal int Depth { get; }

    /// <summary><c>uint256</c>.</summary>
    public static AbiType UInt256 { get; } = UInt(256);

    /// <summary><c>address</c>.</summary>
    public static AbiType Address { get; } = new(AbiTypeKind.Address, 0, 0, null, [], NoNames, "address");

    /// <summary><c>bool</c>.</summary>
    public static AbiType Bool { get; } = new(AbiTypeKind.Bool, 0, 0, null, [], NoNames, "bool");

    /// <summary><c>bytes</c>.</summary>
    public static AbiType Bytes { get; } = new(AbiTypeKind.Bytes, 0, 0, null, [], NoNames, "bytes");

    /// <summary><c>string</c>.</summary>
    public static AbiType String { get; } = new(AbiTypeKind.String, 0, 0, null, [], NoNames, "string");

    /// <summary><c>bytes32</c>.</summary>
    public static AbiType Bytes32 { get; } = FixedBytes(32);

    /// <summary><c>uint&lt;bits&gt;</c>.</summary>
    public static AbiType UInt(int bits)
    {
        CheckBits(bits);
        return new(AbiTypeKind.UInt, bits, 0, null, [], NoNames, "uint" + bits.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary><c>int&lt;bits&gt;</c>.</summary>
    public static AbiType Int(int bits)
    {
        CheckBits(bits);
        return new(AbiTypeKind.Int, bits, 0, null, [], NoNames, "int" + bits.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary><c>bytes&lt;size&gt;</c>, 1 to 32.</summary>
    public static AbiType FixedBytes(int size)
    {
        if (size is < 1 or > 32)
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiType, $"bytes<N> needs N in 1..32, not {size}.");
        }
        return new(AbiTypeKind.FixedBytes, size, 0, null, [], NoNames, "bytes" + size.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary><c>element[]</c>.</summary>
    public static AbiType DynamicArray(AbiType element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return new(AbiTypeKind.DynamicArray, 0, 0, element, [], NoNames, element.CanonicalName + "[]");
    }

    /// <summary><c>element[length]</c>.</summary>
    public static AbiType FixedArray(AbiType element, int length)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (length is < 1 or > MaxFixedArrayLength)
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiType, $"A fixed array length must be in 1..{MaxFixedArrayLength}, not {length}.");
        }
        return new(AbiTypeKind.FixedArray, 0, length, element, [], NoNames, element.CanonicalName + "[" + length.ToString(CultureInfo.InvariantCulture) + "]");
    }

    /// <summary>A tuple of the given components.</summary>
    public static AbiType Tuple(params AbiType[] components) => Tuple(components, null);

    /// <summary>A tuple of the given components, with names (from a JSON ABI or a struct).</summary>
    public static AbiType Tuple(IReadOnlyList<AbiType> components, IReadOnlyList<string>? names)
    {
        ArgumentNullException.ThrowIfNull(components);
        var types = components.ToArray();
        foreach (var t in types)
        {
            ArgumentNullException.ThrowIfNull(t, nameof(components));
        }
        if (names is not null && names.Count != types.Length)
        {
            throw new ArgumentException("There must be one name per component.", nameof(names));
        }
        var nameArray = names is null ? types.Select(_ => string.Empty).ToArray() : names.Select(n => n ?? string.Empty).ToArray();
        var canonical = new StringBuilder("(");
        for (var i = 0; i < types.Length; i++)
        {
            if (i > 0)
            {
                canonical.Append(',');
            }
            canonical.Append(types[i].CanonicalName);
        }
        canonical.Append(')');
        return new(AbiTypeKind.Tuple, 0, 0, null, types, nameArray, canonical.ToString());
    }

    /// <summary>
    /// Parses a type string: <c>uint&lt;N&gt;</c>, <c>int&lt;N&gt;</c>, <c>uint</c>, <c>int</c>, <c>address</c>, <c>bool</c>,
    /// <c>bytes&lt;N&gt;</c>, <c>bytes</c>, <c>string</c>, arrays <c>T[k]</c> and <c>T[]</c>, tuples <c>(T1,T2)</c>.
    /// </summary>
    /// <exception cref="EthereumFormatException">The text is not a valid type (<see cref="ProtocolErrorCode.InvalidAbiType"/>).</exception>
    public static AbiType Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxTypeTextLength)
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiType, $"The ABI type text is longer than {MaxTypeTextLength} characters.");
        }
        var reader = new AbiSignatureReader(text, allowNames: false);
        var type = reader.ReadType(0);
        reader.ExpectEnd();
        return type;
    }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string? text, out AbiType? type)
    {
        type = null;
        if (text is null)
        {
            return false;
        }
        try
        {
            type = Parse(text);
            return true;
        }
        catch (EthereumFormatException)
        {
            return false;
        }
    }

    internal static AbiType Elementary(string name, string source)
    {
        switch (name)
        {
            case "address":
                return Address;
            case "bool":
                return Bool;
            case "string":
                return String;
            case "bytes":
                return Bytes;
            case "uint":
                return UInt256;
            case "int":
                return Int(256);
        }
        if (name.StartsWith("uint", StringComparison.Ordinal) && TryReadWidth(name.AsSpan(4), out var ub))
        {
            return UInt(ub);
        }
        if (name.StartsWith("int", StringComparison.Ordinal) && TryReadWidth(name.AsSpan(3), out var ib))
        {
            return Int(ib);
        }
        if (name.StartsWith("bytes", StringComparison.Ordinal) && TryReadWidth(name.AsSpan(5), out var size))
        {
            return FixedBytes(size);
        }
        throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiType, $"'{name}' is not an ABI type (in '{Shorten(source)}').");
    }

    private static bool TryReadWidth(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        if (digits.Length is 0 or > 3 || digits[0] == '0')
        {
            return false;
        }
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        return true;
    }

    private static void CheckBits(int bits)
    {
        if (bits is < 8 or > 256 || bits % 8 != 0)
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiType, $"An integer width must be a multiple of 8 in 8..256, not {bits}.");
        }
    }

    internal static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 80), "…");

    /// <inheritdoc/>
    public bool Equals(AbiType? other) => other is not null && string.Equals(CanonicalName, other.CanonicalName, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as AbiType);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(CanonicalName);

    /// <summary>The canonical name.</summary>
    public override string ToString() => CanonicalName;
}
