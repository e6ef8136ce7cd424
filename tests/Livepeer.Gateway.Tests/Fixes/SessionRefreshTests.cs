using Livepeer.Payments;
using Microsoft.Extensions.DependencyInjection;

namespace Livepeer.Gateway.Tests.Fixes;

/// <summary>
/// When an orchestrator's info is due for a refresh (<c>wire-and-payments.md</c> §4.5) and when its price rose more than
/// twofold since the session started (§6.10), against real orchestrators.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
[CancelAfter(180_000)]
public sealed class SessionRefreshTests
{
    private const int SessionRefreshed = 6108;

    [Test]
    public async Task TranscodeSegmentAsync_AuthTokenInItsLastTenth_RefreshesBeforeTheSegment()
    {
        var clock = new FixesSkewedClock();
        var logs = new DiscoveryLogs();
        await using var orchestrator = await CoreOrchestrator.StartAsync();
        await using var gateway = await CoreGateway.StartAsync(
            [new OrchestratorCandidate(orchestrator.ServiceUri) { Score = 1 }],
            services: FixesSupport.Both(s => s.AddSingleton<TimeProvider>(clock), FixesSupport.Logs(logs)));

        await gateway.Gateway.TranscodeSegmentAsync("token", CoreGateway.Segment(0), CoreGateway.Profiles);
        var refreshedEarly = logs.Has(SessionRefreshed);
        var rounds = gateway.Finder.Rounds;
        // The token lives 30 minutes; 28 minutes on it is inside the last 180 seconds.
        clock.Offset = TimeSpan.FromMinutes(28);
        var second = await gateway.Gateway.TranscodeSegmentAsync("token", CoreGateway.Segment(1), CoreGateway.Profiles);
        var refreshes = logs.Records.Count(r => r.EventId == SessionRefreshed);
        // Back to the orchestrator's time: the new token has its 30 minutes ahead.
        clock.Offset = TimeSpan.Zero;
        var third = await gateway.Gateway.TranscodeSegmentAsync("token", CoreGateway.Segment(2), CoreGateway.Profiles);

        Assert.Multiple(() =>
        {
            Assert.That(refreshedEarly, Is.False, "a fresh token is not refreshed");
            Assert.That(logs.Has(SessionRefreshed, "auth token expiring"), Is.True);
            Assert.That(refreshes, Is.EqualTo(1));
            Assert.That(logs.Records.Count(r => r.EventId == SessionRefreshed), Is.EqualTo(1), "a token that is not due is not refreshed");
            Assert.That((second.Attempts, third.Attempts), Is.EqualTo((1, 1)));
            Assert.That(gateway.Finder.Rounds, Is.EqualTo(rounds), "a refresh asks the session's orchestrator, not discovery");
            Assert.That(orchestrator.Transcoder.Calls, Is.EqualTo(3));
        });
    }

    [Test]
    [Category("Chain")]
    public async Task TranscodeSegmentAsync_TicketParamsExpired_RefreshesBeforePaying()
    {
        var devnet = await CoreDevnet.GetAsync();
        var logs = new DiscoveryLogs();
        await using var orchestrator = await CoreOrchestrator.StartAsync(pricePerPixel: 1000);
        await using var gateway = await CoreGateway.StartAsync(
            [new OrchestratorCandidate(orchestrator.ServiceUri)],
            CoreDevnet.FundedGateway,
            o => o.VerifyPixels = false,
            FixesSupport.Logs(logs));

        var first = await gateway.Gateway.TranscodeSegmentAsync("params", CoreGateway.Segment(0), CoreGateway.Profiles);
        // The parameters a result carries expire 40 blocks after the orchestrator's last seen block.
        await devnet.MineAsync(TicketRecipient.ParamsExpirationBlocks + 1);
        var rpc = await devnet.ConnectAsync();
        var head = await rpc.Rpc.GetBlockNumberAsync();
        await WaitUntilAsync(() =>
            gateway.Host.Services.GetRequiredService<IPaymentClock>().LastSeenL1Block >= head
            && orchestrator.Services.GetRequiredService<IPaymentClock>().LastSeenL1Block >= head);
        var second = await gateway.Gateway.TranscodeSegmentAsync("params", CoreGateway.Segment(1), CoreGateway.Profiles);

        Assert.Multiple(() =>
        {
            Assert.That(logs.Has(SessionRefreshed, "ticket params expired"), Is.True);
            Assert.That(first.TicketsSent, Is.GreaterThan(0));
            Assert.That(second.Attempts, Is.EqualTo(1), "the refreshed parameters paid for the segment at once");
            Assert.That(second.FailedAttempts, Is.Empty);
            Assert.That(orchestrator.Transcoder.Calls, Is.EqualTo(2));
        });
    }

    [Test]
    [Category("Chain")]
    public async Task TranscodeSegmentAsync_PriceMoreThanDoubledMidStream_DropsTheSessionAndUsesAnother()
    {
        // An orchestrator keeps a session's price once paid; the gateway learns a new price from a refresh
        // (GetOrchestrator, a new auth token), so the clock is moved into every token's last tenth.
        var clock = new FixesSkewedClock();
        await using var rising = await CoreOrchestrator.StartAsync(pricePerPixel: 500);
        await using var steady = await CoreOrchestrator.StartAsync(pricePerPixel: 1000);
        await using var gateway = await CoreGateway.StartAsync(
            [new OrchestratorCandidate(rising.ServiceUri), new OrchestratorCandidate(steady.ServiceUri)],
            CoreDevnet.FundedGateway,
            o =>
            {
                o.VerifyPixels = false;
                o.SelectionPolicy = "Preferred";
            },
            FixesSupport.Both(FixesSupport.Preferred(rising, steady), s => s.AddSingleton<TimeProvider>(clock)));

        var results = new List<TranscodedSegment> { await gateway.Gateway.TranscodeSegmentAsync("price", CoreGateway.Segment(0), CoreGateway.Profiles) };
        clock.Offset = TimeSpan.FromMinutes(28);
        rising.SetPrice(1000);
        results.Add(await gateway.Gateway.TranscodeSegmentAsync("price", CoreGateway.Segment(1), CoreGateway.Profiles));
        rising.SetPrice(1001);
        results.Add(await gateway.Gateway.TranscodeSegmentAsync("price", CoreGateway.Segment(2), CoreGateway.Profiles));

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Orchestrator), Is.EqualTo(new[] { rising.ServiceUri, rising.ServiceUri, steady.ServiceUri }));
            Assert.That(results[1].Attempts, Is.EqualTo(1), "exactly twice the starting price is still paid");
            Assert.That(results[2].Attempts, Is.EqualTo(2));
            Assert.That(results[2].FailedAttempts.Single(), Does.Contain(rising.ServiceUri.ToString()).And.Contain("more than doubled"));
            Assert.That(rising.Transcoder.Calls, Is.EqualTo(2), "no segment went out at the raised price");
        });
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not hold in time.");
            }

            await Task.Delay(50);
        }
    }
}
