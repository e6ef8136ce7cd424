using Livepeer.Network;
using Livepeer.Payments;
using Livepeer.Protocol;

namespace Livepeer.Gateway;

/// <summary>
/// A stream's session with one orchestrator (go-livepeer's <c>BroadcastSession</c>): its latest info, the ticket
/// session of that info's parameters, the price it started at (for the 2× rule), its latency score and the segments
/// it is working on. Thread-safe: segments of a stream run concurrently.
/// </summary>
internal sealed class OrchestratorSession
{
    private readonly Lock _gate = new();
    private readonly List<long> _inFlight = [];
    private readonly List<string> _staleTicketSessions = [];
    private readonly HashSet<(EthAddress Recipient, string ManifestId)> _balances = [];
    private OrchestratorInfo _info;
    private OrchestratorInfo? _ticketSessionInfo;
    private string? _ticketSessionId;
    private double? _latencyScore;

    public OrchestratorSession(DiscoveredOrchestrator discovered, OrchestratorClient client, OrchestratorPoolKind pool)
    {
        ArgumentNullException.ThrowIfNull(discovered);
        ArgumentNullException.ThrowIfNull(client);
        Discovered = discovered;
        Client = client;
        Pool = pool;
        _info = discovered.Info;
        InitialPrice = discovered.Info.PriceInfo;
    }

    public DiscoveredOrchestrator Discovered { get; }

    public Uri ServiceUri => Discovered.Candidate.ServiceUri;

    public OrchestratorClient Client { get; }

    public OrchestratorPoolKind Pool { get; }

    /// <summary>The price when the session started; a later price above twice this is refused.</summary>
    public PixelPrice? InitialPrice { get; }

    public OrchestratorInfo Info
    {
        get
        {
            lock (_gate)
            {
                return _info;
            }
        }
    }

    public EthAddress? Address => Info.ResultSigner;

    public double? LatencyScore
    {
        get
        {
            lock (_gate)
            {
                return _latencyScore;
            }
        }
    }

    public int SegmentsInFlight
    {
        get
        {
            lock (_gate)
            {
                return _inFlight.Count;
            }
        }
    }

    /// <summary>When the oldest segment in flight started (a <see cref="TimeProvider"/> timestamp), or null.</summary>
    public long? OldestInFlight
    {
        get
        {
            lock (_gate)
            {
                return _inFlight.Count == 0 ? null : _inFlight.Min();
            }
        }
    }

    public SelectionCandidate ToCandidate() => new(ServiceUri)
    {
        Address = Address,
        Price = Info.PriceInfo,
        Stake = Discovered.Candidate.Stake ?? 0,
        LatencyScore = LatencyScore,
        SegmentsInFlight = SegmentsInFlight,
        DiscoveryLatency = Discovered.Latency,
        IsTrusted = Pool == OrchestratorPoolKind.Trusted,
    };

    public void BeginSegment(long timestamp)
    {
        lock (_gate)
        {
            _inFlight.Add(timestamp);
        }
    }

    public void EndSegment(long timestamp, TicketSender? sender)
    {
        lock (_gate)
        {
            _inFlight.Remove(timestamp);
            if (_inFlight.Count == 0 && sender is not null)
            {
                // A ticket session is dropped only when no segment can still be creating tickets in it.
                foreach (var stale in _staleTicketSessions)
                {
                    sender.CleanupSession(stale);
                }

                _staleTicketSessions.Clear();
            }
        }
    }

    public void SetLatencyScore(double score)
    {
        lock (_gate)
        {
            _latencyScore = score;
        }
    }

    /// <summary>Takes an orchestrator's newer info (a refresh, or the one a result carried).</summary>
    public void Update(OrchestratorInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        lock (_gate)
        {
            _info = info;
        }
    }

    /// <summary>The current info and the ticket session of its parameters, started when the parameters are new.</summary>
    public (OrchestratorInfo Info, string? TicketSessionId) TicketSession(TicketSender sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        lock (_gate)
        {
            if (_info.TicketParams is null || _info.PriceInfo is not { } price)
            {
                return (_info, null);
            }

            // The same parameters again keep their session: starting it anew would reuse nonces.
            if (!ReferenceEquals(_ticketSessionInfo, _info) && TicketSender.GetSessionId(_info.TicketParams) != _ticketSessionId)
            {
                var previous = _ticketSessionId;
                _ticketSessionId = sender.StartSession(_info.TicketParams, price);
                _ticketSessionInfo = _info;
                if (previous is not null && previous != _ticketSessionId)
                {
                    _staleTicketSessions.Add(previous);
                }
            }

            return (_info, _ticketSessionId);
        }
    }

    /// <summary>Notes a balance this session keeps with the orchestrator (one per auth-token session id).</summary>
    public void UsedBalance(EthAddress recipient, string manifestId)
    {
        lock (_gate)
        {
            _balances.Add((recipient, manifestId));
        }
    }

    /// <summary>The balances this session kept, to forget when it ends.</summary>
    public IReadOnlyList<(EthAddress Recipient, string ManifestId)> Balances
    {
        get
        {
            lock (_gate)
            {
                return [.. _balances];
            }
        }
    }

    /// <summary>Drops every ticket session this session started.</summary>
    public void EndTicketSessions(TicketSender? sender)
    {
        if (sender is null)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var stale in _staleTicketSessions)
            {
                sender.CleanupSession(stale);
            }

            _staleTicketSessions.Clear();
            if (_ticketSessionId is not null)
            {
                sender.CleanupSession(_ticketSessionId);
                _ticketSessionId = null;
                _ticketSessionInfo = null;
            }
        }
    }
}
