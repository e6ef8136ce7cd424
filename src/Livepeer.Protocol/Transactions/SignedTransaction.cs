using System.Numerics;

namespace Livepeer.Protocol;

/// <summary>
/// A signed, serialised transaction: the bytes to send with <c>eth_sendRawTransaction</c>, its hash, and
/// the fields it carries. Build one with <c>SignAsync</c> on a transaction, or with <see cref="Decode(ReadOnlySpan{byte})"/>.
/// </summary>
public sealed class SignedTransaction
{
    private readonly byte[] _raw;
    private readonly byte[] _signingHash;

    private SignedTransaction(TransactionType type, LegacyTransaction? legacy, Eip1559Transaction? eip1559, EthSignature signature, byte[] raw, byte[] signingHash)
    {
        Type = type;
        Legacy = legacy;
        Eip1559 = eip1559;
        Signature = signature;
        _raw = raw;
        _signingHash = signingHash;
        Hash = Hex.Encode(Keccak256.Hash(raw));
    }

    /// <summary>The envelope type.</summary>
    public TransactionType Type { get; }

    /// <summary>The fields, when <see cref="Type"/> is <see cref="TransactionType.Legacy"/>.</summary>
    public LegacyTransaction? Legacy { get; }

    /// <summary>The fields, when <see cref="Type"/> is <see cref="TransactionType.Eip1559"/>.</summary>
    public Eip1559Transaction? Eip1559 { get; }

    /// <summary>The signature, normalised to v = 27/28 (the chain id of a legacy transaction is in <see cref="ChainId"/>).</summary>
    public EthSignature Signature { get; }

    /// <summary>
    /// The <c>v</c> value as serialised: <c>chainId * 2 + 35 + yParity</c> (EIP-155) or 27/28 (pre-EIP-155)
    /// for a legacy transaction, the y-parity 0 or 1 for EIP-1559.
    /// </summary>
    public BigInteger V => Legacy is { ChainId: { } chainId }
        ? (BigInteger)chainId * 2 + 35 + Signature.RecoveryId
        : Legacy is not null ? Signature.V : Signature.RecoveryId;

    /// <summary>The serialised transaction.</summary>
    public ReadOnlyMemory<byte> RawBytes => _raw;

    /// <summary>The serialised transaction as 0x-prefixed hex, as <c>eth_sendRawTransaction</c> takes it.</summary>
    public string RawHex => Hex.Encode(_raw);

    /// <summary>The transaction hash: keccak256 of <see cref="RawBytes"/>, 0x-prefixed hex.</summary>
    public string Hash { get; }

    /// <summary>The digest that was signed.</summary>
    public ReadOnlyMemory<byte> SigningHash => _signingHash;

    /// <summary>The chain id (null only for a pre-EIP-155 legacy transaction).</summary>
    public ulong? ChainId => Legacy is not null ? Legacy.ChainId : Eip1559!.ChainId;

    /// <summary>The nonce.</summary>
    public ulong Nonce => Legacy?.Nonce ?? Eip1559!.Nonce;

    /// <summary>The gas limit.</summary>
    public ulong GasLimit => Legacy?.GasLimit ?? Eip1559!.GasLimit;

    /// <summary>The recipient, or null for a contract creation.</summary>
    public EthAddress? To => Legacy is not null ? Legacy.To : Eip1559!.To;

    /// <summary>The wei sent.</summary>
    public Wei Value => Legacy?.Value ?? Eip1559!.Value;

    /// <summary>The call data.</summary>
    public ReadOnlyMemory<byte> Data => Legacy?.Data ?? Eip1559!.Data;

    internal static SignedTransaction FromLegacy(LegacyTransaction transaction, EthSignature signature, byte[] raw, byte[] signingHash)
        => new(TransactionType.Legacy, transaction, null, signature, raw, signingHash);

    internal static SignedTransaction FromEip1559(Eip1559Transaction transaction, EthSignature signature, byte[] raw, byte[] signingHash)
        => new(TransactionType.Eip1559, null, transaction, signature, raw, signingHash);

    /// <summary>The address that signed the transaction.</summary>
    /// <exception cref="EthereumFormatException">The signature does not recover (<see cref="ProtocolErrorCode.InvalidSignature"/>).</exception>
    public EthAddress RecoverSender() => Signature.RecoverAddress(_signingHash);

    /// <summary>Parses a serialised legacy or EIP-1559 transaction.</summary>
    /// <exception cref="EthereumFormatException">
    /// Malformed RLP (<see cref="ProtocolErrorCode.InvalidRlp"/>), invalid fields or an unsupported type
    /// (<see cref="ProtocolErrorCode.InvalidTransaction"/>), or an invalid signature (<see cref="ProtocolErrorCode.InvalidSignature"/>).
    /// </exception>
    public static SignedTransaction Decode(ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty)
        {
            throw TransactionFields.Invalid("The transaction is empty.");
        }
        var first = raw[0];
        if (first >= 0xc0)
        {
            var (legacy, signature) = LegacyTransaction.Decode(Rlp.Decode(raw));
            return FromLegacy(legacy, signature, raw.ToArray(), legacy.GetSigningHash());
        }
        if (first == (byte)TransactionType.Eip1559)
        {
            var (eip1559, signature) = Eip1559Transaction.Decode(Rlp.Decode(raw[1..]));
            return FromEip1559(eip1559, signature, raw.ToArray(), eip1559.GetSigningHash());
        }
        throw TransactionFields.Invalid(first < 0x80
            ? $"Transaction type {first} is not supported; only legacy and type 2 (EIP-1559) are."
            : $"The transaction starts with 0x{first:x2}, which is neither a type byte nor an RLP list.");
    }

    /// <summary>Parses hex text (with or without 0x) holding a serialised transaction.</summary>
    /// <exception cref="EthereumFormatException">The text is not hex, or the transaction is malformed.</exception>
    public static SignedTransaction Decode(string rawHex)
    {
        ArgumentNullException.ThrowIfNull(rawHex);
        return Decode(Hex.Decode(rawHex));
    }
}
