using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Livepeer.Transcoding;

/// <summary>
/// The FFmpeg <see cref="ITranscoder"/>. Each segment runs in its own ffmpeg process (see <see cref="TranscodePlan"/>);
/// in <see cref="TranscoderSessionMode.Prewarmed"/> mode the process for a session's next segment is started while the
/// current one runs. Segments of one session run one at a time, in call order.
/// </summary>
internal sealed class FFmpegSegmentTranscoder : ITranscoder, IAsyncDisposable
{
    private readonly FFmpegTranscoderOptions _options;
    private readonly string _ffmpeg;
    private readonly HardwareInfo _hardware;
    private readonly ILogger _logger;
    private readonly FFmpegProcessRunner _runner;
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly Lazy<Task<CudaScaler>> _cudaScaler;
    private int _disposed;

    public FFmpegSegmentTranscoder(FFmpegTranscoderOptions options, string ffmpeg, HardwareInfo hardware, ILoggerFactory loggerFactory)
    {
        _options = options;
        _ffmpeg = ffmpeg;
        _hardware = hardware;
        _logger = loggerFactory.CreateLogger("Livepeer.Transcoding.FFmpegTranscoder");
        _runner = new FFmpegProcessRunner(loggerFactory.CreateLogger("Livepeer.Transcoding.FFmpeg"));
        _cudaScaler = new Lazy<Task<CudaScaler>>(DetectCudaScalerAsync);
        TranscoderLog.Created(_logger, ffmpeg, options.SessionMode, hardware.Devices.Count);
    }

    /// <summary>Called with the id of every ffmpeg process started (tests watch them in /proc).</summary>
    internal Action<int>? ProcessStarted { get; set; }

    public async Task<TranscodeResult> TranscodeAsync(
        TranscodeSegment segment,
        IReadOnlyList<VideoProfile> profiles,
        TranscodeOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(profiles);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        options ??= new TranscodeOptions();
        var stopwatch = Stopwatch.StartNew();
        try
        {
            Validate(segment, profiles);
            var plan = await CreatePlanAsync(profiles, options.Device, options.OnCpu).ConfigureAwait(false);
            var timeout = options.Timeout ?? _options.Timeout;
            var run = options.SessionId is { } sessionId && _options.SessionMode == TranscoderSessionMode.Prewarmed
                ? await RunInSessionAsync(sessionId, segment, plan, options.ForceSessionReinit, timeout, cancellationToken).ConfigureAwait(false)
                : await RunOnceAsync(segment, plan, timeout, cancellationToken).ConfigureAwait(false);

            var result = ToResult(plan, run, stopwatch.Elapsed);
            TranscoderLog.Transcoded(_logger, segment.SequenceNumber, options.SessionId, result.Renditions.Count, result.TotalPixels, result.DecodedFrames, stopwatch.Elapsed.TotalMilliseconds, result.Device);
            return result;
        }
        catch (FFmpegException ex)
        {
            var error = MapFailure(ex);
            TranscoderLog.Failed(_logger, segment.SequenceNumber, options.SessionId, error.ErrorCode, ex.Message);
            throw error;
        }
        catch (TranscodingException ex)
        {
            TranscoderLog.Failed(_logger, segment.SequenceNumber, options.SessionId, ex.ErrorCode, ex.Message);
            throw;
        }
    }

    public async ValueTask EndSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        if (_sessions.TryRemove(sessionId, out var session))
        {
            await session.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await DiscardWarmAsync(sessionId, session, "the session ended").ConfigureAwait(false);
            }
            finally
            {
                session.Gate.Release();
            }

