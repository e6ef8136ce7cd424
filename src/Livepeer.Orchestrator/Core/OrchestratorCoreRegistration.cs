using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Livepeer.Orchestrator;

/// <summary>The core orchestrator: GetOrchestrator, Ping, EndTranscodingSession, /segment, /payment, /stream.</summary>
internal static class OrchestratorCoreRegistration
{
    public static void AddCore(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<OrchestratorEndpoint>();
        services.TryAddSingleton(provider => new OrchestratorStorage(
            provider.GetRequiredService<OrchestratorEndpoint>(),
            provider.GetRequiredService<IOptions<LivepeerOrchestratorOptions>>().Value.RenditionRetention,
            provider.GetService<TimeProvider>()));
    }

    public static void MapCore(IEndpointRouteBuilder endpoints, CompositeEndpointConventionBuilder conventions)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(conventions);
    }
}
