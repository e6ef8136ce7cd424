using System.Globalization;
using Livepeer.Payments.Tests.Chain;
using Livepeer.Protocol;

namespace Livepeer.Payments.Tests.Fault;

/// <summary>
/// Kills the redeemer process with SIGKILL at each point of a redemption and restarts it on the same database: every
/// stored winning ticket must be redeemed on chain exactly once.
/// </summary>
[Category("Fault")]
internal sealed class CrashFaultTests : PaymentsDevnetTestBase
{
    private const int Tickets = 3;
    private static readonly Wei Face = Wei.FromEther(0.01m);

    private string DatabasePath => Path.Combine(TestDirectory, "crash.db");

    private string[] Arguments(string stage) => stage == "store"
        ? ["store", DatabasePath, Devnet.RpcUri.ToString(), Devnet.Contracts.Controller.ToString(), Devnet.ChainId.ToString(CultureInfo.InvariantCulture), OrchestratorAccount.PrivateKey, BroadcasterAccount.PrivateKey, Tickets.ToString(CultureInfo.InvariantCulture)]
        : ["redeem", DatabasePath, Devnet.RpcUri.ToString(), Devnet.Contracts.Controller.ToString(), Devnet.ChainId.ToString(CultureInfo.InvariantCulture), OrchestratorAccount.PrivateKey];

    [Test]
    public async Task Redeem_KilledAfterStoreBeforeSend_RedeemsEveryTicketOnceAfterRestart()
    {
        var start = await Devnet.Rpc.GetBlockNumberAsync();
        var before = await Broadcaster.TicketBroker.GetSenderInfoAsync(BroadcasterAddress);
        using (var storing = FaultHostProcess.Start(Arguments("store")))
        {
            await storing.WaitForAsync("READY");
            storing.KillHard();
        }

        using (var redeeming = FaultHostProcess.Start(Arguments("redeem")))
        {
            await redeeming.WaitForAsync("DONE");
            Assert.That(await redeeming.WaitForExitAsync(), Is.Zero, redeeming.Transcript);
        }

        await AssertRedeemedExactlyOnceAsync(start, before);
    }

    [TestCase(true, TestName = "Redeem_KilledAfterSendBeforeReceipt_TransactionMinedBeforeRestart_IsNotSentAgain")]
    [TestCase(false, TestName = "Redeem_KilledAfterSendBeforeReceipt_TransactionStillPendingAtRestart_IsNotSentAgain")]
    public async Task Redeem_KilledAfterSendBeforeReceipt_IsNotSentAgain(bool minedBeforeRestart)
    {
        var start = await Devnet.Rpc.GetBlockNumberAsync();
        var before = await Broadcaster.TicketBroker.GetSenderInfoAsync(BroadcasterAddress);
        var nonceBefore = await Devnet.Rpc.GetTransactionCountAsync(OrchestratorAddress);
        using (var storing = FaultHostProcess.Start(Arguments("store")))
        {
            await storing.WaitForAsync("READY");
            storing.KillHard();
        }

        // With automine off the redemption transaction waits in the pool, so the receipt never comes.
        await Devnet.SetAutomineAsync(false);
        using (var sending = FaultHostProcess.Start(Arguments("redeem")))
        {
            await sending.WaitForAsync("RUNNING");
            await WaitUntilAsync(
                async () => await Devnet.Rpc.GetTransactionCountAsync(OrchestratorAddress, BlockParameter.Pending) > nonceBefore,
                "the redemption transaction to reach the pool");
            sending.KillHard();
        }

        if (minedBeforeRestart)
        {
            await Devnet.SetAutomineAsync(true);
            await Devnet.MineAsync(1);
        }
        using (var restarted = FaultHostProcess.Start(Arguments("redeem")))
        {
            await restarted.WaitForAsync("RUNNING");
            if (!minedBeforeRestart)
            {
                // The restarted redeemer sees its earlier transaction pending and must wait for it, not send again.
                await Task.Delay(500);
                await Devnet.SetAutomineAsync(true);
                await Devnet.MineAsync(1);
            }
            await restarted.WaitForAsync("DONE");
            Assert.That(await restarted.WaitForExitAsync(), Is.Zero, restarted.Transcript);
        }

        await AssertRedeemedExactlyOnceAsync(start, before);
        Assert.That(await Devnet.Rpc.GetTransactionCountAsync(OrchestratorAddress), Is.EqualTo(nonceBefore + 1), "one batch transaction, never resent");
    }

    private async Task AssertRedeemedExactlyOnceAsync(ulong startBlock, SenderInfo before)
    {
        var events = await RedeemedEventsAsync(startBlock + 1);
        var after = await Broadcaster.TicketBroker.GetSenderInfoAsync(BroadcasterAddress);
        using var store = WinningTicketStore.Open(DatabasePath);
        var stored = await store.SelectAllAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(stored, Has.Count.EqualTo(Tickets), "every ticket survived the kill");
            Assert.That(stored.Select(t => t.Status), Is.All.EqualTo(StoredTicketStatus.Redeemed));
            Assert.That(events, Has.Count.EqualTo(Tickets), "one WinningTicketRedeemed per ticket");
            Assert.That(events.Select(e => e.SenderNonce).Order(), Is.EqualTo(Enumerable.Range(1, Tickets).Select(i => new System.Numerics.BigInteger(i))));
            Assert.That(before.Deposit - after.Deposit, Is.EqualTo(Face * Tickets));
            foreach (var ticket in stored)
            {
                Assert.That(await Orchestrator.TicketBroker.IsTicketUsedAsync(ticket.Hash), Is.True);
            }
        });
    }
}