            TranscoderLog.SessionEnded(_logger, sessionId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var (id, session) in _sessions)
        {
            _sessions.TryRemove(id, out _);
            if (Interlocked.Exchange(ref session.Warm, null) is { } warm)
            {
                await warm.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    internal static TranscodingException MapFailure(FFmpegException failure)
    {
        var tail = failure.StderrTail;
        return failure.Kind switch
        {
            FFmpegFailureKind.Timeout => new TranscodingException(TranscodeErrorCode.Timeout, failure),
            FFmpegFailureKind.InputTooLarge => new TranscodingException(TranscodeErrorCode.InputTooLarge, failure),
            FFmpegFailureKind.InvalidInput => new TranscodingException(TranscodeErrorCode.InvalidData, failure),
            FFmpegFailureKind.NoVideo when tail.Contains("matches no streams", StringComparison.Ordinal)
                || tail.Contains("does not contain any stream", StringComparison.Ordinal)
                => new TranscodingException(TranscodeErrorCode.InvalidVideo, failure),
            FFmpegFailureKind.NoVideo => new TranscodingException(TranscodeErrorCode.ZeroFrames, failure),
            FFmpegFailureKind.UnsupportedPixelFormat => new TranscodingException(TranscodeErrorCode.UnsupportedInputPixelFormat, failure),
            FFmpegFailureKind.FilterGraph => new TranscodingException(TranscodeErrorCode.FilterGraphInitFailed, failure),
            FFmpegFailureKind.OutOfMemory => new TranscodingException(TranscodeErrorCode.OutOfMemory, failure),
            _ => FromStderr(failure),
        };
    }

    private static TranscodingException FromStderr(FFmpegException failure)
    {
        var code = TranscodeErrors.FromFfmpegOutput(failure.StderrTail);
        return code == TranscodeErrorCode.Unknown
            ? new TranscodingException(TranscodeErrorCode.Unknown, failure.Message, failure)
            : new TranscodingException(code, failure);
    }

    private void Validate(TranscodeSegment segment, IReadOnlyList<VideoProfile> profiles)
    {
        if (profiles.Count == 0)
        {
            throw new TranscodingConfigurationException("profiles", "At least one rendition profile is required.");
        }

        if (profiles.Count > TranscodeLimits.MaxOutputs)
        {
            throw new TranscodingException(TranscodeErrorCode.TooManyOutputs);
        }

        for (var i = 0; i < profiles.Count; i++)
        {
            if (profiles[i] is null)
            {
                throw new TranscodingConfigurationException($"profiles[{i}]", "The profile is null.");
            }
        }

        if (segment.Data.Length == 0)
        {
            throw new TranscodingException(TranscodeErrorCode.EmptyData);
        }

        if (segment.Data.Length > _options.MaxInputBytes)
        {
            throw new TranscodingException(TranscodeErrorCode.InputTooLarge);
        }
    }

    private async Task<TranscodePlan> CreatePlanAsync(IReadOnlyList<VideoProfile> profiles, int? requestedDevice, bool onCpu)
    {
        GpuDevice? device = null;
        if (onCpu)
        {
            if (requestedDevice is not null)
            {
                throw new TranscodingException(TranscodeErrorCode.InvalidHardware);
            }
        }
        else if (requestedDevice is { } index)
        {
            device = _hardware.Devices.FirstOrDefault(d => d.Index == index)
                ?? throw new TranscodingException(TranscodeErrorCode.InvalidHardware);
        }
        else if (_hardware.Devices.Count > 0)
        {
            device = _hardware.Devices[0];
        }

        var scaler = device is null ? CudaScaler.Npp : await _cudaScaler.Value.ConfigureAwait(false);
        return TranscodePlan.Create(profiles, device, scaler, _options.SoftwarePreset);
    }

    private async Task<FFmpegProcessResult> RunOnceAsync(TranscodeSegment segment, TranscodePlan plan, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var job = FFmpegJob.Start(_runner, _ffmpeg, plan, _options.MaxOutputBytes, ProcessStarted);
        await using (job.ConfigureAwait(false))
        {
            return await job.RunAsync(segment.Data, timeout, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<FFmpegProcessResult> RunInSessionAsync(
        string sessionId,
        TranscodeSegment segment,
        TranscodePlan plan,
        bool forceReinit,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var session = _sessions.GetOrAdd(sessionId, static _ => new Session());
        await session.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var job = Interlocked.Exchange(ref session.Warm, null);
            if (job is not null)
            {
                var reason = forceReinit ? "a re-initialisation was requested"
                    : !string.Equals(job.Plan.Key, plan.Key, StringComparison.Ordinal) ? "the renditions or device changed"
                    : !job.TryClaim() ? "it had expired or exited"
                    : null;
                if (reason is not null)
                {
                    TranscoderLog.WarmProcessDiscarded(_logger, sessionId, reason);
                    await job.DisposeAsync().ConfigureAwait(false);
                    job = null;
                }
                else
                {
                    TranscoderLog.WarmProcessUsed(_logger, segment.SequenceNumber, sessionId, job.ProcessId);
                }
            }

            job ??= FFmpegJob.Start(_runner, _ffmpeg, plan, _options.MaxOutputBytes, ProcessStarted);
            await using (job.ConfigureAwait(false))
            {
                // The input is handed over before the next process starts, so its launch overlaps this transcode
                // instead of delaying it.
                var run = job.RunAsync(segment.Data, timeout, cancellationToken);
                if (!run.IsCompleted && Volatile.Read(ref _disposed) == 0)
                {
                    StartWarm(sessionId, session, plan);
                }

                try
                {
                    return await run.ConfigureAwait(false);
                }
                catch
                {
                    // As in LPMS, any error ends the session's state; the next segment starts from scratch.
                    await DiscardWarmAsync(sessionId, session, "the previous segment failed").ConfigureAwait(false);
                    throw;
                }
            }
        }
        finally
        {
            session.Gate.Release();
        }
    }

    private void StartWarm(string sessionId, Session session, TranscodePlan plan)
    {
        var warm = FFmpegJob.Start(_runner, _ffmpeg, plan, _options.MaxOutputBytes, ProcessStarted);
        var idle = _options.SessionIdleTimeout;
        warm.ExpireAfter(idle);
        Volatile.Write(ref session.Warm, warm);
        _ = ExpireWhenIdleAsync(sessionId, session, warm, idle);
    }

    private async Task ExpireWhenIdleAsync(string sessionId, Session session, FFmpegJob warm, TimeSpan idle)
    {
        try
        {
            await warm.Completion.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or FFmpegException)
        {
        }

        // Only a process nobody claimed is still the session's warm one when it ends; a claimed one is disposed by
        // the segment that ran on it.
        if (Interlocked.CompareExchange(ref session.Warm, null, warm) == warm)
        {
            TranscoderLog.WarmProcessExpired(_logger, sessionId, idle.TotalSeconds);
            await warm.DisposeAsync().ConfigureAwait(false);
            if (session.Gate.CurrentCount == 1 && Volatile.Read(ref session.Warm) is null)
            {
                _sessions.TryRemove(new KeyValuePair<string, Session>(sessionId, session));
            }
        }
    }

    private async Task DiscardWarmAsync(string sessionId, Session session, string reason)
    {
        if (Interlocked.Exchange(ref session.Warm, null) is { } warm)
        {
            TranscoderLog.WarmProcessDiscarded(_logger, sessionId, reason);
            await warm.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static TranscodeResult ToResult(TranscodePlan plan, FFmpegProcessResult run, TimeSpan elapsed)
    {
        var statistics = run.Statistics;
        var decoded = statistics.DecodedVideoFrames ?? 0;
        var renditions = new TranscodedRendition[plan.Outputs.Count];
        for (var i = 0; i < renditions.Length; i++)
        {
            var video = statistics.VideoOutput(i);
            if (video is null || video.Frames == 0)
            {
                throw new TranscodingException(TranscodeErrorCode.ZeroFrames);
            }

            if (decoded > 0 && video.FramesEncoded > decoded * TranscodeLimits.MaxEncodedFramesPerDecodedFrame)
            {
                throw new TranscodingException(TranscodeErrorCode.EncodedFramesRunaway);
            }

            renditions[i] = new TranscodedRendition(plan.Outputs[i].Profile, run.Outputs[i], video.Width, video.Height, video.Frames, video.Pixels);
        }

        return new TranscodeResult(renditions, decoded, elapsed) { Device = plan.Device };
    }

    private async Task<CudaScaler> DetectCudaScalerAsync()
    {
        var scaler = _options.CudaScaler ?? CudaScaler.Cuda;
        if (_options.CudaScaler is null)
        {
            var hasNpp = false;
            try
            {
                await _runner.RunAsync(
                    new FFmpegProcessRequest(_ffmpeg, ["-hide_banner", "-filters"])
                    {
                        Timeout = TimeSpan.FromSeconds(15),
                        StdoutLine = line => hasNpp |= line.Contains(" scale_npp ", StringComparison.Ordinal),
                    },
                    CancellationToken.None).ConfigureAwait(false);
            }
            catch (FFmpegException)
            {
                // An ffmpeg that cannot list its filters fails the transcode itself with a clearer error.
            }

            scaler = hasNpp ? CudaScaler.Npp : CudaScaler.Cuda;
        }

        TranscoderLog.CudaScalerChosen(_logger, scaler);
        return scaler;
    }

    private sealed class Session
    {
        public readonly SemaphoreSlim Gate = new(1, 1);

        public FFmpegJob? Warm;
    }
}
