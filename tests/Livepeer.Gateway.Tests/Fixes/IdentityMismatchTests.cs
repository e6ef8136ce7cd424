using Livepeer.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Livepeer.Gateway.Tests.Fixes;

/// <summary>Identity failures reach the app as <see cref="GatewayErrorCode.IdentityMismatch"/>, not as a bare "no orchestrators".</summary>
[TestFixture]
[Category("Chain")]
[Category("EndToEnd")]
[CancelAfter(180_000)]
public sealed class IdentityMismatchTests
{
    [Test]
    public async Task TranscodeSegmentAsync_EveryOrchestratorFailsTheIdentityCheck_ThrowsIdentityMismatchNamingIt()
    {
        // The core devnet's orchestrator registered no service URI, so the one dialled cannot be its own.
        await using var orchestrator = await CoreOrchestrator.StartAsync(pricePerPixel: 1000);
        await using var gateway = await CoreGateway.StartAsync(
            [new OrchestratorCandidate(orchestrator.ServiceUri) { Score = 1 }],
            CoreDevnet.FundedGateway,
            o =>
            {
                o.VerifyPixels = false;
                o.RequireOrchestratorIdentity = true;
            },
            realDiscovery: true);

        var error = await Assert.ThrowsAsync<GatewayException>(() => gateway.Gateway.TranscodeSegmentAsync("identity", CoreGateway.Segment(0), CoreGateway.Profiles));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo(GatewayErrorCode.IdentityMismatch));
            Assert.That(error.Message, Does.Contain("RequireOrchestratorIdentity").And.Contain(orchestrator.ServiceUri.Authority).And.Contain(orchestrator.Address.ToString()));
            Assert.That(error.IsTransient, Is.False, "every candidate failed the identity check");
            Assert.That(orchestrator.Transcoder.Calls, Is.Zero);
        });
    }

    [Test]
    public async Task TranscodeSegmentAsync_OtherRejectionsOnly_NoOrchestratorsListsThem()
    {
        var closed = new Uri($"http://127.0.0.1:{DiscoveryDevnet.FreePort()}");
        await using var gateway = await CoreGateway.StartAsync(
            [new OrchestratorCandidate(closed) { Score = 1 }],
            CoreDevnet.FundedGateway,
            o => o.RequireOrchestratorIdentity = true,
            realDiscovery: true);

        var error = await Assert.ThrowsAsync<GatewayException>(() => gateway.Gateway.TranscodeSegmentAsync("unreachable", CoreGateway.Segment(0), CoreGateway.Profiles));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo(GatewayErrorCode.NoOrchestrators));
            Assert.That(error.Message, Does.Contain(closed.Authority).And.Contain(nameof(DiscoveryRejectionReason.Error)));
            Assert.That(error.IsTransient, Is.True);
        });
    }

    [Test]
    public async Task TranscodeSegmentAsync_RenditionsNotSignedByTheOrchestratorsAddress_ThrowsIdentityMismatch()
    {
        var devnet = await CoreDevnet.GetAsync();
        using var impostor = new FixesImpostorSigner(devnet.Accounts[CoreDevnet.OrchestratorAccount].Address);
        await using var orchestrator = await CoreOrchestrator.StartAsync(pricePerPixel: 1000, services: s => s.AddSingleton<ISigner>(impostor));
        await using var gateway = await CoreGateway.StartAsync(
            [new OrchestratorCandidate(orchestrator.ServiceUri)],
            CoreDevnet.FundedGateway,
            o =>
            {
                o.VerifyPixels = false;
                o.MaxAttempts = 2;
            });

        var error = await Assert.ThrowsAsync<GatewayException>(() => gateway.Gateway.TranscodeSegmentAsync("forged", CoreGateway.Segment(0), CoreGateway.Profiles));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo(GatewayErrorCode.IdentityMismatch));
            Assert.That(error.Message, Does.Contain("PM Check Failed").And.Contain(orchestrator.Address.ToString()));
            Assert.That(error.IsTransient, Is.True, "the orchestrator that signed wrongly is suspended; another may sign correctly");
            Assert.That(orchestrator.Transcoder.Calls, Is.EqualTo(2), "the orchestrator did the work each time; only its signature failed");
        });
    }
}
