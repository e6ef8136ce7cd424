using Livepeer.Network;
using Livepeer.Orchestrator;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures the services of the ticket redeemer role.</summary>
public interface ILivepeerRedeemerBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }

    /// <summary>The payment engine the redeemer stores and redeems tickets with.</summary>
    ILivepeerPaymentsBuilder Payments { get; }
}

/// <summary>Registration of the ticket redeemer role (go-livepeer's <c>-redeemer</c>).</summary>
public static class LivepeerRedeemerServiceCollectionExtensions
{
    /// <summary>
    /// Registers the redeemer: the payment engine's recipient side
    /// (<see cref="LivepeerPaymentsServiceCollectionExtensions.AddLivepeerPayments(IServiceCollection, Action{Livepeer.Payments.LivepeerPaymentsOptions}?)"/>
    /// with <see cref="LivepeerPaymentsServiceCollectionExtensions.AddTicketRecipient"/>), which stores winning tickets and
    /// redeems them with this node's key, and the <c>net.TicketRedeemer</c> gRPC service over it. Map the service with
    /// <see cref="Microsoft.AspNetCore.Builder.LivepeerRedeemerEndpointRouteBuilderExtensions.MapLivepeerRedeemer"/>. Tickets must pay this node's
    /// recipient address (<c>Livepeer:Payments:RecipientAddress</c>, or its key's address). Calling it twice does no harm.
    /// </summary>
    public static ILivepeerRedeemerBuilder AddLivepeerRedeemer(this IServiceCollection services, Action<LivepeerRedeemerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<LivepeerRedeemerOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        optionsBuilder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LivepeerRedeemerOptions>, LivepeerRedeemerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        var payments = services.AddLivepeerPayments().AddTicketRecipient();
        services.AddRouting();
        services.TryAddSingleton<TicketRedeemerService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, RedeemerKestrelSetup>(provider => new RedeemerKestrelSetup(
            provider.GetRequiredService<IOptions<LivepeerRedeemerOptions>>(),
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            provider.GetService<ILoggerFactory>().OrNull())));
        return new Builder(services, payments);
    }

    /// <summary>Registers the redeemer with options bound from <paramref name="configuration"/> (the <c>Livepeer:Redeemer</c> section).</summary>
    public static ILivepeerRedeemerBuilder AddLivepeerRedeemer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LivepeerRedeemerOptions>().Bind(configuration);
        return services.AddLivepeerRedeemer();
    }

    private sealed class Builder(IServiceCollection services, ILivepeerPaymentsBuilder payments) : ILivepeerRedeemerBuilder
    {
        public IServiceCollection Services { get; } = services;

        public ILivepeerPaymentsBuilder Payments { get; } = payments;
    }
}
