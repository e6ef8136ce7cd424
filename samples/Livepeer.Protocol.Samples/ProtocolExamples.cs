using Livepeer.Devnet;
using Livepeer.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Livepeer.Protocol.Samples;

/// <summary>The examples quoted in docs/protocol.md, section by section.</summary>
public static class ProtocolExamples
{
    // ## Connect and read
    public static async Task ReadAsync(Uri arbitrumRpc)
    {
        using var rpc = EthereumRpcClient.Create(arbitrumRpc);
        var protocol = await LivepeerProtocolClient.ConnectAsync(rpc, LivepeerNetwork.ArbitrumOne);

        ulong round = await protocol.RoundsManager.GetCurrentRoundAsync();
        foreach (var member in await protocol.BondingManager.GetTranscoderPoolAsync())
        {
            var uri = await protocol.ServiceRegistry.GetServiceUriAsync(member.Address);
            Console.WriteLine($"round {round}: {member.Address} {member.TotalStake.ToString(EtherUnit.Ether)} LPT at {uri}");
        }
    }

    // ## Run an orchestrator
    public static async Task RegisterOrchestratorAsync(EthereumRpcClient rpc, LivepeerNetwork network, ISigner orchestrator)
    {
        var sender = new TransactionSender(rpc, orchestrator);
        var protocol = await LivepeerProtocolClient.ConnectAsync(rpc, network, sender);

        var stake = Wei.FromEther(1000);
        await protocol.LivepeerToken.ApproveAsync(protocol.BondingManager.Address, stake);
        await protocol.BondingManager.BondWithHintAsync(stake, orchestrator.Address);
        await protocol.BondingManager.TranscoderWithHintAsync(
            rewardCut: StakingMath.FractionToPartsPerMillion(0.10m),
            feeShare: StakingMath.FractionToPartsPerMillion(0.50m));
        await protocol.ServiceRegistry.SetServiceUriAsync("https://orchestrator.example.com:8935");
    }

    // ## Delegate
    public static async Task DelegateAsync(LivepeerProtocolClient protocol, EthAddress orchestrator)
    {
        var me = protocol.Sender!.Signer.Address;
        await protocol.LivepeerToken.ApproveAsync(protocol.BondingManager.Address, Wei.FromEther(50));
        await protocol.BondingManager.BondWithHintAsync(Wei.FromEther(50), orchestrator);

        Wei stake = await protocol.BondingManager.GetPendingStakeAsync(me);
        Wei fees = await protocol.BondingManager.GetPendingFeesAsync(me);
        Console.WriteLine($"stake {stake.ToString(EtherUnit.Ether)} LPT, fees {fees.ToString(EtherUnit.Ether)} ETH");

        var unbond = await protocol.BondingManager.UnbondWithHintAsync(Wei.FromEther(20));
        var lockId = protocol.BondingManager.DecodeEvents(unbond).OfType<UnbondEvent>().Single().UnbondingLockId;
        // After the unbonding period:
        await protocol.BondingManager.WithdrawStakeAsync(lockId);
    }

    // ## Fund a gateway
    public static async Task FundGatewayAsync(LivepeerProtocolClient protocol)
    {
        await protocol.TicketBroker.FundDepositAndReserveAsync(Wei.FromEther(0.5m), Wei.FromEther(0.5m));
        var info = await protocol.TicketBroker.GetSenderInfoAsync(protocol.Sender!.Signer.Address);
        Console.WriteLine($"deposit {info.Deposit.ToString(EtherUnit.Ether)} ETH");

        await protocol.TicketBroker.UnlockAsync();
        // After the unlock period:
        await protocol.TicketBroker.WithdrawAsync();
    }

    // ## Watch events
    public static async Task WatchAsync(LivepeerProtocolClient protocol, ulong fromBlock, CancellationToken cancellationToken)
    {
        var watcher = protocol.CreateEventWatcher(new EventWatcherOptions { Confirmations = 3 });
        await foreach (var protocolEvent in watcher.WatchEventsAsync(fromBlock, protocol.ContractAddresses, cancellationToken))
        {
            if (protocolEvent is RewardEvent reward)
            {
                Console.WriteLine($"{reward.Transcoder} minted {reward.Amount.ToString(EtherUnit.Ether)} LPT");
            }
        }
    }

    // ## Host it
    public static IHost BuildHost(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services
            .AddLivepeerProtocol(builder.Configuration.GetSection(LivepeerProtocolOptions.SectionName))
            .AddRoundInitializer()
            .AddRewardService();
        return builder.Build();
    }

    // ## A local devnet
    public static async Task DevnetAsync()
    {
        await using var devnet = await LocalDevnet.StartAsync();
        var protocol = await devnet.ConnectAsync(devnet.Accounts[1]);
        await protocol.LivepeerToken.ApproveAsync(protocol.BondingManager.Address, Wei.FromEther(100));
        await protocol.BondingManager.BondAsync(Wei.FromEther(100), devnet.Accounts[1].Address);
        ulong round = await devnet.AdvanceRoundAsync();
        Console.WriteLine($"round {round}, bonded {(await protocol.BondingManager.GetTotalBondedAsync()).ToString(EtherUnit.Ether)} LPT");
    }

}
