using System.Numerics;

namespace Livepeer.Protocol;

/// <summary>Voting power and delegate of an account at the start of a round.</summary>
/// <param name="Votes">The voting power (LPT stake, 18 decimals).</param>
/// <param name="DelegateAddress">The account's delegate; a transcoder is its own.</param>
public sealed record VotesAndDelegate(Wei Votes, EthAddress DelegateAddress);

/// <summary>An account's delegate changed.</summary>
/// <param name="Delegator">The account.</param>
/// <param name="FromDelegate">The previous delegate.</param>
/// <param name="ToDelegate">The new delegate.</param>
public sealed record DelegateChangedEvent(EthAddress Delegator, EthAddress FromDelegate, EthAddress ToDelegate) : ProtocolEvent;

/// <summary>A transcoder's voting power changed.</summary>
/// <param name="Delegate">The transcoder.</param>
/// <param name="PreviousBalance">Its voting power before.</param>
/// <param name="NewBalance">Its voting power after.</param>
public sealed record DelegateVotesChangedEvent(EthAddress Delegate, Wei PreviousBalance, Wei NewBalance) : ProtocolEvent;

/// <summary>An account's bond was checkpointed with a new amount.</summary>
/// <param name="Delegate">The account whose bond changed (the contract names the field <c>delegate</c>).</param>
/// <param name="PreviousBondedAmount">The bonded amount before.</param>
/// <param name="PreviousLastClaimRound">The last claim round before.</param>
/// <param name="NewBondedAmount">The bonded amount after.</param>
/// <param name="NewLastClaimRound">The last claim round after.</param>
public sealed record DelegatorBondedAmountChangedEvent(
    EthAddress Delegate,
    Wei PreviousBondedAmount,
    ulong PreviousLastClaimRound,
    Wei NewBondedAmount,
    ulong NewLastClaimRound) : ProtocolEvent;

/// <summary>
/// BondingVotes: historical voting power derived from bonded stake (ERC-5805 with a round clock), which the
/// LivepeerGovernor counts votes with. Read-only for users; the BondingManager writes its checkpoints.
/// Timepoints are rounds: <c>getPastVotes(account, r)</c> is the power at the end of round r.
/// </summary>
public sealed class BondingVotesClient : ContractClient
{
    private static readonly AbiFunction GetVotesFunction = AbiFunction.Parse("function getVotes(address _account) view returns (uint256)");
    private static readonly AbiFunction GetPastVotesFunction = AbiFunction.Parse("function getPastVotes(address _account, uint256 _round) view returns (uint256)");
    private static readonly AbiFunction TotalSupplyFunction = AbiFunction.Parse("function totalSupply() view returns (uint256)");
    private static readonly AbiFunction GetPastTotalSupplyFunction = AbiFunction.Parse("function getPastTotalSupply(uint256 _round) view returns (uint256)");
    private static readonly AbiFunction DelegatesFunction = AbiFunction.Parse("function delegates(address _account) view returns (address)");
    private static readonly AbiFunction DelegatedAtFunction = AbiFunction.Parse("function delegatedAt(address _account, uint256 _round) view returns (address)");
    private static readonly AbiFunction GetVotesAndDelegateAtRoundStartFunction = AbiFunction.Parse("function getVotesAndDelegateAtRoundStart(address _account, uint256 _round) view returns (uint256 votes, address delegateAddress)");
    private static readonly AbiFunction GetTotalActiveStakeAtFunction = AbiFunction.Parse("function getTotalActiveStakeAt(uint256 _round) view returns (uint256)");
    private static readonly AbiFunction HasCheckpointFunction = AbiFunction.Parse("function hasCheckpoint(address _account) view returns (bool)");
    private static readonly AbiFunction ClockFunction = AbiFunction.Parse("function clock() view returns (uint48)");
    private static readonly AbiFunction ClockModeFunction = AbiFunction.Parse("function CLOCK_MODE() pure returns (string)");

    internal BondingVotesClient(ProtocolContext context, EthAddress address)
        : base(context, "BondingVotes", address, Errors)
    {
    }

    /// <summary>The custom errors BondingVotes reverts with.</summary>
    internal static IReadOnlyList<AbiError> Errors { get; } =
    [
        AbiError.Parse("error DecreasingValues(uint256 newValue, uint256 lastValue)"),
        AbiError.Parse("error FutureLastClaimRound(uint256 lastClaimRound, uint256 maxAllowed)"),
        AbiError.Parse("error FutureLookup(uint256 queryRound, uint256 maxAllowed)"),
        AbiError.Parse("error InvalidCaller(address caller, address required)"),
        AbiError.Parse("error InvalidStartRound(uint256 checkpointRound, uint256 requiredRound)"),
        AbiError.Parse("error InvalidTotalStakeCheckpointRound(uint256 checkpointRound, uint256 requiredRound)"),
        AbiError.Parse("error MissingEarningsPool(address transcoder, uint256 round)"),
        AbiError.Parse("error MustCallBondingManager(string bondingManagerFunction)"),
    ];

