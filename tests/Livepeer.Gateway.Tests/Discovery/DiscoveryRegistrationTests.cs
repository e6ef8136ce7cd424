using Microsoft.Extensions.Options;
using Livepeer.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Livepeer.Gateway.Tests.Discovery;

public sealed class DiscoveryRegistrationTests
{
    [Test]
    public void AddLivepeerGateway_OptionsAndAnAppSource_FinderMergesThemInOrder()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new GatewayAccount(PrivateKeySigner.Generate(), OnChain: false));
        services.AddLivepeerGateway(o =>
        {
            o.OffChain = true;
            o.Orchestrators.Add(new Uri("https://127.0.0.1:8935"));
            o.WebhookUrl = new Uri("http://127.0.0.1:1/orchestrators");
            o.SubgraphUrl = new Uri("http://127.0.0.1:1/subgraph");
        }).AddDiscovery(_ => new FakeDiscovery("mine"));
        using var provider = services.BuildServiceProvider();

        var finder = provider.GetRequiredService<IOrchestratorFinder>();

        Assert.Multiple(() =>
        {
            Assert.That(finder, Is.InstanceOf<OrchestratorFinder>());
            Assert.That(((OrchestratorFinder)finder).Sources.Select(s => s.Name), Is.EqualTo(new[] { "static", "webhook", "subgraph", "mine" }));
        });
    }

    [Test]
    public async Task AddLivepeerGateway_StaticList_PoolSizeCountsTrusted()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new GatewayAccount(PrivateKeySigner.Generate(), OnChain: false));
        services.AddLivepeerGateway(o =>
        {
            o.OffChain = true;
            o.Orchestrators.Add(new Uri("https://127.0.0.1:8935"));
            o.Orchestrators.Add(new Uri("https://127.0.0.1:8936"));
        });
        await using var provider = services.BuildServiceProvider();
        var finder = provider.GetRequiredService<IOrchestratorFinder>();

        var trusted = await finder.GetPoolSizeAsync(OrchestratorPoolKind.Trusted, CancellationToken.None);
        var untrusted = await finder.GetPoolSizeAsync(OrchestratorPoolKind.Untrusted, CancellationToken.None);

        Assert.That((trusted, untrusted), Is.EqualTo((2, 0)));
    }

    [TestCase(false, null, 0, false, ExpectedResult = true)]
    [TestCase(false, null, 1, false, ExpectedResult = false)]
    [TestCase(false, null, 0, true, ExpectedResult = false)]
    [TestCase(false, true, 1, true, ExpectedResult = true)]
    [TestCase(false, false, 0, false, ExpectedResult = false)]
    [TestCase(true, true, 0, false, ExpectedResult = false)]
    public bool UsesOnChainDiscovery_GoLivepeerDefaults(bool offChain, bool? configured, int staticCount, bool webhook)
    {
        var options = new LivepeerGatewayOptions { OffChain = offChain, OnChainDiscovery = configured, WebhookUrl = webhook ? new Uri("http://127.0.0.1:1") : null };
        for (var i = 0; i < staticCount; i++)
        {
            options.Orchestrators.Add(new Uri("https://127.0.0.1:8935"));
        }

        return DiscoveryRegistration.UsesOnChainDiscovery(options);
    }

    [Test]
    public void AddLivepeerGateway_OnChainWithoutAnRpcUrl_FailsNamingTheSetting()
    {
        // On chain the gateway registers the protocol itself, so discovery on chain fails on the missing RPC URL.
        var services = new ServiceCollection();
        services.AddSingleton(new GatewayAccount(PrivateKeySigner.Generate(), OnChain: true));
        services.AddLivepeerGateway();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOrchestratorFinder>());

        Assert.That(error!.Message, Does.Contain("Livepeer:Protocol:RpcUrl"));
    }
}
