using System.Numerics;

namespace Livepeer.Protocol;

/// <summary>A round was initialized.</summary>
/// <param name="Round">The round.</param>
/// <param name="BlockHash">The block hash stored for the round: what tickets created in it carry in their auxiliary data.</param>
public sealed record NewRoundEvent(ulong Round, byte[] BlockHash) : ProtocolEvent;

/// <summary>
/// The RoundsManager: the protocol clock. Rounds are counted in <b>Ethereum L1 block numbers</b>, which is what
/// <c>block.number</c> returns on Arbitrum, so round maths must not use the Arbitrum block height.
/// </summary>
public sealed class RoundsManagerClient : ContractClient
{
    /// <summary>The base of <see cref="GetRoundLockAmountAsync"/>: 1 000 000 is 100 % of a round.</summary>
    public const int PercDivisor = 1_000_000;

    private static readonly AbiFunction CurrentRoundFunction = AbiFunction.Parse("function currentRound() view returns (uint256)");
    private static readonly AbiFunction CurrentRoundInitializedFunction = AbiFunction.Parse("function currentRoundInitialized() view returns (bool)");
    private static readonly AbiFunction InitializeRoundFunction = AbiFunction.Parse("function initializeRound()");
    private static readonly AbiFunction CurrentRoundStartBlockFunction = AbiFunction.Parse("function currentRoundStartBlock() view returns (uint256)");
    private static readonly AbiFunction RoundLengthFunction = AbiFunction.Parse("function roundLength() view returns (uint256)");
    private static readonly AbiFunction BlockHashForRoundFunction = AbiFunction.Parse("function blockHashForRound(uint256 _round) view returns (bytes32)");
    private static readonly AbiFunction BlockHashFunction = AbiFunction.Parse("function blockHash(uint256 _block) view returns (bytes32)");
    private static readonly AbiFunction CurrentRoundLockedFunction = AbiFunction.Parse("function currentRoundLocked() view returns (bool)");
    private static readonly AbiFunction LastInitializedRoundFunction = AbiFunction.Parse("function lastInitializedRound() view returns (uint256)");
    private static readonly AbiFunction LastRoundLengthUpdateRoundFunction = AbiFunction.Parse("function lastRoundLengthUpdateRound() view returns (uint256)");
    private static readonly AbiFunction LastRoundLengthUpdateStartBlockFunction = AbiFunction.Parse("function lastRoundLengthUpdateStartBlock() view returns (uint256)");
    private static readonly AbiFunction BlockNumFunction = AbiFunction.Parse("function blockNum() view returns (uint256)");
    private static readonly AbiFunction RoundLockAmountFunction = AbiFunction.Parse("function roundLockAmount() view returns (uint256)");
    private static readonly AbiFunction LipUpgradeRoundFunction = AbiFunction.Parse("function lipUpgradeRound(uint256) view returns (uint256)");

    internal RoundsManagerClient(ProtocolContext context, EthAddress address)
        : base(context, "RoundsManager", address)
    {
    }

    /// <summary>The RoundsManager's events.</summary>
    internal static EventCatalog EventCatalog { get; } = new EventCatalog()
        .Add("NewRound(uint256 indexed round, bytes32 blockHash)",
            (e, log) => new NewRoundEvent(ContractNumbers.EventUInt64(e["round"], "NewRound", "round"), (byte[])e["blockHash"]!) { Log = log });

    private protected override EventCatalog? Events => EventCatalog;

    /// <summary>The current round number.</summary>
    public Task<ulong> GetCurrentRoundAsync(CancellationToken cancellationToken = default)
        => ReadUInt64Async(CurrentRoundFunction, [], cancellationToken);

    /// <summary>True once <see cref="InitializeRoundAsync"/> has run in the current round; most state changes need it.</summary>
    public Task<bool> IsCurrentRoundInitializedAsync(CancellationToken cancellationToken = default)
        => CallAsync<bool>(CurrentRoundInitializedFunction, [], BlockParameter.Latest, cancellationToken);

