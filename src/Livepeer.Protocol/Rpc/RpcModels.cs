using System.Numerics;

namespace Livepeer.Protocol;

/// <summary>The message of an <c>eth_call</c> or <c>eth_estimateGas</c>.</summary>
public sealed record CallRequest
{
    /// <summary>The caller; matters for <c>msg.sender</c> checks and gas estimation.</summary>
    public EthAddress? From { get; init; }

    /// <summary>The callee; null for a contract creation.</summary>
    public EthAddress? To { get; init; }

    /// <summary>The calldata.</summary>
    public ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>The value sent with the call.</summary>
    public Wei? Value { get; init; }

    /// <summary>A gas limit for the call.</summary>
    public ulong? Gas { get; init; }
}

/// <summary>A log (event) emitted by a contract.</summary>
public sealed record LogEntry
{
    /// <summary>The contract that emitted the log.</summary>
    public required EthAddress Address { get; init; }

    /// <summary>The topics; topic 0 is the event signature hash unless the event is anonymous.</summary>
    public required IReadOnlyList<byte[]> Topics { get; init; }

    /// <summary>The non-indexed data.</summary>
    public required byte[] Data { get; init; }

    /// <summary>The block that holds the log.</summary>
    public ulong BlockNumber { get; init; }

    /// <summary>The hash of that block, 0x-prefixed.</summary>
    public string? BlockHash { get; init; }

    /// <summary>The transaction that emitted the log, 0x-prefixed.</summary>
    public string? TransactionHash { get; init; }

    /// <summary>The log's index within the block.</summary>
    public ulong LogIndex { get; init; }

    /// <summary>True when the log was removed by a chain reorganisation.</summary>
    public bool Removed { get; init; }
}

/// <summary>The receipt of a mined transaction.</summary>
public sealed record TransactionReceipt
{
    /// <summary>The transaction hash, 0x-prefixed.</summary>
    public required string TransactionHash { get; init; }

    /// <summary>The block that holds the transaction.</summary>
    public ulong BlockNumber { get; init; }

    /// <summary>The hash of that block, 0x-prefixed.</summary>
    public string? BlockHash { get; init; }

    /// <summary>True when the transaction succeeded (status 1).</summary>
    public bool Succeeded { get; init; }

    /// <summary>The sender.</summary>
    public EthAddress From { get; init; }

    /// <summary>The recipient; null for a contract creation.</summary>
    public EthAddress? To { get; init; }

    /// <summary>The address of the contract created, if any.</summary>
    public EthAddress? ContractAddress { get; init; }

    /// <summary>The gas the transaction used.</summary>
    public ulong GasUsed { get; init; }

    /// <summary>The price paid per unit of gas.</summary>
    public Wei EffectiveGasPrice { get; init; }

    /// <summary>The logs emitted.</summary>
    public IReadOnlyList<LogEntry> Logs { get; init; } = [];
}

/// <summary>The header fields of a block, and its transaction hashes.</summary>
public sealed record BlockHeader
{
    /// <summary>The block number.</summary>
    public ulong Number { get; init; }

    /// <summary>The block hash, 0x-prefixed.</summary>
    public required string Hash { get; init; }

    /// <summary>The parent's hash, 0x-prefixed.</summary>
    public required string ParentHash { get; init; }

    /// <summary>The block's timestamp.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The block gas limit.</summary>
    public ulong GasLimit { get; init; }

    /// <summary>The gas used by the block.</summary>
    public ulong GasUsed { get; init; }

    /// <summary>The EIP-1559 base fee; null before London.</summary>
    public Wei? BaseFeePerGas { get; init; }

    /// <summary>The hashes of the block's transactions.</summary>
    public IReadOnlyList<string> TransactionHashes { get; init; } = [];
}

/// <summary>The answer to <c>eth_feeHistory</c>.</summary>
public sealed record FeeHistory
{
    /// <summary>The first block in the range.</summary>
    public ulong OldestBlock { get; init; }

    /// <summary>The base fee of each block in the range, plus the next block's.</summary>
    public IReadOnlyList<BigInteger> BaseFeePerGas { get; init; } = [];

    /// <summary>The fraction of the gas limit each block used.</summary>
    public IReadOnlyList<double> GasUsedRatio { get; init; } = [];

    /// <summary>Per block, the priority fee at each requested percentile.</summary>
    public IReadOnlyList<IReadOnlyList<BigInteger>> Reward { get; init; } = [];
}

/// <summary>What <c>eth_getLogs</c> should return.</summary>
public sealed record LogFilter
{
    /// <summary>The first block (inclusive); default latest.</summary>
    public BlockParameter FromBlock { get; init; }

    /// <summary>The last block (inclusive); default latest.</summary>
    public BlockParameter ToBlock { get; init; }

    /// <summary>Only logs from these contracts; empty for any.</summary>
    public IReadOnlyList<EthAddress> Addresses { get; init; } = [];

    /// <summary>
    /// Topic constraints by position: null matches anything at that position; a list matches any of its values.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<byte[]>?> Topics { get; init; } = [];
}
