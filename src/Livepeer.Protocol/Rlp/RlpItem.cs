using System.Numerics;

namespace Livepeer.Protocol;

/// <summary>One node of Recursive Length Prefix data: a byte string or a list of items.</summary>
public sealed class RlpItem
{
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly RlpItem[]? _items;

    private RlpItem(ReadOnlyMemory<byte> bytes)
    {
        _bytes = bytes;
    }

    private RlpItem(RlpItem[] items)
    {
        _items = items;
    }

    /// <summary>True for a list, false for a byte string.</summary>
    public bool IsList => _items is not null;

    /// <summary>The content of a byte string.</summary>
    /// <exception cref="EthereumFormatException">The item is a list.</exception>
    public ReadOnlyMemory<byte> Bytes => _items is null
        ? _bytes
        : throw new EthereumFormatException(ProtocolErrorCode.InvalidRlp, "Expected an RLP byte string but found a list.");

    /// <summary>The children of a list.</summary>
    /// <exception cref="EthereumFormatException">The item is a byte string.</exception>
    public IReadOnlyList<RlpItem> Items => _items ?? throw new EthereumFormatException(ProtocolErrorCode.InvalidRlp, "Expected an RLP list but found a byte string.");

    /// <summary>A byte string item.</summary>
    public static RlpItem FromBytes(ReadOnlySpan<byte> bytes) => new(bytes.ToArray());

    /// <summary>A byte string holding the minimal big-endian form of <paramref name="value"/> (zero is the empty string).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static RlpItem FromUnsigned(BigInteger value) => new(Uint256.ToMinimal(value));

    /// <summary>A list item.</summary>
    public static RlpItem List(params RlpItem[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(items));
        }
        return new RlpItem((RlpItem[])items.Clone());
    }

    internal static RlpItem Wrap(ReadOnlyMemory<byte> bytes) => new(bytes);

    internal static RlpItem WrapList(RlpItem[] items) => new(items);

    /// <summary>
    /// Reads a byte string as a canonical unsigned integer of at most <paramref name="maxBytes"/> bytes:
    /// no leading zero byte (zero is the empty string).
    /// </summary>
    /// <exception cref="EthereumFormatException">A list, a leading zero, or too many bytes; the message names <paramref name="field"/>.</exception>
    public BigInteger ToUnsigned(string field, int maxBytes = 32)
    {
        var span = ReadUnsignedSpan(field, maxBytes);
        return Uint256.ReadUnsigned(span);
    }

    /// <summary>Reads a byte string as a canonical unsigned 64-bit integer.</summary>
    /// <exception cref="EthereumFormatException">A list, a leading zero, or more than 8 bytes.</exception>
    public ulong ToUInt64(string field)
    {
        var span = ReadUnsignedSpan(field, sizeof(ulong));
        ulong value = 0;
        foreach (var b in span)
        {
            value = (value << 8) | b;
        }
        return value;
    }

    private ReadOnlySpan<byte> ReadUnsignedSpan(string field, int maxBytes)
    {
        if (_items is not null)
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidRlp, $"The RLP field '{field}' should be an integer but is a list.");
        }
        var span = _bytes.Span;
        if (span.Length > maxBytes)
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidRlp, $"The RLP integer '{field}' has {span.Length} bytes; at most {maxBytes} are allowed.");
        }
        if (span.Length > 0 && span[0] == 0)
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidRlp, $"The RLP integer '{field}' has a leading zero byte (non-canonical).");
        }
        return span;
    }

    /// <summary>The RLP encoding of this item.</summary>
    public byte[] Encode() => Rlp.Encode(this);

    /// <inheritdoc/>
    public override string ToString() => _items is null
        ? Hex.Encode(_bytes.Span)
        : "[" + string.Join(", ", _items.Select(i => i.ToString())) + "]";
}
