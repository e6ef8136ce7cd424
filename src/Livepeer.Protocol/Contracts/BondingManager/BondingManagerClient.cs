using System.Numerics;

namespace Livepeer.Protocol;

/// <summary>
/// The BondingManager: stake, delegation, the transcoder pool and LIP-36 earnings. Call it on the proxy address.
/// Bonding pulls LPT with <c>transferFrom</c>, so approve the BondingManager proxy on the LivepeerToken first.
/// </summary>
/// <remarks>
/// The <c>…WithHint</c> functions take the neighbours a transcoder will have in the sorted pool after the stake
/// change; the overloads without hint arguments read the pool and compute them (<see cref="TranscoderPoolHints"/>).
/// A wrong hint never makes a call fail, it only costs gas.
/// </remarks>
public sealed partial class BondingManagerClient : ContractClient
{
    internal static readonly AbiFunction BondFunction = AbiFunction.Parse("function bond(uint256 _amount, address _to)");
    internal static readonly AbiFunction BondWithHintFunction = AbiFunction.Parse("function bondWithHint(uint256 _amount, address _to, address _oldDelegateNewPosPrev, address _oldDelegateNewPosNext, address _currDelegateNewPosPrev, address _currDelegateNewPosNext)");
    internal static readonly AbiFunction BondForWithHintFunction = AbiFunction.Parse("function bondForWithHint(uint256 _amount, address _owner, address _to, address _oldDelegateNewPosPrev, address _oldDelegateNewPosNext, address _currDelegateNewPosPrev, address _currDelegateNewPosNext)");
    internal static readonly AbiFunction UnbondFunction = AbiFunction.Parse("function unbond(uint256 _amount)");
    internal static readonly AbiFunction UnbondWithHintFunction = AbiFunction.Parse("function unbondWithHint(uint256 _amount, address _newPosPrev, address _newPosNext)");
    internal static readonly AbiFunction RebondFunction = AbiFunction.Parse("function rebond(uint256 _unbondingLockId)");
    internal static readonly AbiFunction RebondWithHintFunction = AbiFunction.Parse("function rebondWithHint(uint256 _unbondingLockId, address _newPosPrev, address _newPosNext)");
    internal static readonly AbiFunction RebondFromUnbondedFunction = AbiFunction.Parse("function rebondFromUnbonded(address _to, uint256 _unbondingLockId)");
    internal static readonly AbiFunction RebondFromUnbondedWithHintFunction = AbiFunction.Parse("function rebondFromUnbondedWithHint(address _to, uint256 _unbondingLockId, address _newPosPrev, address _newPosNext)");
    internal static readonly AbiFunction WithdrawStakeFunction = AbiFunction.Parse("function withdrawStake(uint256 _unbondingLockId)");
    internal static readonly AbiFunction WithdrawFeesFunction = AbiFunction.Parse("function withdrawFees(address _recipient, uint256 _amount)");
    internal static readonly AbiFunction ClaimEarningsFunction = AbiFunction.Parse("function claimEarnings(uint256 _endRound)");
    internal static readonly AbiFunction TransferBondFunction = AbiFunction.Parse("function transferBond(address _delegator, uint256 _amount, address _oldDelegateNewPosPrev, address _oldDelegateNewPosNext, address _newDelegateNewPosPrev, address _newDelegateNewPosNext)");
    internal static readonly AbiFunction CheckpointBondingStateFunction = AbiFunction.Parse("function checkpointBondingState(address _account)");
    internal static readonly AbiFunction TranscoderFunction = AbiFunction.Parse("function transcoder(uint256 _rewardCut, uint256 _feeShare)");
    internal static readonly AbiFunction TranscoderWithHintFunction = AbiFunction.Parse("function transcoderWithHint(uint256 _rewardCut, uint256 _feeShare, address _newPosPrev, address _newPosNext)");
    internal static readonly AbiFunction RewardFunction = AbiFunction.Parse("function reward()");
    internal static readonly AbiFunction RewardWithHintFunction = AbiFunction.Parse("function rewardWithHint(address _newPosPrev, address _newPosNext)");

