namespace Livepeer.Gateway.Tests.Selection;

public sealed class MinLatencySelectionPolicyTests
{
    private static readonly MinLatencySelectionPolicy Policy = new(new ProbabilitySelectionPolicy(0.7, 0, 0.3, 100));

    private static SelectionCandidate Candidate(int port, double? score = null, long stake = 0)
        => new(new Uri($"https://127.0.0.1:{port}")) { LatencyScore = score, Stake = stake };

    private static SelectionContext Context(bool stakesKnown, int seed = 1) => new(new Random(seed), TimeProvider.System) { StakesKnown = stakesKnown };

    [Test]
    public void Select_KnownScoreWithinThreshold_PicksTheBestKnown()
    {
        var candidates = new[] { Candidate(1), Candidate(2, 0.9), Candidate(3, 0.4), Candidate(4, 1.7) };

        Assert.That(Policy.Select(candidates, Context(stakesKnown: true))?.ServiceUri.Port, Is.EqualTo(3));
    }

    [Test]
    public void Select_ScoreExactlyAtThreshold_CountsAsFast()
    {
        var candidates = new[] { Candidate(1), Candidate(2, 1.0) };

        Assert.That(Policy.Select(candidates, Context(stakesKnown: false))?.ServiceUri.Port, Is.EqualTo(2));
    }

    [Test]
    public void Select_OnlySlowKnownAndSomeUnknown_OffChain_PicksTheFirstUnknown()
    {
        var candidates = new[] { Candidate(1, 1.5), Candidate(2), Candidate(3), Candidate(4, 1.2) };

        Assert.That(Policy.Select(candidates, Context(stakesKnown: false))?.ServiceUri.Port, Is.EqualTo(2));
    }

    [Test]
    public void Select_NoUnknownLeft_PicksTheBestKnownEvenIfSlow()
    {
        var candidates = new[] { Candidate(1, 3.0), Candidate(2, 1.4), Candidate(3, 2.0) };

        Assert.That(Policy.Select(candidates, Context(stakesKnown: true))?.ServiceUri.Port, Is.EqualTo(2));
    }

    [Test]
    public void Select_OnlySlowKnownAndUnknown_OnChain_DrawsAmongUnknownByStake()
    {
        var candidates = new[] { Candidate(1, 1.5, stake: 1_000_000), Candidate(2, stake: 100), Candidate(3, stake: 900) };
        var context = Context(stakesKnown: true, seed: 5);
        var counts = new Dictionary<int, int> { [1] = 0, [2] = 0, [3] = 0 };

        for (var i = 0; i < 20_000; i++)
        {
            counts[Policy.Select(candidates, context)!.ServiceUri.Port]++;
        }

        Assert.Multiple(() =>
        {
            Assert.That(counts[1], Is.Zero, "a known slow candidate is not drawn while unknown ones remain");
            Assert.That(counts[2] / 20_000.0, Is.EqualTo((0.7 * 0.1) + 0.15).Within(0.012));
            Assert.That(counts[3] / 20_000.0, Is.EqualTo((0.7 * 0.9) + 0.15).Within(0.012));
        });
    }

    [Test]
    public void Select_NoCandidates_ReturnsNull() => Assert.That(Policy.Select([], Context(stakesKnown: true)), Is.Null);
}
