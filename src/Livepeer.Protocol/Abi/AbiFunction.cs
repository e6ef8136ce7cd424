using System.Text;

namespace Livepeer.Protocol;

/// <summary>A contract function: its signature, selector, and the encoding of its calls and results.</summary>
public sealed class AbiFunction
{
    private static readonly string[] MutabilityWords = ["view", "pure", "payable", "nonpayable"];
    private static readonly string[] VisibilityWords = ["external", "public", "internal", "private", "virtual", "override"];

    private readonly byte[] _selector;

    /// <summary>Creates a function from its parts.</summary>
    public AbiFunction(string name, IReadOnlyList<AbiParameter> inputs, IReadOnlyList<AbiParameter>? outputs = null, string stateMutability = "nonpayable")
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(inputs);
        Name = name;
        Inputs = [.. inputs];
        Outputs = outputs is null ? [] : [.. outputs];
        StateMutability = stateMutability ?? "nonpayable";
        Signature = AbiSignatures.Canonical(name, Inputs);
        _selector = Keccak256.Hash(Encoding.ASCII.GetBytes(Signature))[..4];
    }

    /// <summary>The function name.</summary>
    public string Name { get; }

    /// <summary>The parameters.</summary>
    public IReadOnlyList<AbiParameter> Inputs { get; }

    /// <summary>The return values.</summary>
    public IReadOnlyList<AbiParameter> Outputs { get; }

    /// <summary><c>pure</c>, <c>view</c>, <c>nonpayable</c> or <c>payable</c>.</summary>
    public string StateMutability { get; }

    /// <summary>True for <c>view</c> and <c>pure</c> functions, which are read with <c>eth_call</c>.</summary>
    public bool IsReadOnly => StateMutability is "view" or "pure";

    /// <summary>The canonical signature, e.g. <c>transfer(address,uint256)</c>.</summary>
    public string Signature { get; }

    /// <summary>The 4-byte selector: the first bytes of keccak256 of <see cref="Signature"/>.</summary>
    public ReadOnlyMemory<byte> Selector => _selector;

    /// <summary>The selector as 0x-prefixed hex.</summary>
    public string SelectorHex => Hex.Encode(_selector);

    /// <summary>
    /// Parses a human-readable signature: <c>transfer(address,uint256)</c>, or
    /// <c>function balanceOf(address owner) view returns (uint256)</c>.
    /// </summary>
    /// <exception cref="EthereumFormatException">The text is not a function signature (<see cref="ProtocolErrorCode.InvalidAbiType"/>).</exception>
    public static AbiFunction Parse(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var reader = new AbiSignatureReader(signature, allowNames: true);
        reader.TryReadWord("function");
        var name = reader.ReadIdentifier();
        var inputs = reader.ReadParameterList(1, allowIndexed: false);
        var mutability = ReadModifiers(reader) ?? "nonpayable";
        List<AbiParameter> outputs = [];
        if (reader.TryReadWord("returns"))
        {
            outputs = reader.ReadParameterList(1, allowIndexed: false);
            mutability = ReadModifiers(reader) ?? mutability;
        }
        reader.ExpectEnd();
        return new AbiFunction(name, inputs, outputs, mutability);
    }

    private static string? ReadModifiers(AbiSignatureReader reader)
    {
        string? mutability = null;
        var more = true;
        while (more)
        {
            more = false;
            foreach (var word in MutabilityWords)
            {
                if (reader.TryReadWord(word))
                {
                    mutability = word;
                    more = true;
                }
            }
            foreach (var word in VisibilityWords)
            {
                more |= reader.TryReadWord(word);
            }
        }
        return mutability;
    }

    /// <summary>The call data: the selector followed by the encoded arguments.</summary>
    /// <exception cref="EthereumFormatException">An argument does not match or fit its parameter; the message names it.</exception>
    public byte[] EncodeCall(params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var data = AbiEncoder.EncodeTuple(Inputs.Select(p => p.Type).ToArray(), args, i => $"{Inputs[i].Describe(i)} of {Name}", prefixLength: 4);
        _selector.CopyTo(data, 0);
        return data;
    }

    /// <summary>Decodes call data (selector and arguments) back to the arguments.</summary>
    /// <exception cref="EthereumFormatException">The selector is not this function's, or the arguments are malformed.</exception>
    public object?[] DecodeCall(ReadOnlySpan<byte> callData)
    {
        if (callData.Length < 4 || !callData[..4].SequenceEqual(_selector))
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiData, $"The call data does not start with the selector {SelectorHex} of {Signature}.");
        }
        return AbiCodec.Decode(Inputs, callData[4..]);
    }

    /// <summary>Decodes return data to the output values, in order.</summary>
    /// <exception cref="EthereumFormatException">The data is malformed (<see cref="ProtocolErrorCode.InvalidAbiData"/>).</exception>
    public object?[] DecodeOutput(ReadOnlySpan<byte> data) => AbiCodec.Decode(Outputs, data);

    /// <summary>Encodes return values, as the contract would.</summary>
    public byte[] EncodeOutput(params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return AbiCodec.Encode(Outputs, values);
    }

    /// <inheritdoc/>
    public override string ToString() => Signature;
}

internal static class AbiSignatures
{
    public static string Canonical(string name, IReadOnlyList<AbiParameter> inputs)
        => name + "(" + string.Join(",", inputs.Select(p => p.Type.CanonicalName)) + ")";
}
