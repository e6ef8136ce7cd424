using Livepeer.Devnet;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using Livepeer.Protocol.Tests.Chain;

namespace Livepeer.Protocol.Tests.Hosting;

internal sealed class RoundInitializerServiceTests : DevnetTestBase
{
    private static readonly RoundInitializerOptions NoDelay = new() { PollInterval = TimeSpan.FromMilliseconds(50), MaxRandomDelay = TimeSpan.Zero };

    private RoundInitializerService Service(DevnetAccount account, Func<TimeSpan, TimeSpan>? randomDelay = null)
        => new(Connector(account), NoDelay, TimeProvider.System, randomDelay ?? (_ => TimeSpan.Zero), logger: null);

    private async Task<int> NewRoundEventsAsync(ulong fromBlock, ulong round)
    {
        var logs = await Devnet.Rpc.GetLogsAsync(new LogFilter
        {
            FromBlock = BlockParameter.At(fromBlock),
            ToBlock = BlockParameter.Latest,
            Addresses = [Devnet.Contracts.RoundsManager],
        });
        return logs.Count(l => ProtocolEvents.TryDecode(l, out var e) && e is NewRoundEvent n && n.Round == round);
    }

    [Test]
    public async Task RunOnceAsync_NewRoundUninitialized_InitializesThenReportsAlreadyInitialized()
    {
        var round = await MineToNextRoundAsync();
        var protocol = await Devnet.ConnectAsync();
        Assert.That(await protocol.RoundsManager.IsCurrentRoundInitializedAsync(), Is.False);
        var service = Service(Devnet.Accounts[3]);

        var first = await Bounded(service.RunOnceAsync());
        var second = await Bounded(service.RunOnceAsync());

        Assert.Multiple(async () =>
        {
            Assert.That(first, Is.EqualTo(RoundInitializationOutcome.Initialized));
            Assert.That(second, Is.EqualTo(RoundInitializationOutcome.AlreadyInitialized));
            Assert.That(await protocol.RoundsManager.IsCurrentRoundInitializedAsync(), Is.True);
            Assert.That(await protocol.RoundsManager.GetLastInitializedRoundAsync(), Is.EqualTo(round));
        });
    }

    [Test]
    public async Task RunOnceAsync_CurrentRoundInitialized_DoesNotSend()
    {
        var head = await Devnet.Rpc.GetBlockNumberAsync();

        var outcome = await Bounded(Service(Devnet.Accounts[3]).RunOnceAsync());

        Assert.That(outcome, Is.EqualTo(RoundInitializationOutcome.AlreadyInitialized));
        Assert.That(await Devnet.Rpc.GetBlockNumberAsync(), Is.EqualTo(head), "no transaction was mined");
    }

    [Test]
    public async Task RunOnceAsync_TwoNodesRaceForSameRound_ExactlyOneInitializes()
    {
        var round = await MineToNextRoundAsync();
        var from = await Devnet.Rpc.GetBlockNumberAsync();
        // Both nodes see the round uninitialised and leave the random wait together, so both go on to send.
        using var bothChecked = new Barrier(2);
        TimeSpan Together(TimeSpan _)
        {
            bothChecked.SignalAndWait(TimeSpan.FromSeconds(10));
            return TimeSpan.Zero;
        }
        var a = Service(Devnet.Accounts[3], Together);
        var b = Service(Devnet.Accounts[4], Together);

        var outcomes = await Bounded(Task.WhenAll(Task.Run(() => a.RunOnceAsync()), Task.Run(() => b.RunOnceAsync())));

        Assert.That(outcomes, Is.EquivalentTo(new[] { RoundInitializationOutcome.Initialized, RoundInitializationOutcome.InitializedByOther }));
        Assert.That(await NewRoundEventsAsync(from, round), Is.EqualTo(1));
    }

    [Test]
    public async Task RunOnceAsync_OtherNodeInitializesDuringWait_ReportsInitializedByOther()
    {
        var round = await MineToNextRoundAsync();
        var from = await Devnet.Rpc.GetBlockNumberAsync();
        var other = Service(Devnet.Accounts[4]);
        // The random wait is where another node gets in first.
        var service = Service(Devnet.Accounts[3], _ =>
        {
            Assert.That(other.RunOnceAsync().GetAwaiter().GetResult(), Is.EqualTo(RoundInitializationOutcome.Initialized));
            return TimeSpan.Zero;
        });

        var outcome = await Bounded(Task.Run(() => service.RunOnceAsync()));

        Assert.That(outcome, Is.EqualTo(RoundInitializationOutcome.InitializedByOther));
        Assert.That(await NewRoundEventsAsync(from, round), Is.EqualTo(1));
    }

    [Test]
    public async Task HostedService_RoundBoundaryPassed_InitializesWithinTenSeconds()
    {
        var options = DevnetOptions(Devnet.Accounts[5]);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services
            .AddLivepeerProtocol(o =>
            {
                o.RpcUrl = options.RpcUrl;
                o.Network = options.Network;
                o.ControllerAddress = options.ControllerAddress;
                o.ChainId = options.ChainId;
                o.PrivateKey = options.PrivateKey;
                o.Transactions.ReceiptPollInterval = TimeSpan.FromMilliseconds(20);
            })
            .AddRoundInitializer(o =>
            {
                o.PollInterval = TimeSpan.FromMilliseconds(100);
                o.MaxRandomDelay = TimeSpan.Zero;
            });
        using var host = builder.Build();
        await Bounded(host.StartAsync());
        try
        {
            var round = await MineToNextRoundAsync();
            var protocol = await Devnet.ConnectAsync();

            var initialized = false;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (!initialized && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
                initialized = await protocol.RoundsManager.IsCurrentRoundInitializedAsync();
            }

            Assert.That(initialized, Is.True, "the hosted service did not initialise the round within 10 s");
            Assert.That(await protocol.RoundsManager.GetLastInitializedRoundAsync(), Is.EqualTo(round));
        }
        finally
        {
            await Bounded(host.StopAsync(), 10);
        }
    }
}
