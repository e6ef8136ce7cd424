using Livepeer.Payments;
using Livepeer.Protocol;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Livepeer payment engine.</summary>
public interface ILivepeerPaymentsBuilder
{
    /// <summary>The service collection.</summary>
    IServiceCollection Services { get; }
}

/// <summary><c>AddLivepeerPayments</c> and its optional parts.</summary>
public static class LivepeerPaymentsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the payment engine on top of <c>AddLivepeerProtocol</c> (which it calls): options from
    /// <paramref name="configure"/>, validated at start; the L1 block source, the payment clock and the gas price source
    /// (<c>TryAdd</c>, so registrations made before win), polled in the background from the moment the host starts; and
    /// the gateway side, <see cref="TicketSender"/>, which signs with the protocol's key and is checked against the
    /// sender's own TicketBroker funds. The engine's objects can be resolved once the host has started. Calling it twice
    /// does no harm.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the options after binding.</param>
    public static ILivepeerPaymentsBuilder AddLivepeerPayments(this IServiceCollection services, Action<LivepeerPaymentsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddLivepeerProtocol();
        var optionsBuilder = services.AddOptions<LivepeerPaymentsOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }
        optionsBuilder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LivepeerPaymentsOptions>, LivepeerPaymentsOptionsValidator>());
        Roles(services);

        services.TryAddSingleton<IL1BlockSource>(provider =>
        {
            var network = provider.GetRequiredService<IOptions<LivepeerProtocolOptions>>().Value.ResolveNetwork();
            var rpc = provider.GetRequiredService<EthereumRpcClient>();
            return TicketRedemptionOptions.IsArbitrum(network) ? PaymentChain.Arbitrum(rpc) : PaymentChain.Chain(rpc);
        });
        services.TryAddSingleton<IPaymentClock>(provider =>
        {
            var connector = provider.GetRequiredService<LivepeerProtocolConnector>();
            return new PollingPaymentClock(
                connector.GetClientAsync,
                provider.GetRequiredService<IL1BlockSource>(),
                provider.GetRequiredService<IOptions<LivepeerPaymentsOptions>>().Value.PollingInterval,
                provider.GetService<TimeProvider>(),
                provider.GetService<ILoggerFactory>());
        });
        services.TryAddSingleton<IGasPriceSource>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<LivepeerPaymentsOptions>>().Value;
            return new PollingGasPriceSource(
                provider.GetRequiredService<EthereumRpcClient>(),
                options.MinGasPrice,
                options.PollingInterval,
                provider.GetService<TimeProvider>(),
                provider.GetService<ILoggerFactory>());
        });
        services.TryAddSingleton<PaymentsHost>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PaymentsHost>(provider => provider.GetRequiredService<PaymentsHost>()));
        services.TryAddSingleton(provider => provider.GetRequiredService<PaymentsHost>().Sender);
        return new LivepeerPaymentsBuilder(services);
    }

    /// <summary>
    /// Registers the payment engine with options bound from <paramref name="configuration"/> (usually the
    /// <c>Livepeer:Payments</c> section, <see cref="LivepeerPaymentsOptions.SectionName"/>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section.</param>
    public static ILivepeerPaymentsBuilder AddLivepeerPayments(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LivepeerPaymentsOptions>().Bind(configuration);
        return services.AddLivepeerPayments();
    }

    /// <summary>
    /// Adds the orchestrator side: <see cref="TicketRecipient"/>, paid at <see cref="LivepeerPaymentsOptions.RecipientAddress"/>
    /// (the signer's address when not set), which refuses payments while that orchestrator is not active in the current
    /// round. Winning tickets go to a <see cref="LocalTicketRedeemer"/> on <see cref="LivepeerPaymentsOptions.DatabasePath"/>
    /// (registered as <see cref="ISenderMonitor"/> and <see cref="ITicketRedeemer"/>), unless <see cref="UseRedeemer"/> names
    /// a remote one.
    /// </summary>
    /// <param name="builder">The payments builder.</param>
    public static ILivepeerPaymentsBuilder AddTicketRecipient(this ILivepeerPaymentsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Roles(builder.Services).Recipient = true;
        builder.Services.TryAddSingleton(provider => provider.GetRequiredService<PaymentsHost>().Recipient);
        builder.Services.TryAddSingleton(provider => provider.GetRequiredService<PaymentsHost>().Monitor);
        builder.Services.TryAddSingleton(provider => provider.GetRequiredService<PaymentsHost>().Redeemer);
        return builder;
    }

    /// <summary>
    /// Adds the orchestrator side (<see cref="AddTicketRecipient"/>) with winning tickets handed to a redeemer that another
    /// process runs (go-livepeer's <c>-redeemerAddr</c>): custody and max float come from it, and only the sender's
    /// unlock check reads the chain here. No database is needed.
    /// </summary>
    /// <param name="builder">The payments builder.</param>
    /// <param name="createRedeemer">Creates the client of the remote redeemer when the host starts.</param>
    public static ILivepeerPaymentsBuilder UseRedeemer(this ILivepeerPaymentsBuilder builder, Func<IServiceProvider, ITicketRedeemer> createRedeemer)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(createRedeemer);
        Roles(builder.Services).RemoteRedeemer = createRedeemer;
        return builder.AddTicketRecipient();
    }

    private static PaymentsRoles Roles(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(PaymentsRoles) && descriptor.ImplementationInstance is PaymentsRoles existing)
            {
                return existing;
            }
        }
        var roles = new PaymentsRoles();
        services.AddSingleton(roles);
        return roles;
    }

    private sealed class LivepeerPaymentsBuilder(IServiceCollection services) : ILivepeerPaymentsBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
