using System.Numerics;

namespace Livepeer.Protocol;

/// <summary>A proposal was created. <see cref="ToProposal"/> gives what queue and execute need.</summary>
/// <param name="ProposalId">The proposal id.</param>
/// <param name="Proposer">The account that proposed it.</param>
/// <param name="Targets">The contracts to call.</param>
/// <param name="Values">The ETH to send with each call.</param>
/// <param name="Signatures">Function signatures (always empty strings: the calldatas carry the selectors).</param>
/// <param name="Calldatas">The call data of each call.</param>
/// <param name="VoteStart">The round voting starts after (the snapshot round).</param>
/// <param name="VoteEnd">The last round of voting.</param>
/// <param name="Description">The description.</param>
public sealed record ProposalCreatedEvent(
    BigInteger ProposalId,
    EthAddress Proposer,
    IReadOnlyList<EthAddress> Targets,
    IReadOnlyList<Wei> Values,
    IReadOnlyList<string> Signatures,
    IReadOnlyList<byte[]> Calldatas,
    ulong VoteStart,
    ulong VoteEnd,
    string Description) : ProtocolEvent
{
    /// <summary>The proposal's calls and description.</summary>
    public GovernorProposal ToProposal() => new(Targets, Values, Calldatas, Description);
}

/// <summary>A vote was cast.</summary>
/// <param name="Voter">The voter.</param>
/// <param name="ProposalId">The proposal.</param>
/// <param name="Support">Against, For or Abstain.</param>
/// <param name="Weight">The voting power counted.</param>
/// <param name="Reason">The reason given, or the empty string.</param>
public sealed record VoteCastEvent(EthAddress Voter, BigInteger ProposalId, VoteSupport Support, Wei Weight, string Reason) : ProtocolEvent;

/// <summary>A vote was cast with parameters.</summary>
/// <param name="Voter">The voter.</param>
/// <param name="ProposalId">The proposal.</param>
/// <param name="Support">Against, For or Abstain.</param>
/// <param name="Weight">The voting power counted.</param>
/// <param name="Reason">The reason given, or the empty string.</param>
/// <param name="Params">The parameters.</param>
public sealed record VoteCastWithParamsEvent(EthAddress Voter, BigInteger ProposalId, VoteSupport Support, Wei Weight, string Reason, byte[] Params) : ProtocolEvent;

/// <summary>A proposal was queued on the Treasury timelock.</summary>
/// <param name="ProposalId">The proposal.</param>
/// <param name="Eta">When it can be executed (block time).</param>
public sealed record ProposalQueuedEvent(BigInteger ProposalId, DateTimeOffset Eta) : ProtocolEvent;

/// <summary>A proposal was executed.</summary>
/// <param name="ProposalId">The proposal.</param>
public sealed record ProposalExecutedEvent(BigInteger ProposalId) : ProtocolEvent;

/// <summary>A proposal was cancelled.</summary>
/// <param name="ProposalId">The proposal.</param>
public sealed record ProposalCanceledEvent(BigInteger ProposalId) : ProtocolEvent;

/// <summary>
/// The LivepeerGovernor (LIP-89): on-chain governance of the Treasury, an OpenZeppelin 4.9 Governor whose votes
/// come from BondingVotes. Its timepoints are <b>rounds</b>; a delegator's vote overrides its transcoder's for its
/// own stake. Proposals are identified by <see cref="ComputeProposalId"/> of their calls and description hash.
/// </summary>
public sealed class LivepeerGovernorClient : ContractClient
{
    /// <summary>The base of <see cref="GetQuotaAsync"/> and the quorum numerator: 1 000 000 is 100 %.</summary>
    public const int PercDivisor = 1_000_000;

    private const string ProposalParameters = "address[] targets, uint256[] values, bytes[] calldatas";

    private static readonly AbiType[] ProposalIdLayout =
        [AbiType.DynamicArray(AbiType.Address), AbiType.DynamicArray(AbiType.UInt256), AbiType.DynamicArray(AbiType.Bytes), AbiType.Bytes32];

