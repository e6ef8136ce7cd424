using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Livepeer.Orchestrator;

/// <summary>The core orchestrator: GetOrchestrator, Ping, EndTranscodingSession, /segment, /payment, /stream.</summary>
internal static class OrchestratorCoreRegistration
{
    public static void AddCore(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
    }

    public static void MapCore(IEndpointRouteBuilder endpoints, CompositeEndpointConventionBuilder conventions)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(conventions);
    }
}
