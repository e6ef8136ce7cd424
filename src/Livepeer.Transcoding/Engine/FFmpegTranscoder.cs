using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Transcoding;

/// <summary>
/// Creates the FFmpeg transcoding engine: one ffmpeg process per segment, the segment on stdin, one decode split into
/// the renditions, exact frame and pixel counts, LPMS's error strings. Runs on NVIDIA devices (NVDEC decode, NVENC
/// encode, each falling back to the CPU where the device lacks it) or on the CPU.
/// </summary>
/// <example>
/// <code>
/// var transcoder = FFmpegTranscoder.Create(new FFmpegTranscoderOptions());
/// var result = await transcoder.TranscodeAsync(new TranscodeSegment(bytes),
///     [VideoProfile.P240p30fps16x9, VideoProfile.P360p30fps16x9], new TranscodeOptions { SessionId = "stream-1" });
/// </code>
/// </example>
public static class FFmpegTranscoder
{
    /// <summary>
    /// Creates the engine without probing hardware: it uses <see cref="FFmpegTranscoderOptions.Hardware"/>, or only the
    /// CPU when that is null. The returned object is also <see cref="IAsyncDisposable"/>; disposing it stops the
    /// processes pre-started for sessions.
    /// </summary>
    /// <param name="options">The settings; null for the defaults.</param>
    /// <param name="loggerFactory">Logging; null for none.</param>
    /// <returns>The engine.</returns>
    /// <exception cref="InvalidOperationException">ffmpeg cannot be found.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static ITranscoder Create(FFmpegTranscoderOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        options ??= new FFmpegTranscoderOptions();
        options.Validate();
        string ffmpeg;
        try
        {
            ffmpeg = FFmpegToolLocator.Resolve("ffmpeg", options.FFmpegPath);
        }
        catch (FFmpegException ex)
        {
            throw new InvalidOperationException(ex.Message, ex);
        }

        return new FFmpegSegmentTranscoder(options, ffmpeg, options.Hardware ?? HardwareInfo.SoftwareOnly, loggerFactory ?? NullLoggerFactory.Instance);
    }

    /// <summary>
    /// Creates the engine, first running <see cref="HardwareProbe"/> when <see cref="FFmpegTranscoderOptions.Hardware"/> is
    /// null. The probe never fails; without a usable GPU the engine runs on the CPU.
    /// </summary>
    /// <param name="options">The settings; null for the defaults.</param>
    /// <param name="loggerFactory">Logging; null for none.</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>The engine.</returns>
    /// <exception cref="InvalidOperationException">ffmpeg cannot be found.</exception>
    public static async Task<ITranscoder> CreateAsync(FFmpegTranscoderOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        options ??= new FFmpegTranscoderOptions();
        if (options.Hardware is null)
        {
            var probeOptions = new HardwareProbeOptions { FFmpegPath = options.FFmpegPath };
            var probe = new HardwareProbe(probeOptions, loggerFactory?.CreateLogger<HardwareProbe>());
            var hardware = await probe.GetHardwareAsync(cancellationToken).ConfigureAwait(false);
            options = Copy(options, hardware);
        }

        return Create(options, loggerFactory);
    }

    private static FFmpegTranscoderOptions Copy(FFmpegTranscoderOptions options, HardwareInfo hardware) => new()
    {
        FFmpegPath = options.FFmpegPath,
        Timeout = options.Timeout,
        MaxInputBytes = options.MaxInputBytes,
        MaxOutputBytes = options.MaxOutputBytes,
        SessionMode = options.SessionMode,
        SessionIdleTimeout = options.SessionIdleTimeout,
        SoftwarePreset = options.SoftwarePreset,
        CudaScaler = options.CudaScaler,
        Hardware = hardware,
    };
}
