using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Transcoding;

/// <summary>The pool's limits, taken from <see cref="LivepeerTranscodingOptions"/>.</summary>
internal sealed record PoolSettings(int MaxSessions, TimeSpan SegmentTimeout, TimeSpan SessionIdleTimeout)
{
    public static PoolSettings From(LivepeerTranscodingOptions options) =>
        new(options.MaxSessions, options.SegmentTimeout, options.SessionIdleTimeout);
}

/// <summary>
/// go-livepeer's load-balancing transcoder (<c>core/lb.go</c>) over any <see cref="ITranscoder"/>, extended with the
/// CPU as a device and a concurrency cap per device. A stream session is placed once, on the device with the least
/// Σ w × h × fps, and its segments run one at a time from a queue of 4 on that device. Any failure ends the engine's
/// session (the next segment is placed afresh), as does a forced re-initialisation or 70 s without a segment.
/// </summary>
internal sealed class TranscoderPool : ITranscoderPool
{
    private static readonly TimeSpan EndSessionLimit = TimeSpan.FromSeconds(10);

    private readonly ITranscoder _engine;
    private readonly IAsyncDisposable? _ownedEngine;
    private readonly Func<CancellationToken, Task<IReadOnlyList<PoolDeviceSpec>>> _resolveDevices;
    private readonly PoolSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, PoolSession> _sessions = new(StringComparer.Ordinal);

    // Sessions that are closed but whose loop has not finished ending the engine's session, by id: a new session
    // with the same id waits for it.
    private readonly Dictionary<string, PoolSession> _ending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private readonly CancellationTokenSource _disposing = new();
    private PoolDevice[]? _devices;
    private int _nextStart;
    private int _transientRunning;
    private TaskCompletionSource? _transientsDrained;
    private Task? _disposal;

