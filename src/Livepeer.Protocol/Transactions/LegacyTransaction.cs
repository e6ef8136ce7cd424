using System.Numerics;

namespace Livepeer.Protocol;

/// <summary>
/// A legacy (type 0) transaction with EIP-155 replay protection: the chain id is part of what is signed and
/// of <c>v</c>. A <see cref="ChainId"/> of null describes a pre-EIP-155 transaction, which can be decoded
/// and verified but is never signed here, because it would be valid on every chain.
/// </summary>
public sealed record LegacyTransaction
{
    /// <summary>The chain the transaction is for; null only for decoded pre-EIP-155 transactions.</summary>
    public ulong? ChainId { get; init; }

    /// <summary>The sender's transaction count before this one.</summary>
    public ulong Nonce { get; init; }

    /// <summary>The price per unit of gas.</summary>
    public Wei GasPrice { get; init; }

    /// <summary>The most gas the transaction may use; must be above zero.</summary>
    public ulong GasLimit { get; init; }

    /// <summary>The recipient, or null to create a contract.</summary>
    public EthAddress? To { get; init; }

    /// <summary>The wei sent with the transaction.</summary>
    public Wei Value { get; init; }

    /// <summary>Call data, or init code for a contract creation.</summary>
    public ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>
    /// The keccak256 digest that is signed: of <c>rlp([nonce, gasPrice, gasLimit, to, value, data, chainId, 0, 0])</c>
    /// (EIP-155), or of the first six fields for a pre-EIP-155 transaction.
    /// </summary>
    /// <exception cref="EthereumFormatException">The fields are invalid (<see cref="ProtocolErrorCode.InvalidTransaction"/>).</exception>
    public byte[] GetSigningHash() => Keccak256.Hash(EncodeForSigning());

    internal byte[] EncodeForSigning()
    {
        Validate();
        var fields = new List<byte[]>(9);
        AddFields(fields);
        if (ChainId is { } chainId)
        {
            fields.Add(Rlp.EncodeUnsigned(chainId));
            fields.Add(Rlp.EncodeBytes([]));
            fields.Add(Rlp.EncodeBytes([]));
        }
        return Rlp.EncodeList([.. fields]);
    }

    /// <summary>Signs with <paramref name="signer"/> and serialises the result.</summary>
    /// <exception cref="EthereumFormatException">The fields are invalid, or there is no chain id (<see cref="ProtocolErrorCode.InvalidTransaction"/>).</exception>
    public async Task<SignedTransaction> SignAsync(ISigner signer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        if (ChainId is null or 0)
        {
            throw TransactionFields.Invalid("A legacy transaction needs a chain id (EIP-155) to be signed; without one it could be replayed on any chain.");
        }
        var hash = GetSigningHash();
        var signature = await signer.SignDigestAsync(hash, cancellationToken).ConfigureAwait(false);
        return SignedTransaction.FromLegacy(this, signature, Serialise(signature), hash);
    }

    internal void Validate()
    {
        TransactionFields.RequireNonce(Nonce);
        TransactionFields.RequireGasLimit(GasLimit);
    }

    internal byte[] Serialise(EthSignature signature)
    {
        var fields = new List<byte[]>(9);
        AddFields(fields);
        var v = ChainId is { } chainId
            ? (BigInteger)chainId * 2 + 35 + signature.RecoveryId
            : new BigInteger(27 + signature.RecoveryId);
        fields.Add(Rlp.EncodeUnsigned(v));
        fields.Add(TransactionFields.EncodeScalar(signature.R));
        fields.Add(TransactionFields.EncodeScalar(signature.S));
        return Rlp.EncodeList([.. fields]);
    }

    private void AddFields(List<byte[]> fields)
    {
        fields.Add(Rlp.EncodeUnsigned(Nonce));
        fields.Add(Rlp.EncodeUnsigned(GasPrice.Value));
        fields.Add(Rlp.EncodeUnsigned(GasLimit));
        fields.Add(TransactionFields.EncodeTo(To));
        fields.Add(Rlp.EncodeUnsigned(Value.Value));
        fields.Add(Rlp.EncodeBytes(Data.Span));
    }

    internal static (LegacyTransaction Transaction, EthSignature Signature) Decode(RlpItem item)
    {
        if (!item.IsList || item.Items.Count != 9)
        {
            throw TransactionFields.Invalid("A signed legacy transaction is an RLP list of 9 fields.");
        }
        var f = item.Items;
        var v = f[6].ToUnsigned("v");
        ulong? chainId;
        int recoveryId;
        if (v == 27 || v == 28)
        {
            chainId = null;
            recoveryId = (int)(v - 27);
        }
        else if (v >= 35 && (v - 35) / 2 <= ulong.MaxValue)
        {
            chainId = (ulong)((v - 35) / 2);
            recoveryId = (int)((v - 35) % 2);
        }
        else
        {
            throw TransactionFields.Invalid($"The legacy transaction's v value {v} is neither 27/28 nor an EIP-155 value (chainId * 2 + 35 or 36).");
        }
        var transaction = new LegacyTransaction
        {
            ChainId = chainId,
            Nonce = f[0].ToUInt64("nonce"),
            GasPrice = TransactionFields.ToWei(f[1], "gasPrice"),
            GasLimit = f[2].ToUInt64("gasLimit"),
            To = TransactionFields.DecodeTo(f[3]),
            Value = TransactionFields.ToWei(f[4], "value"),
            Data = f[5].Bytes.ToArray(),
        };
        transaction.Validate();
        return (transaction, TransactionFields.DecodeSignature(f[7], f[8], recoveryId));
    }
}
