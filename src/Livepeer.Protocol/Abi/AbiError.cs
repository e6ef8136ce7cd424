using System.Text;

namespace Livepeer.Protocol;

/// <summary>A custom error declared by a contract (<c>error InsufficientBalance(uint256 available, uint256 required)</c>).</summary>
public sealed class AbiError
{
    private readonly byte[] _selector;

    /// <summary>Creates an error from its parts.</summary>
    public AbiError(string name, IReadOnlyList<AbiParameter> inputs)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(inputs);
        Name = name;
        Inputs = [.. inputs];
        Signature = AbiSignatures.Canonical(name, Inputs);
        _selector = Keccak256.Hash(Encoding.ASCII.GetBytes(Signature))[..4];
    }

    /// <summary>The error name.</summary>
    public string Name { get; }

    /// <summary>The parameters.</summary>
    public IReadOnlyList<AbiParameter> Inputs { get; }

    /// <summary>The canonical signature.</summary>
    public string Signature { get; }

    /// <summary>The 4-byte selector that starts the revert data.</summary>
    public ReadOnlyMemory<byte> Selector => _selector;

    /// <summary>Parses <c>InsufficientBalance(uint256,uint256)</c> or <c>error InsufficientBalance(uint256 available, uint256 required)</c>.</summary>
    /// <exception cref="EthereumFormatException">The text is not an error signature.</exception>
    public static AbiError Parse(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var reader = new AbiSignatureReader(signature, allowNames: true);
        reader.TryReadWord("error");
        var name = reader.ReadIdentifier();
        var inputs = reader.ReadParameterList(1, allowIndexed: false);
        reader.ExpectEnd();
        return new AbiError(name, inputs);
    }

    /// <summary>Encodes revert data for this error: the selector and the arguments.</summary>
    public byte[] Encode(params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var data = AbiEncoder.EncodeTuple(Inputs.Select(p => p.Type).ToArray(), args, i => $"{Inputs[i].Describe(i)} of {Name}", prefixLength: 4);
        _selector.CopyTo(data, 0);
        return data;
    }

    /// <summary>Decodes revert data (selector and arguments) to the arguments.</summary>
    /// <exception cref="EthereumFormatException">The selector differs or the arguments are malformed.</exception>
    public object?[] DecodeArguments(ReadOnlySpan<byte> revertData)
    {
        if (revertData.Length < 4 || !revertData[..4].SequenceEqual(_selector))
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiData, $"The revert data does not start with the selector of {Signature}.");
        }
        return AbiCodec.Decode(Inputs, revertData[4..]);
    }

    /// <inheritdoc/>
    public override string ToString() => Signature;
}
