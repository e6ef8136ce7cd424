using System.Numerics;
using Livepeer.Devnet;
using Livepeer.Protocol.Tests.Chain;

namespace Livepeer.Protocol.Tests.Lifecycle;

/// <summary>
/// One <see cref="LocalDevnet"/> per fixture with a <see cref="LivepeerProtocolClient"/> per role; each test runs
/// on a snapshot that is reverted afterwards. Helpers drive the protocol only through the typed clients.
/// </summary>
[Category("Chain")]
internal abstract class LifecycleChainTestBase : DevnetTestBase
{
    protected const int RewardCut = 100_000;
    protected const int FeeShare = 500_000;
    protected const string ServiceUri = "https://127.0.0.1:8935";

    protected static readonly BigInteger Precise = StakingMath.PreciseDivisor;
    protected static readonly BigInteger AlwaysWins = BigInteger.Pow(2, 256) - 1;
    protected static readonly Wei SelfBond = Wei.FromEther(1000);
    protected static readonly Wei Delegation = Wei.FromEther(500);

    private long _nextRand = 1000;

    protected LivepeerProtocolClient Orchestrator { get; private set; } = null!;

    protected LivepeerProtocolClient Delegator { get; private set; } = null!;

    protected LivepeerProtocolClient Broadcaster { get; private set; } = null!;

    protected LivepeerProtocolClient LateDelegator { get; private set; } = null!;

    protected EthAddress OrchestratorAddress => Orchestrator.Sender!.Signer.Address;

    protected EthAddress DelegatorAddress => Delegator.Sender!.Signer.Address;

    protected EthAddress BroadcasterAddress => Broadcaster.Sender!.Signer.Address;

    protected EthAddress LateDelegatorAddress => LateDelegator.Sender!.Signer.Address;

    protected override async Task OnDevnetStartedAsync()
    {
        Orchestrator = await Devnet.ConnectAsync(Devnet.Accounts[1]);
        Broadcaster = await Devnet.ConnectAsync(Devnet.Accounts[2]);
        Delegator = await Devnet.ConnectAsync(Devnet.Accounts[3]);
        LateDelegator = await Devnet.ConnectAsync(Devnet.Accounts[4]);
    }

    protected Task<ulong> CurrentRoundAsync() => Orchestrator.RoundsManager.GetCurrentRoundAsync();

    /// <summary>Approves and self-bonds, sets the commission and publishes the service URI.</summary>
    protected async Task<TransactionReceipt> RegisterOrchestratorAsync()
    {
        await Orchestrator.LivepeerToken.ApproveAsync(Orchestrator.BondingManager.Address, SelfBond);
        var bond = await Orchestrator.BondingManager.BondAsync(SelfBond, OrchestratorAddress);
        await Orchestrator.BondingManager.TranscoderAsync(RewardCut, FeeShare);
        await Orchestrator.ServiceRegistry.SetServiceUriAsync(ServiceUri);
        return bond;
    }

    protected async Task<TransactionReceipt> DelegateAsync(LivepeerProtocolClient client, Wei amount)
    {
        await client.LivepeerToken.ApproveAsync(client.BondingManager.Address, amount);
        return await client.BondingManager.BondAsync(amount, OrchestratorAddress);
    }

    /// <summary>Registers the orchestrator, delegates to it and moves into the round in which it is active.</summary>
    protected async Task<ulong> ActiveOrchestratorWithDelegatorAsync()
    {
        await RegisterOrchestratorAsync();
        await DelegateAsync(Delegator, Delegation);
        return await Devnet.AdvanceRoundAsync();
    }

    /// <summary>A ticket from the broadcaster to the orchestrator, created in the current round, that always wins.</summary>
    protected async Task<WinningTicket> CreateWinningTicketAsync(Wei faceValue, BigInteger senderNonce)
    {
        var round = await CurrentRoundAsync();
        var blockHash = await Broadcaster.RoundsManager.GetBlockHashForRoundAsync(round);
        var recipientRand = new BigInteger(Interlocked.Increment(ref _nextRand));
        var ticket = new Ticket(
            OrchestratorAddress,
            BroadcasterAddress,
            faceValue,
            AlwaysWins,
            senderNonce,
            Ticket.HashRecipientRand(recipientRand),
            Ticket.CreateAuxData(round, blockHash));
        var signature = await Broadcaster.Sender!.Signer.SignDigestAsync(Eip191.HashMessage(ticket.ComputeHash()));
        return new WinningTicket(ticket, signature, recipientRand);
    }

    /// <summary><c>PreciseMathUtils.percOf(a, b, c)</c>: a · (b · 1e27 / c) / 1e27.</summary>
    protected static BigInteger PrecisePercOf(BigInteger a, BigInteger b, BigInteger c) => a * (b * Precise / c) / Precise;

    /// <summary><c>MathUtils.percOf(a, ppm)</c>: a · ppm / 1e6.</summary>
    protected static BigInteger PercOf(BigInteger a, BigInteger partsPerMillion) => a * partsPerMillion / StakingMath.PartsPerMillion;

    protected static T Single<T>(TransactionReceipt receipt)
        where T : ProtocolEvent
    {
        var events = ProtocolEvents.Decode(receipt).OfType<T>().ToList();
        Assert.That(events, Has.Count.EqualTo(1), $"one {typeof(T).Name} in the receipt");
        return events[0];
    }
}