    internal static readonly AbiFunction GetTranscoderFunction = AbiFunction.Parse("function getTranscoder(address _transcoder) view returns (uint256 lastRewardRound, uint256 rewardCut, uint256 feeShare, uint256 lastActiveStakeUpdateRound, uint256 activationRound, uint256 deactivationRound, uint256 activeCumulativeRewards, uint256 cumulativeRewards, uint256 cumulativeFees, uint256 lastFeeRound)");
    internal static readonly AbiFunction GetDelegatorFunction = AbiFunction.Parse("function getDelegator(address _delegator) view returns (uint256 bondedAmount, uint256 fees, address delegateAddress, uint256 delegatedAmount, uint256 startRound, uint256 lastClaimRound, uint256 nextUnbondingLockId)");
    internal static readonly AbiFunction DelegatorStatusFunction = AbiFunction.Parse("function delegatorStatus(address _delegator) view returns (uint8)");
    internal static readonly AbiFunction TranscoderStatusFunction = AbiFunction.Parse("function transcoderStatus(address _transcoder) view returns (uint8)");
    internal static readonly AbiFunction GetDelegatorUnbondingLockFunction = AbiFunction.Parse("function getDelegatorUnbondingLock(address _delegator, uint256 _unbondingLockId) view returns (uint256 amount, uint256 withdrawRound)");
    internal static readonly AbiFunction IsValidUnbondingLockFunction = AbiFunction.Parse("function isValidUnbondingLock(address _delegator, uint256 _unbondingLockId) view returns (bool)");
    internal static readonly AbiFunction PendingStakeFunction = AbiFunction.Parse("function pendingStake(address _delegator, uint256 _endRound) view returns (uint256)");
    internal static readonly AbiFunction PendingFeesFunction = AbiFunction.Parse("function pendingFees(address _delegator, uint256 _endRound) view returns (uint256)");
    internal static readonly AbiFunction TranscoderTotalStakeFunction = AbiFunction.Parse("function transcoderTotalStake(address _transcoder) view returns (uint256)");
    internal static readonly AbiFunction IsActiveTranscoderFunction = AbiFunction.Parse("function isActiveTranscoder(address _transcoder) view returns (bool)");
    internal static readonly AbiFunction IsRegisteredTranscoderFunction = AbiFunction.Parse("function isRegisteredTranscoder(address _transcoder) view returns (bool)");
    internal static readonly AbiFunction GetTotalBondedFunction = AbiFunction.Parse("function getTotalBonded() view returns (uint256)");
    internal static readonly AbiFunction CurrentRoundTotalActiveStakeFunction = AbiFunction.Parse("function currentRoundTotalActiveStake() view returns (uint256)");
    internal static readonly AbiFunction NextRoundTotalActiveStakeFunction = AbiFunction.Parse("function nextRoundTotalActiveStake() view returns (uint256)");
    internal static readonly AbiFunction GetFirstTranscoderInPoolFunction = AbiFunction.Parse("function getFirstTranscoderInPool() view returns (address)");
    internal static readonly AbiFunction GetNextTranscoderInPoolFunction = AbiFunction.Parse("function getNextTranscoderInPool(address _transcoder) view returns (address)");
    internal static readonly AbiFunction GetTranscoderPoolSizeFunction = AbiFunction.Parse("function getTranscoderPoolSize() view returns (uint256)");
    internal static readonly AbiFunction GetTranscoderPoolMaxSizeFunction = AbiFunction.Parse("function getTranscoderPoolMaxSize() view returns (uint256)");
    internal static readonly AbiFunction GetTranscoderEarningsPoolForRoundFunction = AbiFunction.Parse("function getTranscoderEarningsPoolForRound(address _transcoder, uint256 _round) view returns (uint256 totalStake, uint256 transcoderRewardCut, uint256 transcoderFeeShare, uint256 cumulativeRewardFactor, uint256 cumulativeFeeFactor)");
    internal static readonly AbiFunction UnbondingPeriodFunction = AbiFunction.Parse("function unbondingPeriod() view returns (uint64)");
    internal static readonly AbiFunction TreasuryRewardCutRateFunction = AbiFunction.Parse("function treasuryRewardCutRate() view returns (uint256)");
    internal static readonly AbiFunction NextRoundTreasuryRewardCutRateFunction = AbiFunction.Parse("function nextRoundTreasuryRewardCutRate() view returns (uint256)");
    internal static readonly AbiFunction TreasuryBalanceCeilingFunction = AbiFunction.Parse("function treasuryBalanceCeiling() view returns (uint256)");
    internal static readonly AbiFunction ControllerFunction = AbiFunction.Parse("function controller() view returns (address)");

    /// <summary>Every function this client calls.</summary>
    internal static IReadOnlyList<AbiFunction> Functions { get; } =
    [
        BondFunction, BondWithHintFunction, BondForWithHintFunction, UnbondFunction, UnbondWithHintFunction, RebondFunction,
        RebondWithHintFunction, RebondFromUnbondedFunction, RebondFromUnbondedWithHintFunction, WithdrawStakeFunction,
        WithdrawFeesFunction, ClaimEarningsFunction, TransferBondFunction, CheckpointBondingStateFunction, TranscoderFunction,
        TranscoderWithHintFunction, RewardFunction, RewardWithHintFunction, GetTranscoderFunction, GetDelegatorFunction,
        DelegatorStatusFunction, TranscoderStatusFunction, GetDelegatorUnbondingLockFunction, IsValidUnbondingLockFunction,
        PendingStakeFunction, PendingFeesFunction, TranscoderTotalStakeFunction, IsActiveTranscoderFunction,
        IsRegisteredTranscoderFunction, GetTotalBondedFunction, CurrentRoundTotalActiveStakeFunction,
        NextRoundTotalActiveStakeFunction, GetFirstTranscoderInPoolFunction, GetNextTranscoderInPoolFunction,
        GetTranscoderPoolSizeFunction, GetTranscoderPoolMaxSizeFunction, GetTranscoderEarningsPoolForRoundFunction,
        UnbondingPeriodFunction, TreasuryRewardCutRateFunction, NextRoundTreasuryRewardCutRateFunction,
        TreasuryBalanceCeilingFunction, ControllerFunction,
    ];

    internal BondingManagerClient(ProtocolContext context, EthAddress address)
        : base(context, "BondingManager", address)
    {
    }

    // ---- Stake ----

    /// <summary><c>bond</c>: bonds <paramref name="amount"/> more LPT (0 to only move the bond) to <paramref name="to"/>, moving any existing bond there too.</summary>
    public Task<TransactionReceipt> BondAsync(Wei amount, EthAddress to, CancellationToken cancellationToken = default)
        => SendAsync(BondFunction, [amount, to], cancellationToken);

    /// <summary><c>bondWithHint</c> with explicit hints for the old delegate (when the bond moves) and the new one.</summary>
    public Task<TransactionReceipt> BondWithHintAsync(Wei amount, EthAddress to, TranscoderPoolHint oldDelegateHint, TranscoderPoolHint currentDelegateHint, CancellationToken cancellationToken = default)
        => SendAsync(BondWithHintFunction, [amount, to, oldDelegateHint.Previous, oldDelegateHint.Next, currentDelegateHint.Previous, currentDelegateHint.Next], cancellationToken);

