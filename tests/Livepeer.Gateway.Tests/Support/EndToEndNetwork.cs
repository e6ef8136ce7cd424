using System.Globalization;
using System.Numerics;
using Livepeer.Devnet;
using Livepeer.Network;
using Livepeer.Protocol;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Livepeer.Gateway.Tests;

/// <summary>
/// A whole network of its own for the gateway's end-to-end test: anvil with the genuine contracts, four real
/// orchestrators on dev accounts 1–4 (reliable, slow, failing every other segment, over-priced), each bonded,
/// registered in ServiceRegistry and active, and dev account 5 as a gateway with a deposit and a reserve. Nothing
/// here is shared with the other tests' devnets.
/// </summary>
internal sealed class EndToEndNetwork : IAsyncDisposable
{
    public const int GatewayAccountIndex = 5;

    /// <summary>What every orchestrator asks per ticket: a few tickets pay for a segment, as on the real network.</summary>
    public static readonly Wei TicketEv = Wei.FromGwei(400_000);

    /// <summary>
    /// The face value every orchestrator caps its tickets at: 5 × the EV, so a ticket wins with probability 1/5. It
    /// stays above a redemption's cost at 3 gwei (350,000 gas), which recipients require.
    /// </summary>
    public static readonly Wei FaceValue = Wei.FromGwei(2_000_000);

    /// <summary>The gateway's price limit, in wei per pixel; only the over-priced orchestrator is above it.</summary>
    public const long MaxPricePerPixel = 1_000_000_000;

    public static readonly Wei GatewayDeposit = Wei.FromEther(1);
    public static readonly Wei GatewayReserve = Wei.FromEther(1);

    private static readonly AbiEvent TicketRedeemed = AbiEvent.Parse(
        "WinningTicketRedeemed(address indexed sender, address indexed recipient, uint256 faceValue, uint256 winProb, uint256 senderNonce, uint256 recipientRand, bytes auxData)");

    // What a redemption actually paid: the face value, or less when the sender's deposit and reserve run short.
    private static readonly AbiEvent TicketTransfer = AbiEvent.Parse(
        "WinningTicketTransfer(address indexed sender, address indexed recipient, uint256 amount)");

    private EndToEndNetwork(LocalDevnet devnet, IReadOnlyList<EndToEndOrchestrator> orchestrators)
    {
        Devnet = devnet;
        Orchestrators = orchestrators;
    }

    public LocalDevnet Devnet { get; }

    public IReadOnlyList<EndToEndOrchestrator> Orchestrators { get; }

    public EndToEndOrchestrator Reliable => Orchestrators[0];

    public EndToEndOrchestrator Slow => Orchestrators[1];

    public EndToEndOrchestrator Failing => Orchestrators[2];

    public EndToEndOrchestrator OverPriced => Orchestrators[3];

    public DevnetAccount GatewayAccount => Devnet.Accounts[GatewayAccountIndex];

