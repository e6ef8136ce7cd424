using System.Text;

namespace Livepeer.Protocol;

/// <summary>A contract event: its signature, topic, and the decoding of its logs.</summary>
public sealed class AbiEvent
{
    private readonly byte[] _topic0;

    /// <summary>Creates an event from its parts.</summary>
    public AbiEvent(string name, IReadOnlyList<AbiParameter> inputs, bool anonymous = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(inputs);
        Name = name;
        Inputs = [.. inputs];
        Anonymous = anonymous;
        var indexed = Inputs.Count(p => p.Indexed);
        if (indexed > (anonymous ? 4 : 3))
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiType, $"The event {name} has {indexed} indexed parameters; at most {(anonymous ? 4 : 3)} fit in the topics.");
        }
        Signature = AbiSignatures.Canonical(name, Inputs);
        _topic0 = Keccak256.Hash(Encoding.ASCII.GetBytes(Signature));
    }

    /// <summary>The event name.</summary>
    public string Name { get; }

    /// <summary>The parameters, indexed or not, in declaration order.</summary>
    public IReadOnlyList<AbiParameter> Inputs { get; }

    /// <summary>True for an anonymous event, whose logs carry no topic 0.</summary>
    public bool Anonymous { get; }

    /// <summary>The canonical signature, e.g. <c>Transfer(address,address,uint256)</c>.</summary>
    public string Signature { get; }

    /// <summary>keccak256 of <see cref="Signature"/>: the first topic of every (non-anonymous) log of this event.</summary>
    public ReadOnlyMemory<byte> Topic0 => _topic0;

    /// <summary><see cref="Topic0"/> as 0x-prefixed hex, as log filters take it.</summary>
    public string Topic0Hex => Hex.Encode(_topic0);

    /// <summary>Parses <c>Transfer(address indexed from, address indexed to, uint256 value)</c>, optionally prefixed with <c>event</c> and followed by <c>anonymous</c>.</summary>
    /// <exception cref="EthereumFormatException">The text is not an event signature.</exception>
    public static AbiEvent Parse(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var reader = new AbiSignatureReader(signature, allowNames: true);
        reader.TryReadWord("event");
        var name = reader.ReadIdentifier();
        var inputs = reader.ReadParameterList(1, allowIndexed: true);
        var anonymous = reader.TryReadWord("anonymous");
        reader.ExpectEnd();
        return new AbiEvent(name, inputs, anonymous);
    }

    /// <summary>
    /// Decodes a log. Indexed parameters of elementary static types are read from their topics; indexed
    /// strings, bytes, arrays and tuples are only present as the 32-byte keccak256 hash, returned as byte[].
    /// The other parameters are decoded from <paramref name="data"/>.
    /// </summary>
    /// <exception cref="EthereumFormatException">The topics do not belong to this event, or the data is malformed.</exception>
    public DecodedEvent DecodeLog(IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var first = Anonymous ? 0 : 1;
        var indexedCount = Inputs.Count(p => p.Indexed);
        if (topics.Count != first + indexedCount)
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiData, $"The event {Signature} has {first + indexedCount} topic(s) but the log has {topics.Count}.");
        }
        for (var i = 0; i < topics.Count; i++)
        {
            if (topics[i] is not { Length: 32 })
            {
                throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiData, $"Topic {i} of the log is not 32 bytes.");
            }
        }
        if (!Anonymous && !topics[0].AsSpan().SequenceEqual(_topic0))
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiData, $"The log's topic 0 is {Hex.Encode(topics[0])}, not {Topic0Hex} of {Signature}.");
        }
        var dataParameters = Inputs.Where(p => !p.Indexed).ToArray();
        var dataValues = AbiCodec.Decode(dataParameters, data);
        var values = new object?[Inputs.Count];
        var topic = first;
        var dataIndex = 0;
        for (var i = 0; i < Inputs.Count; i++)
        {
            var parameter = Inputs[i];
            if (!parameter.Indexed)
            {
                values[i] = dataValues[dataIndex++];
                continue;
            }
            var bytes = topics[topic++];
            values[i] = IsValueTopic(parameter.Type)
                ? AbiDecoder.DecodeSingle(parameter.Type, bytes, parameter.Describe(i))
                : bytes.ToArray();
        }
        return new DecodedEvent(this, values);
    }

    private static bool IsValueTopic(AbiType type)
        => type.Kind is AbiTypeKind.UInt or AbiTypeKind.Int or AbiTypeKind.Address or AbiTypeKind.Bool or AbiTypeKind.FixedBytes;

    /// <inheritdoc/>
    public override string ToString() => Signature;
}

/// <summary>The values of one decoded log, by position and by parameter name.</summary>
public sealed class DecodedEvent
{
    internal DecodedEvent(AbiEvent abiEvent, object?[] values)
    {
        Event = abiEvent;
        Values = values;
    }

    /// <summary>The event the log belongs to.</summary>
    public AbiEvent Event { get; }

    /// <summary>The values in declaration order (indexed and not).</summary>
    public IReadOnlyList<object?> Values { get; }

    /// <summary>The value of the parameter called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The event has no parameter with that name.</exception>
    public object? this[string name] => TryGetValue(name, out var value)
        ? value
        : throw new KeyNotFoundException($"The event {Event.Signature} has no parameter named '{name}'.");

    /// <summary>Looks a value up by parameter name.</summary>
    public bool TryGetValue(string name, out object? value)
    {
        for (var i = 0; i < Event.Inputs.Count; i++)
        {
            if (Event.Inputs[i].Name.Length > 0 && string.Equals(Event.Inputs[i].Name, name, StringComparison.Ordinal))
            {
                value = Values[i];
                return true;
            }
        }
        value = null;
        return false;
    }
}
