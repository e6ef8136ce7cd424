using Microsoft.Extensions.Logging;

namespace Livepeer.Transcoding;

/// <summary>
/// The one place that names the engine under the pool; dependency injection, <see cref="TranscoderPoolFactory"/>
/// and the benchmarks all create it here. The pool tells the engine the device of each segment through
/// <see cref="TranscodeOptions.Device"/> (with <see cref="TranscodeOptions.OnCpu"/> for the CPU) and ends the engine's
/// session with <see cref="ITranscoder.EndSessionAsync"/> whenever it re-places a stream.
/// </summary>
internal static class TranscoderEngine
{
    /// <summary>Creates the FFmpeg engine; it learns the GPUs from <paramref name="probe"/> (cached) on first use.</summary>
    public static ITranscoder Create(LivepeerTranscodingOptions options, HardwareProbe probe, ILoggerFactory? loggerFactory)
        => new ProbedEngine(options, probe, loggerFactory);

    /// <summary>The FFmpeg engine, created once the hardware it may use is known.</summary>
    private sealed class ProbedEngine(LivepeerTranscodingOptions options, HardwareProbe probe, ILoggerFactory? loggerFactory)
        : ITranscoder, IAsyncDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private ITranscoder? _engine;
        private bool _disposed;

        public async Task<TranscodeResult> TranscodeAsync(
            TranscodeSegment segment,
            IReadOnlyList<VideoProfile> profiles,
            TranscodeOptions? transcodeOptions = null,
            CancellationToken cancellationToken = default)
        {
            var engine = await GetEngineAsync(cancellationToken).ConfigureAwait(false);
            return await engine.TranscodeAsync(segment, profiles, transcodeOptions, cancellationToken).ConfigureAwait(false);
        }

        public ValueTask EndSessionAsync(string sessionId, CancellationToken cancellationToken = default)
            => Volatile.Read(ref _engine) is { } engine ? engine.EndSessionAsync(sessionId, cancellationToken) : ValueTask.CompletedTask;

        public async ValueTask DisposeAsync()
        {
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                _disposed = true;
                if (_engine is IAsyncDisposable disposable)
                {
                    await disposable.DisposeAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                _gate.Release();
            }
        }

        private async ValueTask<ITranscoder> GetEngineAsync(CancellationToken cancellationToken)
        {
            if (Volatile.Read(ref _engine) is { } engine)
            {
                return engine;
            }
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_engine is null)
                {
                    var hardware = await probe.GetHardwareAsync(cancellationToken).ConfigureAwait(false);
                    var engineOptions = new FFmpegTranscoderOptions
                    {
                        FFmpegPath = options.FFmpegPath,
                        MaxInputBytes = options.MaxInputBytes,
                        Timeout = options.SegmentTimeout,
                        SessionIdleTimeout = options.SessionIdleTimeout,
                        Hardware = hardware,
                    };
                    if (options.SessionMode is { } mode)
                    {
                        engineOptions.SessionMode = mode;
                    }
                    Volatile.Write(ref _engine, FFmpegTranscoder.Create(engineOptions, loggerFactory));
                }
                return _engine!;
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
