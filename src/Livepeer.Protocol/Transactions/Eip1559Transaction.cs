namespace Livepeer.Protocol;

/// <summary>An EIP-1559 dynamic-fee transaction (type 2), the kind Arbitrum and Ethereum expect today.</summary>
public sealed record Eip1559Transaction
{
    /// <summary>The chain the transaction is for (42161 for Arbitrum One).</summary>
    public ulong ChainId { get; init; }

    /// <summary>The sender's transaction count before this one.</summary>
    public ulong Nonce { get; init; }

    /// <summary>The tip per unit of gas; at most <see cref="MaxFeePerGas"/>.</summary>
    public Wei MaxPriorityFeePerGas { get; init; }

    /// <summary>The most the sender pays per unit of gas, base fee and tip together.</summary>
    public Wei MaxFeePerGas { get; init; }

    /// <summary>The most gas the transaction may use; must be above zero.</summary>
    public ulong GasLimit { get; init; }

    /// <summary>The recipient, or null to create a contract.</summary>
    public EthAddress? To { get; init; }

    /// <summary>The wei sent with the transaction.</summary>
    public Wei Value { get; init; }

    /// <summary>Call data, or init code for a contract creation.</summary>
    public ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>The EIP-2930 access list (empty by default).</summary>
    public IReadOnlyList<AccessListEntry> AccessList { get; init; } = [];

    /// <summary>keccak256 of <c>0x02 ‖ rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data, accessList])</c>.</summary>
    /// <exception cref="EthereumFormatException">The fields are invalid (<see cref="ProtocolErrorCode.InvalidTransaction"/>).</exception>
    public byte[] GetSigningHash() => Keccak256.Hash(EncodeForSigning());

    internal byte[] EncodeForSigning()
    {
        Validate();
        var payload = Rlp.EncodeList([.. Fields()]);
        var preimage = new byte[1 + payload.Length];
        preimage[0] = (byte)TransactionType.Eip1559;
        payload.CopyTo(preimage, 1);
        return preimage;
    }

    /// <summary>Signs with <paramref name="signer"/> and serialises the result.</summary>
    /// <exception cref="EthereumFormatException">The fields are invalid (<see cref="ProtocolErrorCode.InvalidTransaction"/>).</exception>
    public async Task<SignedTransaction> SignAsync(ISigner signer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var hash = GetSigningHash();
        var signature = await signer.SignDigestAsync(hash, cancellationToken).ConfigureAwait(false);
        return SignedTransaction.FromEip1559(this, signature, Serialise(signature), hash);
    }

    internal void Validate()
    {
        if (ChainId == 0)
        {
            throw TransactionFields.Invalid("An EIP-1559 transaction needs a chain id above zero.");
        }
        TransactionFields.RequireNonce(Nonce);
        TransactionFields.RequireGasLimit(GasLimit);
        if (MaxPriorityFeePerGas > MaxFeePerGas)
        {
            throw TransactionFields.Invalid($"The max priority fee ({MaxPriorityFeePerGas} wei) is above the max fee ({MaxFeePerGas} wei).");
        }
        if (AccessList is null)
        {
            throw TransactionFields.Invalid("The access list is null; use an empty list.");
        }
    }

    internal byte[] Serialise(EthSignature signature)
    {
        var fields = Fields();
        fields.Add(Rlp.EncodeUnsigned((ulong)signature.RecoveryId));
        fields.Add(TransactionFields.EncodeScalar(signature.R));
        fields.Add(TransactionFields.EncodeScalar(signature.S));
        var payload = Rlp.EncodeList([.. fields]);
        var raw = new byte[1 + payload.Length];
        raw[0] = (byte)TransactionType.Eip1559;
        payload.CopyTo(raw, 1);
        return raw;
    }

    private List<byte[]> Fields() =>
    [
        Rlp.EncodeUnsigned(ChainId),
        Rlp.EncodeUnsigned(Nonce),
        Rlp.EncodeUnsigned(MaxPriorityFeePerGas.Value),
        Rlp.EncodeUnsigned(MaxFeePerGas.Value),
        Rlp.EncodeUnsigned(GasLimit),
        TransactionFields.EncodeTo(To),
        Rlp.EncodeUnsigned(Value.Value),
        Rlp.EncodeBytes(Data.Span),
        TransactionFields.EncodeAccessList(AccessList),
    ];

    internal static (Eip1559Transaction Transaction, EthSignature Signature) Decode(RlpItem item)
    {
        if (!item.IsList || item.Items.Count != 12)
        {
            throw TransactionFields.Invalid("A signed EIP-1559 transaction is an RLP list of 12 fields.");
        }
        var f = item.Items;
        var yParity = f[9].ToUInt64("yParity");
        if (yParity > 1)
        {
            throw TransactionFields.Invalid($"The y-parity of an EIP-1559 signature is 0 or 1, not {yParity}.");
        }
        var transaction = new Eip1559Transaction
        {
            ChainId = f[0].ToUInt64("chainId"),
            Nonce = f[1].ToUInt64("nonce"),
            MaxPriorityFeePerGas = TransactionFields.ToWei(f[2], "maxPriorityFeePerGas"),
            MaxFeePerGas = TransactionFields.ToWei(f[3], "maxFeePerGas"),
            GasLimit = f[4].ToUInt64("gasLimit"),
            To = TransactionFields.DecodeTo(f[5]),
            Value = TransactionFields.ToWei(f[6], "value"),
            Data = f[7].Bytes.ToArray(),
            AccessList = TransactionFields.DecodeAccessList(f[8]),
        };
        transaction.Validate();
        return (transaction, TransactionFields.DecodeSignature(f[10], f[11], (int)yParity));
    }
}
