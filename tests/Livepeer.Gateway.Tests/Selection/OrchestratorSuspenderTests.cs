namespace Livepeer.Gateway.Tests.Selection;

public sealed class OrchestratorSuspenderTests
{
    private static readonly Uri A = new("https://127.0.0.1:1");
    private static readonly Uri B = new("https://127.0.0.1:2");

    [TestCase(8, 8, 1)]
    [TestCase(10, 4, 3)]
    [TestCase(9, 3, 3)]
    [TestCase(1, 8, 1)]
    [TestCase(5, 0, 1)]
    [TestCase(0, 3, 1)]
    public void PenaltyFor_PoolAndOrchestrators_IsTheCeilingOfTheRatio(int poolSize, int numOrchestrators, long expected)
        => Assert.That(OrchestratorSuspender.PenaltyFor(poolSize, numOrchestrators), Is.EqualTo(expected));

    [Test]
    public void Suspend_PenaltyTwo_SuspendedForTwoRefreshesThenDropped()
    {
        var suspender = new OrchestratorSuspender();
        suspender.Signal();
        suspender.Suspend(A, 2);
        var states = new List<(bool Suspended, long Entry)> { (suspender.IsSuspended(A), suspender.GetPenalty(A)) };

        for (var i = 0; i < 3; i++)
        {
            suspender.Signal();
            states.Add((suspender.IsSuspended(A), suspender.GetPenalty(A)));
        }

        Assert.That(states, Is.EqualTo(new[] { (true, 3L), (true, 3L), (true, 3L), (false, 0L) }), "the entry (count 1 + penalty 2) holds while the counter is 1, 2 and 3");
    }

    [Test]
    public void Suspend_AgainWhileSuspended_AddsThePenaltyToTheEntry()
    {
        var suspender = new OrchestratorSuspender();
        suspender.Suspend(A, 2);
        suspender.Signal();
        suspender.Suspend(A, 3);

        Assert.Multiple(() =>
        {
            Assert.That(suspender.GetPenalty(A), Is.EqualTo(5));
            Assert.That(suspender.IsSuspended(B), Is.False);
        });
    }

    [Test]
    public void Suspend_AfterTheEntryDropped_StartsAgainFromTheCounter()
    {
        var suspender = new OrchestratorSuspender();
        suspender.Suspend(A, 1);
        suspender.Signal();
        suspender.Signal();
        suspender.Suspend(A, 1);

        Assert.That((suspender.Count, suspender.GetPenalty(A)), Is.EqualTo((2L, 3L)));
    }

    [Test]
    public void GetPenalty_TwoSuspended_OrdersByEntry()
    {
        var suspender = new OrchestratorSuspender();
        suspender.Suspend(A, OrchestratorSuspender.PenaltyFor(10, 4));
        suspender.Suspend(B, OrchestratorSuspender.PenaltyFor(10, 10));

        Assert.That(suspender.GetPenalty(B), Is.LessThan(suspender.GetPenalty(A)));
    }
}