    /// <summary>Initializes the current round (anyone may call it once per round).</summary>
    /// <exception cref="ContractRevertException">With the reason <c>round already initialized</c> when it already was.</exception>
    public Task<TransactionReceipt> InitializeRoundAsync(CancellationToken cancellationToken = default)
        => SendAsync(InitializeRoundFunction, [], cancellationToken);

    /// <summary>The L1 block at which the current round started.</summary>
    public Task<ulong> GetCurrentRoundStartBlockAsync(CancellationToken cancellationToken = default)
        => ReadUInt64Async(CurrentRoundStartBlockFunction, [], cancellationToken);

    /// <summary>The length of a round in L1 blocks.</summary>
    public Task<ulong> GetRoundLengthAsync(CancellationToken cancellationToken = default)
        => ReadUInt64Async(RoundLengthFunction, [], cancellationToken);

    /// <summary>The block hash stored when <paramref name="round"/> was initialized; all zeros for a round never initialized.</summary>
    public Task<byte[]> GetBlockHashForRoundAsync(ulong round, CancellationToken cancellationToken = default)
        => CallAsync<byte[]>(BlockHashForRoundFunction, [round], BlockParameter.Latest, cancellationToken);

    /// <summary>The hash of one of the last 256 blocks (on Arbitrum, a pseudo-random value rather than an L1 hash).</summary>
    public Task<byte[]> GetBlockHashAsync(ulong block, CancellationToken cancellationToken = default)
        => CallAsync<byte[]>(BlockHashFunction, [block], BlockParameter.Latest, cancellationToken);

    /// <summary>True in the last part of a round (<see cref="GetRoundLockAmountAsync"/>), when orchestrators may not change their commission.</summary>
    public Task<bool> IsCurrentRoundLockedAsync(CancellationToken cancellationToken = default)
        => CallAsync<bool>(CurrentRoundLockedFunction, [], BlockParameter.Latest, cancellationToken);

    /// <summary>The last round that was initialized.</summary>
    public Task<ulong> GetLastInitializedRoundAsync(CancellationToken cancellationToken = default)
        => ReadUInt64Async(LastInitializedRoundFunction, [], cancellationToken);

    /// <summary>The round at which the round length last changed.</summary>
    public Task<ulong> GetLastRoundLengthUpdateRoundAsync(CancellationToken cancellationToken = default)
        => ReadUInt64Async(LastRoundLengthUpdateRoundFunction, [], cancellationToken);

    /// <summary>The L1 block at which the round length last changed.</summary>
    public Task<ulong> GetLastRoundLengthUpdateStartBlockAsync(CancellationToken cancellationToken = default)
        => ReadUInt64Async(LastRoundLengthUpdateStartBlockFunction, [], cancellationToken);

    /// <summary>The block number the contract sees: the L1 block number on Arbitrum.</summary>
    public Task<ulong> GetBlockNumAsync(CancellationToken cancellationToken = default)
        => ReadUInt64Async(BlockNumFunction, [], cancellationToken);

    /// <summary>The locked part of each round, on the base <see cref="PercDivisor"/> (100 000 is the last 10 %).</summary>
    public Task<BigInteger> GetRoundLockAmountAsync(CancellationToken cancellationToken = default)
        => CallAsync<BigInteger>(RoundLockAmountFunction, [], BlockParameter.Latest, cancellationToken);

    /// <summary>The round at which the given LIP took effect; 0 when none is recorded.</summary>
    public Task<ulong> GetLipUpgradeRoundAsync(ulong lip, CancellationToken cancellationToken = default)
        => ReadUInt64Async(LipUpgradeRoundFunction, [lip], cancellationToken);

    private async Task<ulong> ReadUInt64Async(AbiFunction function, object?[] arguments, CancellationToken cancellationToken)
        => this.ToUInt64(await CallAsync<BigInteger>(function, arguments, BlockParameter.Latest, cancellationToken).ConfigureAwait(false), function.Name);
}
