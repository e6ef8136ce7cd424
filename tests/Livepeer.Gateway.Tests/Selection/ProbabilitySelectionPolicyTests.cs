using System.Numerics;
using Livepeer.Payments;

namespace Livepeer.Gateway.Tests.Selection;

public sealed class ProbabilitySelectionPolicyTests
{
    private const int Draws = 20_000;

    private static SelectionCandidate Candidate(int port, long stake = 0, PixelPrice? price = null)
        => new(new Uri($"https://127.0.0.1:{port}")) { Stake = stake, Price = price };

    private static double[] Frequencies(IOrchestratorSelectionPolicy policy, IReadOnlyList<SelectionCandidate> candidates, int seed, bool stakesKnown = true)
    {
        var context = new SelectionContext(new Random(seed), TimeProvider.System) { StakesKnown = stakesKnown };
        var counts = new int[candidates.Count];
        for (var i = 0; i < Draws; i++)
        {
            var chosen = policy.Select(candidates, context);
            counts[candidates.ToList().IndexOf(chosen!)]++;
        }

        return [.. counts.Select(c => (double)c / Draws)];
    }

    // Three binomial standard deviations at p = 0.5 over 20,000 draws are about 0.0106.
    private static void AssertClose(double[] observed, double[] expected)
    {
        Assert.That(observed, Has.Length.EqualTo(expected.Length));
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.That(observed[i], Is.EqualTo(expected[i]).Within(0.012), $"candidate {i}");
        }
    }

    [Test]
    public void Probabilities_DefaultWeights_AreSeventyPercentStakeThirtyPercentUniform()
    {
        var policy = new ProbabilitySelectionPolicy(stakeWeight: 0.7, priceWeight: 0, randomWeight: 0.3, priceExpFactor: 100);
        var candidates = new[] { Candidate(1, stake: 100), Candidate(2, stake: 300), Candidate(3, stake: 600) };

        var probabilities = policy.Probabilities(candidates);

        Assert.That(probabilities, Is.EqualTo(new[] { (0.7 * 0.1) + 0.1, (0.7 * 0.3) + 0.1, (0.7 * 0.6) + 0.1 }).Within(1e-12));
    }

    [Test]
    public void Select_DefaultWeights_DrawsInProportionToStakeAndChance()
    {
        var policy = new ProbabilitySelectionPolicy(0.7, 0, 0.3, 100);
        var candidates = new[] { Candidate(1, stake: 100), Candidate(2, stake: 300), Candidate(3, stake: 600) };

        AssertClose(Frequencies(policy, candidates, seed: 11), [0.17, 0.31, 0.52]);
    }

    [Test]
    public void Select_PriceWeightOnly_FollowsTheExponentialOfPrice()
    {
        var policy = new ProbabilitySelectionPolicy(stakeWeight: 0, priceWeight: 1, randomWeight: 0, priceExpFactor: 100);
        var candidates = new[]
        {
            Candidate(1, price: new PixelPrice(0, 1)),
            Candidate(2, price: new PixelPrice(100, 1)),
            Candidate(3, price: new PixelPrice(200, 2)),
            Candidate(4, price: new PixelPrice(300, 1)),
        };
        var terms = new[] { 1, Math.Exp(-1), Math.Exp(-1), Math.Exp(-3) };
        var expected = terms.Select(t => t / terms.Sum()).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(policy.Probabilities(candidates), Is.EqualTo(expected).Within(1e-12));
            AssertClose(Frequencies(policy, candidates, seed: 12), expected);
        });
    }

    [Test]
    public void Select_MixedWeights_MatchesTheAnalyticProbabilities()
    {
        var policy = new ProbabilitySelectionPolicy(stakeWeight: 0.5, priceWeight: 0.3, randomWeight: 0.2, priceExpFactor: 50);
        var candidates = new[]
        {
            Candidate(1, stake: 1, price: new PixelPrice(10, 1)),
            Candidate(2, stake: 3, price: new PixelPrice(80, 1)),
            Candidate(3, stake: 0, price: null),
        };
        var priceTerms = new[] { Math.Exp(-10.0 / 50), Math.Exp(-80.0 / 50), 0 };
        var expected = new[]
        {
            (0.3 * priceTerms[0] / priceTerms.Sum()) + (0.5 * 1 / 4) + (0.2 / 3),
            (0.3 * priceTerms[1] / priceTerms.Sum()) + (0.5 * 3 / 4) + (0.2 / 3),
            0.2 / 3,
        };

        AssertClose(Frequencies(policy, candidates, seed: 13), expected);
    }

    [Test]
    public void Probabilities_NoStakesAndNoPrices_UnclaimedWeightIsSharedEvenly()
    {
        var policy = new ProbabilitySelectionPolicy(0.7, 0.2, 0.1, 100);
        var candidates = new[] { Candidate(1), Candidate(2) };

        Assert.That(policy.Probabilities(candidates), Is.EqualTo(new[] { 0.5, 0.5 }).Within(1e-12));
    }

    [Test]
    public void Select_UnknownStakes_DrawsUniformlyInsteadOfFavouringTheLast()
    {
        // A static list or a webhook without stakes: before the fix the last candidate won 0.7 + 0.3 / 4 of the draws.
        var policy = new ProbabilitySelectionPolicy(0.7, 0, 0.3, 100);
        var candidates = new[] { Candidate(1), Candidate(2), Candidate(3), Candidate(4) };

        AssertClose(Frequencies(policy, candidates, seed: 14), [0.25, 0.25, 0.25, 0.25]);
    }

    [Test]
    public void Select_StakeWeightOnlyAndUnknownStakes_StillDrawsEveryCandidate()
    {
        var policy = new ProbabilitySelectionPolicy(1, 0, 0, 100);
        var candidates = new[] { Candidate(1), Candidate(2), Candidate(3) };

        AssertClose(Frequencies(policy, candidates, seed: 15), [1.0 / 3, 1.0 / 3, 1.0 / 3]);
    }

    [Test]
    public void Select_SomeStakesUnknown_UnknownCountsAsZeroStake()
    {
        var policy = new ProbabilitySelectionPolicy(0.7, 0, 0.3, 100);
        var candidates = new[] { Candidate(1, stake: 100), Candidate(2), Candidate(3, stake: 300) };

        AssertClose(Frequencies(policy, candidates, seed: 16), [(0.7 * 0.25) + 0.1, 0.1, (0.7 * 0.75) + 0.1]);
    }

    [Test]
    public void Select_MinLatencyOnChainWithUnknownStakes_PicksUnscoredCandidatesUniformly()
    {
        var policy = new MinLatencySelectionPolicy(new ProbabilitySelectionPolicy(0.7, 0, 0.3, 100));
        var candidates = new[] { Candidate(1), Candidate(2), Candidate(3) };

        AssertClose(Frequencies(policy, candidates, seed: 17, stakesKnown: true), [1.0 / 3, 1.0 / 3, 1.0 / 3]);
    }

    [Test]
    public void Probabilities_HugeStakes_StayFinite()
    {
        var policy = new ProbabilitySelectionPolicy(1, 0, 0, 100);
        var big = BigInteger.Pow(10, 27);
        var candidates = new[] { new SelectionCandidate(new Uri("https://127.0.0.1:1")) { Stake = big }, new SelectionCandidate(new Uri("https://127.0.0.1:2")) { Stake = big * 3 } };

        Assert.That(policy.Probabilities(candidates), Is.EqualTo(new[] { 0.25, 0.75 }).Within(1e-12));
    }

    [TestCase(0.7, 0.1, 0.3)]
    [TestCase(0.5, 0.0, 0.4)]
    [TestCase(1.2, -0.2, 0.0)]
    [TestCase(double.NaN, 0.5, 0.5)]
    public void Constructor_WeightsNotSummingToOne_ThrowsInvalidConfiguration(double stake, double price, double random)
    {
        var error = Assert.Throws<GatewayException>(() => _ = new ProbabilitySelectionPolicy(stake, price, random, 100));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo(GatewayErrorCode.InvalidConfiguration));
            Assert.That(error.Message, Does.Contain("Livepeer:Gateway:"));
        });
    }

    [TestCase(0.7, 0.0, 0.30009)]
    [TestCase(0.33333, 0.33333, 0.33333)]
    public void Constructor_WeightsWithinTolerance_Accepted(double stake, double price, double random)
        => Assert.DoesNotThrow(() => _ = new ProbabilitySelectionPolicy(stake, price, random, 100));

    [Test]
    public void Constructor_NonPositivePriceFactor_ThrowsInvalidConfiguration()
        => Assert.That(
            Assert.Throws<GatewayException>(() => _ = new ProbabilitySelectionPolicy(0.7, 0, 0.3, 0))!.Message,
            Does.Contain("PriceExpFactor"));
}