    public TranscoderPool(
        ITranscoder engine,
        Func<CancellationToken, Task<IReadOnlyList<PoolDeviceSpec>>> resolveDevices,
        PoolSettings settings,
        TimeProvider? timeProvider = null,
        ILogger? logger = null,
        bool ownsEngine = false)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(resolveDevices);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxSessions, 1);
        _engine = engine;
        _ownedEngine = ownsEngine ? engine as IAsyncDisposable : null;
        _resolveDevices = resolveDevices;
        _settings = settings;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    public TranscoderPool(ITranscoder engine, IReadOnlyList<PoolDeviceSpec> devices, PoolSettings settings, TimeProvider? timeProvider = null, ILogger? logger = null)
        : this(engine, _ => Task.FromResult(devices), settings, timeProvider, logger)
    {
    }

    public TranscoderPoolSnapshot GetSnapshot()
    {
        lock (_lock)
        {
            var devices = _devices is null
                ? []
                : _devices.Select(d => new TranscoderDeviceLoad(d.Gpu, d.Load, d.Sessions, d.Running, d.MaxConcurrent)).ToArray();
            return new TranscoderPoolSnapshot(devices, _sessions.Count);
        }
    }

    /// <summary>Resolves the devices (runs the hardware probe) once; later calls return at once.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken) => await GetDevicesAsync(cancellationToken).ConfigureAwait(false);

    public async Task<TranscodeResult> TranscodeAsync(
        TranscodeSegment segment,
        IReadOnlyList<VideoProfile> profiles,
        TranscodeOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(profiles);
        options ??= new TranscodeOptions();
        if (options.Timeout is { } timeout && timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), timeout, "TranscodeOptions.Timeout must be positive or infinite.");
        }

        ObjectDisposedException.ThrowIf(_disposal is not null, this);
        cancellationToken.ThrowIfCancellationRequested();
        var devices = await GetDevicesAsync(cancellationToken).ConfigureAwait(false);
        if (devices.Length == 0 || (options.Device is { } gpu && !devices.Any(d => d.Gpu == gpu)))
        {
            // A pinned GPU the pool does not have (not selected, or failed the probe) is refused, not silently moved.
            throw new TranscodingException(TranscodeErrorCode.InvalidHardware);
        }

        var cost = PlacementCost.Of(profiles);
        return options.SessionId is { } sessionId
            ? await EnqueueAsync(sessionId, new PoolWorkItem(segment, profiles, options, cancellationToken), cost).ConfigureAwait(false)
            : await RunTransientAsync(segment, profiles, options, cost, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask EndSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        PoolSession? session;
        lock (_lock)
        {
            if (_sessions.TryGetValue(sessionId, out session))
            {
                CloseLocked(session, "ended by the caller");
            }
            else if (!_ending.TryGetValue(sessionId, out session))
            {
                return;
            }
        }

        await session.Completed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends every stream session (the host is stopping) and waits for their loops; new segments may still arrive.</summary>
    public async Task EndAllSessionsAsync(CancellationToken cancellationToken)
    {
        Task[] loops;
        lock (_lock)
        {
            foreach (var session in _sessions.Values.ToList())
            {
                CloseLocked(session, "host stopping");
            }

            loops = _ending.Values.Select(s => s.Completed.Task).ToArray();
        }

        await Task.WhenAll(loops).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _disposal ??= DisposeCoreAsync();
            return new ValueTask(_disposal);
        }
    }

    private async Task DisposeCoreAsync()
    {
        Task[] loops;
        Task transients;
        int sessions;
        lock (_lock)
        {
            sessions = _sessions.Count;
            foreach (var session in _sessions.Values.ToList())
            {
                CloseLocked(session, "pool disposed");
            }

            // Each id's latest closing session waits for its predecessors, so these cover every loop.
            loops = _ending.Values.Select(s => s.Completed.Task).ToArray();
            _transientsDrained = _transientRunning == 0 ? null : new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            transients = _transientsDrained?.Task ?? Task.CompletedTask;
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(loops).ConfigureAwait(false);
        await transients.ConfigureAwait(false);
        if (_ownedEngine is not null)
        {
            await _ownedEngine.DisposeAsync().ConfigureAwait(false);
        }

        PoolLog.Disposed(_logger, sessions);
    }

    private async ValueTask<PoolDevice[]> GetDevicesAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _devices) is { } devices)
        {
            return devices;
        }

        await _initGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_devices is null)
            {
                var resolved = (await _resolveDevices(cancellationToken).ConfigureAwait(false)).Select(spec => new PoolDevice(spec)).ToArray();
                PoolLog.DevicesResolved(_logger, resolved.Length == 0 ? "none" : string.Join(", ", resolved.Select(d => $"{d.Tag} (max {d.MaxConcurrent} at once)")));
                lock (_lock)
                {
                    _devices = resolved;
                }
            }

            return _devices;
        }
        finally
        {
            _initGate.Release();
        }
    }

    private async Task<TranscodeResult> EnqueueAsync(string sessionId, PoolWorkItem item, long cost)
    {
        PoolSession? created = null;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposal is not null, this);
            if (!_sessions.TryGetValue(sessionId, out var session))
            {
                if (_sessions.Count >= _settings.MaxSessions)
                {
                    throw Reject(TranscodeErrorCode.OrchestratorCapped, sessionId);
                }

                session = new PoolSession(sessionId, _ending.TryGetValue(sessionId, out var previous) ? previous.Completed.Task : null);
                PlaceLocked(session, ChooseDeviceLocked(item.Options.Device), cost);
                _sessions.Add(sessionId, session);
                TranscodingTelemetry.Sessions.Add(1);
                created = session;
            }

            if (!session.Queue.Writer.TryWrite(item))
            {
                throw Reject(TranscodeErrorCode.TranscoderBusy, sessionId);
            }
        }

        if (created is not null)
        {
            // The loop always completes the session's Completed task, which disposal and EndSessionAsync await.
            _ = Task.Run(() => RunSessionAsync(created));
        }

        using var registration = item.CancellationToken.Register(
            static state =>
            {
                var queued = (PoolWorkItem)state!;
                queued.Result.TrySetCanceled(queued.CancellationToken);
            },
            item);
        return await item.Result.Task.ConfigureAwait(false);
    }

    private async Task RunSessionAsync(PoolSession session)
    {
        try
        {
            if (session.Predecessor is { } previous)
            {
                await previous.ConfigureAwait(false);
            }

            while (await NextItemAsync(session).ConfigureAwait(false) is { } item)
            {
                if (item.Result.Task.IsCompleted)
                {
                    continue;
                }

                bool closed;
                lock (_lock)
                {
                    closed = session.Closed;
                }

                if (closed)
                {
                    item.Result.TrySetException(new TranscodingException(TranscodeErrorCode.Stopped));
                    continue;
                }

                var device = await PrepareDeviceAsync(session, item).ConfigureAwait(false);
                if (await RunItemAsync(session, device, item).ConfigureAwait(false))
                {
                    continue;
                }

                // go-livepeer stops a session's transcoder after any error; queued segments get a fresh placement.
                lock (_lock)
                {
                    ReleaseLocked(session);
                    if (session.Queue.Reader.Count == 0)
                    {
                        CloseLocked(session, "transcode error");
                    }
                }

                await EndEngineSessionAsync(session).ConfigureAwait(false);
            }
        }
        finally
        {
            lock (_lock)
            {
                CloseLocked(session, "loop ended");
            }

            while (session.Queue.Reader.TryRead(out var left))
            {
                left.Result.TrySetException(new TranscodingException(TranscodeErrorCode.Stopped));
            }

            await EndEngineSessionAsync(session).ConfigureAwait(false);
            lock (_lock)
            {
                if (_ending.TryGetValue(session.Id, out var ending) && ReferenceEquals(ending, session))
                {
                    _ending.Remove(session.Id);
                }
            }

            session.Completed.TrySetResult();
        }
    }

    private async Task<PoolWorkItem?> NextItemAsync(PoolSession session)
    {
        var reader = session.Queue.Reader;
        while (true)
        {
            if (reader.TryRead(out var item))
            {
                return item;
            }

            using var idle = new CancellationTokenSource(_settings.SessionIdleTimeout, _time);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(idle.Token, _disposing.Token);
            try
            {
                if (!await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                {
                    return null;
                }
            }
            catch (OperationCanceledException) when (wait.IsCancellationRequested)
            {
                if (_disposing.IsCancellationRequested)
                {
                    return null;
                }

                lock (_lock)
                {
                    // A segment queued just as the timer fired keeps the session alive.
                    if (reader.Count == 0)
                    {
                        CloseLocked(session, "idle");
                        return null;
                    }
                }
            }
        }
    }

    private async Task<PoolDevice> PrepareDeviceAsync(PoolSession session, PoolWorkItem item)
    {
        if (item.Options.ForceSessionReinit && session.SegmentsOnPlacement > 0)
        {
            PoolLog.SessionReinit(_logger, session.Id);
            lock (_lock)
            {
                ReleaseLocked(session);
            }

            await EndEngineSessionAsync(session).ConfigureAwait(false);
        }

        lock (_lock)
        {
            if (session.Device is null)
            {
                PlaceLocked(session, ChooseDeviceLocked(item.Options.Device), PlacementCost.Of(item.Profiles));
            }

            return session.Device!;
        }
    }

    private async Task<bool> RunItemAsync(PoolSession session, PoolDevice device, PoolWorkItem item)
    {
        var timeout = item.Options.Timeout ?? _settings.SegmentTimeout;
        using var timeoutSource = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(item.CancellationToken, timeoutSource.Token, _disposing.Token);
        try
        {
            await device.Slots.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex)
        {
            // Nothing reached the engine, so its session is intact.
            SetCancelled(item, ex, timeoutSource);
            return true;
        }

        try
        {
            session.EngineHasState = true;
            var result = await RunEngineAsync(device, session.Id, item.Segment, item.Profiles, item.Options, timeout, timeoutSource, linked.Token, item.CancellationToken).ConfigureAwait(false);
            session.SegmentsOnPlacement++;
            item.Result.TrySetResult(result);
            return true;
        }
        catch (OperationCanceledException ex)
        {
            SetCancelled(item, ex, timeoutSource);
            return false;
        }
        catch (Exception ex)
        {
            item.Result.TrySetException(ex);
            return false;
        }
        finally
        {
            device.Slots.Release();
        }
    }

    private void SetCancelled(PoolWorkItem item, OperationCanceledException exception, CancellationTokenSource timeoutSource)
    {
        if (item.CancellationToken.IsCancellationRequested)
        {
            item.Result.TrySetCanceled(item.CancellationToken);
        }
        else
        {
            item.Result.TrySetException(new TranscodingException(
                _disposing.IsCancellationRequested || !timeoutSource.IsCancellationRequested ? TranscodeErrorCode.Stopped : TranscodeErrorCode.Timeout,
                exception));
        }
    }

    private async Task<TranscodeResult> RunTransientAsync(TranscodeSegment segment, IReadOnlyList<VideoProfile> profiles, TranscodeOptions options, long cost, CancellationToken cancellationToken)
    {
        PoolDevice device;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposal is not null, this);
            device = TakeFreeSlotLocked(options.Device) ?? throw Reject(TranscodeErrorCode.OrchestratorBusy, null);
            device.Load += cost;
            _transientRunning++;
        }

        try
        {
            var timeout = options.Timeout ?? _settings.SegmentTimeout;
            using var timeoutSource = new CancellationTokenSource(timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token, _disposing.Token);
            try
            {
                return await RunEngineAsync(device, null, segment, profiles, options, timeout, timeoutSource, linked.Token, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TranscodingException(timeoutSource.IsCancellationRequested ? TranscodeErrorCode.Timeout : TranscodeErrorCode.Stopped, ex);
            }
        }
        finally
        {
            device.Slots.Release();
            lock (_lock)
            {
                device.Load -= cost;
                if (--_transientRunning == 0)
                {
                    _transientsDrained?.TrySetResult();
                }
            }
        }
    }

    private async Task<TranscodeResult> RunEngineAsync(
        PoolDevice device,
        string? sessionId,
        TranscodeSegment segment,
        IReadOnlyList<VideoProfile> profiles,
        TranscodeOptions options,
        TimeSpan timeout,
        CancellationTokenSource timeoutSource,
        CancellationToken token,
        CancellationToken callerToken)
    {
        using var activity = TranscodingTelemetry.ActivitySource.StartActivity("Transcode segment");
        activity?.SetTag("livepeer.transcoding.device", device.Tag);
        activity?.SetTag("livepeer.transcoding.session_id", sessionId);
        activity?.SetTag("livepeer.transcoding.sequence", segment.SequenceNumber);
        var engineOptions = options with { SessionId = sessionId, Device = device.Gpu, OnCpu = device.Gpu is null, Timeout = timeout };
        var started = _time.GetTimestamp();
        var outcome = "error";
        try
        {
            var result = await _engine.TranscodeAsync(segment, profiles, engineOptions, token).ConfigureAwait(false);
            outcome = "ok";
            TranscodingTelemetry.Pixels.Add(result.TotalPixels, new KeyValuePair<string, object?>("device", device.Tag));
            return result;
        }
        catch (OperationCanceledException) when (callerToken.IsCancellationRequested)
        {
            outcome = "cancelled";
            throw;
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !_disposing.IsCancellationRequested)
        {
            outcome = "timeout";
            PoolLog.SegmentTimedOut(_logger, segment.SequenceNumber, sessionId, device.Tag, timeout.TotalMilliseconds);
            throw;
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
        {
            outcome = "stopped";
            throw;
        }
        catch (Exception ex)
        {
            outcome = ex is TranscodingException { ErrorCode: TranscodeErrorCode.Timeout } ? "timeout" : "error";
            PoolLog.SegmentFailed(_logger, segment.SequenceNumber, sessionId, device.Tag, ex.Message);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
        finally
        {
            var tags = new TagList { { "outcome", outcome }, { "device", device.Tag } };
            TranscodingTelemetry.Segments.Add(1, tags);
            TranscodingTelemetry.Duration.Record(_time.GetElapsedTime(started).TotalSeconds, tags);
            activity?.SetTag("livepeer.transcoding.outcome", outcome);
        }
    }

    private async Task EndEngineSessionAsync(PoolSession session)
    {
        if (!session.EngineHasState)
        {
            return;
        }

        session.EngineHasState = false;
        using var limit = new CancellationTokenSource(EndSessionLimit, _time);
        try
        {
            await _engine.EndSessionAsync(session.Id, limit.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A failed teardown must not keep the pool from placing the stream again.
            PoolLog.EndSessionFailed(_logger, ex, session.Id);
        }
    }

    private PoolDevice ChooseDeviceLocked(int? pinnedGpu)
    {
        var devices = _devices!;
        if (pinnedGpu is { } gpu)
        {
            return devices.First(d => d.Gpu == gpu);
        }

        // Starting the search at a rotating index spreads ties round robin (go-livepeer's leastLoaded).
        var start = _nextStart;
        _nextStart = (start + 1) % devices.Length;
        var best = devices[start];
        for (var i = 1; i < devices.Length; i++)
        {
            var candidate = devices[(start + i) % devices.Length];
            if (candidate.Load < best.Load)
            {
                best = candidate;
            }
        }

        return best;
    }

    private PoolDevice? TakeFreeSlotLocked(int? pinnedGpu)
    {
        var devices = _devices!;
        if (pinnedGpu is { } gpu)
        {
            var pinned = devices.First(d => d.Gpu == gpu);
            return pinned.Slots.Wait(0) ? pinned : null;
        }

        var start = _nextStart;
        _nextStart = (start + 1) % devices.Length;
        var byLoad = Enumerable.Range(0, devices.Length).Select(i => devices[(start + i) % devices.Length]).OrderBy(d => d.Load);
        foreach (var device in byLoad)
        {
            if (device.Slots.Wait(0))
            {
                return device;
            }
        }

        return null;
    }

    private void PlaceLocked(PoolSession session, PoolDevice device, long cost)
    {
        session.Device = device;
        session.Cost = cost;
        session.SegmentsOnPlacement = 0;
        device.Load += cost;
        device.Sessions++;
        PoolLog.SessionPlaced(_logger, session.Id, device.Tag, cost, device.Load);
    }

    private static void ReleaseLocked(PoolSession session)
    {
        if (session.Device is { } device)
        {
            device.Load -= session.Cost;
            device.Sessions--;
            session.Device = null;
        }
    }

    private bool CloseLocked(PoolSession session, string reason)
    {
        if (session.Closed)
        {
            return false;
        }

        session.Closed = true;
        if (_sessions.TryGetValue(session.Id, out var current) && ReferenceEquals(current, session))
        {
            _sessions.Remove(session.Id);
        }

        _ending[session.Id] = session;
        session.Queue.Writer.TryComplete();
        ReleaseLocked(session);
        TranscodingTelemetry.Sessions.Add(-1);
        PoolLog.SessionEnded(_logger, session.Id, reason);
        return true;
    }

    private TranscodingException Reject(TranscodeErrorCode code, string? sessionId)
    {
        TranscodingTelemetry.BusyRejections.Add(1, new KeyValuePair<string, object?>("reason", TranscodingTelemetry.ReasonTag(code)));
        PoolLog.Rejected(_logger, TranscodeErrors.GetMessage(code), sessionId);
        return new TranscodingException(code);
    }
}