    private static readonly AbiFunction ProposeFunction = AbiFunction.Parse($"function propose({ProposalParameters}, string description) returns (uint256)");
    private static readonly AbiFunction QueueFunction = AbiFunction.Parse($"function queue({ProposalParameters}, bytes32 descriptionHash) returns (uint256)");
    private static readonly AbiFunction ExecuteFunction = AbiFunction.Parse($"function execute({ProposalParameters}, bytes32 descriptionHash) payable returns (uint256)");
    private static readonly AbiFunction CancelFunction = AbiFunction.Parse($"function cancel({ProposalParameters}, bytes32 descriptionHash) returns (uint256)");
    private static readonly AbiFunction HashProposalFunction = AbiFunction.Parse($"function hashProposal({ProposalParameters}, bytes32 descriptionHash) pure returns (uint256)");
    private static readonly AbiFunction CastVoteFunction = AbiFunction.Parse("function castVote(uint256 proposalId, uint8 support) returns (uint256)");
    private static readonly AbiFunction CastVoteWithReasonFunction = AbiFunction.Parse("function castVoteWithReason(uint256 proposalId, uint8 support, string reason) returns (uint256)");
    private static readonly AbiFunction StateFunction = AbiFunction.Parse("function state(uint256 proposalId) view returns (uint8)");
    private static readonly AbiFunction ProposalVotesFunction = AbiFunction.Parse("function proposalVotes(uint256 _proposalId) view returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes)");
    private static readonly AbiFunction HasVotedFunction = AbiFunction.Parse("function hasVoted(uint256 _proposalId, address _account) view returns (bool)");
    private static readonly AbiFunction ProposalSnapshotFunction = AbiFunction.Parse("function proposalSnapshot(uint256 proposalId) view returns (uint256)");
    private static readonly AbiFunction ProposalDeadlineFunction = AbiFunction.Parse("function proposalDeadline(uint256 proposalId) view returns (uint256)");
    private static readonly AbiFunction ProposalProposerFunction = AbiFunction.Parse("function proposalProposer(uint256 proposalId) view returns (address)");
    private static readonly AbiFunction ProposalEtaFunction = AbiFunction.Parse("function proposalEta(uint256 proposalId) view returns (uint256)");
    private static readonly AbiFunction QuorumFunction = AbiFunction.Parse("function quorum(uint256 timepoint) view returns (uint256)");
    private static readonly AbiFunction QuorumNumeratorFunction = AbiFunction.Parse("function quorumNumerator() view returns (uint256)");
    private static readonly AbiFunction QuotaFunction = AbiFunction.Parse("function quota() view returns (uint256)");
    private static readonly AbiFunction VotingDelayFunction = AbiFunction.Parse("function votingDelay() view returns (uint256)");
    private static readonly AbiFunction VotingPeriodFunction = AbiFunction.Parse("function votingPeriod() view returns (uint256)");
    private static readonly AbiFunction ProposalThresholdFunction = AbiFunction.Parse("function proposalThreshold() view returns (uint256)");
    private static readonly AbiFunction GetVotesFunction = AbiFunction.Parse("function getVotes(address account, uint256 timepoint) view returns (uint256)");
    private static readonly AbiFunction ClockFunction = AbiFunction.Parse("function clock() view returns (uint48)");
    private static readonly AbiFunction TimelockFunction = AbiFunction.Parse("function timelock() view returns (address)");
    private static readonly AbiFunction VotesFunction = AbiFunction.Parse("function votes() view returns (address)");

    internal LivepeerGovernorClient(ProtocolContext context, EthAddress address)
        : base(context, "LivepeerGovernor", address, Errors)
    {
    }

    /// <summary>The custom errors the governor reverts with (the rest are <c>Governor: …</c> reason strings).</summary>
    internal static IReadOnlyList<AbiError> Errors { get; } =
    [
        AbiError.Parse("error Empty()"),
        AbiError.Parse("error InvalidVoteType(uint8 voteType)"),
        AbiError.Parse("error VoteAlreadyCast()"),
    ];

