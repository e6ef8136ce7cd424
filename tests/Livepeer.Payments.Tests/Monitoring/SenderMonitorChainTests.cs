using System.Numerics;
using Livepeer.Payments.Tests.Chain;
using Livepeer.Protocol;

namespace Livepeer.Payments.Tests.Monitoring;

/// <summary>The sender monitor against the genuine TicketBroker on the devnet.</summary>
internal sealed class SenderMonitorChainTests : PaymentsDevnetTestBase
{
    [Test]
    public async Task GetMaxFloatAsync_FundedSender_EqualsTheContractsClaimableReserve()
    {
        var redeemer = await CreateRedeemerAsync();

        var maxFloat = await redeemer.GetMaxFloatAsync(BroadcasterAddress);

        var claimable = await Orchestrator.TicketBroker.GetClaimableReserveAsync(BroadcasterAddress, OrchestratorAddress);
        Assert.Multiple(() =>
        {
            Assert.That(maxFloat, Is.EqualTo(claimable.Value));
            Assert.That(maxFloat, Is.EqualTo(Reserve.Value), "the only active orchestrator may claim the whole reserve");
        });
    }

    [Test]
    public async Task GetMaxFloatAsync_AfterAClaimFromTheReserve_StillEqualsTheContractsClaimableReserve()
    {
        var redeemer = await CreateRedeemerAsync();
        // More than the deposit, so the rest is claimed from the reserve.
        var ticket = await CreateTicketAsync(Wei.FromEther(1.25m), 1);
        await redeemer.QueueTicketAsync(ticket);
        var pass = await PassAsync(redeemer);
        Assert.That(pass.Redeemed, Is.EqualTo(1));

        var maxFloat = await redeemer.GetMaxFloatAsync(BroadcasterAddress);

        var claimable = await Orchestrator.TicketBroker.GetClaimableReserveAsync(BroadcasterAddress, OrchestratorAddress);
        Assert.Multiple(() =>
        {
            Assert.That(maxFloat, Is.EqualTo(claimable.Value));
            Assert.That(maxFloat, Is.EqualTo(Wei.FromEther(0.75m).Value));
        });
    }

    [Test]
    public async Task GetMaxFloatAsync_PendingAboveAThirdOfTheDeposit_SubtractsThePending()
    {
        var redeemer = await CreateRedeemerAsync();
        var reserve = await redeemer.GetMaxFloatAsync(BroadcasterAddress);

        redeemer.Monitor.AddPending(BroadcasterAddress, Wei.FromEther(0.2m).Value);
        var smallPending = await redeemer.GetMaxFloatAsync(BroadcasterAddress);
        redeemer.Monitor.AddPending(BroadcasterAddress, Wei.FromEther(0.2m).Value);
        var largePending = await redeemer.GetMaxFloatAsync(BroadcasterAddress);
        var available = await redeemer.Monitor.GetAvailableFundsAsync(BroadcasterAddress);

        Assert.Multiple(() =>
        {
            Assert.That(smallPending, Is.EqualTo(reserve), "deposit / pending = 5 ≥ 3 leaves the max float alone");
            Assert.That(largePending, Is.EqualTo(reserve - Wei.FromEther(0.4m).Value), "deposit / pending = 2.5 < 3 takes the pending off");
            Assert.That(available, Is.EqualTo(Reserve.Value + Deposit.Value - Wei.FromEther(0.4m).Value));
        });
    }

    [Test]
    public async Task ValidateSenderAsync_UnlockDueNextRound_RejectsTheSenderAsUnlocking()
    {
        var redeemer = await CreateRedeemerAsync();
        Assert.That(await redeemer.ValidateSenderAsync(BroadcasterAddress), Is.Null, "a locked sender is fine");
        await Broadcaster.TicketBroker.UnlockAsync();
        await redeemer.Monitor.RefreshAsync(BroadcasterAddress);
        var justUnlocked = await redeemer.ValidateSenderAsync(BroadcasterAddress);

        await Devnet.AdvanceRoundAsync();
        await redeemer.PollingClock.PollOnceAsync();
        await WaitUntilAsync(async () => await redeemer.ValidateSenderAsync(BroadcasterAddress) is not null, "the round change to refresh the sender");
        var rejection = await redeemer.ValidateSenderAsync(BroadcasterAddress);

        Assert.Multiple(() =>
        {
            Assert.That(justUnlocked, Is.Null, "the withdraw round is still two rounds away");
            Assert.That(rejection!.Reason, Is.EqualTo(TicketRejectionReason.SenderUnlocking));
            Assert.That(rejection.Message, Is.EqualTo($"deposit and reserve for sender {BroadcasterAddress} is set to unlock soon"));
            Assert.That(rejection.IsFatal, Is.True);
        });
    }

