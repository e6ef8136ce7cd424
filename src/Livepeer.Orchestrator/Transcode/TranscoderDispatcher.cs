using Livepeer.Transcoding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Livepeer.Orchestrator;

/// <summary>
/// Where the orchestrator sends every segment: the local <see cref="ITranscoder"/> (when
/// <see cref="LivepeerOrchestratorOptions.TranscodeLocally"/>) and the registered standalone transcoders. A new
/// session goes to the one with the most free capacity and stays there (go-livepeer's <c>selectTranscoder</c>);
/// when none has room the segment fails with <see cref="TranscodeErrorCode.OrchestratorBusy"/>. A segment whose
/// transcoder disconnects is sent elsewhere.
/// </summary>
internal sealed class TranscoderDispatcher : ITranscoder
{
    /// <summary>How many transcoders one segment may try when they keep disconnecting.</summary>
    internal const int MaxAttempts = 3;

    /// <summary>A session without a segment for this long gives its slot back (go-livepeer's transcode loop timeout).</summary>
    internal static readonly TimeSpan SessionIdleTimeout = TimeSpan.FromSeconds(70);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SessionEntry> _sessions = new(StringComparer.Ordinal);
    private readonly LocalDispatchTarget? _local;
    private readonly RemoteTranscoderManager? _remote;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public TranscoderDispatcher(IOptions<LivepeerOrchestratorOptions> options, IServiceProvider services)
        : this(
            ResolveLocal(options, services, out var capacity),
            capacity,
            services.GetService<RemoteTranscoderManager>(),
            services.GetService<TimeProvider>(),
            services.GetService<ILogger<TranscoderDispatcher>>())
    {
    }

    /// <param name="local">The local transcoder, or null to use workers only.</param>
    /// <param name="localCapacity">How many sessions the local transcoder takes.</param>
    /// <param name="remote">The registered workers, or null for none.</param>
    /// <param name="time">The clock for idle sessions.</param>
    /// <param name="logger">Where placements are logged.</param>
    public TranscoderDispatcher(ITranscoder? local, int localCapacity, RemoteTranscoderManager? remote, TimeProvider? time = null, ILogger? logger = null)
    {
        if (local is not null)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(localCapacity);
            _local = new LocalDispatchTarget(local, localCapacity);
        }

