using Livepeer.Orchestrator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures a standalone transcoder.</summary>
public interface ILivepeerTranscoderWorkerBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }
}

/// <summary>Registration of the standalone transcoder role (go-livepeer's <c>-transcoder</c> mode).</summary>
public static class LivepeerTranscoderWorkerServiceCollectionExtensions
{
    /// <summary>
    /// Registers a hosted service that registers with an orchestrator over <c>RegisterTranscoder</c>, transcodes the
    /// segments it is sent with the registered <c>ITranscoder</c> (the FFmpeg stack of
    /// <see cref="LivepeerTranscodingServiceCollectionExtensions.AddLivepeerTranscoding(IServiceCollection, Action{Livepeer.Transcoding.LivepeerTranscodingOptions}?)"/>
    /// unless one was registered first), and posts the renditions back. Options are validated at start. When the
    /// orchestrator refuses the secret or the capacity the service logs it and stops with a
    /// <see cref="TranscoderWorkerException"/> instead of reconnecting.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; may be null when they are bound elsewhere.</param>
    /// <returns>A builder for optional parts.</returns>
    public static ILivepeerTranscoderWorkerBuilder AddLivepeerTranscoderWorker(this IServiceCollection services, Action<LivepeerTranscoderWorkerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<LivepeerTranscoderWorkerOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        optionsBuilder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LivepeerTranscoderWorkerOptions>, LivepeerTranscoderWorkerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddLivepeerTranscoding();
        services.TryAddSingleton<TranscoderWorkerService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TranscoderWorkerService>(provider => provider.GetRequiredService<TranscoderWorkerService>()));
        return new Builder(services);
    }

    /// <summary>Registers the transcoder with options bound from <paramref name="configuration"/> (the <c>Livepeer:TranscoderWorker</c> section).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section.</param>
    /// <returns>A builder for optional parts.</returns>
    public static ILivepeerTranscoderWorkerBuilder AddLivepeerTranscoderWorker(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LivepeerTranscoderWorkerOptions>().Bind(configuration);
        return services.AddLivepeerTranscoderWorker();
    }

    private sealed class Builder(IServiceCollection services) : ILivepeerTranscoderWorkerBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
