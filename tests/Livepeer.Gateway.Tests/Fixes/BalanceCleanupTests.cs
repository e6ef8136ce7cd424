using Livepeer.Payments;
using Microsoft.Extensions.DependencyInjection;

namespace Livepeer.Gateway.Tests.Fixes;

/// <summary>The gateway's credit balances with orchestrators do not outlive the streams that kept them.</summary>
[TestFixture]
[Category("Chain")]
[Category("EndToEnd")]
[CancelAfter(180_000)]
public sealed class BalanceCleanupTests
{
    [Test]
    public async Task DisposeAsync_PaidStream_ForgetsItsBalances()
    {
        await using var orchestrator = await CoreOrchestrator.StartAsync(pricePerPixel: 1000);
        await using var gateway = await CoreGateway.StartAsync([new OrchestratorCandidate(orchestrator.ServiceUri)], CoreDevnet.FundedGateway, o => o.VerifyPixels = false);
        var balances = gateway.Host.Services.GetRequiredService<PaymentBalances>();
        var stream = await gateway.Gateway.OpenStreamAsync("ends", CoreGateway.Profiles);
        int held;
        await using (stream)
        {
            await stream.PushAsync(CoreGateway.Segment(0));
            await stream.PushAsync(CoreGateway.Segment(1));
            stream.Complete();
            var outcomes = await stream.ReadResultsAsync().ToListAsync();
            Assert.That(outcomes.Select(o => o.Error), Is.All.Null);
            held = balances.Count;
        }

        Assert.Multiple(() =>
        {
            Assert.That(held, Is.GreaterThan(0), "the paid stream kept a balance");
            Assert.That(balances.Count, Is.Zero);
        });
    }

    [Test]
    public async Task Sweep_BalanceIdleLongerThanTheTimeout_IsDroppedOnTheInjectedClock()
    {
        var clock = new IngestManualClock(DateTimeOffset.UtcNow);
        await using var orchestrator = await CoreOrchestrator.StartAsync(pricePerPixel: 1000);
        await using var gateway = await CoreGateway.StartAsync(
            [new OrchestratorCandidate(orchestrator.ServiceUri)],
            CoreDevnet.FundedGateway,
            o => o.VerifyPixels = false,
            s => s.AddSingleton<TimeProvider>(clock));
        var balances = gateway.Host.Services.GetRequiredService<PaymentBalances>();

        // A bare segment call leaves its stream open, so only the sweep can drop this balance.
        await gateway.Gateway.TranscodeSegmentAsync("bare", CoreGateway.Segment(0), CoreGateway.Profiles);
        var held = balances.Count;
        clock.Advance(PaymentBalances.DefaultIdleTimeout - TimeSpan.FromSeconds(30));
        var beforeTimeout = balances.Count;
        clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Multiple(() =>
        {
            Assert.That(held, Is.EqualTo(1));
            Assert.That(beforeTimeout, Is.EqualTo(1), "a balance is kept until it has been idle for the timeout");
            Assert.That(balances.Count, Is.Zero);
        });
    }
}
