using Livepeer.Protocol;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Livepeer protocol layer.</summary>
public interface ILivepeerProtocolBuilder
{
    /// <summary>The service collection.</summary>
    IServiceCollection Services { get; }
}

/// <summary><c>AddLivepeerProtocol</c> and its optional parts.</summary>
public static class LivepeerProtocolServiceCollectionExtensions
{
    internal const string HttpClientName = "Livepeer.Protocol.Rpc";

    /// <summary>
    /// Registers the JSON-RPC client, the signer (when a key is configured), the transaction sender and
    /// <see cref="LivepeerProtocolConnector"/>, with options from <paramref name="configure"/>. Options are
    /// validated at start. Calling it twice does no harm; registrations made before it win.
    /// </summary>
    public static ILivepeerProtocolBuilder AddLivepeerProtocol(this IServiceCollection services, Action<LivepeerProtocolOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<LivepeerProtocolOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }
        optionsBuilder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LivepeerProtocolOptions>, LivepeerProtocolOptionsValidator>());
        services.AddHttpClient(HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);

        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<LivepeerProtocolOptions>>().Value;
            var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            return new EthereumRpcClient(http, new Uri(options.RpcUrl!), options.Rpc, provider.GetService<ILoggerFactory>());
        });
        services.TryAddSingleton(provider => ConfiguredSigner.Create(provider.GetRequiredService<IOptions<LivepeerProtocolOptions>>().Value));
        services.TryAddSingleton(provider => new NonceManager(provider.GetRequiredService<EthereumRpcClient>(), provider.GetService<ILoggerFactory>()));
        services.TryAddSingleton(provider =>
        {
            var signer = provider.GetService<ISigner>() ?? provider.GetRequiredService<ConfiguredSigner>().Signer;
            return signer is null
                ? new OptionalSender(null)
                : new OptionalSender(new TransactionSender(
                    provider.GetRequiredService<EthereumRpcClient>(),
                    signer,
                    provider.GetRequiredService<IOptions<LivepeerProtocolOptions>>().Value.Transactions,
                    provider.GetRequiredService<NonceManager>(),
                    provider.GetService<ILoggerFactory>()));
        });
        services.TryAddSingleton(provider => new LivepeerProtocolConnector(
            provider.GetRequiredService<IOptions<LivepeerProtocolOptions>>(),
            provider.GetRequiredService<EthereumRpcClient>(),
            provider.GetRequiredService<OptionalSender>().Sender,
            provider.GetService<ILoggerFactory>()));
        return new LivepeerProtocolBuilder(services);
    }

    /// <summary>Registers the protocol layer with options bound from <paramref name="configuration"/> (usually the <c>Livepeer:Protocol</c> section).</summary>
    public static ILivepeerProtocolBuilder AddLivepeerProtocol(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LivepeerProtocolOptions>().Bind(configuration);
        return services.AddLivepeerProtocol();
    }

    /// <summary>Runs <see cref="RoundInitializerService"/>, which initialises rounds nobody has initialised yet.</summary>
    public static ILivepeerProtocolBuilder AddRoundInitializer(this ILivepeerProtocolBuilder builder, Action<RoundInitializerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<RoundInitializerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RoundInitializerService>());
        return builder;
    }

    /// <summary>Runs <see cref="RewardService"/>, which calls reward once per round while the configured account is an active orchestrator.</summary>
    public static ILivepeerProtocolBuilder AddRewardService(this ILivepeerProtocolBuilder builder, Action<RewardServiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<RewardServiceOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RewardService>());
        return builder;
    }

    private sealed class LivepeerProtocolBuilder(IServiceCollection services) : ILivepeerProtocolBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}

/// <summary>The transaction sender when a key is configured; the protocol is read-only otherwise.</summary>
internal sealed record OptionalSender(TransactionSender? Sender);

/// <summary>The signer built from the options' keystore or key, or none.</summary>
internal sealed class ConfiguredSigner
{
    private ConfiguredSigner(ISigner? signer) => Signer = signer;

    public ISigner? Signer { get; }

    public static ConfiguredSigner Create(LivepeerProtocolOptions options)
    {
        if (options.PrivateKey is { } key)
        {
            return new ConfiguredSigner(PrivateKeySigner.FromHex(key));
        }
        if (options.KeystorePath is { } path)
        {
            var password = options.KeystorePassword
                ?? File.ReadLines(options.KeystorePasswordFile!).FirstOrDefault()
                ?? string.Empty;
            return new ConfiguredSigner(KeystoreV3.DecryptSigner(File.ReadAllText(path), password));
        }
        return new ConfiguredSigner(null);
    }
}
