namespace Livepeer.Gateway;

/// <summary>
/// go-livepeer's suspension arithmetic for one pool of one stream: a failure adds a penalty to the orchestrator's
/// entry, every pool refresh advances a counter, and an orchestrator is suspended while its entry is at least the
/// counter. Thread-safe.
/// </summary>
internal sealed class OrchestratorSuspender
{
    private readonly Dictionary<Uri, long> _entries = [];
    private readonly Lock _gate = new();
    private long _count;

    /// <summary>The refresh counter.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Suspends an orchestrator by adding <paramref name="penalty"/> to its entry (which starts at the counter).</summary>
    public void Suspend(Uri serviceUri, long penalty)
    {
        ArgumentNullException.ThrowIfNull(serviceUri);
        ArgumentOutOfRangeException.ThrowIfNegative(penalty);
        lock (_gate)
        {
            _entries[serviceUri] = (_entries.TryGetValue(serviceUri, out var entry) && entry >= _count ? entry : _count) + penalty;
        }
    }

    /// <summary>Advances the counter (at every pool refresh) and forgets entries that fell below it.</summary>
    public void Signal()
    {
        lock (_gate)
        {
            _count++;
            foreach (var (uri, entry) in _entries.ToArray())
            {
                if (entry < _count)
                {
                    _entries.Remove(uri);
                }
            }
        }
    }

    /// <summary>The orchestrator's penalty while it is suspended, else 0.</summary>
    public long GetPenalty(Uri serviceUri)
    {
        ArgumentNullException.ThrowIfNull(serviceUri);
        lock (_gate)
        {
            return _entries.TryGetValue(serviceUri, out var entry) && entry >= _count ? entry : 0;
        }
    }

    /// <summary>Whether the orchestrator is suspended now.</summary>
    public bool IsSuspended(Uri serviceUri) => GetPenalty(serviceUri) > 0;

    /// <summary>The penalty go-livepeer adds for one failure: ⌈poolSize / numOrchestrators⌉ (at least 1).</summary>
    public static long PenaltyFor(int poolSize, int numOrchestrators)
        => numOrchestrators <= 0 ? 1 : Math.Max(1, (poolSize + numOrchestrators - 1) / numOrchestrators);
}