    /// <summary>The governor's proposal and vote events.</summary>
    internal static EventCatalog EventCatalog { get; } = new EventCatalog()
        .Add("ProposalCreated(uint256 proposalId, address proposer, address[] targets, uint256[] values, string[] signatures, bytes[] calldatas, uint256 voteStart, uint256 voteEnd, string description)",
            (e, log) => new ProposalCreatedEvent(
                (BigInteger)e["proposalId"]!,
                (EthAddress)e["proposer"]!,
                [.. ((object?[])e["targets"]!).Cast<EthAddress>()],
                [.. ((object?[])e["values"]!).Select(v => new Wei((BigInteger)v!))],
                [.. ((object?[])e["signatures"]!).Cast<string>()],
                [.. ((object?[])e["calldatas"]!).Cast<byte[]>()],
                ContractNumbers.EventUInt64(e["voteStart"], "ProposalCreated", "voteStart"),
                ContractNumbers.EventUInt64(e["voteEnd"], "ProposalCreated", "voteEnd"),
                (string)e["description"]!) { Log = log })
        .Add("VoteCast(address indexed voter, uint256 proposalId, uint8 support, uint256 weight, string reason)",
            (e, log) => new VoteCastEvent(
                (EthAddress)e["voter"]!,
                (BigInteger)e["proposalId"]!,
                (VoteSupport)(int)(BigInteger)e["support"]!,
                new Wei((BigInteger)e["weight"]!),
                (string)e["reason"]!) { Log = log })
        .Add("VoteCastWithParams(address indexed voter, uint256 proposalId, uint8 support, uint256 weight, string reason, bytes params)",
            (e, log) => new VoteCastWithParamsEvent(
                (EthAddress)e["voter"]!,
                (BigInteger)e["proposalId"]!,
                (VoteSupport)(int)(BigInteger)e["support"]!,
                new Wei((BigInteger)e["weight"]!),
                (string)e["reason"]!,
                (byte[])e["params"]!) { Log = log })
        .Add("ProposalQueued(uint256 proposalId, uint256 eta)",
            (e, log) => new ProposalQueuedEvent((BigInteger)e["proposalId"]!, ContractNumbers.EventUnixTime(e["eta"], "ProposalQueued", "eta")) { Log = log })
        .Add("ProposalExecuted(uint256 proposalId)",
            (e, log) => new ProposalExecutedEvent((BigInteger)e["proposalId"]!) { Log = log })
        .Add("ProposalCanceled(uint256 proposalId)",
            (e, log) => new ProposalCanceledEvent((BigInteger)e["proposalId"]!) { Log = log });

    private protected override EventCatalog? Events => EventCatalog;

