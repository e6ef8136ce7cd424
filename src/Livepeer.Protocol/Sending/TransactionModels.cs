namespace Livepeer.Protocol;

/// <summary>What to send. Unset fields (gas, fees, nonce) are filled in by <see cref="TransactionSender"/>.</summary>
public sealed record TransactionRequest
{
    /// <summary>The recipient; null to create a contract from <see cref="Data"/>.</summary>
    public EthAddress? To { get; init; }

    /// <summary>The value sent.</summary>
    public Wei Value { get; init; }

    /// <summary>The calldata, or the init code of a contract creation.</summary>
    public ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>A fixed gas limit; by default the estimate times <see cref="TransactionSenderOptions.GasLimitMargin"/>.</summary>
    public ulong? GasLimit { get; init; }

    /// <summary>A fixed max fee per gas (EIP-1559), or gas price (legacy).</summary>
    public Wei? MaxFeePerGas { get; init; }

    /// <summary>A fixed priority fee per gas (EIP-1559).</summary>
    public Wei? MaxPriorityFeePerGas { get; init; }

    /// <summary>A fixed nonce; by default the <see cref="NonceManager"/> assigns one.</summary>
    public ulong? Nonce { get; init; }
}

/// <summary>Fees suggested for the next block.</summary>
/// <param name="BaseFeePerGas">The latest block's base fee; null on a chain without EIP-1559.</param>
/// <param name="MaxFeePerGas">The max fee per gas to offer (the gas price for a legacy transaction).</param>
/// <param name="MaxPriorityFeePerGas">The priority fee per gas to offer.</param>
public sealed record FeeSuggestion(Wei? BaseFeePerGas, Wei MaxFeePerGas, Wei MaxPriorityFeePerGas);

/// <summary>A transaction the node accepted.</summary>
public sealed record SentTransaction
{
    /// <summary>The transaction hash, 0x-prefixed.</summary>
    public required string Hash { get; init; }

    /// <summary>The sender.</summary>
    public required EthAddress From { get; init; }

    /// <summary>The nonce used.</summary>
    public required ulong Nonce { get; init; }

    /// <summary>The gas limit used.</summary>
    public required ulong GasLimit { get; init; }

    /// <summary>The max fee per gas (or gas price, for a legacy transaction).</summary>
    public required Wei MaxFeePerGas { get; init; }

    /// <summary>The priority fee per gas (equal to the gas price for a legacy transaction).</summary>
    public required Wei MaxPriorityFeePerGas { get; init; }

    /// <summary>True when sent as a legacy (EIP-155) transaction.</summary>
    public required bool IsLegacy { get; init; }

    /// <summary>The request, with its filled-in values.</summary>
    public required TransactionRequest Request { get; init; }

    /// <summary>The serialised signed transaction.</summary>
    public required byte[] RawTransaction { get; init; }

    /// <summary>The hash of the transaction this one replaced, if it is a replacement.</summary>
    public string? Replaces { get; init; }
}
