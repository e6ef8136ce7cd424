using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Livepeer.Gateway;

/// <summary>Registers the gateway core: the account, the orchestrator clients, sessions, payments and <see cref="ILivepeerGateway"/>.</summary>
internal static class GatewayCoreRegistration
{
    public static void AddCore(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        // Payments need the chain, whose settings are validated at start; an off-chain gateway must start without them.
        if (!IsOffChain(services))
        {
            services.AddLivepeerPayments();
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LivepeerGatewayOptions>, LivepeerGatewayOptionsValidator>());
        services.TryAddSingleton<GatewayTelemetry>();
        services.TryAddSingleton<GatewayCoreMetrics>();
        services.TryAddSingleton<OrchestratorClientPool>();
        services.TryAddSingleton<Livepeer.Payments.PaymentBalances>(provider => new Livepeer.Payments.PaymentBalances(provider.GetService<TimeProvider>()));
        services.TryAddSingleton<GatewayCoreHost>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, GatewayCoreHost>(provider => provider.GetRequiredService<GatewayCoreHost>()));
        services.TryAddSingleton(provider => provider.GetRequiredService<GatewayCoreHost>().Account);
        services.TryAddSingleton<LivepeerGateway>();
        services.TryAddSingleton<ILivepeerGateway>(provider => provider.GetRequiredService<LivepeerGateway>());
    }

    /// <summary>
    /// Whether the options configured so far say off chain: the configure delegates and configuration bindings
    /// registered before this call run on a throwaway instance (those that need services cannot, and count as on chain).
    /// A delegate that rejects a setting is skipped here; it fails again, naming the setting, when the options are made.
    /// </summary>
    internal static bool IsOffChain(IServiceCollection services)
    {
        var probe = new LivepeerGatewayOptions();
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(IConfigureOptions<LivepeerGatewayOptions>) && descriptor.ImplementationInstance is IConfigureOptions<LivepeerGatewayOptions> configure)
            {
                try
                {
                    if (configure is IConfigureNamedOptions<LivepeerGatewayOptions> named)
                    {
                        named.Configure(Options.DefaultName, probe);
                    }
                    else
                    {
                        configure.Configure(probe);
                    }
                }
                catch (GatewayException)
                {
                    // Reported when the options are made, at the host's start.
                }
            }
            else if (descriptor.ServiceType == typeof(IPostConfigureOptions<LivepeerGatewayOptions>) && descriptor.ImplementationInstance is IPostConfigureOptions<LivepeerGatewayOptions> post)
            {
                post.PostConfigure(Options.DefaultName, probe);
            }
        }

        return probe.OffChain;
    }
}
