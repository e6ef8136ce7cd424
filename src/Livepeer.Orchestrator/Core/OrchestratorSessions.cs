using System.Collections.Concurrent;
using Livepeer.Network;
using Livepeer.Payments;
using Livepeer.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Livepeer.Orchestrator;

/// <summary>
/// The transcoding sessions, keyed by auth-token session id: admission against
/// <see cref="LivepeerOrchestratorOptions.MaxSessions"/>, per-session counters, and the end of a session when the
/// gateway asks for it or after 70 idle seconds (go-livepeer's transcode loop timeout).
/// </summary>
internal sealed class OrchestratorSessions : IOrchestratorState
{
    /// <summary>go-livepeer's transcode loop idle timeout.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(70);

    /// <summary>go-livepeer's <c>maxSegmentChannels</c>: segments of one session that may wait; more get OrchestratorBusy.</summary>
    public const int MaxQueuedSegments = 4;

    private readonly ConcurrentDictionary<string, OrchestratorSession> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _admission = new();
    private readonly IServiceProvider _services;
    private readonly OrchestratorIdentity _identity;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxSessions;

    public OrchestratorSessions(IServiceProvider services, OrchestratorIdentity identity, IOptions<LivepeerOrchestratorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(options);
        _services = services;
        _identity = identity;
        _maxSessions = options.Value.MaxSessions;
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("Livepeer.Orchestrator.Core");
    }

    /// <summary>The capabilities every OrchestratorInfo advertises: go-livepeer's default transcoder set.</summary>
    public static CapabilitySet AdvertisedCapabilities { get; } = new()
    {
        Bitstring = CapabilitySet.DefaultTranscoder.Bitstring,
        Version = OrchestratorProtocol.Version,
    };

    public EthAddress? Address => _identity.Address;

    public CapabilitySet Capabilities => AdvertisedCapabilities;

    public int Count => _sessions.Count;

    public int MaxSessions => _maxSessions;

    /// <summary>go-livepeer's <c>CheckCapacity</c>: a known session always fits; a new one while fewer than the maximum run.</summary>
    public bool HasCapacity(string sessionId) => _sessions.ContainsKey(sessionId) || _sessions.Count < _maxSessions;

    /// <summary>True while a new session could still be admitted (the GetOrchestrator check).</summary>
    public bool IsCapped => _sessions.Count >= _maxSessions;

    public OrchestratorSession? Find(string sessionId) => _sessions.GetValueOrDefault(sessionId);

    /// <summary>The session, started now if it is new and there is room; null when the orchestrator is capped.</summary>
    public OrchestratorSession? GetOrStart(string sessionId, EthAddress sender)
    {
        if (_sessions.TryGetValue(sessionId, out var existing))
        {
            existing.Touch(_time.GetUtcNow());
            return existing;
        }

        OrchestratorSession session;
        lock (_admission)
        {
            if (_sessions.TryGetValue(sessionId, out existing))
            {
                existing.Touch(_time.GetUtcNow());
                return existing;
            }

            if (_sessions.Count >= _maxSessions)
            {
                return null;
            }

            session = new OrchestratorSession(sessionId, sender, _time.GetUtcNow());
            _sessions[sessionId] = session;
        }

        OrchestratorCoreMetrics.Sessions.Add(1);
        OrchestratorCoreLog.SessionStarted(_logger, sessionId, sender.ToString(), _sessions.Count);
        return session;
    }

    /// <summary>Ends a session: frees its slot and tells the transcoder. Unknown ids are ignored.</summary>
    public async ValueTask<bool> EndAsync(string sessionId, string reason, CancellationToken cancellationToken = default)
    {
        if (!_sessions.TryRemove(sessionId, out var session))
        {
            return false;
        }

        OrchestratorCoreMetrics.Sessions.Add(-1);
        OrchestratorCoreLog.SessionEnded(_logger, sessionId, reason, session.Segments, session.Pixels);
        try
        {
            await _services.GetRequiredService<TranscoderDispatcher>().EndSessionAsync(sessionId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            OrchestratorCoreLog.SessionEndFailed(_logger, sessionId, ex);
        }

        return true;
    }

    /// <summary>Ends every session idle for <see cref="IdleTimeout"/> with no segment in flight.</summary>
    public async Task<int> EndIdleAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = _time.GetUtcNow() - IdleTimeout;
        var ended = 0;
        foreach (var session in _sessions.Values)
        {
            if (session.InFlight == 0 && session.LastActive <= cutoff
                && await EndAsync(session.Id, "idle", cancellationToken).ConfigureAwait(false))
            {
                ended++;
            }
        }

        return ended;
    }

    public IReadOnlyList<OrchestratorSessionStatus> GetSessions()
    {
        var recipient = _identity.Address is null ? null : _identity.Recipient;
        return [.. _sessions.Values.Select(s => new OrchestratorSessionStatus(
            s.Id,
            s.Sender,
            recipient?.GetSessionPrice(s.Sender, s.Id) ?? PixelPrice.Zero,
            recipient?.GetBalance(s.Sender, s.Id) ?? BigRational.Zero,
            s.Segments,
            s.Pixels,
            s.LastActive))];
    }
}

/// <summary>One transcoding session: its counters and the turn its segments take, one at a time in arrival order.</summary>
internal sealed class OrchestratorSession(string id, EthAddress sender, DateTimeOffset started)
{
    private long _segments;
    private long _pixels;
    private long _lastActiveTicks = started.UtcTicks;
    private int _inFlight;

    public string Id { get; } = id;

    public EthAddress Sender { get; } = sender;

    public DateTimeOffset Started { get; } = started;

    public SemaphoreSlim Turn { get; } = new(1, 1);

    public long Segments => Interlocked.Read(ref _segments);

    public long Pixels => Interlocked.Read(ref _pixels);

    public int InFlight => Volatile.Read(ref _inFlight);

    public DateTimeOffset LastActive => new(Interlocked.Read(ref _lastActiveTicks), TimeSpan.Zero);

    public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastActiveTicks, now.UtcTicks);

    /// <summary>Claims a place in the session's queue; false when <see cref="OrchestratorSessions.MaxQueuedSegments"/> already wait.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _inFlight) > OrchestratorSessions.MaxQueuedSegments)
        {
            Interlocked.Decrement(ref _inFlight);
            return false;
        }

        return true;
    }

    public void Leave(DateTimeOffset now)
    {
        Touch(now);
        Interlocked.Decrement(ref _inFlight);
    }

    public void Count(long pixels)
    {
        Interlocked.Increment(ref _segments);
        Interlocked.Add(ref _pixels, pixels);
    }
}

/// <summary>Ends idle sessions in the background.</summary>
internal sealed class OrchestratorSessionSweeper(OrchestratorSessions sessions, IServiceProvider services) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(false);
                await sessions.EndIdleAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}

/// <summary>What this orchestrator says about its protocol level on the wire.</summary>
internal static class OrchestratorProtocol
{
    /// <summary>
    /// The version sent in <c>Capabilities.version</c>: the go-livepeer release whose wire this SDK follows, so that
    /// gateways' minimum-version checks (which compare go-livepeer versions) treat it as that release.
    /// </summary>
    public const string Version = "0.9.1";

    /// <summary>go-livepeer's <c>-maxSessions</c> check text.</summary>
    public const string Capped = "OrchestratorCapped";
}
