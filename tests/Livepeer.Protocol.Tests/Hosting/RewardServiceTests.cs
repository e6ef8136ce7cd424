using System.Numerics;
using Livepeer.Devnet;
using Microsoft.Extensions.Options;

using Livepeer.Protocol.Tests.Chain;

namespace Livepeer.Protocol.Tests.Hosting;

internal sealed class RewardServiceTests : DevnetTestBase
{
    private static RewardService Service(LivepeerProtocolConnector connector)
        => new(connector, Options.Create(new RewardServiceOptions()));

    /// <summary>Bonds to itself, registers as transcoder and advances into the round where it is active.</summary>
    private async Task<ulong> MakeActiveOrchestratorAsync(DevnetAccount account)
    {
        var protocol = await Devnet.ConnectAsync(account, FastSending());
        var stake = Wei.FromEther(1_000);
        await protocol.LivepeerToken.ApproveAsync(protocol.BondingManager.Address, stake);
        await protocol.BondingManager.BondAsync(stake, account.Address);
        await protocol.BondingManager.TranscoderAsync(new BigInteger(100_000), new BigInteger(500_000));
        var round = await Devnet.AdvanceRoundAsync();
        Assert.That(await protocol.BondingManager.IsActiveTranscoderAsync(account.Address), Is.True, "setup: the orchestrator is active");
        return round;
    }

    [Test]
    public async Task RunOnceAsync_ActiveOrchestrator_RewardsOnceAndMintsTheRewardEventAmount()
    {
        var orchestrator = Devnet.Accounts[2];
        var round = await MakeActiveOrchestratorAsync(orchestrator);
        var protocol = await Devnet.ConnectAsync();
        var stakeBefore = await protocol.BondingManager.GetTranscoderTotalStakeAsync(orchestrator.Address);
        var service = Service(Connector(orchestrator));

        var first = await Bounded(service.RunOnceAsync());
        var second = await Bounded(service.RunOnceAsync());

        var receipt = await Devnet.Rpc.GetTransactionReceiptAsync(first.TransactionHash!);
        var rewards = protocol.BondingManager.DecodeEvents(receipt!).OfType<RewardEvent>().ToList();
        var transcoder = await protocol.BondingManager.GetTranscoderAsync(orchestrator.Address);
        Assert.Multiple(async () =>
        {
            Assert.That(first.Outcome, Is.EqualTo(RewardOutcome.Rewarded));
            Assert.That(first.Round, Is.EqualTo(round));
            Assert.That(first.Minted, Is.GreaterThan(Wei.Zero));
            Assert.That(rewards, Has.Count.EqualTo(1));
            Assert.That(rewards[0].Transcoder, Is.EqualTo(orchestrator.Address));
            Assert.That(rewards[0].Amount, Is.EqualTo(first.Minted));
            Assert.That(await protocol.BondingManager.GetTranscoderTotalStakeAsync(orchestrator.Address) - stakeBefore, Is.EqualTo(first.Minted));
            Assert.That(transcoder.LastRewardRound, Is.EqualTo(round));
            Assert.That(second.Outcome, Is.EqualTo(RewardOutcome.AlreadyRewarded));
            Assert.That(second.Minted, Is.EqualTo(Wei.Zero));
            Assert.That(second.TransactionHash, Is.Null);
        });
    }

    [Test]
    public async Task RunOnceAsync_NotAnOrchestrator_ReportsNotActive()
    {
        var head = await Devnet.Rpc.GetBlockNumberAsync();

        var result = await Bounded(Service(Connector(Devnet.Accounts[6])).RunOnceAsync());

        Assert.That(result.Outcome, Is.EqualTo(RewardOutcome.NotActive));
        Assert.That(result.Round, Is.EqualTo(await Devnet.CurrentRoundAsync()));
        Assert.That(await Devnet.Rpc.GetBlockNumberAsync(), Is.EqualTo(head), "no transaction was sent");
    }

    [Test]
    public async Task RunOnceAsync_RoundNotInitialized_WaitsForIt()
    {
        var orchestrator = Devnet.Accounts[2];
        await MakeActiveOrchestratorAsync(orchestrator);
        var round = await MineToNextRoundAsync();

        var result = await Bounded(Service(Connector(orchestrator)).RunOnceAsync());

        Assert.That(result.Outcome, Is.EqualTo(RewardOutcome.RoundNotInitialized));
        Assert.That(result.Round, Is.EqualTo(round));
        Assert.That(result.Minted, Is.EqualTo(Wei.Zero));
    }

    [Test]
    public async Task RunOnceAsync_NoKey_ThrowsNoSigner()
    {
        var service = Service(Connector(account: null));

        var ex = await Assert.ThrowsAsync<ContractCallException>(() => Bounded(service.RunOnceAsync()));

        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.NoSigner));
        Assert.That(ex.ContractName, Is.EqualTo("BondingManager"));
        Assert.That(ex.FunctionName, Is.EqualTo("reward"));
    }
}
