using Livepeer.Network;
using Livepeer.Orchestrator;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Endpoint mapping of the ticket redeemer role.</summary>
public static class LivepeerRedeemerEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>net.TicketRedeemer</c> (<c>QueueTicket</c>, <c>MaxFloat</c>, <c>MonitorMaxFloat</c>) on the app's HTTP/2
    /// listeners. Requires <see cref="LivepeerRedeemerServiceCollectionExtensions.AddLivepeerRedeemer(IServiceCollection, Action{LivepeerRedeemerOptions}?)"/>.
    /// </summary>
    public static IEndpointConventionBuilder MapLivepeerRedeemer(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var service = endpoints.ServiceProvider.GetService<TicketRedeemerService>() ?? throw new InvalidOperationException(
            "MapLivepeerRedeemer needs the redeemer's services: call services.AddLivepeerRedeemer() first.");
        return endpoints.MapGrpcMethods(service.Bind);
    }
}
