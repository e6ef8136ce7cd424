using Livepeer.Payments;
using Livepeer.Protocol;
using Livepeer.Transcoding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Livepeer.Orchestrator;

/// <summary>Configures the services an orchestrator host is built from.</summary>
public interface ILivepeerOrchestratorBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }
}

/// <summary>Registration of the orchestrator role.</summary>
public static class LivepeerOrchestratorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the orchestrator: the payments recipient (<see cref="LivepeerPaymentsServiceCollectionExtensions.AddLivepeerPayments(IServiceCollection, Action{LivepeerPaymentsOptions}?)"/>
    /// with <see cref="LivepeerPaymentsServiceCollectionExtensions.AddTicketRecipient"/>), local transcoding
    /// (<see cref="LivepeerTranscodingServiceCollectionExtensions.AddLivepeerTranscoding(IServiceCollection, Action{LivepeerTranscodingOptions}?)"/>),
    /// and the orchestrator's own services. Map its endpoints with
    /// <see cref="LivepeerOrchestratorEndpointRouteBuilderExtensions.MapLivepeerOrchestrator"/>. With
    /// <see cref="LivepeerOrchestratorOptions.OffChain"/> set here (or in an options setup registered before) the payments
    /// recipient and the protocol are left out, and no chain settings are needed.
    /// </summary>
    public static ILivepeerOrchestratorBuilder AddLivepeerOrchestrator(this IServiceCollection services, Action<LivepeerOrchestratorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<LivepeerOrchestratorOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        optionsBuilder.ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        var payments = OrchestratorMode.Select(services).OffChain ? null : services.AddLivepeerPayments().AddTicketRecipient();
        services.AddLivepeerTranscoding();
        services.AddRouting();

        OrchestratorCoreRegistration.AddCore(services);
        TranscoderWorkerRegistration.AddWorkers(services);
        OperationsRegistration.AddOperations(services, payments);
        return new Builder(services);
    }

    /// <summary>
    /// Registers the orchestrator with every setting read from <paramref name="configuration"/>: the sections
    /// <c>Livepeer:Protocol</c>, <c>Livepeer:Payments</c>, <c>Livepeer:Transcoding</c> and <c>Livepeer:Orchestrator</c>
    /// of the app's configuration (appsettings.json, environment variables such as
    /// <c>Livepeer__Orchestrator__ServiceUri</c>, command-line arguments). With <c>Livepeer:Orchestrator:OffChain</c>
    /// the <c>Livepeer:Protocol</c> and <c>Livepeer:Payments</c> sections are not read.
    /// </summary>
    public static ILivepeerOrchestratorBuilder AddLivepeerOrchestrator(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var orchestratorSection = configuration.GetSection(LivepeerOrchestratorOptions.SectionName);
        if (!OrchestratorMode.Select(services, orchestratorSection).OffChain)
        {
            services.AddLivepeerProtocol(configuration.GetSection(LivepeerProtocolOptions.SectionName));
            services.AddOptions<LivepeerPaymentsOptions>().Bind(configuration.GetSection(LivepeerPaymentsOptions.SectionName));
        }

        services.AddOptions<LivepeerTranscodingOptions>().Bind(configuration.GetSection(LivepeerTranscodingOptions.SectionName));
        services.AddOptions<LivepeerOrchestratorOptions>().Bind(orchestratorSection);
        return services.AddLivepeerOrchestrator();
    }

    private sealed class Builder(IServiceCollection services) : ILivepeerOrchestratorBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}

/// <summary>Endpoint mapping of the orchestrator role.</summary>
public static class LivepeerOrchestratorEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the orchestrator's gRPC services (<c>net.Orchestrator</c>, <c>net.Transcoder</c>) and its HTTP endpoints
    /// (<c>/segment</c>, <c>/payment</c>, <c>/transcodeResults</c>, <c>/stream/…</c>, and the operator endpoints) on
    /// the app's listeners.
    /// </summary>
    public static IEndpointConventionBuilder MapLivepeerOrchestrator(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = new CompositeEndpointConventionBuilder();
        OrchestratorCoreRegistration.MapCore(endpoints, group);
        TranscoderWorkerRegistration.MapWorkers(endpoints, group);
        OperationsRegistration.MapOperations(endpoints, group);
        return group;
    }
}

/// <summary>Applies conventions to every endpoint the orchestrator maps.</summary>
internal sealed class CompositeEndpointConventionBuilder : IEndpointConventionBuilder
{
    private readonly List<IEndpointConventionBuilder> _builders = [];

    public void Add(IEndpointConventionBuilder builder) => _builders.Add(builder);

    public void Add(Action<EndpointBuilder> convention)
    {
        foreach (var builder in _builders)
        {
            builder.Add(convention);
        }
    }

    public void Finally(Action<EndpointBuilder> finallyConvention)
    {
        foreach (var builder in _builders)
        {
            builder.Finally(finallyConvention);
        }
    }
}