    /// <summary><c>bondWithHint</c>, with the hints computed from the pool and the signer's bond.</summary>
    public async Task<TransactionReceipt> BondWithHintAsync(Wei amount, EthAddress to, CancellationToken cancellationToken = default)
    {
        var owner = RequireSigner(BondWithHintFunction);
        var (oldHint, newHint) = await ComputeBondHintsAsync(owner, amount, to, cancellationToken).ConfigureAwait(false);
        return await BondWithHintAsync(amount, to, oldHint, newHint, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>bondForWithHint</c>: bonds for <paramref name="owner"/>, paid by the signer. A third party may add to a
    /// bond but not change its delegate.
    /// </summary>
    public Task<TransactionReceipt> BondForWithHintAsync(Wei amount, EthAddress owner, EthAddress to, TranscoderPoolHint oldDelegateHint, TranscoderPoolHint currentDelegateHint, CancellationToken cancellationToken = default)
        => SendAsync(BondForWithHintFunction, [amount, owner, to, oldDelegateHint.Previous, oldDelegateHint.Next, currentDelegateHint.Previous, currentDelegateHint.Next], cancellationToken);

    /// <summary><c>bondForWithHint</c>, with the hints computed from the pool and <paramref name="owner"/>'s bond.</summary>
    public async Task<TransactionReceipt> BondForWithHintAsync(Wei amount, EthAddress owner, EthAddress to, CancellationToken cancellationToken = default)
    {
        var (oldHint, newHint) = await ComputeBondHintsAsync(owner, amount, to, cancellationToken).ConfigureAwait(false);
        return await BondForWithHintAsync(amount, owner, to, oldHint, newHint, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>unbond</c>: moves <paramref name="amount"/> of the signer's bond into a new unbonding lock.</summary>
    public Task<TransactionReceipt> UnbondAsync(Wei amount, CancellationToken cancellationToken = default)
        => SendAsync(UnbondFunction, [amount], cancellationToken);

    /// <summary><c>unbondWithHint</c> with an explicit hint for the delegate's new position.</summary>
    public Task<TransactionReceipt> UnbondWithHintAsync(Wei amount, TranscoderPoolHint hint, CancellationToken cancellationToken = default)
        => SendAsync(UnbondWithHintFunction, [amount, hint.Previous, hint.Next], cancellationToken);

    /// <summary><c>unbondWithHint</c>, with the hint computed from the pool.</summary>
    public async Task<TransactionReceipt> UnbondWithHintAsync(Wei amount, CancellationToken cancellationToken = default)
    {
        var owner = RequireSigner(UnbondWithHintFunction);
        var block = await PinBlockAsync(UnbondWithHintFunction, cancellationToken).ConfigureAwait(false);
        var delegator = await ReadDelegatorAsync(owner, block, cancellationToken).ConfigureAwait(false);
        var pool = await ReadPoolAsync(block, cancellationToken).ConfigureAwait(false);
        var hint = FindMember(pool, delegator.DelegateAddress) is { } member && member.TotalStake >= amount
            ? TranscoderPoolHints.Compute(pool, member.Address, member.TotalStake.Value - amount.Value)
            : TranscoderPoolHint.None;
        return await UnbondWithHintAsync(amount, hint, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>rebond</c>: returns an unbonding lock's stake to the signer's current delegate.</summary>
    public Task<TransactionReceipt> RebondAsync(ulong unbondingLockId, CancellationToken cancellationToken = default)
        => SendAsync(RebondFunction, [unbondingLockId], cancellationToken);

    /// <summary><c>rebondWithHint</c> with an explicit hint for the delegate's new position.</summary>
    public Task<TransactionReceipt> RebondWithHintAsync(ulong unbondingLockId, TranscoderPoolHint hint, CancellationToken cancellationToken = default)
        => SendAsync(RebondWithHintFunction, [unbondingLockId, hint.Previous, hint.Next], cancellationToken);

    /// <summary><c>rebondWithHint</c>, with the hint computed from the pool and the lock.</summary>
    public async Task<TransactionReceipt> RebondWithHintAsync(ulong unbondingLockId, CancellationToken cancellationToken = default)
    {
        var owner = RequireSigner(RebondWithHintFunction);
        var block = await PinBlockAsync(RebondWithHintFunction, cancellationToken).ConfigureAwait(false);
        var delegator = await ReadDelegatorAsync(owner, block, cancellationToken).ConfigureAwait(false);
        var hint = await HintForIncreaseAsync(owner, unbondingLockId, delegator.DelegateAddress, block, cancellationToken).ConfigureAwait(false);
        return await RebondWithHintAsync(unbondingLockId, hint, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>rebondFromUnbonded</c>: for an unbonded signer, bonds an unbonding lock's stake to <paramref name="to"/>.</summary>
    public Task<TransactionReceipt> RebondFromUnbondedAsync(EthAddress to, ulong unbondingLockId, CancellationToken cancellationToken = default)
        => SendAsync(RebondFromUnbondedFunction, [to, unbondingLockId], cancellationToken);

    /// <summary><c>rebondFromUnbondedWithHint</c> with an explicit hint for <paramref name="to"/>'s new position.</summary>
    public Task<TransactionReceipt> RebondFromUnbondedWithHintAsync(EthAddress to, ulong unbondingLockId, TranscoderPoolHint hint, CancellationToken cancellationToken = default)
        => SendAsync(RebondFromUnbondedWithHintFunction, [to, unbondingLockId, hint.Previous, hint.Next], cancellationToken);

    /// <summary><c>rebondFromUnbondedWithHint</c>, with the hint computed from the pool and the lock.</summary>
    public async Task<TransactionReceipt> RebondFromUnbondedWithHintAsync(EthAddress to, ulong unbondingLockId, CancellationToken cancellationToken = default)
    {
        var owner = RequireSigner(RebondFromUnbondedWithHintFunction);
        var block = await PinBlockAsync(RebondFromUnbondedWithHintFunction, cancellationToken).ConfigureAwait(false);
        var hint = await HintForIncreaseAsync(owner, unbondingLockId, to, block, cancellationToken).ConfigureAwait(false);
        return await RebondFromUnbondedWithHintAsync(to, unbondingLockId, hint, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>withdrawStake</c>: pays out an unbonding lock whose withdraw round has come.</summary>
    public Task<TransactionReceipt> WithdrawStakeAsync(ulong unbondingLockId, CancellationToken cancellationToken = default)
        => SendAsync(WithdrawStakeFunction, [unbondingLockId], cancellationToken);

    /// <summary><c>withdrawFees</c>: claims earnings, then sends <paramref name="amount"/> of the signer's fees to <paramref name="recipient"/>.</summary>
    public Task<TransactionReceipt> WithdrawFeesAsync(EthAddress recipient, Wei amount, CancellationToken cancellationToken = default)
        => SendAsync(WithdrawFeesFunction, [recipient, amount], cancellationToken);

    /// <summary>
    /// <c>claimEarnings</c>: folds the signer's earnings into its bond and fees. Pass the current round: builds
    /// since Delta ignore the argument and claim through the current round, while older builds (the 2022 one the
    /// local devnet deploys) claim through <paramref name="endRound"/> and require
    /// <c>lastClaimRound &lt; endRound &lt;= currentRound</c>.
    /// </summary>
    /// <param name="endRound">The last round to claim: <c>RoundsManager.currentRound()</c>.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    public Task<TransactionReceipt> ClaimEarningsAsync(ulong endRound, CancellationToken cancellationToken = default)
        => SendAsync(ClaimEarningsFunction, [endRound], cancellationToken);

    /// <summary><c>transferBond</c>: moves <paramref name="amount"/> of the signer's bond to <paramref name="delegator"/>.</summary>
    public Task<TransactionReceipt> TransferBondAsync(EthAddress delegator, Wei amount, TranscoderPoolHint oldDelegateHint = default, TranscoderPoolHint newDelegateHint = default, CancellationToken cancellationToken = default)
        => SendAsync(TransferBondFunction, [delegator, amount, oldDelegateHint.Previous, oldDelegateHint.Next, newDelegateHint.Previous, newDelegateHint.Next], cancellationToken);

    /// <summary><c>checkpointBondingState</c>: re-records <paramref name="account"/>'s bond in BondingVotes (permissionless). Not on builds before Delta (LIP-89/92), such as the local devnet's; there the call reverts without a reason.</summary>
    public Task<TransactionReceipt> CheckpointBondingStateAsync(EthAddress account, CancellationToken cancellationToken = default)
        => SendAsync(CheckpointBondingStateFunction, [account], cancellationToken);

    // ---- Transcoder role ----

    /// <summary>
    /// <c>transcoder</c>: sets the signer's commission and, if it is not in the pool, tries to join it. Both
    /// values are parts per million (<see cref="StakingMath.FractionToPartsPerMillion"/>).
    /// </summary>
    /// <param name="rewardCut">The share of rewards the transcoder keeps.</param>
    /// <param name="feeShare">The share of fees passed on to delegators.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    public Task<TransactionReceipt> TranscoderAsync(BigInteger rewardCut, BigInteger feeShare, CancellationToken cancellationToken = default)
        => SendAsync(TranscoderFunction, [rewardCut, feeShare], cancellationToken);

    /// <summary><c>transcoderWithHint</c> with an explicit hint for the signer's position if it joins the pool.</summary>
    public Task<TransactionReceipt> TranscoderWithHintAsync(BigInteger rewardCut, BigInteger feeShare, TranscoderPoolHint hint, CancellationToken cancellationToken = default)
        => SendAsync(TranscoderWithHintFunction, [rewardCut, feeShare, hint.Previous, hint.Next], cancellationToken);

    /// <summary><c>transcoderWithHint</c>, with the hint computed from the pool (none when the signer is already in it).</summary>
    public async Task<TransactionReceipt> TranscoderWithHintAsync(BigInteger rewardCut, BigInteger feeShare, CancellationToken cancellationToken = default)
    {
        var owner = RequireSigner(TranscoderWithHintFunction);
        var block = await PinBlockAsync(TranscoderWithHintFunction, cancellationToken).ConfigureAwait(false);
        var (pool, maxSize) = await ReadPoolAndMaxSizeAsync(block, cancellationToken).ConfigureAwait(false);
        var hint = TranscoderPoolHint.None;
        if (FindMember(pool, owner) is null)
        {
            var stake = await CallAsync<BigInteger>(TranscoderTotalStakeFunction, [owner], block, cancellationToken).ConfigureAwait(false);
            hint = TranscoderPoolHints.Compute(pool, owner, stake, maxSize);
        }
        return await TranscoderWithHintAsync(rewardCut, feeShare, hint, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>reward</c>: mints the signer's share of the round's inflation (once per round, active transcoders only).</summary>
    public Task<TransactionReceipt> RewardAsync(CancellationToken cancellationToken = default)
        => SendAsync(RewardFunction, [], cancellationToken);

    /// <summary><c>rewardWithHint</c> with an explicit hint for the signer's position after its stake grows by the reward.</summary>
    public Task<TransactionReceipt> RewardWithHintAsync(TranscoderPoolHint hint, CancellationToken cancellationToken = default)
        => SendAsync(RewardWithHintFunction, [hint.Previous, hint.Next], cancellationToken);

    /// <summary>
    /// <c>rewardWithHint</c>, with the hint computed for the signer's stake plus <paramref name="estimatedReward"/>
    /// (see <see cref="StakingMath.EstimateReward"/>, from the Minter's <c>currentMintableTokens</c>).
    /// </summary>
    public async Task<TransactionReceipt> RewardWithHintAsync(Wei estimatedReward, CancellationToken cancellationToken = default)
    {
        var owner = RequireSigner(RewardWithHintFunction);
        var block = await PinBlockAsync(RewardWithHintFunction, cancellationToken).ConfigureAwait(false);
        var (pool, maxSize) = await ReadPoolAndMaxSizeAsync(block, cancellationToken).ConfigureAwait(false);
        var stake = FindMember(pool, owner) is { } member
            ? member.TotalStake.Value
            : await CallAsync<BigInteger>(TranscoderTotalStakeFunction, [owner], block, cancellationToken).ConfigureAwait(false);
        var hint = TranscoderPoolHints.Compute(pool, owner, stake + estimatedReward.Value, maxSize);
        return await RewardWithHintAsync(hint, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>rewardWithHint</c>, with the signer's current neighbours as the hint. The reward can only move it up, so
    /// the hint stays right unless the reward lifts it past the member above; then the contract searches.
    /// </summary>
    public Task<TransactionReceipt> RewardWithHintAsync(CancellationToken cancellationToken = default)
        => RewardWithHintAsync(Wei.Zero, cancellationToken);

    // ---- Views ----

    /// <summary><c>getTranscoder</c>.</summary>
    public Task<TranscoderInfo> GetTranscoderAsync(EthAddress transcoder, CancellationToken cancellationToken = default)
        => ReadTranscoderAsync(transcoder, BlockParameter.Latest, cancellationToken);

    /// <summary><c>getDelegator</c>.</summary>
    public Task<DelegatorInfo> GetDelegatorAsync(EthAddress delegator, CancellationToken cancellationToken = default)
        => ReadDelegatorAsync(delegator, BlockParameter.Latest, cancellationToken);

    /// <summary><c>delegatorStatus</c>.</summary>
    public async Task<DelegatorStatus> GetDelegatorStatusAsync(EthAddress delegator, CancellationToken cancellationToken = default)
    {
        var value = await CallAsync<BigInteger>(DelegatorStatusFunction, [delegator], BlockParameter.Latest, cancellationToken).ConfigureAwait(false);
        return value <= (int)DelegatorStatus.Unbonded
            ? (DelegatorStatus)(int)value
            : throw Unexpected(DelegatorStatusFunction, $"a delegator status {value}, which is not 0 (Pending), 1 (Bonded) or 2 (Unbonded)");
    }

    /// <summary><c>transcoderStatus</c>.</summary>
    public async Task<TranscoderStatus> GetTranscoderStatusAsync(EthAddress transcoder, CancellationToken cancellationToken = default)
    {
        var value = await CallAsync<BigInteger>(TranscoderStatusFunction, [transcoder], BlockParameter.Latest, cancellationToken).ConfigureAwait(false);
        return value <= (int)TranscoderStatus.Registered
            ? (TranscoderStatus)(int)value
            : throw Unexpected(TranscoderStatusFunction, $"a transcoder status {value}, which is not 0 (NotRegistered) or 1 (Registered)");
    }

    /// <summary><c>getDelegatorUnbondingLock</c>; a lock that does not exist has a zero withdraw round.</summary>
    public Task<UnbondingLock> GetDelegatorUnbondingLockAsync(EthAddress delegator, ulong unbondingLockId, CancellationToken cancellationToken = default)
        => ReadUnbondingLockAsync(delegator, unbondingLockId, BlockParameter.Latest, cancellationToken);

    /// <summary>The delegator's valid unbonding locks (ids below its <c>nextUnbondingLockId</c> with a non-zero withdraw round).</summary>
    public async Task<IReadOnlyList<UnbondingLock>> GetUnbondingLocksAsync(EthAddress delegator, CancellationToken cancellationToken = default)
    {
        var block = await PinBlockAsync(GetDelegatorUnbondingLockFunction, cancellationToken).ConfigureAwait(false);
        var info = await ReadDelegatorAsync(delegator, block, cancellationToken).ConfigureAwait(false);
        var locks = new List<UnbondingLock>();
        for (ulong id = 0; id < info.NextUnbondingLockId; id++)
        {
            var unbondingLock = await ReadUnbondingLockAsync(delegator, id, block, cancellationToken).ConfigureAwait(false);
            if (unbondingLock.IsValid)
            {
                locks.Add(unbondingLock);
            }
        }
        return locks;
    }

    /// <summary><c>isValidUnbondingLock</c>.</summary>
    public Task<bool> IsValidUnbondingLockAsync(EthAddress delegator, ulong unbondingLockId, CancellationToken cancellationToken = default)
        => CallAsync<bool>(IsValidUnbondingLockFunction, [delegator, unbondingLockId], BlockParameter.Latest, cancellationToken);

    /// <summary>
    /// <c>pendingStake</c>: the delegator's stake including unclaimed rewards through the current round. The end
    /// round sent is the current round when the client knows the RoundsManager, else 0; builds since Delta
    /// ignore it, older builds (the local devnet's) need it.
    /// </summary>
    public async Task<Wei> GetPendingStakeAsync(EthAddress delegator, CancellationToken cancellationToken = default)
        => await GetPendingStakeAsync(delegator, await EndRoundAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary><c>pendingStake</c> with an explicit end round, which builds before Delta use (pass the current round) and newer ones ignore.</summary>
    public async Task<Wei> GetPendingStakeAsync(EthAddress delegator, ulong endRound, CancellationToken cancellationToken = default)
        => new(await CallAsync<BigInteger>(PendingStakeFunction, [delegator, endRound], BlockParameter.Latest, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// <c>pendingFees</c>: the delegator's fees including unclaimed fees through the current round. The end round
    /// sent is the current round when the client knows the RoundsManager, else 0; builds since Delta ignore it,
    /// older builds (the local devnet's) need it.
    /// </summary>
    public async Task<Wei> GetPendingFeesAsync(EthAddress delegator, CancellationToken cancellationToken = default)
        => await GetPendingFeesAsync(delegator, await EndRoundAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Reads the current round when the client knows the RoundsManager (clients from
    /// <see cref="LivepeerProtocolClient"/> do): builds before Delta need it as the end round, newer ones ignore it.
    /// </summary>
    internal Func<CancellationToken, Task<ulong>>? CurrentRoundSource { get; set; }

    private Task<ulong> EndRoundAsync(CancellationToken cancellationToken)
        => CurrentRoundSource?.Invoke(cancellationToken) ?? Task.FromResult(0UL);

    /// <summary><c>pendingFees</c> with an explicit end round, which builds before Delta use (pass the current round) and newer ones ignore.</summary>
    public async Task<Wei> GetPendingFeesAsync(EthAddress delegator, ulong endRound, CancellationToken cancellationToken = default)
        => new(await CallAsync<BigInteger>(PendingFeesFunction, [delegator, endRound], BlockParameter.Latest, cancellationToken).ConfigureAwait(false));

    /// <summary><c>transcoderTotalStake</c>: all stake delegated to the transcoder, its own included.</summary>
    public async Task<Wei> GetTranscoderTotalStakeAsync(EthAddress transcoder, CancellationToken cancellationToken = default)
        => new(await CallAsync<BigInteger>(TranscoderTotalStakeFunction, [transcoder], BlockParameter.Latest, cancellationToken).ConfigureAwait(false));

    /// <summary><c>isActiveTranscoder</c>: active in the current round (the pool is the next round's set).</summary>
    public Task<bool> IsActiveTranscoderAsync(EthAddress transcoder, CancellationToken cancellationToken = default)
        => CallAsync<bool>(IsActiveTranscoderFunction, [transcoder], BlockParameter.Latest, cancellationToken);

    /// <summary><c>isRegisteredTranscoder</c>: self-bonded with a positive bond.</summary>
    public Task<bool> IsRegisteredTranscoderAsync(EthAddress transcoder, CancellationToken cancellationToken = default)
        => CallAsync<bool>(IsRegisteredTranscoderFunction, [transcoder], BlockParameter.Latest, cancellationToken);

    /// <summary><c>getTotalBonded</c>: the current round's total active stake (not all bonded LPT).</summary>
    public Task<Wei> GetTotalBondedAsync(CancellationToken cancellationToken = default)
        => ReadWeiAsync(GetTotalBondedFunction, cancellationToken);

    /// <summary><c>currentRoundTotalActiveStake</c>: fixed when the round was initialized.</summary>
    public Task<Wei> GetCurrentRoundTotalActiveStakeAsync(CancellationToken cancellationToken = default)
        => ReadWeiAsync(CurrentRoundTotalActiveStakeFunction, cancellationToken);

    /// <summary><c>nextRoundTotalActiveStake</c>: the pool's total stake, as it changes.</summary>
    public Task<Wei> GetNextRoundTotalActiveStakeAsync(CancellationToken cancellationToken = default)
        => ReadWeiAsync(NextRoundTotalActiveStakeFunction, cancellationToken);

    /// <summary><c>getFirstTranscoderInPool</c>: the member with the most stake; the zero address when the pool is empty.</summary>
    public Task<EthAddress> GetFirstTranscoderInPoolAsync(CancellationToken cancellationToken = default)
        => CallAsync<EthAddress>(GetFirstTranscoderInPoolFunction, [], BlockParameter.Latest, cancellationToken);

    /// <summary><c>getNextTranscoderInPool</c>: the member after <paramref name="transcoder"/>; the zero address at the end.</summary>
    public Task<EthAddress> GetNextTranscoderInPoolAsync(EthAddress transcoder, CancellationToken cancellationToken = default)
        => CallAsync<EthAddress>(GetNextTranscoderInPoolFunction, [transcoder], BlockParameter.Latest, cancellationToken);

    /// <summary><c>getTranscoderPoolSize</c>.</summary>
    public Task<int> GetTranscoderPoolSizeAsync(CancellationToken cancellationToken = default)
        => ReadCountAsync(GetTranscoderPoolSizeFunction, BlockParameter.Latest, cancellationToken);

    /// <summary><c>getTranscoderPoolMaxSize</c>: the active set size.</summary>
    public Task<int> GetTranscoderPoolMaxSizeAsync(CancellationToken cancellationToken = default)
        => ReadCountAsync(GetTranscoderPoolMaxSizeFunction, BlockParameter.Latest, cancellationToken);

    /// <summary><c>getTranscoderEarningsPoolForRound</c>.</summary>
    public Task<EarningsPool> GetTranscoderEarningsPoolForRoundAsync(EthAddress transcoder, ulong round, CancellationToken cancellationToken = default)
        => ReadEarningsPoolAsync(transcoder, round, BlockParameter.Latest, cancellationToken);

    /// <summary><c>unbondingPeriod</c>, in rounds.</summary>
    public async Task<ulong> GetUnbondingPeriodAsync(CancellationToken cancellationToken = default)
        => ToUInt64(await CallAsync<BigInteger>(UnbondingPeriodFunction, [], BlockParameter.Latest, cancellationToken).ConfigureAwait(false));

    /// <summary><c>treasuryRewardCutRate</c>: the treasury's share of each reward this round (1e27 = 100 %). Not on builds before Delta (LIP-89/92), such as the local devnet's; there the call reverts without a reason.</summary>
    public Task<BigInteger> GetTreasuryRewardCutRateAsync(CancellationToken cancellationToken = default)
        => CallAsync<BigInteger>(TreasuryRewardCutRateFunction, [], BlockParameter.Latest, cancellationToken);

    /// <summary><c>nextRoundTreasuryRewardCutRate</c>: the rate from the next round (1e27 = 100 %). Not on builds before Delta (LIP-89/92), such as the local devnet's; there the call reverts without a reason.</summary>
    public Task<BigInteger> GetNextRoundTreasuryRewardCutRateAsync(CancellationToken cancellationToken = default)
        => CallAsync<BigInteger>(NextRoundTreasuryRewardCutRateFunction, [], BlockParameter.Latest, cancellationToken);

    /// <summary><c>treasuryBalanceCeiling</c>: the treasury balance at which its cut stops. Not on builds before Delta (LIP-89/92), such as the local devnet's; there the call reverts without a reason.</summary>
    public Task<Wei> GetTreasuryBalanceCeilingAsync(CancellationToken cancellationToken = default)
        => ReadWeiAsync(TreasuryBalanceCeilingFunction, cancellationToken);

    /// <summary><c>controller</c>: the Controller the proxy resolves its target through.</summary>
    public Task<EthAddress> GetControllerAsync(CancellationToken cancellationToken = default)
        => CallAsync<EthAddress>(ControllerFunction, [], BlockParameter.Latest, cancellationToken);

    // ---- Pool and earnings ----

    /// <summary>The transcoder pool (the next round's active set), highest stake first, all read at one block.</summary>
    public async Task<IReadOnlyList<TranscoderPoolMember>> GetTranscoderPoolAsync(CancellationToken cancellationToken = default)
    {
        var block = await PinBlockAsync(GetFirstTranscoderInPoolFunction, cancellationToken).ConfigureAwait(false);
        return await ReadPoolAsync(block, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The delegator's pending stake and fees, computed here with <see cref="StakingMath.PendingStakeAndFees"/>
    /// from its state, its delegate's state and the earnings pools that calculation reads, all at one block.
    /// Matches <c>pendingStake</c>/<c>pendingFees</c> when <paramref name="currentRound"/> is the chain's current round.
    /// </summary>
    /// <param name="delegator">The delegator.</param>
    /// <param name="currentRound">The round to claim through: <c>RoundsManager.currentRound()</c>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<PendingEarnings> ComputePendingEarningsAsync(EthAddress delegator, ulong currentRound, CancellationToken cancellationToken = default)
    {
        var block = await PinBlockAsync(GetDelegatorFunction, cancellationToken).ConfigureAwait(false);
        var info = await ReadDelegatorAsync(delegator, block, cancellationToken).ConfigureAwait(false);
        var transcoder = await ReadTranscoderAsync(info.DelegateAddress, block, cancellationToken).ConfigureAwait(false);
        var pools = new Dictionary<ulong, EarningsPool>();
        foreach (var round in StakingMath.RoundsNeeded(info, transcoder, currentRound))
        {
            pools[round] = await ReadEarningsPoolAsync(info.DelegateAddress, round, block, cancellationToken).ConfigureAwait(false);
        }
        return StakingMath.PendingStakeAndFees(info, transcoder, currentRound, pools);
    }

    /// <summary>The stake part of <see cref="ComputePendingEarningsAsync"/>.</summary>
    public async Task<Wei> ComputePendingStakeAsync(EthAddress delegator, ulong currentRound, CancellationToken cancellationToken = default)
        => (await ComputePendingEarningsAsync(delegator, currentRound, cancellationToken).ConfigureAwait(false)).Stake;

    /// <summary>The fees part of <see cref="ComputePendingEarningsAsync"/>.</summary>
    public async Task<Wei> ComputePendingFeesAsync(EthAddress delegator, ulong currentRound, CancellationToken cancellationToken = default)
        => (await ComputePendingEarningsAsync(delegator, currentRound, cancellationToken).ConfigureAwait(false)).Fees;

    // ---- Internals ----

    private async Task<(TranscoderPoolHint OldDelegate, TranscoderPoolHint NewDelegate)> ComputeBondHintsAsync(EthAddress owner, Wei amount, EthAddress to, CancellationToken cancellationToken)
    {
        var block = await PinBlockAsync(BondWithHintFunction, cancellationToken).ConfigureAwait(false);
        var delegator = await ReadDelegatorAsync(owner, block, cancellationToken).ConfigureAwait(false);
        var (pool, maxSize) = await ReadPoolAndMaxSizeAsync(block, cancellationToken).ConfigureAwait(false);

        var oldHint = TranscoderPoolHint.None;
        var added = amount.Value;
        var oldDelegate = delegator.DelegateAddress;
        if (!delegator.BondedAmount.Value.IsZero && !oldDelegate.IsZero && oldDelegate != to)
        {
            // The bond moves with its unclaimed rewards: the contract claims earnings before it moves the bond.
            var moved = await CallAsync<BigInteger>(PendingStakeFunction, [owner, BigInteger.Zero], block, cancellationToken).ConfigureAwait(false);
            added += moved;
            if (FindMember(pool, oldDelegate) is { } member && member.TotalStake.Value >= moved)
            {
                var oldStake = member.TotalStake.Value - moved;
                oldHint = TranscoderPoolHints.Compute(pool, oldDelegate, oldStake);
                pool = TranscoderPoolHints.Apply(pool, oldDelegate, oldStake);
            }
        }
        var current = FindMember(pool, to) is { } target
            ? target.TotalStake.Value
            : await CallAsync<BigInteger>(TranscoderTotalStakeFunction, [to], block, cancellationToken).ConfigureAwait(false);
        return (oldHint, TranscoderPoolHints.Compute(pool, to, current + added, maxSize));
    }

    private async Task<TranscoderPoolHint> HintForIncreaseAsync(EthAddress owner, ulong unbondingLockId, EthAddress delegateAddress, BlockParameter block, CancellationToken cancellationToken)
    {
        var unbondingLock = await ReadUnbondingLockAsync(owner, unbondingLockId, block, cancellationToken).ConfigureAwait(false);
        var (pool, maxSize) = await ReadPoolAndMaxSizeAsync(block, cancellationToken).ConfigureAwait(false);
        var current = FindMember(pool, delegateAddress) is { } member
            ? member.TotalStake.Value
            : await CallAsync<BigInteger>(TranscoderTotalStakeFunction, [delegateAddress], block, cancellationToken).ConfigureAwait(false);
        return TranscoderPoolHints.Compute(pool, delegateAddress, current + unbondingLock.Amount.Value, maxSize);
    }

    private async Task<(List<TranscoderPoolMember> Pool, int MaxSize)> ReadPoolAndMaxSizeAsync(BlockParameter block, CancellationToken cancellationToken)
    {
        var maxSize = await ReadCountAsync(GetTranscoderPoolMaxSizeFunction, block, cancellationToken).ConfigureAwait(false);
        return (await ReadPoolAsync(block, cancellationToken).ConfigureAwait(false), maxSize);
    }

    private async Task<List<TranscoderPoolMember>> ReadPoolAsync(BlockParameter block, CancellationToken cancellationToken)
    {
        var size = await ReadCountAsync(GetTranscoderPoolSizeFunction, block, cancellationToken).ConfigureAwait(false);
        var addresses = new List<EthAddress>(size);
        var current = await CallAsync<EthAddress>(GetFirstTranscoderInPoolFunction, [], block, cancellationToken).ConfigureAwait(false);
        while (!current.IsZero)
        {
            // A list that runs past its own size (or loops) would otherwise be walked forever.
            if (addresses.Count >= size)
            {
                throw Unexpected(GetNextTranscoderInPoolFunction, $"more than the {size} pool members getTranscoderPoolSize reports");
            }
            addresses.Add(current);
            current = await CallAsync<EthAddress>(GetNextTranscoderInPoolFunction, [current], block, cancellationToken).ConfigureAwait(false);
        }
        var stakes = await Task.WhenAll(addresses.Select(a => CallAsync<BigInteger>(TranscoderTotalStakeFunction, [a], block, cancellationToken))).ConfigureAwait(false);
        return addresses.Select((a, i) => new TranscoderPoolMember(a, new Wei(stakes[i]))).ToList();
    }

    private static TranscoderPoolMember? FindMember(IReadOnlyList<TranscoderPoolMember> pool, EthAddress address)
    {
        foreach (var member in pool)
        {
            if (member.Address == address)
            {
                return member;
            }
        }
        return null;
    }

    private async Task<DelegatorInfo> ReadDelegatorAsync(EthAddress delegator, BlockParameter block, CancellationToken cancellationToken)
    {
        var v = await CallAsync(GetDelegatorFunction, [delegator], block, cancellationToken).ConfigureAwait(false);
        return new DelegatorInfo(
            delegator,
            new Wei((BigInteger)v[0]!),
            new Wei((BigInteger)v[1]!),
            (EthAddress)v[2]!,
            new Wei((BigInteger)v[3]!),
            ToUInt64((BigInteger)v[4]!),
            ToUInt64((BigInteger)v[5]!),
            ToUInt64((BigInteger)v[6]!));
    }

    private async Task<TranscoderInfo> ReadTranscoderAsync(EthAddress transcoder, BlockParameter block, CancellationToken cancellationToken)
    {
        var v = await CallAsync(GetTranscoderFunction, [transcoder], block, cancellationToken).ConfigureAwait(false);
        return new TranscoderInfo(
            transcoder,
            ToUInt64((BigInteger)v[0]!),
            (BigInteger)v[1]!,
            (BigInteger)v[2]!,
            ToUInt64((BigInteger)v[3]!),
            ToUInt64((BigInteger)v[4]!),
            ToUInt64((BigInteger)v[5]!),
            new Wei((BigInteger)v[6]!),
            new Wei((BigInteger)v[7]!),
            new Wei((BigInteger)v[8]!),
            ToUInt64((BigInteger)v[9]!));
    }

    private async Task<EarningsPool> ReadEarningsPoolAsync(EthAddress transcoder, ulong round, BlockParameter block, CancellationToken cancellationToken)
    {
        var v = await CallAsync(GetTranscoderEarningsPoolForRoundFunction, [transcoder, round], block, cancellationToken).ConfigureAwait(false);
        return new EarningsPool(new Wei((BigInteger)v[0]!), (BigInteger)v[1]!, (BigInteger)v[2]!, (BigInteger)v[3]!, (BigInteger)v[4]!);
    }

    private async Task<UnbondingLock> ReadUnbondingLockAsync(EthAddress delegator, ulong unbondingLockId, BlockParameter block, CancellationToken cancellationToken)
    {
        var v = await CallAsync(GetDelegatorUnbondingLockFunction, [delegator, unbondingLockId], block, cancellationToken).ConfigureAwait(false);
        return new UnbondingLock(unbondingLockId, new Wei((BigInteger)v[0]!), ToUInt64((BigInteger)v[1]!));
    }

    private async Task<Wei> ReadWeiAsync(AbiFunction function, CancellationToken cancellationToken)
        => new(await CallAsync<BigInteger>(function, [], BlockParameter.Latest, cancellationToken).ConfigureAwait(false));

    private async Task<int> ReadCountAsync(AbiFunction function, BlockParameter block, CancellationToken cancellationToken)
    {
        var value = await CallAsync<BigInteger>(function, [], block, cancellationToken).ConfigureAwait(false);
        return value <= int.MaxValue ? (int)value : throw Unexpected(function, $"a count of {value}");
    }

    /// <summary>The latest block number, so that the several reads behind one answer see the same state.</summary>
    private async Task<BlockParameter> PinBlockAsync(AbiFunction function, CancellationToken cancellationToken)
    {
        try
        {
            return BlockParameter.At(await Context.Rpc.GetBlockNumberAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (LivepeerProtocolException ex)
        {
            throw new ContractCallException(ContractName, function.Name, ex.ErrorCode, $"{ContractName}.{function.Name} at {Address} failed reading the block number: {ex.Message}", ex.IsTransient, ex);
        }
    }

    private EthAddress RequireSigner(AbiFunction function)
        => Context.Sender?.Signer.Address ?? throw new ContractCallException(ContractName, function.Name, ProtocolErrorCode.NoSigner,
            $"{ContractName}.{function.Name} changes state and needs a signer; this client was created without one.");

    private ContractCallException Unexpected(AbiFunction function, string what)
        => new(ContractName, function.Name, ProtocolErrorCode.ContractCallFailed, $"{ContractName}.{function.Name} at {Address} returned {what}.");

    /// <summary>Rounds and lock ids fit 64 bits; larger values (the 2^256 − 1 "never" of a deactivation round) read as <see cref="ulong.MaxValue"/>.</summary>
    private static ulong ToUInt64(BigInteger value) => value > ulong.MaxValue ? ulong.MaxValue : (ulong)value;
}
