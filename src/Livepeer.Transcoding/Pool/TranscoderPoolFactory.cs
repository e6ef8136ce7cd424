using Microsoft.Extensions.Logging;

namespace Livepeer.Transcoding;

/// <summary>Creates an <see cref="ITranscoderPool"/> without dependency injection.</summary>
public static class TranscoderPoolFactory
{
    /// <summary>
    /// Probes the hardware and creates a pool over the FFmpeg engine on the devices <paramref name="options"/> select.
    /// Dispose the pool to end its sessions and the engine.
    /// </summary>
    /// <param name="options">The settings; checked as at host start.</param>
    /// <param name="loggerFactory">Receives the pool's, probe's and engine's logs; may be null.</param>
    /// <param name="timeProvider">The clock for timeouts and idle sessions; the system clock when null.</param>
    /// <param name="cancellationToken">Cancels the hardware probe.</param>
    /// <returns>The pool, its devices known.</returns>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public static async Task<ITranscoderPool> CreateAsync(
        LivepeerTranscodingOptions options,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        Validate(options);
        var probe = new HardwareProbe(CreateProbeOptions(options), loggerFactory?.CreateLogger<HardwareProbe>());
        var selection = DeviceSelection.Parse(options.Devices);
        var cpu = options.MaxConcurrentPerDevice.Cpu;
        var gpu = options.MaxConcurrentPerDevice.Gpu;
        var pool = new TranscoderPool(
            TranscoderEngine.Create(options, probe, loggerFactory),
            async ct => PoolDevice.Resolve(await probe.GetHardwareAsync(ct).ConfigureAwait(false), selection, new TranscodingConcurrencyOptions { Cpu = cpu, Gpu = gpu }),
            PoolSettings.From(options),
            timeProvider,
            loggerFactory?.CreateLogger<TranscoderPool>(),
            ownsEngine: true);
        try
        {
            await pool.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await pool.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return pool;
    }

    /// <summary>
    /// Creates a pool over any engine (a remote worker, a custom engine) on the devices of <paramref name="hardware"/>
    /// that <paramref name="options"/> select. The pool does not dispose <paramref name="engine"/>.
    /// </summary>
    /// <param name="engine">The engine each segment is handed to, with its device in <see cref="TranscodeOptions.Device"/>.</param>
    /// <param name="hardware">The GPUs; <see cref="HardwareInfo.SoftwareOnly"/> for the CPU only.</param>
    /// <param name="options">The settings; the tool paths and engine settings are not used.</param>
    /// <param name="loggerFactory">Receives the pool's logs; may be null.</param>
    /// <param name="timeProvider">The clock for timeouts and idle sessions; the system clock when null.</param>
    /// <returns>The pool.</returns>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public static ITranscoderPool Create(
        ITranscoder engine,
        HardwareInfo hardware,
        LivepeerTranscodingOptions options,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(hardware);
        Validate(options);
        var devices = PoolDevice.Resolve(hardware, DeviceSelection.Parse(options.Devices), options.MaxConcurrentPerDevice);
        return new TranscoderPool(engine, _ => Task.FromResult(devices), PoolSettings.From(options), timeProvider, loggerFactory?.CreateLogger<TranscoderPool>());
    }

    internal static HardwareProbeOptions CreateProbeOptions(LivepeerTranscodingOptions options)
    {
        var selection = DeviceSelection.TryParse(options.Devices, out var parsed, out _) ? parsed : DeviceSelection.AllGpus;
        var probeOptions = new HardwareProbeOptions { FFmpegPath = options.FFmpegPath, SoftwareOnly = !selection.UsesGpus };
        foreach (var device in selection.Pinned)
        {
            probeOptions.Devices.Add(device);
        }

        return probeOptions;
    }

    private static void Validate(LivepeerTranscodingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new LivepeerTranscodingOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new ArgumentException(result.FailureMessage, nameof(options));
        }
    }
}