    /// <summary>
    /// The proposal id exactly as the contract's <c>hashProposal</c> computes it:
    /// <c>uint256(keccak256(abi.encode(targets, values, calldatas, descriptionHash)))</c>.
    /// </summary>
    /// <exception cref="EthereumFormatException">The description hash is not 32 bytes.</exception>
    public static BigInteger ComputeProposalId(IReadOnlyList<EthAddress> targets, IReadOnlyList<Wei> values, IReadOnlyList<byte[]> calldatas, ReadOnlyMemory<byte> descriptionHash)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(calldatas);
        var hash = Keccak256.Hash(AbiCodec.Encode(ProposalIdLayout, [targets, values, calldatas, descriptionHash]));
        return Uint256.ReadUnsigned(hash);
    }

    /// <summary>Proposes the calls of <paramref name="proposal"/>; the proposer needs <see cref="GetProposalThresholdAsync"/> votes at the previous round.</summary>
    /// <exception cref="ContractRevertException">With the reason, e.g. <c>Governor: proposer votes below proposal threshold</c> or <c>Governor: proposal already exists</c>.</exception>
    public Task<TransactionReceipt> ProposeAsync(GovernorProposal proposal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return SendAsync(ProposeFunction, [proposal.Targets, proposal.Values, proposal.Calldatas, proposal.Description], cancellationToken);
    }

    /// <summary>Queues a succeeded proposal on the Treasury timelock.</summary>
    public Task<TransactionReceipt> QueueAsync(GovernorProposal proposal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return SendAsync(QueueFunction, [proposal.Targets, proposal.Values, proposal.Calldatas, proposal.DescriptionHash], cancellationToken);
    }

    /// <summary>Executes a queued proposal (the Treasury makes the calls); sends the sum of its values with it.</summary>
    public Task<TransactionReceipt> ExecuteAsync(GovernorProposal proposal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var total = proposal.Values.Aggregate(Wei.Zero, (sum, v) => sum + v);
        return SendAsync(ExecuteFunction, [proposal.Targets, proposal.Values, proposal.Calldatas, proposal.DescriptionHash], total, cancellationToken);
    }

    /// <summary>Cancels a proposal; only its proposer may, and only while it is pending.</summary>
    public Task<TransactionReceipt> CancelAsync(GovernorProposal proposal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return SendAsync(CancelFunction, [proposal.Targets, proposal.Values, proposal.Calldatas, proposal.DescriptionHash], cancellationToken);
    }

    /// <summary>The proposal id as the contract computes it; <see cref="GovernorProposal.Id"/> gives the same without a call.</summary>
    public Task<BigInteger> HashProposalAsync(GovernorProposal proposal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return CallAsync<BigInteger>(HashProposalFunction, [proposal.Targets, proposal.Values, proposal.Calldatas, proposal.DescriptionHash], BlockParameter.Latest, cancellationToken);
    }

    /// <summary>Casts the caller's vote, weighted by its BondingVotes power at the proposal's snapshot round.</summary>
    /// <exception cref="ContractRevertException">With the custom error <c>VoteAlreadyCast</c> on a second vote, or the reason <c>Governor: vote not currently active</c>.</exception>
    public Task<TransactionReceipt> CastVoteAsync(BigInteger proposalId, VoteSupport support, CancellationToken cancellationToken = default)
        => SendAsync(CastVoteFunction, [proposalId, (byte)support], cancellationToken);

    /// <summary>Casts the caller's vote with a reason, which the <see cref="VoteCastEvent"/> records.</summary>
    public Task<TransactionReceipt> CastVoteWithReasonAsync(BigInteger proposalId, VoteSupport support, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return SendAsync(CastVoteWithReasonFunction, [proposalId, (byte)support, reason], cancellationToken);
    }

    /// <summary>The state of a proposal.</summary>
    /// <exception cref="ContractRevertException">With the reason <c>Governor: unknown proposal id</c>.</exception>
    public async Task<ProposalState> GetStateAsync(BigInteger proposalId, CancellationToken cancellationToken = default)
    {
        var state = await CallAsync<BigInteger>(StateFunction, [proposalId], BlockParameter.Latest, cancellationToken).ConfigureAwait(false);
        return state <= (int)ProposalState.Executed
            ? (ProposalState)(int)state
            : throw new ContractCallException(ContractName, StateFunction.Name, ProtocolErrorCode.ContractCallFailed,
                $"{ContractName}.{StateFunction.Name} returned {state}, which is not a proposal state.");
    }

    /// <summary>The tally of a proposal.</summary>
    public async Task<ProposalVotes> GetProposalVotesAsync(BigInteger proposalId, CancellationToken cancellationToken = default)
    {
        var values = await CallAsync(ProposalVotesFunction, [proposalId], BlockParameter.Latest, cancellationToken).ConfigureAwait(false);
        return new ProposalVotes(new Wei((BigInteger)values[0]!), new Wei((BigInteger)values[1]!), new Wei((BigInteger)values[2]!));
    }

    /// <summary>True when <paramref name="account"/> has voted on the proposal.</summary>
    public Task<bool> HasVotedAsync(BigInteger proposalId, EthAddress account, CancellationToken cancellationToken = default)
        => CallAsync<bool>(HasVotedFunction, [proposalId, account], BlockParameter.Latest, cancellationToken);

    /// <summary>The round whose voting power counts for the proposal (voting opens after it).</summary>
    public Task<ulong> GetProposalSnapshotAsync(BigInteger proposalId, CancellationToken cancellationToken = default)
        => ReadUInt64Async(ProposalSnapshotFunction, [proposalId], cancellationToken);

    /// <summary>The last round of voting on the proposal.</summary>
    public Task<ulong> GetProposalDeadlineAsync(BigInteger proposalId, CancellationToken cancellationToken = default)
        => ReadUInt64Async(ProposalDeadlineFunction, [proposalId], cancellationToken);

    /// <summary>The proposal's proposer.</summary>
    public Task<EthAddress> GetProposalProposerAsync(BigInteger proposalId, CancellationToken cancellationToken = default)
        => CallAsync<EthAddress>(ProposalProposerFunction, [proposalId], BlockParameter.Latest, cancellationToken);

    /// <summary>When a queued proposal can be executed (block time); null when it is not queued.</summary>
    public async Task<DateTimeOffset?> GetProposalEtaAsync(BigInteger proposalId, CancellationToken cancellationToken = default)
    {
        var eta = await CallAsync<BigInteger>(ProposalEtaFunction, [proposalId], BlockParameter.Latest, cancellationToken).ConfigureAwait(false);
        return eta.IsZero ? null : this.ToUnixTime(eta, ProposalEtaFunction.Name);
    }

    /// <summary>The votes needed for quorum at round <paramref name="timepoint"/>: that round's total active stake times the quorum fraction.</summary>
    public Task<Wei> GetQuorumAsync(ulong timepoint, CancellationToken cancellationToken = default)
        => ReadWeiAsync(QuorumFunction, [timepoint], cancellationToken);

    /// <summary>The current quorum numerator, on the base <see cref="PercDivisor"/> (333 300 is 33.33 %).</summary>
    public Task<BigInteger> GetQuorumNumeratorAsync(CancellationToken cancellationToken = default)
        => CallAsync<BigInteger>(QuorumNumeratorFunction, [], BlockParameter.Latest, cancellationToken);

    /// <summary>The share of For votes among For and Against that a proposal needs, on the base <see cref="PercDivisor"/>.</summary>
    public Task<BigInteger> GetQuotaAsync(CancellationToken cancellationToken = default)
        => CallAsync<BigInteger>(QuotaFunction, [], BlockParameter.Latest, cancellationToken);

    /// <summary>Rounds between a proposal and the start of its vote.</summary>
    public Task<ulong> GetVotingDelayAsync(CancellationToken cancellationToken = default)
        => ReadUInt64Async(VotingDelayFunction, [], cancellationToken);

    /// <summary>Rounds a vote lasts.</summary>
    public Task<ulong> GetVotingPeriodAsync(CancellationToken cancellationToken = default)
        => ReadUInt64Async(VotingPeriodFunction, [], cancellationToken);

    /// <summary>The voting power needed to propose.</summary>
    public Task<Wei> GetProposalThresholdAsync(CancellationToken cancellationToken = default)
        => ReadWeiAsync(ProposalThresholdFunction, [], cancellationToken);

    /// <summary>The voting power of <paramref name="account"/> at the end of round <paramref name="timepoint"/>, as the governor counts it.</summary>
    public Task<Wei> GetVotesAsync(EthAddress account, ulong timepoint, CancellationToken cancellationToken = default)
        => ReadWeiAsync(GetVotesFunction, [account, timepoint], cancellationToken);

    /// <summary>The governor's clock: the current round.</summary>
    public Task<ulong> GetClockAsync(CancellationToken cancellationToken = default)
        => ReadUInt64Async(ClockFunction, [], cancellationToken);

    /// <summary>The timelock that executes proposals (the Treasury).</summary>
    public Task<EthAddress> GetTimelockAsync(CancellationToken cancellationToken = default)
        => CallAsync<EthAddress>(TimelockFunction, [], BlockParameter.Latest, cancellationToken);

    /// <summary>The contract votes are counted with (BondingVotes).</summary>
    public Task<EthAddress> GetVotesContractAsync(CancellationToken cancellationToken = default)
        => CallAsync<EthAddress>(VotesFunction, [], BlockParameter.Latest, cancellationToken);

    private async Task<ulong> ReadUInt64Async(AbiFunction function, object?[] arguments, CancellationToken cancellationToken)
        => this.ToUInt64(await CallAsync<BigInteger>(function, arguments, BlockParameter.Latest, cancellationToken).ConfigureAwait(false), function.Name);

    private async Task<Wei> ReadWeiAsync(AbiFunction function, object?[] arguments, CancellationToken cancellationToken)
        => new(await CallAsync<BigInteger>(function, arguments, BlockParameter.Latest, cancellationToken).ConfigureAwait(false));
}
