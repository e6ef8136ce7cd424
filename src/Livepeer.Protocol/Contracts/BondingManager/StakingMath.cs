using System.Numerics;

namespace Livepeer.Protocol;

/// <summary>
/// The BondingManager's fixed-point arithmetic, done as the contract does it so that results match the chain to
/// the last unit: LIP-36 pending stake and fees (1e27 precision), the reward a transcoder mints, and the parts
/// per million used for reward cuts and fee shares. Intermediate products that would pass 2^256 − 1 throw
/// <see cref="OverflowException"/>, where the contract would revert.
/// </summary>
/// <remarks>
/// Pending earnings follow the BondingManager built since Delta (Arbitrum One today). The 2022 build also looks
/// back up to 100 rounds for a start factor when the delegator's last-claim round has none; bonding initialises
/// that factor in both builds, so the two agree for every delegator that bonded under either of them.
/// </remarks>
public static class StakingMath
{
    /// <summary>100 % in parts per million (<c>MathUtils.PERC_DIVISOR</c>): reward cut, fee share.</summary>
    public const int PartsPerMillion = 1_000_000;

    /// <summary>100 % in the Minter's base (<c>MathUtilsV2.PERC_DIVISOR</c>, 1e9).</summary>
    public const int MinterPercDivisor = 1_000_000_000;

    /// <summary>1.0 in the LIP-36 precision (<c>PreciseMathUtils.PERC_DIVISOR</c>, 1e27): cumulative factors, treasury cut rate.</summary>
    public static readonly BigInteger PreciseDivisor = BigInteger.Pow(10, 27);

    /// <summary>A parts-per-million value as a fraction (500 000 → 0.5).</summary>
    public static decimal PartsPerMillionToFraction(BigInteger partsPerMillion)
        => (decimal)partsPerMillion / PartsPerMillion;

