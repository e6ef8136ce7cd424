using System.Numerics;

namespace Livepeer.Protocol;

/// <summary>A delegator's bonding state (<c>BondingManager.delegatorStatus</c>).</summary>
public enum DelegatorStatus
{
    /// <summary>Bonded, but the bond counts only from a later round (<c>startRound &gt; currentRound</c>).</summary>
    Pending = 0,

    /// <summary>Bonded and counting in the current round.</summary>
    Bonded = 1,

    /// <summary>Nothing bonded.</summary>
    Unbonded = 2,
}

/// <summary>Whether an address is a registered transcoder (<c>BondingManager.transcoderStatus</c>).</summary>
public enum TranscoderStatus
{
    /// <summary>Not self-bonded.</summary>
    NotRegistered = 0,

    /// <summary>Self-bonded with a positive bond.</summary>
    Registered = 1,
}

/// <summary>A delegator's state as <c>getDelegator</c> returns it.</summary>
/// <param name="Address">The delegator queried.</param>
/// <param name="BondedAmount">Own stake as of <paramref name="LastClaimRound"/>; excludes unclaimed rewards (see <c>pendingStake</c>).</param>
/// <param name="Fees">Claimed but not withdrawn fees (ETH).</param>
/// <param name="DelegateAddress">The transcoder bonded to; the zero address when unbonded.</param>
/// <param name="DelegatedAmount">All stake delegated to this address (meaningful for transcoders).</param>
/// <param name="StartRound">The round from which the bond counts; 0 when unbonded.</param>
/// <param name="LastClaimRound">The last round whose earnings were claimed.</param>
/// <param name="NextUnbondingLockId">The id the next unbonding lock will get; ids run 0, 1, 2, …</param>
public sealed record DelegatorInfo(
    EthAddress Address,
    Wei BondedAmount,
    Wei Fees,
    EthAddress DelegateAddress,
    Wei DelegatedAmount,
    ulong StartRound,
    ulong LastClaimRound,
    ulong NextUnbondingLockId)
{
    /// <summary>True when the delegator is bonded to itself (a transcoder, if the bond is positive).</summary>
    public bool IsSelfDelegated => !Address.IsZero && Address == DelegateAddress;

    /// <summary>The status the contract derives from this state at <paramref name="currentRound"/>, as <c>delegatorStatus</c> does.</summary>
    public DelegatorStatus StatusAt(ulong currentRound)
        => BondedAmount.Value.IsZero ? DelegatorStatus.Unbonded
            : StartRound > currentRound ? DelegatorStatus.Pending
            : DelegatorStatus.Bonded;
}

/// <summary>A transcoder's state as <c>getTranscoder</c> returns it.</summary>
/// <param name="Address">The transcoder queried.</param>
/// <param name="LastRewardRound">The last round in which it called <c>reward</c>.</param>
/// <param name="RewardCut">The share of rewards it keeps, in parts per million.</param>
/// <param name="FeeShare">The share of fees it passes on to delegators, in parts per million.</param>
/// <param name="LastActiveStakeUpdateRound">The round of its last stake change while in the pool.</param>
/// <param name="ActivationRound">The round from which it is active.</param>
/// <param name="DeactivationRound">The round from which it is no longer active; <see cref="ulong.MaxValue"/> when no exit is scheduled (the contract's 2^256 − 1).</param>
/// <param name="ActiveCumulativeRewards">Its cumulative rewards as they stood at its last reward call.</param>
/// <param name="CumulativeRewards">Its own unclaimed rewards (commission plus rewards on its reward stake).</param>
/// <param name="CumulativeFees">Its own unclaimed fees.</param>
/// <param name="LastFeeRound">The last round in which it received fees.</param>
public sealed record TranscoderInfo(
    EthAddress Address,
    ulong LastRewardRound,
    BigInteger RewardCut,
    BigInteger FeeShare,
    ulong LastActiveStakeUpdateRound,
    ulong ActivationRound,
    ulong DeactivationRound,
    Wei ActiveCumulativeRewards,
    Wei CumulativeRewards,
    Wei CumulativeFees,
    ulong LastFeeRound)
{
    /// <summary><see cref="RewardCut"/> as a fraction in [0, 1].</summary>
    public decimal RewardCutFraction => StakingMath.PartsPerMillionToFraction(RewardCut);

    /// <summary><see cref="FeeShare"/> as a fraction in [0, 1].</summary>
    public decimal FeeShareFraction => StakingMath.PartsPerMillionToFraction(FeeShare);

    /// <summary>True while a deactivation round is set.</summary>
    public bool IsDeactivationScheduled => DeactivationRound != ulong.MaxValue;

    /// <summary>Whether it is active in <paramref name="round"/>, as <c>isActiveTranscoder</c> decides for the current round.</summary>
    public bool IsActiveIn(ulong round) => ActivationRound <= round && round < DeactivationRound;
}

