using System.Numerics;
using Livepeer.Devnet;
using Livepeer.Protocol;

namespace LocalNetwork;

/// <summary>
/// The local network: anvil with the genuine protocol contracts, three orchestrators that differ in price, stake and
/// reliability, and a gateway account. On chain the orchestrators are bonded, registered in ServiceRegistry and active,
/// and the gateway has a TicketBroker deposit and reserve. Off chain there is no devnet at all: the orchestrators run
/// with <c>OffChain = true</c> (go-livepeer's <c>-network offchain</c>) and nothing is bonded, funded or paid.
/// </summary>
internal sealed class DemoNetwork : IAsyncDisposable
{
    private static readonly OrchestratorSpec[] Specs =
    [
        new("orch-A", 1, 10_000_000, Wei.FromEther(3000), OrchestratorBehaviour.Reliable),
        new("orch-B", 2, 12_000_000, Wei.FromEther(2000), OrchestratorBehaviour.Slow),
        new("orch-C", 3, 8_000_000, Wei.FromEther(1000), OrchestratorBehaviour.FailsEveryOtherSegment),
    ];

    private const int GatewayAccountIndex = 4;

    private readonly List<DemoOrchestrator> _orchestrators;
    private readonly LocalDevnet? _devnet;

    private DemoNetwork(LocalDevnet? devnet, List<DemoOrchestrator> orchestrators)
    {
        _devnet = devnet;
        _orchestrators = orchestrators;
    }

    /// <summary>The devnet (on chain only).</summary>
    public LocalDevnet Devnet => _devnet ?? throw new InvalidOperationException("Off chain the demo runs no devnet.");

    public bool OnChain => _devnet is not null;

    public IReadOnlyList<DemoOrchestrator> Orchestrators => _orchestrators;

    /// <summary>The account the gateway pays from (on chain only).</summary>
    public DevnetAccount GatewayAccount => Devnet.Accounts[GatewayAccountIndex];

