namespace Livepeer.Gateway.Tests;

/// <summary>
/// Records a stream's progress reports in the order the gateway made them (it reports synchronously), and per
/// orchestrator how many attempts it had in flight at once.
/// </summary>
internal sealed class EndToEndProgress : IProgress<SegmentProgress>
{
    private readonly Lock _gate = new();
    private readonly List<SegmentProgress> _reports = [];
    private readonly Dictionary<Uri, int> _inFlight = [];
    private readonly Dictionary<Uri, int> _maxInFlight = [];

    public IReadOnlyList<SegmentProgress> Reports
    {
        get
        {
            lock (_gate)
            {
                return [.. _reports];
            }
        }
    }

    /// <summary>The position the next report will take (so a test can tell what was reported before an event of its own).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _reports.Count;
            }
        }
    }

    /// <summary>
    /// The most attempts on <paramref name="orchestrator"/> seen at once, from its Submitted report to its outcome report:
    /// a superset of the time the gateway's payment for the attempt was staged, so never fewer than were really concurrent.
    /// </summary>
    public int MaxInFlight(Uri orchestrator)
    {
        lock (_gate)
        {
            return _maxInFlight.GetValueOrDefault(orchestrator);
        }
    }

    /// <summary>The attempts on <paramref name="orchestrator"/> submitted and not yet reported finished.</summary>
    public int InFlight(Uri orchestrator)
    {
        lock (_gate)
        {
            return _inFlight.GetValueOrDefault(orchestrator);
        }
    }

    public void Report(SegmentProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            _reports.Add(value);
            if (value.Orchestrator is not { } orchestrator)
            {
                return;
            }

            var current = _inFlight.GetValueOrDefault(orchestrator) + (value.Stage == SegmentStage.Submitted ? 1 : -1);
            _inFlight[orchestrator] = current;
            _maxInFlight[orchestrator] = Math.Max(_maxInFlight.GetValueOrDefault(orchestrator), current);
        }
    }
}
