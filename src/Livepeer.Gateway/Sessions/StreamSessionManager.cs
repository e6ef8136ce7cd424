using Livepeer.Network;
using Livepeer.Payments;
using Microsoft.Extensions.Logging;

namespace Livepeer.Gateway;

/// <summary>
/// A stream's orchestrator sessions (go-livepeer's <c>BroadcastSessionsManager</c>): a trusted and an untrusted pool,
/// both filled when the stream starts. A segment takes a session from the untrusted pool, or from the trusted pool
/// when the untrusted one has none. Thread-safe.
/// </summary>
internal sealed class StreamSessionManager : IAsyncDisposable
{
    private static readonly TimeSpan EndSessionTimeout = TimeSpan.FromSeconds(2);

    private readonly GatewayCoreServices _core;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _gate = new();
    private Task? _started;
    private GatewayException? _fault;
    private int _disposed;

    public StreamSessionManager(string streamId, CapabilitySet capabilities, GatewayCoreServices core)
    {
        StreamId = streamId;
        Capabilities = capabilities;
        _core = core;
        Untrusted = new SessionPool(OrchestratorPoolKind.Untrusted, this);
        Trusted = new SessionPool(OrchestratorPoolKind.Trusted, this);
        LastUsed = core.Time.GetTimestamp();
    }

    public string StreamId { get; }

    public CapabilitySet Capabilities { get; }

    public SessionPool Untrusted { get; }

    public SessionPool Trusted { get; }

    /// <summary>Whether an <see cref="ILivepeerStream"/> owns this manager (else it was made by a bare segment call).</summary>
    public bool OwnedByStream { get; set; }

    /// <summary>When a segment last used the stream (a <see cref="TimeProvider"/> timestamp).</summary>
    public long LastUsed { get; private set; }

    public int SegmentsInFlight => Volatile.Read(ref _segmentsInFlight);

    private int _segmentsInFlight;

    public CancellationToken Lifetime => _lifetime.Token;

    /// <summary>The fatal error that stopped the stream, if any.</summary>
    public GatewayException? Fault => Volatile.Read(ref _fault);

    internal IOrchestratorFinder Finder => _core.Finder;

    internal OrchestratorClientPool Clients => _core.Clients;

    internal GatewayCoreMetrics Metrics => _core.Metrics;

    internal ILogger Logger => _core.Logger;

    internal TimeProvider Time => _core.Time;

    internal LivepeerGatewayOptions Options => _core.Options;

    /// <summary>Fills both pools once; later calls wait for the same fill.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Task started;
        lock (_gate)
        {
            started = _started ??= Task.WhenAll(Untrusted.RefreshAsync(), Trusted.RefreshAsync());
        }