    public static async Task<EndToEndNetwork> StartAsync()
    {
        var devnet = await LocalDevnet.StartAsync();
        var orchestrators = new List<EndToEndOrchestrator>();
        try
        {
            // The failing one is the cheapest, so that the lowest-price policy gives it the stream's first segments.
            (string Name, int Account, decimal Price, EndToEndBehaviour Behaviour)[] specs =
            [
                ("reliable", 1, 300_000_000, EndToEndBehaviour.Reliable),
                ("slow", 2, 350_000_000, EndToEndBehaviour.Slow),
                ("failing", 3, 200_000_000, EndToEndBehaviour.FailsEveryOtherSegment),
                ("overpriced", 4, 2_000_000_000, EndToEndBehaviour.Reliable),
            ];
            var starting = specs
                .Select(s => EndToEndOrchestrator.StartOnChainAsync(s.Name, devnet, devnet.Accounts[s.Account], s.Price, s.Behaviour, TicketEv, FaceValue))
                .ToList();
            try
            {
                await Task.WhenAll(starting);
            }
            finally
            {
                orchestrators.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            }

            foreach (var orchestrator in orchestrators)
            {
                // Bonds, declares it a transcoder, registers its service URI and advances a round so that it is active.
                await devnet.ActivateOrchestratorAsync(orchestrator.Account!, Wei.FromEther(1000), orchestrator.ServiceUri);
            }

            await devnet.FundGatewayAsync(devnet.Accounts[GatewayAccountIndex], GatewayDeposit, GatewayReserve);

            // Each activation mined up to a new round. An orchestrator whose clock has not caught up would issue ticket
            // parameters that expire at once (gateways refuse them) or carry a creation round that lapses before the
            // winners can be redeemed: wait until every one has seen the head block and the last round.
            var head = await devnet.Rpc.GetBlockNumberAsync();
            var round = await devnet.CurrentRoundAsync();
            await Task.WhenAll(orchestrators.Select(o => o.WaitForClockAsync(head, round, orchestrators.Count)));
            return new EndToEndNetwork(devnet, orchestrators);
        }
        catch
        {
            foreach (var orchestrator in orchestrators)
            {
                await orchestrator.DisposeAsync();
            }

            await devnet.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A gateway host built with AddLivepeerGateway from configuration alone, as an app would: on chain as dev account
    /// 5, finding the orchestrators on chain (no list, no webhook), verifying every rendition's pixels.
    /// </summary>
    public async Task<IHost> StartGatewayAsync(ILoggerProvider logs)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Livepeer:Protocol:Network"] = "Custom",
            ["Livepeer:Protocol:RpcUrl"] = Devnet.RpcUri.ToString(),
            ["Livepeer:Protocol:ControllerAddress"] = Devnet.Contracts.Controller.ToString(),
            ["Livepeer:Protocol:ChainId"] = Devnet.ChainId.ToString(CultureInfo.InvariantCulture),
            // anvil's published dev key; never used anywhere else.
            ["Livepeer:Protocol:PrivateKey"] = GatewayAccount.PrivateKey,
            ["Livepeer:Protocol:Transactions:ReceiptPollInterval"] = "00:00:00.010",
            ["Livepeer:Payments:PollingInterval"] = "00:00:00.200",
            // The defaults (3,000 gwei per ticket) would refuse these orchestrators' 400,000 gwei tickets.
            ["Livepeer:Payments:MaxTicketEV"] = Wei.FromGwei(1_000_000).ToString(),
            ["Livepeer:Payments:MaxTotalEV"] = Wei.FromGwei(100_000_000).ToString(),
            ["Livepeer:Gateway:SelectionPolicy"] = "LowestPrice",
            ["Livepeer:Gateway:MaxPricePerUnit"] = MaxPricePerPixel.ToString(CultureInfo.InvariantCulture),
            ["Livepeer:Gateway:PixelsPerUnit"] = "1",
            ["Livepeer:Gateway:VerifyPixels"] = "true",
            // Long enough that every orchestrator answers the first round on a busy machine (it ends once all have).
            ["Livepeer:Gateway:DiscoveryTimeout"] = "00:00:05",
            ["Livepeer:Gateway:DiscoveryCutoff"] = "00:00:10",
        });
        // Real ffmpeg on a machine shared with other builds can be many times slower than in service.
        builder.Services.AddSingleton(new OrchestratorClientOptions { SegmentTimeoutMultiplier = 4 });
        builder.Services.AddLivepeerGateway(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var head = await Devnet.Rpc.GetBlockNumberAsync();
        var round = await Devnet.CurrentRoundAsync();
        await WaitForClockAsync(host.Services.GetRequiredService<Livepeer.Payments.IPaymentClock>(), "gateway", head, round, Orchestrators.Count);
        return host;
    }

    /// <summary>Waits (at most 20 s) until a payment clock has seen <paramref name="block"/>, <paramref name="round"/> initialised and the active set's size.</summary>
    public static async Task WaitForClockAsync(Livepeer.Payments.IPaymentClock clock, string owner, ulong block, ulong round, int activePoolSize)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        for (var attempt = 0; attempt < 400; attempt++)
        {
            if (clock.LastSeenL1Block >= block && clock.LastInitializedRound.CreationRound >= round && clock.ActivePoolSize >= activePoolSize)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"{owner}'s payment clock did not catch up with block {block}, round {round}, {activePoolSize} active: it saw block {clock.LastSeenL1Block}, round {clock.LastInitializedRound.CreationRound}, {clock.ActivePoolSize} active");
    }

    public async Task<SenderInfo> ReadGatewayFundsAsync()
    {
        var protocol = await Devnet.ConnectAsync();
        return await protocol.TicketBroker.GetSenderInfoAsync(GatewayAccount.Address);
    }

    /// <summary>The TicketBroker's redemption events for the gateway's tickets, per recipient.</summary>
    public async Task<IReadOnlyDictionary<EthAddress, Redemptions>> ReadRedemptionsAsync()
    {
        var senderTopic = new byte[32];
        GatewayAccount.Address.ToArray().CopyTo(senderTopic, 12);
        var logs = await Devnet.Rpc.GetLogsAsync(new LogFilter
        {
            FromBlock = BlockParameter.Earliest,
            ToBlock = BlockParameter.Latest,
            Addresses = [Devnet.Contracts.TicketBroker],
            Topics = [[TicketRedeemed.Topic0.ToArray(), TicketTransfer.Topic0.ToArray()], [senderTopic]],
        });

        var result = new Dictionary<EthAddress, Redemptions>();
        foreach (var log in logs)
        {
            var redeemed = log.Topics[0].AsSpan().SequenceEqual(TicketRedeemed.Topic0.Span);
            var decoded = (redeemed ? TicketRedeemed : TicketTransfer).DecodeLog(log.Topics, log.Data);
            var recipient = (EthAddress)decoded["recipient"]!;
            var current = result.GetValueOrDefault(recipient, new Redemptions(0, BigInteger.Zero, BigInteger.Zero));
            result[recipient] = redeemed
                ? current with { Tickets = current.Tickets + 1, FaceValue = current.FaceValue + (BigInteger)decoded["faceValue"]! }
                : current with { Paid = current.Paid + (BigInteger)decoded["amount"]! };
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var orchestrator in Orchestrators)
        {
            await orchestrator.DisposeAsync();
        }

        await Devnet.DisposeAsync();
    }
}

/// <summary>Winning tickets of the gateway redeemed by one recipient: how many, their face values, and what was paid.</summary>
internal sealed record Redemptions(int Tickets, BigInteger FaceValue, BigInteger Paid);
