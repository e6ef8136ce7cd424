using Microsoft.Extensions.Options;
using Livepeer.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Livepeer.Gateway.Tests.Selection;

public sealed class SelectionPolicyRegistryTests
{
    private static ServiceProvider Build(Action<LivepeerGatewayOptions> configure, Action<ILivepeerGatewayBuilder>? extend = null)
    {
        var services = new ServiceCollection();
        var builder = services.AddLivepeerGateway(o =>
        {
            o.OffChain = true;
            o.Orchestrators.Add(new Uri("https://127.0.0.1:9"));
            configure(o);
        });
        extend?.Invoke(builder);
        return services.BuildServiceProvider();
    }

    [TestCase("MinLatency", typeof(MinLatencySelectionPolicy))]
    [TestCase("minlatency", typeof(MinLatencySelectionPolicy))]
    [TestCase("PROBABILITY", typeof(ProbabilitySelectionPolicy))]
    [TestCase("lowestPrice", typeof(LowestPriceSelectionPolicy))]
    public void Current_BuiltInName_AnyCase_ResolvesThePolicy(string name, Type expected)
    {
        using var provider = Build(o => o.SelectionPolicy = name);

        Assert.That(provider.GetRequiredService<SelectionPolicyRegistry>().Current, Is.InstanceOf(expected));
    }

    [Test]
    public void Current_Default_IsMinLatency()
    {
        using var provider = Build(_ => { });

        Assert.That(provider.GetRequiredService<SelectionPolicyRegistry>().Current, Is.InstanceOf<MinLatencySelectionPolicy>());
    }

    [Test]
    public void Current_UnknownName_ThrowsInvalidConfigurationListingTheNames()
    {
        using var provider = Build(o => o.SelectionPolicy = "Fastest");

        var error = Assert.Throws<GatewayException>(() => _ = provider.GetRequiredService<SelectionPolicyRegistry>().Current);

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo(GatewayErrorCode.InvalidConfiguration));
            Assert.That(error.Message, Does.Contain("Fastest").And.Contain("MinLatency").And.Contain("Probability").And.Contain("LowestPrice"));
        });
    }

    [Test]
    public void Current_ProbabilityWithBadWeights_FailsNamingTheWeights()
    {
        using var provider = Build(o =>
        {
            o.SelectionPolicy = "Probability";
            o.StakeWeight = 0.9;
        });

        // The options validator refuses the weights before any policy is made.
        var error = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<SelectionPolicyRegistry>().Current);

        Assert.That(error!.Message, Does.Contain("StakeWeight"));
    }

    [Test]
    public void Current_UserPolicyRegisteredWithAddSelectionPolicy_IsResolvedByItsName()
    {
        var mine = new FirstCandidatePolicy();
        using var provider = Build(o => o.SelectionPolicy = "first", b => b.AddSelectionPolicy("First", _ => mine));

        var registry = provider.GetRequiredService<SelectionPolicyRegistry>();

        Assert.Multiple(() =>
        {
            Assert.That(registry.Current, Is.SameAs(mine));
            Assert.That(registry.Names, Does.Contain("First"));
        });
    }

    [Test]
    public void Resolve_UserPolicyWithABuiltInName_ReplacesTheBuiltIn()
    {
        var mine = new FirstCandidatePolicy();
        using var provider = Build(_ => { }, b => b.AddSelectionPolicy("MinLatency", _ => mine));

        Assert.That(provider.GetRequiredService<SelectionPolicyRegistry>().Current, Is.SameAs(mine));
    }

    private sealed class FirstCandidatePolicy : IOrchestratorSelectionPolicy
    {
        public SelectionCandidate? Select(IReadOnlyList<SelectionCandidate> candidates, SelectionContext context) => candidates[0];
    }
}
