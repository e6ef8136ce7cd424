using Livepeer.Payments;
using Livepeer.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Livepeer.Gateway;

/// <summary>Registers the discovery sources the options name and the <see cref="IOrchestratorFinder"/>.</summary>
internal static class DiscoveryRegistration
{
    public static void AddDiscovery(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<DiscoverySources>();
        services.TryAddSingleton(provider => new OrchestratorFinder(
            provider.GetRequiredService<DiscoverySources>().All,
            provider.GetRequiredService<OrchestratorClientPool>(),
            provider.GetRequiredService<GatewayAccount>(),
            provider.GetRequiredService<IOptions<LivepeerGatewayOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            Random.Shared,
            provider.GetService<ILogger<OrchestratorFinder>>(),
            provider.GetRequiredService<GatewayAccount>().OnChain ? provider.GetService<TicketSender>() : null,
            CreateIdentityVerifier(provider),
            provider.GetService<GatewayTelemetry>()));
        services.TryAddSingleton<IOrchestratorFinder>(provider => provider.GetRequiredService<OrchestratorFinder>());
    }

    /// <summary>Whether on-chain discovery runs: as configured, else when on chain with neither a static list nor a webhook (go-livepeer's rule).</summary>
    public static bool UsesOnChainDiscovery(LivepeerGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return !options.OffChain && (options.OnChainDiscovery ?? (options.Orchestrators.Count == 0 && options.WebhookUrl is null));
    }

    private static OrchestratorIdentityVerifier? CreateIdentityVerifier(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<LivepeerGatewayOptions>>().Value;
        if (!options.RequireOrchestratorIdentity || !provider.GetRequiredService<GatewayAccount>().OnChain)
        {
            return null;
        }

        var connector = provider.GetService<LivepeerProtocolConnector>();
        return connector is null ? null : new OrchestratorIdentityVerifier(connector.GetClientAsync, provider.GetRequiredService<TimeProvider>());
    }
}

/// <summary>The sources a gateway merges: the built-in ones its options configure, then those added with <c>AddDiscovery</c>.</summary>
internal sealed class DiscoverySources : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public DiscoverySources(
        IOptions<LivepeerGatewayOptions> options,
        IEnumerable<DiscoverySourceRegistration> registrations,
        IServiceProvider services,
        TimeProvider timeProvider,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registrations);
        ArgumentNullException.ThrowIfNull(services);
        var o = options.Value;
        var all = new List<IOrchestratorDiscovery>();
        if (o.Orchestrators.Count > 0)
        {
            all.Add(new StaticOrchestratorDiscovery(o.Orchestrators));
        }

        if (o.WebhookUrl is { } webhook)
        {
            all.Add(Own(new WebhookOrchestratorDiscovery(webhook, timeProvider, loggerFactory?.CreateLogger<WebhookOrchestratorDiscovery>())));
        }

        if (o.SubgraphUrl is { } subgraph)
        {
            all.Add(Own(new SubgraphOrchestratorDiscovery(subgraph, timeProvider, loggerFactory?.CreateLogger<SubgraphOrchestratorDiscovery>())));
        }

        if (DiscoveryRegistration.UsesOnChainDiscovery(o))
        {
            var connector = services.GetService<LivepeerProtocolConnector>()
                ?? throw new GatewayException(
                    GatewayErrorCode.InvalidConfiguration,
                    "Livepeer:Gateway:OnChainDiscovery needs the protocol (Livepeer:Protocol, AddLivepeerProtocol); set OffChain, Orchestrators or WebhookUrl otherwise.");
            all.Add(Own(new OnChainOrchestratorDiscovery(connector.GetClientAsync, o.UseAiServiceRegistry, timeProvider, loggerFactory?.CreateLogger<OnChainOrchestratorDiscovery>())));
        }

        all.AddRange(registrations.Select(r => r.Create(services)));
        All = all;
    }

    /// <summary>Every source, built-in first.</summary>
    public IReadOnlyList<IOrchestratorDiscovery> All { get; }

    private T Own<T>(T source)
        where T : IDisposable
    {
        _owned.Add(source);
        return source;
    }

    public void Dispose()
    {
        foreach (var source in _owned)
        {
            source.Dispose();
        }
    }
}
