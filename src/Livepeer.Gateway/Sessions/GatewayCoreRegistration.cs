using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Livepeer.Gateway;

/// <summary>Registers the gateway core: the account, the orchestrator clients, sessions, payments and <see cref="ILivepeerGateway"/>.</summary>
internal static class GatewayCoreRegistration
{
    public static void AddCore(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<GatewayTelemetry>();
        services.TryAddSingleton<OrchestratorClientPool>();
    }
}