        _remote = remote;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    public async Task<TranscodeResult> TranscodeAsync(TranscodeSegment segment, IReadOnlyList<VideoProfile> profiles, TranscodeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(profiles);
        var sessionId = options?.SessionId is { Length: > 0 } id ? id : null;
        await EndIdleSessionsAsync().ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var target = Acquire(sessionId);
            var ok = false;
            try
            {
                var result = await target.TranscodeAsync(segment, profiles, options, cancellationToken).ConfigureAwait(false);
                ok = true;
                return result;
            }
            catch (RemoteTranscoderLostException lost) when (attempt < MaxAttempts)
            {
                WorkersLog.FailingOver(_logger, segment.SequenceNumber, sessionId, lost.Address, attempt);
            }
            finally
            {
                if (!ok)
                {
                    // go-livepeer completes the session on any failure, so the next segment is placed afresh.
                    await ReleaseAsync(sessionId, target, endAtTarget: target.IsAvailable).ConfigureAwait(false);
                }
                else
                {
                    Complete(sessionId, target);
                }
            }
        }
    }

    public async ValueTask EndSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        DispatchTarget? target = null;
        lock (_gate)
        {
            if (_sessions.Remove(sessionId, out var entry))
            {
                target = entry.Target;
                target.Load--;
            }
        }

        if (target is not null)
        {
            await EndAtTargetAsync(target, sessionId, "ended by the orchestrator", cancellationToken).ConfigureAwait(false);
        }
        else if (_local is not null)
        {
            // The local transcoder ignores ids it does not know, so a session placed before a restart is still freed.
            await EndAtTargetAsync(_local, sessionId, "ended by the orchestrator", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The session's transcoder, or the one with the most free capacity for a new session.</summary>
    private DispatchTarget Acquire(string? sessionId)
    {
        lock (_gate)
        {
            if (sessionId is not null && _sessions.TryGetValue(sessionId, out var entry))
            {
                if (entry.Target.IsAvailable)
                {
                    entry.InFlight++;
                    return entry.Target;
                }

                _sessions.Remove(sessionId);
            }

            DispatchTarget? best = null;
            if (_local is { FreeCapacity: > 0 })
            {
                best = _local;
            }

            foreach (var worker in _remote?.Workers ?? [])
            {
                if (worker.IsAvailable && worker.FreeCapacity > 0 && (best is null || worker.FreeCapacity > best.FreeCapacity))
                {
                    best = worker;
                }
            }

            if (best is null)
            {
                WorkersLog.NoCapacity(_logger, sessionId);
                throw new TranscodingException(TranscodeErrorCode.OrchestratorBusy);
            }

            WorkersLog.SessionPlaced(_logger, sessionId, best.Name, best.FreeCapacity, best.Capacity);
            best.Load++;
            if (sessionId is not null)
            {
                _sessions[sessionId] = new SessionEntry(best) { InFlight = 1, LastUsed = _time.GetUtcNow() };
            }

            return best;
        }
    }

    /// <summary>After a success: the session stays on its transcoder; a session-less segment gives its slot back.</summary>
    private void Complete(string? sessionId, DispatchTarget target)
    {
        lock (_gate)
        {
            if (sessionId is null)
            {
                target.Load--;
            }
            else if (_sessions.TryGetValue(sessionId, out var entry) && ReferenceEquals(entry.Target, target))
            {
                entry.InFlight--;
                entry.LastUsed = _time.GetUtcNow();
            }
        }
    }

    private async ValueTask ReleaseAsync(string? sessionId, DispatchTarget target, bool endAtTarget)
    {
        var ended = false;
        lock (_gate)
        {
            if (sessionId is null)
            {
                target.Load--;
            }
            else if (_sessions.TryGetValue(sessionId, out var entry) && ReferenceEquals(entry.Target, target))
            {
                _sessions.Remove(sessionId);
                target.Load--;
                ended = true;
            }
        }

        if (ended && endAtTarget)
        {
            await EndAtTargetAsync(target, sessionId!, "failed segment", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async ValueTask EndIdleSessionsAsync()
    {
        List<(string SessionId, DispatchTarget Target)>? idle = null;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            foreach (var (sessionId, entry) in _sessions)
            {
                if (entry.InFlight == 0 && (now - entry.LastUsed >= SessionIdleTimeout || !entry.Target.IsAvailable))
                {
                    (idle ??= []).Add((sessionId, entry.Target));
                }
            }

            foreach (var (sessionId, target) in idle ?? [])
            {
                _sessions.Remove(sessionId);
                target.Load--;
            }
        }

        foreach (var (sessionId, target) in idle ?? [])
        {
            if (target.IsAvailable)
            {
                await EndAtTargetAsync(target, sessionId, "idle", CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask EndAtTargetAsync(DispatchTarget target, string sessionId, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await target.EndSessionAsync(sessionId, cancellationToken).ConfigureAwait(false);
            WorkersLog.SessionEnded(_logger, sessionId, target.Name, reason);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            WorkersLog.SessionEndFailed(_logger, sessionId, target.Name, e);
        }
    }

    private static ITranscoder? ResolveLocal(IOptions<LivepeerOrchestratorOptions> options, IServiceProvider services, out int capacity)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        capacity = services.GetService<IOptions<LivepeerTranscodingOptions>>()?.Value.MaxSessions ?? options.Value.MaxSessions;
        return options.Value.TranscodeLocally ? services.GetService<ITranscoder>() : null;
    }

    private sealed class SessionEntry(DispatchTarget target)
    {
        public DispatchTarget Target { get; } = target;

        public int InFlight { get; set; }

        public DateTimeOffset LastUsed { get; set; }
    }
}
