using Livepeer.Payments;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Livepeer.Orchestrator;

/// <summary>Operator concerns: TLS certificate, status, health, metrics, service URI registration, remote redeemer.</summary>
internal static class OperationsRegistration
{
    public static void AddOperations(IServiceCollection services, ILivepeerPaymentsBuilder payments)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(payments);
    }

    public static void MapOperations(IEndpointRouteBuilder endpoints, CompositeEndpointConventionBuilder conventions)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(conventions);
    }
}
