using Livepeer.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Livepeer.Gateway;

/// <summary>Configures the services a gateway is built from.</summary>
public interface ILivepeerGatewayBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }
}

/// <summary>Registration of the gateway role.</summary>
public static class LivepeerGatewayServiceCollectionExtensions
{
    /// <summary>
    /// Registers the gateway: discovery, selection, sessions and payments (on chain through
    /// <c>AddLivepeerPayments</c>, unless <see cref="LivepeerGatewayOptions.OffChain"/>), and
    /// <see cref="ILivepeerGateway"/>. Map its HTTP endpoints with
    /// <see cref="LivepeerGatewayEndpointRouteBuilderExtensions.MapLivepeerGateway"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder to add selection policies and discovery sources with.</returns>
    public static ILivepeerGatewayBuilder AddLivepeerGateway(this IServiceCollection services, Action<LivepeerGatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<LivepeerGatewayOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        optionsBuilder.ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddRouting();
        GatewayCoreRegistration.AddCore(services);
        DiscoveryRegistration.AddDiscovery(services);
        SelectionRegistration.AddSelection(services);
        IngestRegistration.AddIngest(services);
        return new Builder(services);
    }

    /// <summary>
    /// Registers the gateway with every setting read from <paramref name="configuration"/>: the sections
    /// <c>Livepeer:Protocol</c>, <c>Livepeer:Payments</c> and <c>Livepeer:Gateway</c> (only the last when
    /// <c>Livepeer:Gateway:OffChain</c> is true: an off-chain gateway has no chain to configure).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The app's configuration root.</param>
    /// <returns>A builder to add selection policies and discovery sources with.</returns>
    public static ILivepeerGatewayBuilder AddLivepeerGateway(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var gateway = configuration.GetSection(LivepeerGatewayOptions.SectionName);
        if (!gateway.GetValue<bool>(nameof(LivepeerGatewayOptions.OffChain)))
        {
            services.AddLivepeerProtocol(configuration.GetSection(LivepeerProtocolOptions.SectionName));
            services.AddOptions<Livepeer.Payments.LivepeerPaymentsOptions>().Bind(configuration.GetSection(Livepeer.Payments.LivepeerPaymentsOptions.SectionName));
        }

        services.AddOptions<LivepeerGatewayOptions>().Bind(gateway).Configure(o => DefaultProfilesConfiguration.Apply(gateway, o));
        return services.AddLivepeerGateway();
    }

    /// <summary>Registers a selection policy under a name; choose it with <see cref="LivepeerGatewayOptions.SelectionPolicy"/>. A name registered twice takes the last registration.</summary>
    /// <param name="builder">The gateway builder.</param>
    /// <param name="name">The policy's name.</param>
    /// <param name="create">Creates the policy (once per gateway).</param>
    /// <returns>The builder.</returns>
    public static ILivepeerGatewayBuilder AddSelectionPolicy(this ILivepeerGatewayBuilder builder, string name, Func<IServiceProvider, IOrchestratorSelectionPolicy> create)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        builder.Services.AddSingleton(new SelectionPolicyRegistration(name, create));
        return builder;
    }

    /// <summary>Adds a discovery source next to those the options configure.</summary>
    /// <param name="builder">The gateway builder.</param>
    /// <param name="create">Creates the source.</param>
    /// <returns>The builder.</returns>
    public static ILivepeerGatewayBuilder AddDiscovery(this ILivepeerGatewayBuilder builder, Func<IServiceProvider, IOrchestratorDiscovery> create)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(create);
        builder.Services.AddSingleton(new DiscoverySourceRegistration(create));
        return builder;
    }

    private sealed class Builder(IServiceCollection services) : ILivepeerGatewayBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}

/// <summary>Endpoint mapping of the gateway role.</summary>
public static class LivepeerGatewayEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps go-livepeer's HTTP push ingest (<c>POST|PUT /live/{manifestId}/{seq}.ts|.mp4</c>) and HLS playback
    /// (<c>/stream/{manifestId}.m3u8</c> with its rendition playlists and segments).
    /// </summary>
    /// <param name="endpoints">The app's endpoint builder.</param>
    /// <returns>A builder to add conventions (authorization, say) to every gateway endpoint.</returns>
    public static IEndpointConventionBuilder MapLivepeerGateway(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return IngestRegistration.MapIngest(endpoints);
    }
}

/// <summary>A discovery source added with <c>AddDiscovery</c>.</summary>
internal sealed record DiscoverySourceRegistration(Func<IServiceProvider, IOrchestratorDiscovery> Create);
