using System.Numerics;
using Livepeer.Network;
using Livepeer.Payments;
using Livepeer.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Livepeer.Orchestrator.Tests;

/// <summary>
/// A redeemer node (the orchestrator's key, as go-livepeer's <c>-redeemer</c> runs) on the devnet, and the
/// orchestrator's gRPC client of it.
/// </summary>
internal sealed class RedeemerChainTests : OperationsDevnetTestBase
{
    private async Task<(WebApplication App, Uri Address)> StartRedeemerAsync()
    {
        var builder = CreateBuilder(NodeConfiguration(OrchestratorAccount.PrivateKey, "redeemer.db"));
        builder.Services.AddLivepeerRedeemer(o =>
        {
            o.ListenAddress = "127.0.0.1:0";
            o.DataDirectory = Path.Combine(TestDirectory, "redeemer");
        });
        var app = builder.Build();
        app.MapLivepeerRedeemer();
        var address = await StartAsync(app);
        return (app, address);
    }

    [Test]
    public async Task QueueTicket_WinningTicket_IsRedeemedOnChainByTheRedeemer()
    {
        var (_, address) = await StartRedeemerAsync();
        using var client = GrpcTicketRedeemer.Create(address);
        var faceValue = Wei.FromGwei(1_000_000);
        var before = await Broadcaster.TicketBroker.GetSenderInfoAsync(BroadcasterAddress);
        var ticket = await CreateTicketAsync(faceValue, senderNonce: 1);

        await client.QueueTicketAsync(ticket);

        await WaitUntilAsync(
            async () => (await Broadcaster.TicketBroker.IsTicketUsedAsync(ticket.Ticket.ComputeHash())),
            "the redeemer to redeem the ticket");
        var after = await Broadcaster.TicketBroker.GetSenderInfoAsync(BroadcasterAddress);
        Assert.That(before.Deposit.Value - after.Deposit.Value, Is.EqualTo(faceValue.Value), "the deposit paid the face value");
    }

    [Test]
    public async Task QueueTicket_OtherRecipient_IsPermissionDeniedWithGoLivepeersText()
    {
        var (_, address) = await StartRedeemerAsync();
        var other = Devnet.Accounts[3].Address;
        var ticket = await CreateTicketAsync(Wei.FromGwei(1), senderNonce: 1, recipient: other);
        using var invoker = HttpGrpcCallInvoker.Create(address);
        using var client = GrpcTicketRedeemer.Create(address);

        var raw = await Assert.ThrowsAsync<GrpcCallException>(() =>
            invoker.UnaryCallAsync(TicketRedeemerMethods.QueueTicket, PaymentMapping.ToWire(ticket), TimeSpan.FromSeconds(8), CancellationToken.None));
        var typed = await Assert.ThrowsAsync<PaymentException>(() => client.QueueTicketAsync(ticket));

        Assert.Multiple(() =>
        {
            Assert.That(raw!.StatusCode, Is.EqualTo(GrpcStatusCode.PermissionDenied));
            Assert.That(raw.Detail, Is.EqualTo($"invalid ticket recipient {other.ToLowerHex()}, expected {OrchestratorAddress}"));
            Assert.That(typed!.Rejection?.Reason, Is.EqualTo(TicketRejectionReason.InvalidRecipient));
        });
    }

    [Test]
    public async Task MaxFloat_EqualsTheRedeemersOwnMonitor()
    {
        var (app, address) = await StartRedeemerAsync();
        using var client = GrpcTicketRedeemer.Create(address);

        var remote = await client.GetMaxFloatAsync(BroadcasterAddress);
        var local = await app.Services.GetRequiredService<ISenderMonitor>().GetMaxFloatAsync(BroadcasterAddress);

        Assert.Multiple(() =>
        {
            Assert.That(remote, Is.EqualTo(local));
            Assert.That(remote, Is.EqualTo(Reserve.Value), "the whole reserve for a pool of one");
            Assert.That(client.CachedSenderCount, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task MonitorMaxFloat_ReserveChanges_PushesTheNewValue()
    {
        var (_, address) = await StartRedeemerAsync();
        using var client = GrpcTicketRedeemer.Create(address);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var updates = client.MonitorMaxFloatAsync(BroadcasterAddress, stop.Token).GetAsyncEnumerator(stop.Token);
        var cached = await client.GetMaxFloatAsync(BroadcasterAddress);

        Assert.That(await updates.MoveNextAsync(), Is.True);
        var first = updates.Current;
        var extra = Wei.FromEther(1);
        await Broadcaster.TicketBroker.FundDepositAndReserveAsync(Wei.FromEther(1), extra);
        Assert.That(await updates.MoveNextAsync(), Is.True, "a value after the change");
        var second = updates.Current;
        await WaitUntilAsync(async () => await client.GetMaxFloatAsync(BroadcasterAddress) == second, "the client's cache to follow its stream", seconds: 10);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(Reserve.Value));
            Assert.That(cached, Is.EqualTo(Reserve.Value));
            Assert.That(second, Is.EqualTo(Reserve.Value + extra.Value));
        });
    }

    [Test]
    public async Task AddLivepeerOrchestrator_RedeemerUri_UsesTheRemoteRedeemerForMaxFloatAndCustody()
    {
        var (redeemer, address) = await StartRedeemerAsync();
        var builder = CreateBuilder(NodeConfiguration(OrchestratorAccount.PrivateKey, "orchestrator.db"));
        builder.Services.AddLivepeerOrchestrator(o =>
        {
            o.ServiceUri = new Uri("http://127.0.0.1:0");
            o.ListenAddress = "127.0.0.1:0";
            o.RedeemerUri = address;
        });
        var orchestrator = builder.Build();
        orchestrator.MapLivepeerOrchestrator();
        await StartAsync(orchestrator);

        var monitor = orchestrator.Services.GetRequiredService<ISenderMonitor>();
        var maxFloat = await monitor.GetMaxFloatAsync(BroadcasterAddress);
        var ticket = await CreateTicketAsync(Wei.FromGwei(1_000_000), senderNonce: 7);
        await monitor.QueueTicketAsync(ticket);
        await WaitUntilAsync(async () => await Broadcaster.TicketBroker.IsTicketUsedAsync(ticket.Ticket.ComputeHash()), "the remote redeemer to redeem");

        Assert.Multiple(async () =>
        {
            Assert.That(orchestrator.Services.GetRequiredService<ITicketRedeemer>(), Is.InstanceOf<GrpcTicketRedeemer>());
            Assert.That(maxFloat, Is.EqualTo(await redeemer.Services.GetRequiredService<ISenderMonitor>().GetMaxFloatAsync(BroadcasterAddress)));
            Assert.That(File.Exists(Path.Combine(TestDirectory, "orchestrator.db")), Is.False, "the orchestrator keeps no ticket store");
        });
    }
}
