using Livepeer.Network;
using Livepeer.Payments;
using Microsoft.Extensions.Logging;

namespace Livepeer.Gateway;

/// <summary>
/// One of a stream's two pools (go-livepeer's <c>SessionPool</c>): the sessions discovery found, the pool's
/// suspensions, and the last session used. It refreshes in the background, one refresh at a time, whenever it holds
/// fewer than min(8, ⌈numOrchs / 2⌉) sessions. Thread-safe.
/// </summary>
internal sealed class SessionPool
{
    /// <summary>go-livepeer's <c>maxRefreshSessionsThreshold</c>.</summary>
    public const int MaxRefreshThreshold = 8;

    /// <summary>go-livepeer's <c>SELECTOR_LATENCY_SCORE_THRESHOLD</c>: a session this fast is reused.</summary>
    public const double ReuseLatencyScore = 1.0;

    private static readonly TimeSpan MinReuseWindow = TimeSpan.FromSeconds(1.5);

    private readonly StreamSessionManager _stream;
    private readonly Lock _gate = new();
    private readonly List<OrchestratorSession> _sessions = [];
    private OrchestratorSession? _last;
    private Task? _refresh;
    private int _numOrchestrators;
    private IReadOnlyList<DiscoveryRejection> _lastRejections = [];

    public SessionPool(OrchestratorPoolKind kind, StreamSessionManager stream)
    {
        Kind = kind;
        _stream = stream;
    }

    public OrchestratorPoolKind Kind { get; }

    public OrchestratorSuspender Suspender { get; } = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>The numOrchs of the last refresh: every candidate for the untrusted pool, up to MaxTrustedSessions for the trusted one.</summary>
    public int NumOrchestrators => Volatile.Read(ref _numOrchestrators);

    /// <summary>The orchestrators the last refresh's discovery round left out, and why.</summary>
    public IReadOnlyList<DiscoveryRejection> LastRejections => Volatile.Read(ref _lastRejections);

    public IReadOnlyList<OrchestratorSession> Snapshot()
    {
        lock (_gate)
        {
            return [.. _sessions];
        }
    }

    /// <summary>Starts a refresh unless one is running, and returns it.</summary>
    public Task RefreshAsync()
    {
        lock (_gate)
        {
            if (_refresh is { IsCompleted: false } running)
            {
                return running;
            }

            _refresh = Task.Run(RunRefreshAsync);
            return _refresh;
        }
    }

    /// <summary>Starts a refresh when the pool has run low (and none is running).</summary>
    public void RefillIfNeeded()
    {
        var numOrchestrators = NumOrchestrators;
        var threshold = Math.Min(MaxRefreshThreshold, (numOrchestrators + 1) / 2);
        if (Count < Math.Max(1, threshold))
        {
            _ = RefreshAsync();
        }
    }

