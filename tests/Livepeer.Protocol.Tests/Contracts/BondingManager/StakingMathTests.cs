using System.Numerics;

namespace Livepeer.Protocol.Tests.Contracts.BondingManager;

/// <summary>LIP-36 pending stake and fees, and the reward estimate, on hand-checked numbers.</summary>
public sealed class StakingMathTests
{
    private static readonly BigInteger E27 = BigInteger.Pow(10, 27);
    private static readonly BigInteger Lpt = BigInteger.Pow(10, 18);
    private static readonly EthAddress DelegatorAddress = EthAddress.Parse("0x00000000000000000000000000000000000000d1");
    private static readonly EthAddress TranscoderAddress = EthAddress.Parse("0x00000000000000000000000000000000000000e1");

    private static DelegatorInfo Delegator(BigInteger bonded, BigInteger fees, ulong lastClaimRound, EthAddress? address = null)
        => new(address ?? DelegatorAddress, new Wei(bonded), new Wei(fees), TranscoderAddress, Wei.Zero, 1, lastClaimRound, 0);

    private static TranscoderInfo Transcoder(ulong lastRewardRound, ulong lastFeeRound, BigInteger? cumulativeRewards = null, BigInteger? cumulativeFees = null)
        => new(TranscoderAddress, lastRewardRound, 100_000, 500_000, 0, 1, ulong.MaxValue, Wei.Zero, new Wei(cumulativeRewards ?? 0), new Wei(cumulativeFees ?? 0), lastFeeRound);

    private static EarningsPool Factors(BigInteger rewardFactor, BigInteger feeFactor) => new(Wei.Zero, 0, 0, rewardFactor, feeFactor);

    [Test]
    public void PendingStakeAndFees_UnsetStartFactor_StartsAtOne()
    {
        // 1000 LPT, start CRF unset (1.0), end CRF 1.1 → 1100 LPT; fees 0.5 ETH + 1000e18 · 0.002 = 2.5 ETH.
        var pools = new Dictionary<ulong, EarningsPool> { [10] = EarningsPool.Empty, [15] = Factors(E27 * 11 / 10, 2 * BigInteger.Pow(10, 24)) };

        var result = StakingMath.PendingStakeAndFees(Delegator(1000 * Lpt, Lpt / 2, 10), Transcoder(15, 15), 15, pools);

        Assert.That(result.Stake, Is.EqualTo(new Wei(1100 * Lpt)));
        Assert.That(result.Fees, Is.EqualTo(new Wei(5 * Lpt / 2)));
    }

    [Test]
    public void PendingStakeAndFees_FractionTruncatedBeforeScaling_LosesTheLastUnit()
    {
        // percPoints(4e27, 3e27) = 1333…333 (27 threes after the 1); 3e27 · that / 1e27 = 3999…999, not 4e27.
        var bonded = 3 * E27;
        var pools = new Dictionary<ulong, EarningsPool> { [10] = Factors(3 * E27, 0), [15] = Factors(4 * E27, E27) };

        var result = StakingMath.PendingStakeAndFees(Delegator(bonded, 0, 10), Transcoder(15, 15), 15, pools);

        Assert.That(result.Stake.Value, Is.EqualTo(BigInteger.Parse("3999999999999999999999999999")));
        // percPoints(1e27, 3e27) = 333…333 (27 digits); 3e27 · that / 1e27 = 999…999.
        Assert.That(result.Fees.Value, Is.EqualTo(BigInteger.Parse("999999999999999999999999999")));
    }

    [Test]
    public void PendingStakeAndFees_EndRoundUnset_InheritsLastRewardAndFeeRounds()
    {
        // End round 15 unset; CRF from round 13 (1.2), CFF from round 12 (5e24); start CRF 1.0 and CFF 1e24 at round 10.
        var pools = new Dictionary<ulong, EarningsPool>
        {
            [10] = Factors(E27, BigInteger.Pow(10, 24)),
            [12] = Factors(E27, 5 * BigInteger.Pow(10, 24)),
            [13] = Factors(E27 * 12 / 10, 0),
            [15] = EarningsPool.Empty,
        };

        var result = StakingMath.PendingStakeAndFees(Delegator(1000 * Lpt, 0, 10), Transcoder(13, 12), 15, pools);

        Assert.That(result.Stake, Is.EqualTo(new Wei(1200 * Lpt)));
        Assert.That(result.Fees, Is.EqualTo(new Wei(4 * Lpt)));
    }