    /// <summary>The events BondingVotes emits during bonding transactions.</summary>
    internal static EventCatalog EventCatalog { get; } = new EventCatalog()
        .Add("DelegateChanged(address indexed delegator, address indexed fromDelegate, address indexed toDelegate)",
            (e, log) => new DelegateChangedEvent((EthAddress)e["delegator"]!, (EthAddress)e["fromDelegate"]!, (EthAddress)e["toDelegate"]!) { Log = log })
        .Add("DelegateVotesChanged(address indexed delegate, uint256 previousBalance, uint256 newBalance)",
            (e, log) => new DelegateVotesChangedEvent((EthAddress)e["delegate"]!, new Wei((BigInteger)e["previousBalance"]!), new Wei((BigInteger)e["newBalance"]!)) { Log = log })
        .Add("DelegatorBondedAmountChanged(address indexed delegate, uint256 previousBondedAmount, uint256 previousLastClaimRound, uint256 newBondedAmount, uint256 newLastClaimRound)",
            (e, log) => new DelegatorBondedAmountChangedEvent(
                (EthAddress)e["delegate"]!,
                new Wei((BigInteger)e["previousBondedAmount"]!),
                ContractNumbers.EventUInt64(e["previousLastClaimRound"], "DelegatorBondedAmountChanged", "previousLastClaimRound"),
                new Wei((BigInteger)e["newBondedAmount"]!),
                ContractNumbers.EventUInt64(e["newLastClaimRound"], "DelegatorBondedAmountChanged", "newLastClaimRound")) { Log = log });

    private protected override EventCatalog? Events => EventCatalog;

    /// <summary>The voting power of <paramref name="account"/> at the start of the next round.</summary>
    public Task<Wei> GetVotesAsync(EthAddress account, CancellationToken cancellationToken = default)
        => ReadWeiAsync(GetVotesFunction, [account], cancellationToken);

    /// <summary>The voting power of <paramref name="account"/> at the end of <paramref name="round"/>, which must be before the current round.</summary>
    /// <exception cref="ContractRevertException">With the custom error <c>FutureLookup</c> for the current round or later.</exception>
    public Task<Wei> GetPastVotesAsync(EthAddress account, ulong round, CancellationToken cancellationToken = default)
        => ReadWeiAsync(GetPastVotesFunction, [account, round], cancellationToken);

    /// <summary>The total active stake at the start of the next round.</summary>
    public Task<Wei> GetTotalSupplyAsync(CancellationToken cancellationToken = default)
        => ReadWeiAsync(TotalSupplyFunction, [], cancellationToken);

    /// <summary>The total active stake at the end of <paramref name="round"/>: the base of the governor's quorum.</summary>
    public Task<Wei> GetPastTotalSupplyAsync(ulong round, CancellationToken cancellationToken = default)
        => ReadWeiAsync(GetPastTotalSupplyFunction, [round], cancellationToken);

    /// <summary>The delegate of <paramref name="account"/> (a transcoder is its own).</summary>
    public Task<EthAddress> GetDelegateAsync(EthAddress account, CancellationToken cancellationToken = default)
        => CallAsync<EthAddress>(DelegatesFunction, [account], BlockParameter.Latest, cancellationToken);

    /// <summary>The delegate of <paramref name="account"/> at the end of <paramref name="round"/>.</summary>
    public Task<EthAddress> GetDelegatedAtAsync(EthAddress account, ulong round, CancellationToken cancellationToken = default)
        => CallAsync<EthAddress>(DelegatedAtFunction, [account, round], BlockParameter.Latest, cancellationToken);

    /// <summary>Voting power and delegate at the <em>start</em> of <paramref name="round"/> (pass round + 1 for its end).</summary>
    public async Task<VotesAndDelegate> GetVotesAndDelegateAtRoundStartAsync(EthAddress account, ulong round, CancellationToken cancellationToken = default)
    {
        var values = await CallAsync(GetVotesAndDelegateAtRoundStartFunction, [account, round], BlockParameter.Latest, cancellationToken).ConfigureAwait(false);
        return new VotesAndDelegate(new Wei((BigInteger)values[0]!), (EthAddress)values[1]!);
    }

    /// <summary>The total active stake at the start of <paramref name="round"/>.</summary>
    public Task<Wei> GetTotalActiveStakeAtAsync(ulong round, CancellationToken cancellationToken = default)
        => ReadWeiAsync(GetTotalActiveStakeAtFunction, [round], cancellationToken);

    /// <summary>True once <paramref name="account"/> has a checkpoint (it bonded after BondingVotes was deployed, or was checkpointed).</summary>
    public Task<bool> HasCheckpointAsync(EthAddress account, CancellationToken cancellationToken = default)
        => CallAsync<bool>(HasCheckpointFunction, [account], BlockParameter.Latest, cancellationToken);

    /// <summary>The clock of the votes: the current round.</summary>
    public async Task<ulong> GetClockAsync(CancellationToken cancellationToken = default)
        => this.ToUInt64(await CallAsync<BigInteger>(ClockFunction, [], BlockParameter.Latest, cancellationToken).ConfigureAwait(false), ClockFunction.Name);

    /// <summary>The ERC-6372 clock description (<c>mode=livepeer_round</c>).</summary>
    public Task<string> GetClockModeAsync(CancellationToken cancellationToken = default)
        => CallAsync<string>(ClockModeFunction, [], BlockParameter.Latest, cancellationToken);

    private async Task<Wei> ReadWeiAsync(AbiFunction function, object?[] arguments, CancellationToken cancellationToken)
        => new(await CallAsync<BigInteger>(function, arguments, BlockParameter.Latest, cancellationToken).ConfigureAwait(false));
}
