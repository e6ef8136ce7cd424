using Livepeer.Transcoding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Livepeer transcoding stack.</summary>
public interface ILivepeerTranscodingBuilder
{
    /// <summary>The service collection.</summary>
    IServiceCollection Services { get; }
}

/// <summary><c>AddLivepeerTranscoding</c>.</summary>
public static class LivepeerTranscodingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="HardwareProbe"/>, <see cref="RenditionVerifier"/>, and the load-balancing pool over the
    /// FFmpeg engine as <see cref="ITranscoderPool"/> and <see cref="ITranscoder"/>, with options from
    /// <paramref name="configure"/>. Options are validated at start, and the devices are probed then. Calling it twice
    /// does no harm; registrations made before it win.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; may be null for the defaults (or configuration bound elsewhere).</param>
    /// <returns>A builder for optional parts.</returns>
    public static ILivepeerTranscodingBuilder AddLivepeerTranscoding(this IServiceCollection services, Action<LivepeerTranscodingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<LivepeerTranscodingOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        optionsBuilder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LivepeerTranscodingOptions>, LivepeerTranscodingOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton(provider => new HardwareProbe(
            TranscoderPoolFactory.CreateProbeOptions(Options(provider)),
            provider.GetService<ILogger<HardwareProbe>>()));
        services.TryAddSingleton(provider => new RenditionVerifier(
            new RenditionVerifierOptions { FFprobePath = Options(provider).FFprobePath },
            provider.GetService<ILogger<RenditionVerifier>>()));
        services.TryAddSingleton(provider => new TranscoderEngineRegistration(
            TranscoderEngine.Create(Options(provider), provider.GetRequiredService<HardwareProbe>(), provider.GetService<ILoggerFactory>()),
            ownsEngine: true));
        services.TryAddSingleton(provider =>
        {
            var options = Options(provider);
            var probe = provider.GetRequiredService<HardwareProbe>();
            var selection = DeviceSelection.Parse(options.Devices);
            return new TranscoderPool(
                provider.GetRequiredService<TranscoderEngineRegistration>().Engine,
                async ct => PoolDevice.Resolve(await probe.GetHardwareAsync(ct).ConfigureAwait(false), selection, options.MaxConcurrentPerDevice),
                PoolSettings.From(options),
                provider.GetService<TimeProvider>(),
                provider.GetService<ILogger<TranscoderPool>>());
        });
        services.TryAddSingleton<ITranscoderPool>(provider => provider.GetRequiredService<TranscoderPool>());
        services.TryAddSingleton<ITranscoder>(provider => provider.GetRequiredService<ITranscoderPool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TranscoderPoolStartup>());
        return new LivepeerTranscodingBuilder(services);
    }

    /// <summary>Registers the transcoding stack with options bound from <paramref name="configuration"/> (usually the
    /// <c>Livepeer:Transcoding</c> section).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section.</param>
    /// <returns>A builder for optional parts.</returns>
    public static ILivepeerTranscodingBuilder AddLivepeerTranscoding(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LivepeerTranscodingOptions>().Bind(configuration);
        return services.AddLivepeerTranscoding();
    }

    private static LivepeerTranscodingOptions Options(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<LivepeerTranscodingOptions>>().Value;

    private sealed class LivepeerTranscodingBuilder(IServiceCollection services) : ILivepeerTranscodingBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
