using Microsoft.Extensions.Logging;

namespace Livepeer.Transcoding;

/// <summary>
/// The one place that names the engine under the pool; dependency injection, <see cref="TranscoderPoolFactory"/>
/// and the benchmarks all create it here. The pool tells the engine the device of each segment through
/// <see cref="TranscodeOptions.Device"/> (null = the CPU) and ends the engine's session with
/// <see cref="ITranscoder.EndSessionAsync"/> whenever it re-places a stream.
/// </summary>
internal static class TranscoderEngine
{
    /// <summary>Creates the engine. Until the FFmpeg engine lands this is the adapter over the prototype.</summary>
    public static ITranscoder Create(LivepeerTranscodingOptions options, ILoggerFactory? loggerFactory) =>
        new PrototypeTranscoderAdapter(options.FFmpegPath, options.MaxInputBytes, loggerFactory?.CreateLogger<PrototypeTranscoderAdapter>());
}
