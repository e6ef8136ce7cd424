using Livepeer.Payments.Tests.Chain;
using Livepeer.Protocol;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Livepeer.Payments.Tests.Hosting;

/// <summary><c>AddLivepeerPayments</c> hosts started against the devnet.</summary>
internal sealed class PaymentsHostChainTests : PaymentsDevnetTestBase
{
    private IHost BuildHost(string privateKey, Action<ILivepeerPaymentsBuilder>? configure = null, bool twice = false)
    {
        var values = new Dictionary<string, string?>
        {
            ["Livepeer:Protocol:RpcUrl"] = Devnet.RpcUri.ToString(),
            ["Livepeer:Protocol:Network"] = "Custom",
            ["Livepeer:Protocol:ControllerAddress"] = Devnet.Contracts.Controller.ToString(),
            ["Livepeer:Protocol:ChainId"] = Devnet.ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Livepeer:Protocol:PrivateKey"] = privateKey,
            ["Livepeer:Protocol:Transactions:ReceiptPollInterval"] = "00:00:00.010",
            ["Livepeer:Payments:PollingInterval"] = "00:00:00.100",
            ["Livepeer:Payments:DatabasePath"] = Path.Combine(TestDirectory, "host.db"),
            ["Livepeer:Payments:TicketEV"] = "1 gwei",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLivepeerProtocol(configuration.GetSection(LivepeerProtocolOptions.SectionName));
        var payments = builder.Services.AddLivepeerPayments(configuration.GetSection(LivepeerPaymentsOptions.SectionName));
        configure?.Invoke(payments);
        if (twice)
        {
            var again = builder.Services.AddLivepeerPayments();
            configure?.Invoke(again);
        }
        return builder.Build();
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task StartAsync_OrchestratorHost_ServesARecipientThatAcceptsTheGatewayHostsTickets(bool registeredTwice)
    {
        using var orchestrator = BuildHost(OrchestratorAccount.PrivateKey, p => p.AddTicketRecipient(), twice: registeredTwice);
        using var gateway = BuildHost(BroadcasterAccount.PrivateKey, twice: registeredTwice);
        await Bounded(orchestrator.StartAsync());
        await Bounded(gateway.StartAsync());
        try
        {
            var recipient = orchestrator.Services.GetRequiredService<TicketRecipient>();
            var sender = gateway.Services.GetRequiredService<TicketSender>();
            var clock = gateway.Services.GetRequiredService<IPaymentClock>();
            var round = await Broadcaster.RoundsManager.GetLastInitializedRoundAsync();
            var price = new PixelPrice(1200, 1);

            var ticketParams = await recipient.CreateTicketParamsAsync(sender.Address, price);
            var session = sender.StartSession(ticketParams, price);
            var batch = await sender.CreateTicketBatchAsync(session, 3);
            var result = await recipient.ReceivePaymentAsync(batch.ToPayment(), "manifest-host");

            Assert.Multiple(() =>
            {
                Assert.That(sender.Address, Is.EqualTo(BroadcasterAddress), "the gateway signs with the protocol key");
                Assert.That(recipient.Recipient, Is.EqualTo(OrchestratorAddress), "the recipient is the signer by default");
                Assert.That(orchestrator.Services.GetRequiredService<ISenderMonitor>(), Is.InstanceOf<LocalTicketRedeemer>());
                Assert.That(orchestrator.Services.GetRequiredService<ITicketRedeemer>(), Is.SameAs(orchestrator.Services.GetRequiredService<ISenderMonitor>()));
                Assert.That(clock.LastInitializedRound.CreationRound, Is.EqualTo(round), "the clock was read at start");
                Assert.That(clock.LastSeenL1Block, Is.GreaterThan(0UL));
                Assert.That(gateway.Services.GetRequiredService<IGasPriceSource>().CurrentGasPrice.Sign, Is.Positive);
                Assert.That(gateway.Services.GetServices<IHostedService>().OfType<PaymentsHost>().Count(), Is.EqualTo(1));
                Assert.That(result.Rejection, Is.Null);
                Assert.That(result.AcceptedTickets, Is.EqualTo(3));
                Assert.That(File.Exists(Path.Combine(TestDirectory, "host.db")), Is.True, "the local redeemer opened its store");
            });
        }
        finally
        {
            await Bounded(gateway.StopAsync());
            await Bounded(orchestrator.StopAsync());
        }
    }

    [Test]
    public async Task StartAsync_ClockFollowsTheChain_AfterStart()
    {
        using var gateway = BuildHost(BroadcasterAccount.PrivateKey);
        await Bounded(gateway.StartAsync());
        try
        {
            var clock = gateway.Services.GetRequiredService<IPaymentClock>();
            var before = clock.LastSeenL1Block;
            await Devnet.MineAsync(3);

            await WaitUntilAsync(() => Task.FromResult(clock.LastSeenL1Block >= before + 3), "the hosted clock to see the new blocks");

            Assert.That(clock.LastSeenL1Block, Is.GreaterThanOrEqualTo(before + 3));
        }
        finally
        {
            await Bounded(gateway.StopAsync());
        }
    }

    [Test]
    public async Task StartAsync_RemoteRedeemer_UsesItForCustodyAndNeedsNoDatabase()
    {
        var local = await CreateRedeemerAsync();
        using var orchestrator = BuildHost(OrchestratorAccount.PrivateKey, p => p.UseRedeemer(_ => local));
        await Bounded(orchestrator.StartAsync());
        try
        {
            var recipient = orchestrator.Services.GetRequiredService<TicketRecipient>();

            var maxFloat = await orchestrator.Services.GetRequiredService<ISenderMonitor>().GetMaxFloatAsync(BroadcasterAddress);

            Assert.Multiple(() =>
            {
                Assert.That(orchestrator.Services.GetRequiredService<ITicketRedeemer>(), Is.SameAs(local));
                Assert.That(maxFloat, Is.EqualTo(Reserve.Value), "the remote redeemer's max float: the whole reserve for a pool of one");
                Assert.That(File.Exists(Path.Combine(TestDirectory, "host.db")), Is.False, "no local store");
                Assert.That(recipient.Recipient, Is.EqualTo(OrchestratorAddress));
            });
        }
        finally
        {
            await Bounded(orchestrator.StopAsync());
        }
    }
}