    /// <summary>Removes a failed session and suspends its orchestrator; returns the penalty.</summary>
    public async Task<long> SuspendAndRemoveAsync(OrchestratorSession session, CancellationToken cancellationToken)
    {
        int poolSize;
        try
        {
            poolSize = await _stream.Finder.GetPoolSizeAsync(Kind, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            poolSize = Count;
        }

        var penalty = OrchestratorSuspender.PenaltyFor(poolSize, Math.Max(1, NumOrchestrators));
        Suspender.Suspend(session.ServiceUri, penalty);
        _stream.Metrics.Suspended(Kind);
        Remove(session);
        return penalty;
    }

    public bool Remove(OrchestratorSession session)
    {
        bool removed;
        lock (_gate)
        {
            removed = _sessions.Remove(session);
            if (ReferenceEquals(_last, session))
            {
                _last = null;
            }
        }

        if (removed)
        {
            _stream.Metrics.SessionsRemoved(1, Kind);
        }

        RefillIfNeeded();
        return removed;
    }

    /// <summary>Empties the pool and returns what it held.</summary>
    public IReadOnlyList<OrchestratorSession> Clear()
    {
        OrchestratorSession[] sessions;
        lock (_gate)
        {
            sessions = [.. _sessions];
            _sessions.Clear();
            _last = null;
        }

        _stream.Metrics.SessionsRemoved(sessions.Length, Kind);
        return sessions;
    }

    /// <summary>
    /// go-livepeer's <c>selectSessions</c> for one pool: reuse the last session when it is fast and free or its
    /// oldest segment is young, else let the policy pick among the free sessions under the price limit, else reuse
    /// the last session while its oldest segment is under twice the duration. When every session is busy the policy
    /// picks among all of them (an app may push more segments at once than the pool has orchestrators).
    /// </summary>
    public OrchestratorSession? Select(TimeSpan duration)
    {
        var now = _stream.Time.GetTimestamp();
        lock (_gate)
        {
            if (_sessions.Count == 0)
            {
                return null;
            }

            var last = _last is { } l && _sessions.Contains(l) ? l : null;
            if (last is not null)
            {
                var window = duration <= TimeSpan.FromSeconds(1) ? MinReuseWindow : duration;
                if (last.SegmentsInFlight == 0 ? last.LatencyScore is > 0 and <= ReuseLatencyScore : Age(last, now) < window)
                {
                    return last;
                }
            }

            var chosen = Pick([.. _sessions.Where(s => s.SegmentsInFlight == 0)], duration);
            if (chosen is null && last is not null && Age(last, now) < 2 * duration)
            {
                chosen = last;
            }

            chosen ??= Pick(_sessions, duration);
            if (chosen is not null)
            {
                _last = chosen;
            }

            return chosen;
        }
    }

    private TimeSpan Age(OrchestratorSession session, long now)
        => session.OldestInFlight is { } oldest ? _stream.Time.GetElapsedTime(oldest, now) : TimeSpan.Zero;

    private OrchestratorSession? Pick(IReadOnlyList<OrchestratorSession> sessions, TimeSpan duration)
    {
        if (sessions.Count == 0)
        {
            return null;
        }

        var affordable = _stream.FilterByPrice(sessions);
        if (affordable.Count == 0)
        {
            return null;
        }

        var candidates = affordable.Select(s => s.ToCandidate()).ToArray();
        var chosen = _stream.Choose(candidates, duration);
        return chosen is null ? null : affordable.FirstOrDefault(s => s.ServiceUri == chosen.ServiceUri);
    }

    private async Task RunRefreshAsync()
    {
        var cancellationToken = _stream.Lifetime;
        try
        {
            Suspender.Signal();
            var poolSize = await _stream.Finder.GetPoolSizeAsync(Kind, cancellationToken).ConfigureAwait(false);
            var numOrchestrators = Kind == OrchestratorPoolKind.Untrusted ? poolSize : Math.Min(poolSize, _stream.Options.MaxTrustedSessions);
            Volatile.Write(ref _numOrchestrators, numOrchestrators);
            if (numOrchestrators <= 0)
            {
                Volatile.Write(ref _lastRejections, []);
                return;
            }

            HashSet<Uri> exclude;
            lock (_gate)
            {
                exclude = [.. _sessions.Select(s => s.ServiceUri)];
            }

            var request = new DiscoveryRequest(Kind, numOrchestrators, _stream.Capabilities, exclude, Suspender)
            {
                Rejected = rejections => Volatile.Write(ref _lastRejections, rejections),
            };
            var found = await _stream.FindAsync(request, cancellationToken).ConfigureAwait(false);
            var added = 0;
            lock (_gate)
            {
                foreach (var orchestrator in found)
                {
                    if (_sessions.Any(s => s.ServiceUri == orchestrator.Candidate.ServiceUri || SameTranscoder(s.Info, orchestrator.Info)))
                    {
                        continue;
                    }

                    _sessions.Add(new OrchestratorSession(orchestrator, _stream.Clients.Get(orchestrator.Candidate.ServiceUri), Kind));
                    added++;
                }
            }

            _stream.Metrics.SessionsAdded(added, Kind);
            GatewayCoreLog.PoolRefreshed(_stream.Logger, _stream.StreamId, Kind, added, Count, numOrchestrators);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The stream closed.
        }
        catch (Exception ex)
        {
            GatewayCoreLog.PoolRefreshFailed(_stream.Logger, _stream.StreamId, Kind, ex);
        }
    }

    private static bool SameTranscoder(OrchestratorInfo held, OrchestratorInfo found)
        => !string.IsNullOrEmpty(found.Transcoder) && string.Equals(held.Transcoder.TrimEnd('/'), found.Transcoder.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
