using Livepeer.Payments.Tests.Chain;
using Livepeer.Protocol;

namespace Livepeer.Payments.Tests.Fault;

/// <summary>Gas rises above what a ticket is worth: tickets are held, then redeemed when gas falls.</summary>
[Category("Fault")]
internal sealed class GasSpikeFaultTests : PaymentsDevnetTestBase
{
    private static readonly Wei Face = Wei.FromEther(0.01m);

    [Test]
    public async Task RunOnceAsync_GasCostAboveFaceValue_HoldsUntilGasFalls()
    {
        // 350 000 gas × 100 gwei = 0.035 ETH, more than the 0.01 ETH face value.
        var gas = new FixedGasPrice(Wei.FromGwei(100));
        var redeemer = await CreateRedeemerAsync(gasPrice: gas);
        var ticket = await CreateTicketAsync(Face, 1);
        await redeemer.QueueTicketAsync(ticket);
        var before = await Broadcaster.TicketBroker.GetSenderInfoAsync(BroadcasterAddress);

        var spike = await PassAsync(redeemer);
        await Devnet.MineAsync(3);
        var stillHigh = await PassAsync(redeemer);
        var duringSpike = await Broadcaster.TicketBroker.GetSenderInfoAsync(BroadcasterAddress);
        gas.CurrentGasPrice = Wei.FromGwei(1).Value;
        var calm = await PassAsync(redeemer);

        var after = await Broadcaster.TicketBroker.GetSenderInfoAsync(BroadcasterAddress);
        Assert.Multiple(() =>
        {
            Assert.That(spike.Held, Is.EqualTo(1));
            Assert.That(stillHigh.Held, Is.EqualTo(1));
            Assert.That(spike.Transactions + stillHigh.Transactions, Is.Zero);
            Assert.That(duringSpike.Deposit, Is.EqualTo(before.Deposit));
            Assert.That(calm.Redeemed, Is.EqualTo(1));
            Assert.That(before.Deposit - after.Deposit, Is.EqualTo(Face));
        });
    }

    [Test]
    public async Task RunOnceAsync_FaceValueBelowCostTimesMargin_IsHeld()
    {
        // 350 000 gas × 20 gwei = 0.007 ETH: below the face value, but not with a 2× margin.
        var options = RedemptionOptions();
        options.RedemptionGasMargin = 2;
        var redeemer = await CreateRedeemerAsync(options, new FixedGasPrice(Wei.FromGwei(20)));
        await redeemer.QueueTicketAsync(await CreateTicketAsync(Face, 1));

        var pass = await PassAsync(redeemer);

        Assert.Multiple(() =>
        {
            Assert.That(pass.Held, Is.EqualTo(1));
            Assert.That(pass.Transactions, Is.Zero);
        });
    }

    [Test]
    public async Task RunOnceAsync_SpikeOnTheNodesBaseFee_IsSeenThroughThePollingSource()
    {
        // A base fee of 100 gwei on the node makes the polled eth_gasPrice too high for a 0.01 ETH ticket.
        await Devnet.Rpc.SendAsync("anvil_setNextBlockBaseFeePerGas", ["0x" + Wei.FromGwei(100).Value.ToString("x", System.Globalization.CultureInfo.InvariantCulture).TrimStart('0')]);
        await Devnet.MineAsync(1);
        var options = RedemptionOptions();
        var redeemer = await LocalTicketRedeemer.CreateAsync(Orchestrator, options);
        DisposeAfterTest(redeemer);
        await redeemer.QueueTicketAsync(await CreateTicketAsync(Face, 1));

        var pass = await PassAsync(redeemer);

        Assert.Multiple(() =>
        {
            Assert.That(redeemer.GasPrice.CurrentGasPrice, Is.GreaterThanOrEqualTo(Wei.FromGwei(50).Value));
            Assert.That(pass.Held, Is.EqualTo(1));
            Assert.That(pass.Transactions, Is.Zero);
        });
    }
}
