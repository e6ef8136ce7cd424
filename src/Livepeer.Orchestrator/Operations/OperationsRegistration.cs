using Livepeer.Payments;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Livepeer.Orchestrator;

/// <summary>Operator concerns: TLS certificate, status, health, metrics, service URI registration, remote redeemer.</summary>
internal static class OperationsRegistration
{
    /// <param name="services">The service collection.</param>
    /// <param name="payments">The payment engine; null off chain, where there is no redeemer to choose.</param>
    public static void AddOperations(IServiceCollection services, ILivepeerPaymentsBuilder? payments)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<OrchestratorEndpoint>();
        services.TryAddSingleton<OrchestratorListenerState>();
        services.TryAddSingleton(provider => new OrchestratorStatusReader(
            provider,
            provider.GetRequiredService<OrchestratorEndpoint>(),
            provider.GetRequiredService<IOptions<LivepeerOrchestratorOptions>>(),
            provider.GetService<ILoggerFactory>().OrNull()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LivepeerOrchestratorOptions>, OperationsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, OrchestratorKestrelSetup>(provider => new OrchestratorKestrelSetup(
            provider.GetRequiredService<IOptions<LivepeerOrchestratorOptions>>(),
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            provider.GetService<ILoggerFactory>().OrNull())));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OperationsHostedService>(provider => new OperationsHostedService(
            provider,
            provider.GetRequiredService<OrchestratorEndpoint>(),
            provider.GetRequiredService<OrchestratorListenerState>(),
            provider.GetRequiredService<IOptions<LivepeerOrchestratorOptions>>(),
            provider.GetService<ILoggerFactory>().OrNull())));

        // Health check names must be unique, so the check is added only with the first registration.
        if (!services.Any(d => d.ServiceType == typeof(OrchestratorHealthCheck)))
        {
            services.AddSingleton<OrchestratorHealthCheck>();
            services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
                OrchestratorHealthCheck.Name,
                provider => provider.GetRequiredService<OrchestratorHealthCheck>(),
                failureStatus: null,
                tags: ["livepeer"]));
        }

        if (payments is not null)
        {
            AddRemoteRedeemer(services, payments);
        }
    }

    public static void MapOperations(IEndpointRouteBuilder endpoints, CompositeEndpointConventionBuilder conventions)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(conventions);
        OperatorEndpoints.Map(endpoints, conventions);
    }

    /// <summary>
    /// The payment engine chooses between its local redeemer and a remote one when services are registered, so
    /// <see cref="LivepeerOrchestratorOptions.RedeemerUri"/> is read from the option setups registered so far: the
    /// <c>AddLivepeerOrchestrator</c> delegate or configuration section, or anything registered before it. A URI set
    /// later is caught at start by <see cref="OperationsOptionsValidator"/>.
    /// </summary>
    private static void AddRemoteRedeemer(IServiceCollection services, ILivepeerPaymentsBuilder payments)
    {
        if (services.Any(d => d.ServiceType == typeof(RemoteRedeemerSelection)))
        {
            return;
        }

        var redeemerUri = ReadAtRegistration(services).RedeemerUri;
        services.AddSingleton(new RemoteRedeemerSelection(redeemerUri));
        if (redeemerUri is null)
        {
            return;
        }

        services.TryAddSingleton(provider =>
        {
            var loggerFactory = provider.GetService<ILoggerFactory>().OrNull();
            OperationsLog.UsingRemoteRedeemer(loggerFactory.CreateLogger<GrpcTicketRedeemer>(), redeemerUri);
            return GrpcTicketRedeemer.Create(redeemerUri, provider.GetService<TimeProvider>(), loggerFactory);
        });
        payments.UseRedeemer(provider => provider.GetRequiredService<GrpcTicketRedeemer>());
    }

    /// <summary>The options as the setups registered so far make them.</summary>
    internal static LivepeerOrchestratorOptions ReadAtRegistration(IServiceCollection services)
    {
        var options = new LivepeerOrchestratorOptions();
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(IConfigureOptions<LivepeerOrchestratorOptions>) && !descriptor.IsKeyedService)
            {
                switch (descriptor.ImplementationInstance)
                {
                    case IConfigureNamedOptions<LivepeerOrchestratorOptions> named:
                        named.Configure(Options.DefaultName, options);
                        break;
                    case IConfigureOptions<LivepeerOrchestratorOptions> configure:
                        configure.Configure(options);
                        break;
                }
            }
        }

        return options;
    }
}

/// <summary>The remote redeemer chosen when services were registered (null: the local one).</summary>
internal sealed record RemoteRedeemerSelection(Uri? RedeemerUri);
