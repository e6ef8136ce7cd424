using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Livepeer.Gateway;

/// <summary>Registers and maps the HTTP push ingest and HLS playback endpoints.</summary>
internal static class IngestRegistration
{
    public static void AddIngest(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IngestStreamStore>();
        services.TryAddSingleton<IngestEndpoints>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, IngestStreamSweeper>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LivepeerGatewayOptions>, IngestOptionsValidator>());
    }

    public static IEndpointConventionBuilder MapIngest(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var handlers = endpoints.ServiceProvider.GetService<IngestEndpoints>()
            ?? throw new InvalidOperationException("MapLivepeerGateway needs the gateway's services: call services.AddLivepeerGateway() first.");
        var group = endpoints.MapGroup(string.Empty);
        group.MapMethods("/live/{manifestId}/{file}", [HttpMethods.Post, HttpMethods.Put], new RequestDelegate(handlers.PushAsync));
        group.MapGet("/stream/{file}", new RequestDelegate(handlers.MasterAsync));
        group.MapGet("/stream/{manifestId}/{file}", new RequestDelegate(handlers.MediaAsync));
        group.MapGet("/stream/{manifestId}/{rendition}/{file}", new RequestDelegate(handlers.SegmentAsync));
        return group;
    }
}