    /// <summary>A fraction in [0, 1] as parts per million, rounded to the nearest part (0.125 → 125 000).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is outside [0, 1].</exception>
    public static BigInteger FractionToPartsPerMillion(decimal fraction)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1m);
        return new BigInteger(decimal.Round(fraction * PartsPerMillion, MidpointRounding.AwayFromZero));
    }

    /// <summary>
    /// The rounds whose earnings pools <see cref="PendingStakeAndFees"/> reads: the delegator's last claim round,
    /// the end round, and the transcoder's last reward and last fee rounds.
    /// </summary>
    public static IReadOnlyList<ulong> RoundsNeeded(DelegatorInfo delegator, TranscoderInfo transcoder, ulong endRound)
    {
        ArgumentNullException.ThrowIfNull(delegator);
        ArgumentNullException.ThrowIfNull(transcoder);
        return new SortedSet<ulong> { delegator.LastClaimRound, endRound, transcoder.LastRewardRound, transcoder.LastFeeRound }.ToList();
    }

    /// <summary>
    /// The delegator's stake and fees including earnings through <paramref name="endRound"/>, as the contract's
    /// <c>pendingStake</c>/<c>pendingFees</c> compute them (with <paramref name="endRound"/> the current round).
    /// </summary>
    /// <param name="delegator">The delegator's state.</param>
    /// <param name="transcoder">The state of the delegator's delegate (all zero when it has none).</param>
    /// <param name="endRound">The round to claim through: the current round.</param>
    /// <param name="pools">The delegate's earnings pools by round; at least the rounds of <see cref="RoundsNeeded"/>. A round left out reads as unset, as in contract storage.</param>
    /// <exception cref="OverflowException">The contract would revert on this state (an overflow, or a cumulative fee factor that went down).</exception>
    public static PendingEarnings PendingStakeAndFees(DelegatorInfo delegator, TranscoderInfo transcoder, ulong endRound, IReadOnlyDictionary<ulong, EarningsPool> pools)
    {
        ArgumentNullException.ThrowIfNull(delegator);
        ArgumentNullException.ThrowIfNull(transcoder);
        ArgumentNullException.ThrowIfNull(pools);
        EarningsPool Pool(ulong round) => pools.TryGetValue(round, out var pool) ? pool : EarningsPool.Empty;

        var stake = delegator.BondedAmount.Value;
        var fees = delegator.Fees.Value;
        // lastClaimRound + 1 <= endRound, written so that it cannot wrap.
        if (delegator.LastClaimRound < endRound)
        {
            var start = Pool(delegator.LastClaimRound);
            var startRewardFactor = start.CumulativeRewardFactor.IsZero ? PreciseDivisor : start.CumulativeRewardFactor;

            var (endRewardFactor, endFeeFactor) = LatestFactors(transcoder, endRound, Pool);
            if (endRewardFactor.IsZero)
            {
                endRewardFactor = PreciseDivisor;
            }

            var feeFactorGain = endFeeFactor - start.CumulativeFeeFactor;
            if (feeFactorGain.Sign < 0)
            {
                throw new OverflowException($"The cumulative fee factor went down from {start.CumulativeFeeFactor} (round {delegator.LastClaimRound}) to {endFeeFactor} (round {endRound}); the contract would revert.");
            }
            fees = Add(fees, PrecisePercOf(stake, feeFactorGain, startRewardFactor));
            stake = PrecisePercOf(stake, endRewardFactor, startRewardFactor);
        }
        if (delegator.Address == delegator.DelegateAddress)
        {
            stake = Add(stake, transcoder.CumulativeRewards.Value);
            fees = Add(fees, transcoder.CumulativeFees.Value);
        }
        return new PendingEarnings(new Wei(stake), new Wei(fees));
    }

    /// <summary>
    /// The reward a transcoder's <c>reward()</c> call adds to its stake: the Minter's share for the transcoder
    /// (<c>createReward</c>, 1e9 precision) less the treasury cut (1e27 precision).
    /// </summary>
    /// <param name="currentMintableTokens"><c>Minter.currentMintableTokens()</c>.</param>
    /// <param name="transcoderRoundStake">The transcoder's earnings pool <c>totalStake</c> for the current round.</param>
    /// <param name="currentRoundTotalActiveStake"><c>BondingManager.currentRoundTotalActiveStake()</c>.</param>
    /// <param name="treasuryRewardCutRate"><c>BondingManager.treasuryRewardCutRate()</c> (1e27 base).</param>
    /// <exception cref="DivideByZeroException">The total active stake is zero (the contract would revert too).</exception>
    public static Wei EstimateReward(Wei currentMintableTokens, Wei transcoderRoundStake, Wei currentRoundTotalActiveStake, BigInteger treasuryRewardCutRate)
    {
        var minted = PercOf(currentMintableTokens.Value, transcoderRoundStake.Value, currentRoundTotalActiveStake.Value, MinterPercDivisor);
        var treasury = Mul(minted, treasuryRewardCutRate) / PreciseDivisor;
        return new Wei(minted - treasury);
    }

    /// <summary>The end round's factors, inheriting unset ones from the last reward and fee rounds before it (<c>latestCumulativeFactorsPool</c>).</summary>
    private static (BigInteger RewardFactor, BigInteger FeeFactor) LatestFactors(TranscoderInfo transcoder, ulong round, Func<ulong, EarningsPool> pool)
    {
        var atRound = pool(round);
        var rewardFactor = atRound.CumulativeRewardFactor;
        if (rewardFactor.IsZero && transcoder.LastRewardRound < round)
        {
            rewardFactor = pool(transcoder.LastRewardRound).CumulativeRewardFactor;
        }
        var feeFactor = atRound.CumulativeFeeFactor;
        if (feeFactor.IsZero && transcoder.LastFeeRound < round)
        {
            feeFactor = pool(transcoder.LastFeeRound).CumulativeFeeFactor;
        }
        return (rewardFactor, feeFactor);
    }

    // percOf(a, b, c) = a · percPoints(b, c) / D with percPoints(b, c) = b · D / c: the fraction is truncated to D
    // before it scales a, and pending stake is only bit-exact when that order is kept.
    private static BigInteger PrecisePercOf(BigInteger amount, BigInteger numerator, BigInteger denominator)
        => PercOf(amount, numerator, denominator, PreciseDivisor);

    private static BigInteger PercOf(BigInteger amount, BigInteger numerator, BigInteger denominator, BigInteger divisor)
        => Mul(amount, Mul(numerator, divisor) / denominator) / divisor;

    private static BigInteger Mul(BigInteger a, BigInteger b)
    {
        var product = a * b;
        return product > Uint256.MaxValue
            ? throw new OverflowException($"{a} × {b} passes 2^256 − 1; the contract would revert.")
            : product;
    }

    private static BigInteger Add(BigInteger a, BigInteger b)
    {
        var sum = a + b;
        return sum > Uint256.MaxValue
            ? throw new OverflowException($"{a} + {b} passes 2^256 − 1; the contract would revert.")
            : sum;
    }
}