    public static async Task<DemoNetwork> StartAsync(DemoSettings settings, CancellationToken cancellationToken)
    {
        LocalDevnet? devnet = null;
        if (!settings.OffChain)
        {
            try
            {
                devnet = await LocalDevnet.StartAsync(cancellationToken: cancellationToken);
            }
            catch (LivepeerDevnetException ex)
            {
                throw new DemoException($"the devnet did not start ({ex.ErrorCode}): {ex.Message}. Run scripts/bootstrap-test-deps.sh and source ~/.cache/livepeer-sdk/env.sh, or use scripts/demo.sh.", ex);
            }
        }

        var orchestrators = new List<DemoOrchestrator>();
        var network = new DemoNetwork(devnet, orchestrators);
        try
        {
            Console.WriteLine(devnet is null
                ? "off chain: no devnet; the orchestrators run with OffChain = true"
                : $"devnet: anvil at {devnet.RpcUri}, Controller {devnet.Contracts.Controller}");
            var starting = Specs.Select(spec => DemoOrchestrator.StartAsync(spec, devnet, cancellationToken)).ToList();
            try
            {
                await Task.WhenAll(starting);
            }
            finally
            {
                // Those that did start are stopped with the network when another one failed.
                orchestrators.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            }
            if (devnet is not null)
            {
                foreach (var orchestrator in orchestrators)
                {
                    // Bonds, declares it a transcoder, registers its service URI and advances a round so it is active.
                    await devnet.ActivateOrchestratorAsync(orchestrator.Account!, orchestrator.Spec.SelfBond, orchestrator.ServiceUri, cancellationToken);
                }

                await devnet.FundGatewayAsync(network.GatewayAccount, DemoSettings.GatewayDeposit, DemoSettings.GatewayReserve, cancellationToken);
                Console.WriteLine($"gateway {network.GatewayAccount.Address}: deposit {DemoSettings.GatewayDeposit.ToString(EtherUnit.Ether)} ETH, reserve {DemoSettings.GatewayReserve.ToString(EtherUnit.Ether)} ETH");
            }

            return network;
        }
        catch (Exception ex) when (ex is LivepeerProtocolException or LivepeerDevnetException)
        {
            await network.DisposeAsync();
            throw new DemoException($"setting up the orchestrators on the devnet failed: {ex.Message}", ex);
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    public async Task<SenderInfo?> ReadGatewayFundsAsync(CancellationToken cancellationToken)
    {
        if (!OnChain)
        {
            return null;
        }

        var protocol = await Devnet.ConnectAsync(cancellationToken: cancellationToken);
        return await protocol.TicketBroker.GetSenderInfoAsync(GatewayAccount.Address, cancellationToken);
    }

    /// <summary>
    /// Waits (a bounded time) until the orchestrators have redeemed the tickets that won, then reads what the chain
    /// says was paid: the gateway's deposit and reserve before and after, and the TicketBroker's redemption events.
    /// </summary>
    public async Task<PaymentSettlement?> SettlePaymentsAsync(SenderInfo? before, long ticketsWon, CancellationToken cancellationToken)
    {
        if (!OnChain || before is null)
        {
            return null;
        }

        var redemptions = new RedemptionLog(Devnet.Rpc, Devnet.Contracts.TicketBroker, GatewayAccount.Address);
        if (ticketsWon > 0)
        {
            // A recipient redeems a winning ticket only once the ticket's parameters have expired, 40 blocks after they
            // were issued, and anvil makes blocks only for transactions. Moving to the next round's first block (and
            // initializing it) gets there, while the tickets, valid for two rounds, stay redeemable.
            Console.WriteLine($"{ticketsWon} winning ticket(s): advancing the devnet a round so that the orchestrators redeem them");
            await Devnet.AdvanceRoundAsync(cancellationToken);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        IReadOnlyDictionary<EthAddress, Redeemed> redeemed;
        while (true)
        {
            redeemed = await redemptions.ReadAsync(cancellationToken);
            if (redeemed.Values.Sum(r => r.Tickets) >= ticketsWon || DateTime.UtcNow >= deadline)
            {
                break;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        var protocol = await Devnet.ConnectAsync(cancellationToken: cancellationToken);
        var after = await protocol.TicketBroker.GetSenderInfoAsync(GatewayAccount.Address, cancellationToken);
        var spent = before.Deposit.Value + before.Reserve.FundsRemaining.Value - after.Deposit.Value - after.Reserve.FundsRemaining.Value;
        return new PaymentSettlement(before, after, new Wei(spent), redeemed);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var orchestrator in _orchestrators)
        {
            await orchestrator.DisposeAsync();
        }

        if (_devnet is not null)
        {
            await _devnet.DisposeAsync();
        }
    }
}

/// <summary>What the chain shows the gateway paid.</summary>
/// <param name="Before">The gateway's TicketBroker funds before the stream.</param>
/// <param name="After">Its funds once the winning tickets were redeemed.</param>
/// <param name="Spent">Deposit and reserve that left the gateway.</param>
/// <param name="ByRecipient">The redeemed tickets and the ETH each orchestrator received.</param>
internal sealed record PaymentSettlement(SenderInfo Before, SenderInfo After, Wei Spent, IReadOnlyDictionary<EthAddress, Redeemed> ByRecipient);

/// <summary>Winning tickets one orchestrator redeemed, and what they paid it.</summary>
internal sealed record Redeemed(int Tickets, BigInteger Paid);

/// <summary>Reads the TicketBroker's redemption events for one sender.</summary>
internal sealed class RedemptionLog(EthereumRpcClient rpc, EthAddress ticketBroker, EthAddress sender)
{
    private static readonly AbiEvent TicketRedeemed = AbiEvent.Parse(
        "WinningTicketRedeemed(address indexed sender, address indexed recipient, uint256 faceValue, uint256 winProb, uint256 senderNonce, uint256 recipientRand, bytes auxData)");

    // What a redemption actually paid, which is less than the face value when the deposit and reserve run short.
    private static readonly AbiEvent TicketTransfer = AbiEvent.Parse(
        "WinningTicketTransfer(address indexed sender, address indexed recipient, uint256 amount)");

    public async Task<IReadOnlyDictionary<EthAddress, Redeemed>> ReadAsync(CancellationToken cancellationToken)
    {
        var senderTopic = new byte[32];
        sender.ToArray().CopyTo(senderTopic, 12);
        var logs = await rpc.GetLogsAsync(
            new LogFilter
            {
                FromBlock = BlockParameter.Earliest,
                ToBlock = BlockParameter.Latest,
                Addresses = [ticketBroker],
                Topics = [[TicketRedeemed.Topic0.ToArray(), TicketTransfer.Topic0.ToArray()], [senderTopic]],
            },
            cancellationToken);

        var result = new Dictionary<EthAddress, Redeemed>();
        foreach (var log in logs)
        {
            var redeemed = log.Topics[0].AsSpan().SequenceEqual(TicketRedeemed.Topic0.Span);
            var decoded = (redeemed ? TicketRedeemed : TicketTransfer).DecodeLog(log.Topics, log.Data);
            var recipient = (EthAddress)decoded["recipient"]!;
            var current = result.GetValueOrDefault(recipient, new Redeemed(0, BigInteger.Zero));
            result[recipient] = redeemed
                ? current with { Tickets = current.Tickets + 1 }
                : current with { Paid = current.Paid + (BigInteger)decoded["amount"]! };
        }

        return result;
    }
}
