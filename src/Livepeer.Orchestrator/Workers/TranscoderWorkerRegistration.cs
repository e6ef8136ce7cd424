using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Livepeer.Orchestrator;

/// <summary>The orchestrator side of standalone transcoders: RegisterTranscoder, /transcodeResults, and the dispatcher.</summary>
internal static class TranscoderWorkerRegistration
{
    public static void AddWorkers(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<TranscoderDispatcher>();
    }

    public static void MapWorkers(IEndpointRouteBuilder endpoints, CompositeEndpointConventionBuilder conventions)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(conventions);
    }
}
