using Livepeer.Protocol;

namespace Livepeer.Gateway.Tests.Discovery;

[Category("Chain")]
public sealed class OnChainOrchestratorDiscoveryTests
{
    [Test]
    public async Task GetCandidatesAsync_DevnetWithTwoActiveOrchestrators_ListsTheirUrisAddressesAndStakes()
    {
        var setup = await DiscoveryDevnet.GetAsync();
        using var source = new OnChainOrchestratorDiscovery(ct => setup.Devnet.ConnectAsync(cancellationToken: ct), useAiServiceRegistry: false, new DiscoveryTime());

        var candidates = await source.GetCandidatesAsync(CancellationToken.None);

        var byAddress = candidates.ToDictionary(c => c.RegisteredAddress!.Value);
        Assert.Multiple(() =>
        {
            Assert.That(byAddress.Keys, Is.EquivalentTo(new[] { setup.OrchestratorA.Address, setup.OrchestratorB.Address }));
            Assert.That(ServiceUris.SameEndpoint(byAddress[setup.OrchestratorA.Address].ServiceUri, setup.ServiceUriA), Is.True);
            Assert.That(ServiceUris.SameEndpoint(byAddress[setup.OrchestratorB.Address].ServiceUri, setup.ServiceUriB), Is.True);
            Assert.That(byAddress[setup.OrchestratorA.Address].Stake, Is.GreaterThanOrEqualTo(DiscoveryDevnet.StakeA.Value));
            Assert.That(byAddress[setup.OrchestratorB.Address].Stake, Is.GreaterThanOrEqualTo(DiscoveryDevnet.StakeB.Value));
            Assert.That(candidates.All(c => c.Score == 0 && c.IsUntrusted && c.Source == "onchain"), Is.True);
        });
    }

    [Test]
    public async Task GetCandidatesAsync_WithinTheRefreshInterval_ReadsTheChainOnce()
    {
        var setup = await DiscoveryDevnet.GetAsync();
        var time = new DiscoveryTime();
        var connections = 0;
        using var source = new OnChainOrchestratorDiscovery(
            ct =>
            {
                Interlocked.Increment(ref connections);
                return setup.Devnet.ConnectAsync(cancellationToken: ct);
            },
            useAiServiceRegistry: true,
            time,
            new DiscoveryLogs().For<OnChainOrchestratorDiscovery>());

        var first = await source.GetCandidatesAsync(CancellationToken.None);
        time.Advance(OnChainOrchestratorDiscovery.RefreshInterval - TimeSpan.FromSeconds(1));
        var second = await source.GetCandidatesAsync(CancellationToken.None);
        var connectionsBeforeRefresh = connections;
        time.Advance(TimeSpan.FromSeconds(1));
        var third = await source.GetCandidatesAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.SameAs(first));
            Assert.That(connectionsBeforeRefresh, Is.EqualTo(1));
            Assert.That(connections, Is.EqualTo(2));
            Assert.That(third, Has.Count.EqualTo(2), "the devnet has no AI service registry, so only the ServiceRegistry URIs are listed");
        });
    }
}