    [Test]
    public void PendingStakeAndFees_LastRewardRoundAfterEndRound_DoesNotInherit()
    {
        var pools = new Dictionary<ulong, EarningsPool> { [10] = EarningsPool.Empty, [15] = EarningsPool.Empty, [16] = Factors(2 * E27, 0) };

        var result = StakingMath.PendingStakeAndFees(Delegator(1000 * Lpt, 0, 10), Transcoder(16, 0), 15, pools);

        Assert.That(result.Stake, Is.EqualTo(new Wei(1000 * Lpt)));
        Assert.That(result.Fees, Is.EqualTo(Wei.Zero));
    }

    [Test]
    public void PendingStakeAndFees_Transcoder_AddsItsCumulativeRewardsAndFees()
    {
        var pools = new Dictionary<ulong, EarningsPool> { [10] = EarningsPool.Empty, [15] = Factors(E27 * 11 / 10, 2 * BigInteger.Pow(10, 24)) };
        var self = Delegator(1000 * Lpt, Lpt / 2, 10, TranscoderAddress);

        var result = StakingMath.PendingStakeAndFees(self, Transcoder(15, 15, 7 * Lpt, 3 * Lpt / 10), 15, pools);

        Assert.That(result.Stake, Is.EqualTo(new Wei(1107 * Lpt)));
        Assert.That(result.Fees, Is.EqualTo(new Wei(28 * Lpt / 10)));
    }

    [Test]
    public void PendingStakeAndFees_AlreadyClaimedThroughEndRound_Unchanged()
    {
        var pools = new Dictionary<ulong, EarningsPool> { [15] = Factors(2 * E27, E27) };

        var result = StakingMath.PendingStakeAndFees(Delegator(1000 * Lpt, Lpt / 2, 15), Transcoder(15, 15), 15, pools);

        Assert.That(result, Is.EqualTo(new PendingEarnings(new Wei(1000 * Lpt), new Wei(Lpt / 2))));
    }

    [Test]
    public void PendingStakeAndFees_FeeFactorWentDown_Throws()
    {
        var pools = new Dictionary<ulong, EarningsPool> { [10] = Factors(E27, 5), [15] = Factors(E27, 4) };

        Assert.Throws<OverflowException>(() => StakingMath.PendingStakeAndFees(Delegator(1000 * Lpt, 0, 10), Transcoder(15, 15), 15, pools));
    }

    [Test]
    public void RoundsNeeded_DistinctRounds_SortedOnce()
    {
        var rounds = StakingMath.RoundsNeeded(Delegator(1, 0, 10), Transcoder(13, 12), 15);
        Assert.That(rounds, Is.EqualTo(new ulong[] { 10, 12, 13, 15 }));
    }

    [Test]
    public void EstimateReward_QuarterOfStakeWithTenPercentTreasuryCut_Is225()
    {
        // 1000 LPT mintable · 25 % of the active stake = 250 LPT; less 10 % (1e26 in 1e27) = 225 LPT.
        var reward = StakingMath.EstimateReward(new Wei(1000 * Lpt), new Wei(250 * Lpt), new Wei(1000 * Lpt), E27 / 10);
        Assert.That(reward, Is.EqualTo(new Wei(225 * Lpt)));
    }

    [Test]
    public void EstimateReward_SmallNumbers_TruncatesLikeTheMinter()
    {
        // percPoints9(1, 3) = 333333333; 1000 · that / 1e9 = 333; treasury 333 · 0.1 = 33 → 300.
        var reward = StakingMath.EstimateReward(new Wei(1000), new Wei(1), new Wei(3), E27 / 10);
        Assert.That(reward, Is.EqualTo(new Wei(300)));
    }

    [TestCase(0.125, 125_000)]
    [TestCase(0, 0)]
    [TestCase(1, 1_000_000)]
    public void FractionToPartsPerMillion_Fraction_Converts(decimal fraction, int expected)
    {
        Assert.That(StakingMath.FractionToPartsPerMillion(fraction), Is.EqualTo(new BigInteger(expected)));
        Assert.That(StakingMath.PartsPerMillionToFraction(expected), Is.EqualTo(fraction));
    }

    [Test]
    public void FractionToPartsPerMillion_AboveOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StakingMath.FractionToPartsPerMillion(1.5m));
    }
}