/// <summary>A transcoder's earnings pool for one round (<c>getTranscoderEarningsPoolForRound</c>, <c>EarningsPool.Data</c> in storage order).</summary>
/// <param name="TotalStake">The transcoder's total stake in the round.</param>
/// <param name="TranscoderRewardCut">The reward cut applied in the round, in parts per million.</param>
/// <param name="TranscoderFeeShare">The fee share applied in the round, in parts per million.</param>
/// <param name="CumulativeRewardFactor">The LIP-36 cumulative reward factor (1e27 = 1.0; 0 = unset).</param>
/// <param name="CumulativeFeeFactor">The LIP-36 cumulative fee factor (1e27 base; 0 = unset).</param>
public sealed record EarningsPool(
    Wei TotalStake,
    BigInteger TranscoderRewardCut,
    BigInteger TranscoderFeeShare,
    BigInteger CumulativeRewardFactor,
    BigInteger CumulativeFeeFactor)
{
    /// <summary>An unset pool: every field zero, as contract storage reads for a round never written.</summary>
    public static EarningsPool Empty { get; } = new(Wei.Zero, BigInteger.Zero, BigInteger.Zero, BigInteger.Zero, BigInteger.Zero);
}

/// <summary>An unbonding lock (<c>getDelegatorUnbondingLock</c>).</summary>
/// <param name="Id">The lock id.</param>
/// <param name="Amount">The stake it holds.</param>
/// <param name="WithdrawRound">The round from which it can be withdrawn; 0 when the lock does not exist (or was used).</param>
public sealed record UnbondingLock(ulong Id, Wei Amount, ulong WithdrawRound)
{
    /// <summary>True when the lock exists, as <c>isValidUnbondingLock</c> decides.</summary>
    public bool IsValid => WithdrawRound > 0;
}

/// <summary>A member of the transcoder pool with its total stake (the pool's sort key).</summary>
/// <param name="Address">The transcoder.</param>
/// <param name="TotalStake">Its total stake (<c>transcoderTotalStake</c>).</param>
public readonly record struct TranscoderPoolMember(EthAddress Address, Wei TotalStake);

/// <summary>
/// Where a transcoder goes in the sorted pool: its neighbours after a stake change. The zero address stands for
/// "no neighbour" (the head or the tail). A wrong hint only costs gas; the contract then searches.
/// </summary>
/// <param name="Previous">The member with more (or equal) stake just above it.</param>
/// <param name="Next">The member with less (or equal) stake just below it.</param>
public readonly record struct TranscoderPoolHint(EthAddress Previous, EthAddress Next)
{
    /// <summary>No hint: the contract searches from the head.</summary>
    public static TranscoderPoolHint None => default;
}

/// <summary>A delegator's stake and fees including unclaimed earnings through an end round.</summary>
/// <param name="Stake">The stake (<c>pendingStake</c>).</param>
/// <param name="Fees">The fees (<c>pendingFees</c>).</param>
public readonly record struct PendingEarnings(Wei Stake, Wei Fees);
