using Livepeer.Protocol;

namespace Livepeer.Payments.Tests.Accounting;

[TestFixture]
public sealed class PaymentBalancesTests
{
    private static readonly EthAddress Orchestrator = Keys.Orchestrator;

    private static IEnumerable<TestCaseData> StageVectors()
    {
        yield return new TestCaseData(new BigRational(1), new BigRational(5), new BigRational(1), 4).SetName("StageUpdate_Existing1Min5Ev1_4Tickets");
        yield return new TestCaseData(new BigRational(1, 4), new BigRational(2), new BigRational(1), 2).SetName("StageUpdate_ExistingQuarterMin2Ev1_2Tickets");
        yield return new TestCaseData(new BigRational(-5), new BigRational(2), new BigRational(1), 7).SetName("StageUpdate_ExistingMinus5Min2Ev1_7Tickets");
        yield return new TestCaseData(new BigRational(0), new BigRational(2), new BigRational(1), 2).SetName("StageUpdate_Existing0Min2Ev1_2Tickets");
        yield return new TestCaseData(new BigRational(0), new BigRational(2), new BigRational(0), 0).SetName("StageUpdate_EvZero_0Tickets");
        yield return new TestCaseData(new BigRational(6), new BigRational(5), new BigRational(1), 0).SetName("StageUpdate_ExistingCoversMin_0Tickets");
    }

    [Category("Vectors")]
    [TestCaseSource(nameof(StageVectors))]
    public void StageUpdate_GoLivepeerAccountingVectors_TicketCount(BigRational existing, BigRational minCredit, BigRational ev, int expectedTickets)
    {
        var balances = new PaymentBalances();
        balances.Credit(Orchestrator, "m", existing);
        var update = balances.StageUpdate(Orchestrator, "m", minCredit, ev);
        Assert.Multiple(() =>
        {
            Assert.That(update.NumTickets, Is.EqualTo(expectedTickets));
            Assert.That(update.NewCredit, Is.EqualTo(ev * expectedTickets));
            Assert.That(update.ExistingCredit, Is.EqualTo(existing));
            Assert.That(balances.GetBalance(Orchestrator, "m"), Is.EqualTo(BigRational.Zero), "reserved while staged");
        });
    }

    [Test]
    public void CompleteUpdate_NotSent_ReturnsExistingCredit()
    {
        var balances = new PaymentBalances();
        balances.Credit(Orchestrator, "m", 3);
        var update = balances.StageUpdate(Orchestrator, "m", 10, 2);
        Assert.That(balances.CompleteUpdate(update, BalanceUpdateOutcome.NotSent), Is.True);
        Assert.That(balances.GetBalance(Orchestrator, "m"), Is.EqualTo(new BigRational(3)));
    }

    [Test]
    public void CompleteUpdate_SentNoResult_SpendsCredit()
    {
        var balances = new PaymentBalances();
        balances.Credit(Orchestrator, "m", 3);
        var update = balances.StageUpdate(Orchestrator, "m", 10, 2);
        balances.CompleteUpdate(update, BalanceUpdateOutcome.SentNoResult);
        Assert.That(balances.GetBalance(Orchestrator, "m"), Is.EqualTo(BigRational.Zero));
    }

    [Test]
    public void CompleteUpdate_Result_LeavesExistingPlusNewMinusDebit()
    {
        var balances = new PaymentBalances();
        balances.Credit(Orchestrator, "m", 3);
        var update = balances.StageUpdate(Orchestrator, "m", 10, 2);
        Assert.That(update.NumTickets, Is.EqualTo(4));
        balances.Credit(Orchestrator, "m", new BigRational(1, 2));
        balances.CompleteUpdate(update, BalanceUpdateOutcome.Completed, new BigRational(15, 2));
        Assert.Multiple(() =>
        {
            Assert.That(balances.GetBalance(Orchestrator, "m"), Is.EqualTo(new BigRational(3 + 8 - 7)), "3 + 8 - 7.5 + 0.5 credited meanwhile");
            Assert.That(balances.CompleteUpdate(update, BalanceUpdateOutcome.Completed, 0), Is.False, "settles once");
            Assert.That(update.IsCompleted, Is.True);
        });
    }

    [Test]
    public void Balances_KeyedByAddressAndManifest_AreIndependent()
    {
        var balances = new PaymentBalances();
        balances.Credit(Orchestrator, "a", 5);
        balances.Debit(Orchestrator, "b", 2);
        balances.Credit(EthAddress.Zero, "a", 1);
        Assert.Multiple(() =>
        {
            Assert.That(balances.GetBalance(Orchestrator, "a"), Is.EqualTo(new BigRational(5)));
            Assert.That(balances.GetBalance(Orchestrator, "b"), Is.EqualTo(new BigRational(-2)));
            Assert.That(balances.GetBalance(EthAddress.Zero, "a"), Is.EqualTo(BigRational.One));
            Assert.That(balances.GetBalance(EthAddress.Zero, "zzz"), Is.EqualTo(BigRational.Zero));
        });
    }

    [Test]
    public void RemoveIdle_AfterTimeout_DropsOnlyIdleEntries()
    {
        var time = new ManualTimeProvider();
        var balances = new PaymentBalances(time, TimeSpan.FromMinutes(10));
        balances.Credit(Orchestrator, "old", 1);
        time.Advance(TimeSpan.FromMinutes(6));
        balances.Credit(Orchestrator, "new", 1);
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Multiple(() =>
        {
            Assert.That(balances.RemoveIdle(), Is.EqualTo(1));
            Assert.That(balances.GetBalance(Orchestrator, "old"), Is.EqualTo(BigRational.Zero));
            Assert.That(balances.GetBalance(Orchestrator, "new"), Is.EqualTo(BigRational.One));
        });
    }

    [Test]
    public async Task Credit_ConcurrentCredits_SumExactly()
    {
        var balances = new PaymentBalances();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                balances.Credit(Orchestrator, "m", new BigRational(1, 3));
            }
        })));
        Assert.That(balances.GetBalance(Orchestrator, "m"), Is.EqualTo(new BigRational(4000, 3)));
    }
}
