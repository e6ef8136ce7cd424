using Livepeer.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Livepeer.Orchestrator;

/// <summary>The orchestrator side of standalone transcoders: RegisterTranscoder, /transcodeResults, and the dispatcher.</summary>
internal static class TranscoderWorkerRegistration
{
    public static void AddWorkers(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptionsMonitor<LivepeerOrchestratorOptions>>();
            var manager = new RemoteTranscoderManager(
                () => options.CurrentValue.TranscoderSecret,
                provider.GetRequiredService<OrchestratorStorage>(),
                // Resolved per task: the core's state may depend on the dispatcher, which depends on this manager.
                () => provider.GetService<IOrchestratorState>()?.Address?.ToString() ?? string.Empty,
                options.CurrentValue.MaxSegmentBytes,
                provider.GetService<TimeProvider>(),
                provider.GetService<ILoggerFactory>()?.CreateLogger<RemoteTranscoderManager>());
            // Open RegisterTranscoder streams would otherwise hold a stopping host until its shutdown timeout.
            provider.GetService<IHostApplicationLifetime>()?.ApplicationStopping.Register(manager.Stop);
            return manager;
        });
        services.TryAddSingleton<ITranscoderWorkerRegistry>(provider => provider.GetRequiredService<RemoteTranscoderManager>());
        services.TryAddSingleton<TranscoderDispatcher>();
    }

    public static void MapWorkers(IEndpointRouteBuilder endpoints, CompositeEndpointConventionBuilder conventions)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(conventions);
        var manager = endpoints.ServiceProvider.GetRequiredService<RemoteTranscoderManager>();
        conventions.Add(endpoints.MapGrpcMethods(binder => binder.AddServerStreamingMethod(TranscoderProtocol.RegisterTranscoder, manager.RegisterAsync)));
        conventions.Add(endpoints.MapPost(TranscoderProtocol.ResultsPath, manager.HandleResultsAsync).WithDisplayName("transcodeResults"));
    }
}