    [Test]
    public async Task MonitorMaxFloatAsync_ReserveFundedOnChain_YieldsTheNewValueFromTheEvent()
    {
        var redeemer = await CreateRedeemerAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var watcher = Orchestrator.CreateEventWatcher(new EventWatcherOptions { PollInterval = TimeSpan.FromMilliseconds(50) });
        var watching = redeemer.Monitor.WatchEventsAsync(watcher, await Devnet.Rpc.GetBlockNumberAsync(), cts.Token);
        await using var values = redeemer.MonitorMaxFloatAsync(BroadcasterAddress, cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.That(await Bounded(values.MoveNextAsync().AsTask()), Is.True);
        var first = values.Current;
        await Broadcaster.TicketBroker.FundReserveAsync(Wei.FromEther(0.5m));
        Assert.That(await Bounded(values.MoveNextAsync().AsTask()), Is.True);
        var second = values.Current;

        await cts.CancelAsync();
        await Bounded(watching);
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(Reserve.Value));
            Assert.That(second, Is.EqualTo(Reserve.Value + Wei.FromEther(0.5m).Value));
        });
    }

    [Test]
    public async Task CleanupExpired_SenderUnusedForTheTtl_IsDropped()
    {
        var time = new ManualTimeProvider(DateTimeOffset.Parse("2025-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var redeemer = await CreateRedeemerAsync(timeProvider: time);
        await redeemer.GetMaxFloatAsync(BroadcasterAddress);

        time.Advance(TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1));
        var early = redeemer.Monitor.CleanupExpired();
        time.Advance(TimeSpan.FromMinutes(2));
        var late = redeemer.Monitor.CleanupExpired();

        Assert.Multiple(() =>
        {
            Assert.That(early, Is.Zero);
            Assert.That(late, Is.EqualTo(1));
            Assert.That(redeemer.Monitor.KnownSenders, Is.Empty);
        });
    }

    [Test]
    public async Task PollOnceAsync_Devnet_TracksBlockRoundHashAndPoolSize()
    {
        var redeemer = await CreateRedeemerAsync();
        var clock = redeemer.PollingClock;
        var rounds = new List<ulong>();
        var blocks = new List<ulong>();
        clock.RoundAdvanced += rounds.Add;
        clock.L1BlockAdvanced += blocks.Add;

        var round = await Devnet.AdvanceRoundAsync();
        await clock.PollOnceAsync();

        var head = await Devnet.Rpc.GetBlockNumberAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(rounds, Is.EqualTo(new[] { round }));
            Assert.That(blocks, Is.EqualTo(new[] { head }));
            Assert.That(clock.LastSeenL1Block, Is.EqualTo(head));
            Assert.That(clock.LastInitializedRound.CreationRound, Is.EqualTo(round));
            Assert.That(clock.LastInitializedRound.CreationRoundBlockHash, Is.EqualTo(await Orchestrator.RoundsManager.GetBlockHashForRoundAsync(round)));
            Assert.That(clock.ActivePoolSize, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task StartClockAsync_Devnet_IsSyncedAndFollowsNewBlocks()
    {
        using var cts = new CancellationTokenSource();
        var clock = await PaymentChain.StartClockAsync(Orchestrator, PaymentChain.Chain(Devnet.Rpc), TimeSpan.FromMilliseconds(50), cts.Token);
        var synced = clock.LastSeenL1Block;
        var round = await Orchestrator.RoundsManager.GetLastInitializedRoundAsync();

        await Devnet.MineAsync(3);
        await WaitUntilAsync(() => Task.FromResult(clock.LastSeenL1Block == synced + 3), "the clock to see the mined blocks");
        await cts.CancelAsync();

        Assert.Multiple(() =>
        {
            Assert.That(clock.LastInitializedRound.CreationRound, Is.EqualTo(round));
            Assert.That(clock.ActivePoolSize, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task StartGasPriceSourceAsync_Devnet_ReportsTheNodesPriceRaisedToTheMinimum()
    {
        using var cts = new CancellationTokenSource();
        var nodePrice = (await Devnet.Rpc.GetGasPriceAsync()).Value;
        var plain = await PaymentChain.StartGasPriceSourceAsync(Devnet.Rpc, Wei.Zero, TimeSpan.FromSeconds(1), cts.Token);
        var floored = await PaymentChain.StartGasPriceSourceAsync(Devnet.Rpc, new Wei(nodePrice * 10), TimeSpan.FromSeconds(1), cts.Token);
        await cts.CancelAsync();

        Assert.Multiple(() =>
        {
            Assert.That(plain.CurrentGasPrice, Is.EqualTo(nodePrice));
            Assert.That(floored.CurrentGasPrice, Is.EqualTo(nodePrice * 10));
        });
    }

    [Test]
    public async Task Chain_Devnet_ReadsTheBlockNumber()
    {
        var source = PaymentChain.Chain(Devnet.Rpc);

        Assert.That(await source.GetLatestL1BlockAsync(), Is.EqualTo(await Devnet.Rpc.GetBlockNumberAsync()));
    }

    [Test]
    public async Task Arbitrum_PlainChainWithoutL1BlockNumber_SaysSo()
    {
        var source = PaymentChain.Arbitrum(Devnet.Rpc);

        var ex = await Assert.ThrowsAsync<PaymentException>(() => source.GetLatestL1BlockAsync());

        Assert.Multiple(() =>
        {
            Assert.That(ex!.ErrorCode, Is.EqualTo(PaymentErrorCode.ChainUnavailable));
            Assert.That(ex.Message, Does.Contain("l1BlockNumber"));
        });
    }
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
