using Livepeer.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
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

        // Registered after the payment engine, so that it has started (and the recipient exists) when this starts.
        services.TryAddSingleton<OrchestratorIdentity>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OrchestratorIdentity>(provider => provider.GetRequiredService<OrchestratorIdentity>()));
        services.TryAddSingleton(provider => new AuthTokenAuthority(provider.GetService<TimeProvider>()));
        services.TryAddSingleton<OrchestratorSessions>();
        services.TryAddSingleton<IOrchestratorState>(provider => provider.GetRequiredService<OrchestratorSessions>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OrchestratorSessionSweeper>());
        services.TryAddSingleton<DiscoveryAuthWebhook>();
        services.TryAddSingleton<OrchestratorPricing>();
        services.TryAddSingleton<OrchestratorInfoFactory>();
        services.TryAddSingleton<OrchestratorRpcService>();
        services.TryAddSingleton<SegmentService>();
    }

    public static void MapCore(IEndpointRouteBuilder endpoints, CompositeEndpointConventionBuilder conventions)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(conventions);
        var services = endpoints.ServiceProvider;
        var rpc = services.GetRequiredService<OrchestratorRpcService>();
        var segments = services.GetRequiredService<SegmentService>();
        var storage = services.GetRequiredService<OrchestratorStorage>();

        conventions.Add(endpoints.MapGrpcMethods(rpc.Bind));
        conventions.Add(endpoints.MapPost("/segment", segments.HandleSegmentAsync).WithDisplayName("Livepeer /segment"));
        conventions.Add(endpoints.MapPost("/payment", segments.HandlePaymentAsync).WithDisplayName("Livepeer /payment"));
        conventions.Add(endpoints.MapGet(OrchestratorStorage.RoutePrefix + "{**path}", (HttpContext context) => ServeStoredAsync(context, storage))
            .WithDisplayName("Livepeer /stream"));
    }

    private static async Task ServeStoredAsync(HttpContext context, OrchestratorStorage storage)
    {
        var path = context.Request.RouteValues["path"] as string ?? string.Empty;
        if (!storage.TryGet(path, out var data, out var contentType))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = data.Length;
        await context.Response.Body.WriteAsync(data, context.RequestAborted).ConfigureAwait(false);
    }
}
