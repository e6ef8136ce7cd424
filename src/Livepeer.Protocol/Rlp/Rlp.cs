using System.Buffers.Binary;
using System.Numerics;

namespace Livepeer.Protocol;

/// <summary>
/// Recursive Length Prefix, the serialisation of Ethereum transactions. Decoding is strict: it accepts only
/// the one canonical encoding of each item, so that a transaction hash cannot be varied by re-encoding.
/// </summary>
public static class Rlp
{
    /// <summary>The deepest nesting of lists the decoder accepts. Transactions need three levels.</summary>
    public const int MaxDepth = 64;

    /// <summary>Encodes a byte string.</summary>
    public static byte[] EncodeBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 1 && bytes[0] < 0x80)
        {
            return [bytes[0]];
        }
        var header = HeaderLength(bytes.Length);
        var output = new byte[header + bytes.Length];
        WriteHeader(output, 0x80, bytes.Length);
        bytes.CopyTo(output.AsSpan(header));
        return output;
    }

    /// <summary>Encodes a non-negative integer as its minimal big-endian bytes; zero is the empty string (0x80).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static byte[] EncodeUnsigned(BigInteger value) => EncodeBytes(Uint256.ToMinimal(value));

    /// <summary>Encodes an unsigned integer as its minimal big-endian bytes; zero is the empty string (0x80).</summary>
    public static byte[] EncodeUnsigned(ulong value)
    {
        Span<byte> buffer = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64BigEndian(buffer, value);
        var start = 0;
        while (start < buffer.Length && buffer[start] == 0)
        {
            start++;
        }
        return EncodeBytes(buffer[start..]);
    }

    /// <summary>Wraps items that are already RLP-encoded into a list.</summary>
    public static byte[] EncodeList(params byte[][] encodedItems)
    {
        ArgumentNullException.ThrowIfNull(encodedItems);
        var payload = 0;
        foreach (var item in encodedItems)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(encodedItems));
            payload = checked(payload + item.Length);
        }
        var header = HeaderLength(payload);
        var output = new byte[header + payload];
        WriteHeader(output, 0xc0, payload);
        var at = header;
        foreach (var item in encodedItems)
        {
            item.CopyTo(output, at);
            at += item.Length;
        }
        return output;
    }

    /// <summary>Encodes an item tree.</summary>
    public static byte[] Encode(RlpItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!item.IsList)
        {
            return EncodeBytes(item.Bytes.Span);
        }
        var children = new byte[item.Items.Count][];
        for (var i = 0; i < children.Length; i++)
        {
            children[i] = Encode(item.Items[i]);
        }
        return EncodeList(children);
    }

    /// <summary>Decodes exactly one canonical item that spans the whole input.</summary>
    /// <exception cref="EthereumFormatException">Truncated, non-canonical, too deep, or with trailing bytes (<see cref="ProtocolErrorCode.InvalidRlp"/>).</exception>
    public static RlpItem Decode(ReadOnlySpan<byte> data)
    {
        ReadOnlyMemory<byte> copy = data.ToArray();
        var consumed = DecodeItem(copy, 0, 0, out var item);
        if (consumed != copy.Length)
        {
            throw Invalid($"{copy.Length - consumed} trailing byte(s) after the RLP item at offset {consumed}.");
        }
        return item;
    }

    private static int DecodeItem(ReadOnlyMemory<byte> data, int offset, int depth, out RlpItem item)
    {
        var span = data.Span;
        if (offset >= span.Length)
        {
            throw Invalid($"The RLP data ends at offset {offset} where an item was expected.");
        }
        var prefix = span[offset];
        if (prefix < 0x80)
        {
            item = RlpItem.Wrap(data.Slice(offset, 1));
            return offset + 1;
        }
        var isList = prefix >= 0xc0;
        var shortBase = isList ? 0xc0 : 0x80;
        int headerLength;
        int payloadLength;
        if (prefix <= shortBase + 55)
        {
            headerLength = 1;
            payloadLength = prefix - shortBase;
        }
        else
        {
            var lengthOfLength = prefix - shortBase - 55;
            if (span.Length - offset - 1 < lengthOfLength)
            {
                throw Invalid($"The RLP length at offset {offset} is truncated.");
            }
            var lengthBytes = span.Slice(offset + 1, lengthOfLength);
            if (lengthBytes[0] == 0)
            {
                throw Invalid($"The RLP length at offset {offset} has a leading zero byte (non-canonical).");
            }
            ulong length = 0;
            foreach (var b in lengthBytes)
            {
                length = (length << 8) | b;
            }
            if (length <= 55)
            {
                throw Invalid($"The RLP item at offset {offset} uses the long form for a length of {length}, which needs the short form.");
            }
            headerLength = 1 + lengthOfLength;
            if (length > (ulong)(span.Length - offset - headerLength))
            {
                throw Invalid($"The RLP item at offset {offset} declares {length} bytes but only {span.Length - offset - headerLength} remain.");
            }
            payloadLength = (int)length;
        }
        var start = offset + headerLength;
        if (payloadLength > span.Length - start)
        {
            throw Invalid($"The RLP item at offset {offset} declares {payloadLength} bytes but only {span.Length - start} remain.");
        }
        var end = start + payloadLength;
        if (!isList)
        {
            if (payloadLength == 1 && span[start] < 0x80)
            {
                throw Invalid($"The single byte 0x{span[start]:x2} at offset {offset} must not carry a string prefix (non-canonical).");
            }
            item = RlpItem.Wrap(data[start..end]);
            return end;
        }
        if (depth >= MaxDepth)
        {
            throw Invalid($"RLP lists are nested deeper than {MaxDepth} levels.");
        }
        var children = new List<RlpItem>();
        var at = start;
        while (at < end)
        {
            at = DecodeItem(data[..end], at, depth + 1, out var child);
            children.Add(child);
        }
        item = RlpItem.WrapList([.. children]);
        return end;
    }

    private static int HeaderLength(int payloadLength)
    {
        if (payloadLength <= 55)
        {
            return 1;
        }
        return 1 + LengthOfLength(payloadLength);
    }

    private static int LengthOfLength(int length)
    {
        var n = 0;
        for (var v = (uint)length; v != 0; v >>= 8)
        {
            n++;
        }
        return n;
    }

    private static void WriteHeader(Span<byte> output, int shortBase, int payloadLength)
    {
        if (payloadLength <= 55)
        {
            output[0] = (byte)(shortBase + payloadLength);
            return;
        }
        var n = LengthOfLength(payloadLength);
        output[0] = (byte)(shortBase + 55 + n);
        for (var i = 0; i < n; i++)
        {
            output[n - i] = (byte)(payloadLength >> (8 * i));
        }
    }

    private static EthereumFormatException Invalid(string message) => new(ProtocolErrorCode.InvalidRlp, message);
}