        return started.WaitAsync(cancellationToken);
    }

    public void SegmentStarted()
    {
        Interlocked.Increment(ref _segmentsInFlight);
        LastUsed = Time.GetTimestamp();
    }

    public void SegmentEnded()
    {
        Interlocked.Decrement(ref _segmentsInFlight);
        LastUsed = Time.GetTimestamp();
    }

    /// <summary>Picks a session for a segment, waiting (within the discovery cutoff) for a refresh when both pools are empty.</summary>
    public async Task<OrchestratorSession?> SelectAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        for (var round = 0; round < 2; round++)
        {
            var session = Untrusted.Select(duration) ?? Trusted.Select(duration);
            Untrusted.RefillIfNeeded();
            Trusted.RefillIfNeeded();
            if (session is not null || round == 1)
            {
                return session;
            }

            await Task.WhenAll(Untrusted.RefreshAsync(), Trusted.RefreshAsync()).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    public SessionPool PoolOf(OrchestratorSession session) => session.Pool == OrchestratorPoolKind.Trusted ? Trusted : Untrusted;

    /// <summary>Stops the stream for good (the gateway's own funds stop payments).</summary>
    public void Stop(GatewayException fault)
    {
        Interlocked.CompareExchange(ref _fault, fault, null);
    }

    /// <summary>The sessions under the gateway's price limit; all of them when none is and <see cref="LivepeerGatewayOptions.IgnoreMaxPriceIfNeeded"/> is set.</summary>
    internal IReadOnlyList<OrchestratorSession> FilterByPrice(IReadOnlyList<OrchestratorSession> sessions)
    {
        if (_core.MaxPrice is not { } max)
        {
            return sessions;
        }

        var limit = max.ToRational();
        var affordable = sessions.Where(s => s.Info.PriceInfo is { IsValid: true } price && price.ToRational() <= limit).ToArray();
        if (affordable.Length < sessions.Count)
        {
            GatewayCoreLog.OverPriced(Logger, StreamId, sessions.Count - affordable.Length, max.ToString());
        }

        return affordable.Length == 0 && Options.IgnoreMaxPriceIfNeeded ? sessions : affordable;
    }

    internal SelectionCandidate? Choose(IReadOnlyList<SelectionCandidate> candidates, TimeSpan duration)
        => _core.Choose(candidates, duration);

    /// <summary>One discovery round, never longer than the discovery cutoff (and a second's grace).</summary>
    internal async Task<IReadOnlyList<DiscoveredOrchestrator>> FindAsync(DiscoveryRequest request, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Options.DiscoveryCutoff + TimeSpan.FromSeconds(1));
        try
        {
            return await Finder.FindAsync(request, bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return [];
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        var sessions = Untrusted.Clear().Concat(Trusted.Clear()).ToArray();
        await Task.WhenAll(sessions.Select(EndAsync)).ConfigureAwait(false);
        _lifetime.Dispose();
        GatewayCoreLog.StreamClosed(Logger, StreamId);
    }

    /// <summary>Tells the orchestrator its session is over, best effort: it times the session out anyway.</summary>
    private async Task EndAsync(OrchestratorSession session)
    {
        session.EndTicketSessions(_core.Sender);
        // Each stream asks for its own auth token, so no other stream shares these balances.
        foreach (var (recipient, manifestId) in session.Balances)
        {
            _core.Balances?.Remove(recipient, manifestId);
        }

        if (session.Info.AuthToken is not { } token)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(EndSessionTimeout);
        try
        {
            await session.Client.EndTranscodingSessionAsync(token, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NetworkException or OperationCanceledException or HttpRequestException)
        {
            GatewayCoreLog.EndSessionFailed(Logger, session.ServiceUri, ex);
        }
    }
}

/// <summary>What every stream's sessions share: the finder, the clients, the policy, the clock and the settings.</summary>
internal sealed class GatewayCoreServices
{
    private readonly Func<IOrchestratorFinder> _finder;
    private readonly Func<IOrchestratorSelectionPolicy> _policy;
    private readonly Random _random;
    private readonly Lock _randomGate = new();

    public GatewayCoreServices(
        LivepeerGatewayOptions options,
        Func<IOrchestratorFinder> finder,
        Func<IOrchestratorSelectionPolicy> policy,
        OrchestratorClientPool clients,
        GatewayCoreMetrics metrics,
        Random random,
        TimeProvider time,
        ILogger logger)
    {
        Options = options;
        _finder = finder;
        _policy = policy;
        Clients = clients;
        Metrics = metrics;
        _random = random;
        Time = time;
        Logger = logger;
        MaxPrice = options.MaxPricePerUnit is > 0 and var max ? new PixelPrice(max, options.PixelsPerUnit) : null;
    }

    public LivepeerGatewayOptions Options { get; }

    public IOrchestratorFinder Finder => _finder();

    public OrchestratorClientPool Clients { get; }

    public GatewayCoreMetrics Metrics { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    /// <summary>The gateway's price limit per pixel, if any.</summary>
    public PixelPrice? MaxPrice { get; }

    /// <summary>The ticket sender, on chain (set when the gateway starts).</summary>
    public TicketSender? Sender { get; set; }

    /// <summary>The credit balances with orchestrators, on chain; a stream forgets its own when it ends.</summary>
    public PaymentBalances? Balances { get; init; }

    /// <summary>Whether stakes are known to the policy.</summary>
    public bool OnChain { get; set; }

    public SelectionCandidate? Choose(IReadOnlyList<SelectionCandidate> candidates, TimeSpan duration)
    {
        var policy = _policy();
        // A seeded Random is not thread-safe, and the policy draws from it.
        lock (_randomGate)
        {
            var context = new SelectionContext(_random, Time)
            {
                MaxPrice = MaxPrice,
                SegmentDuration = duration,
                StakesKnown = OnChain,
            };
            var chosen = policy.Select(candidates, context);
            return chosen is not null && candidates.Contains(chosen) ? chosen : null;
        }
    }
}
