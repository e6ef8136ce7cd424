namespace Livepeer.Gateway;

/// <summary>
/// <c>MinLatency</c>, the default: go-livepeer's <c>MinLSSelector</c>. When a candidate that has completed a segment
/// has a latency score of at most <see cref="LatencyScoreThreshold"/>, or no candidate without a score is left, the
/// best score wins. Otherwise a candidate without a score gets its chance: the first in list order (the fastest
/// discovery answer) when stakes are unknown, else one drawn by the <see cref="ProbabilitySelectionPolicy"/>.
/// </summary>
internal sealed class MinLatencySelectionPolicy : IOrchestratorSelectionPolicy
{
    public const string PolicyName = "MinLatency";

    /// <summary>go-livepeer's <c>SELECTOR_LATENCY_SCORE_THRESHOLD</c>.</summary>
    public const double LatencyScoreThreshold = 1.0;

    private readonly ProbabilitySelectionPolicy _unknownPicker;

    public MinLatencySelectionPolicy(ProbabilitySelectionPolicy unknownPicker)
    {
        ArgumentNullException.ThrowIfNull(unknownPicker);
        _unknownPicker = unknownPicker;
    }

    public SelectionCandidate? Select(IReadOnlyList<SelectionCandidate> candidates, SelectionContext context)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(context);
        SelectionCandidate? bestKnown = null;
        var unknown = new List<SelectionCandidate>();
        foreach (var candidate in candidates)
        {
            if (candidate.LatencyScore is not { } score)
            {
                unknown.Add(candidate);
            }
            else if (bestKnown is null || score < bestKnown.LatencyScore)
            {
                bestKnown = candidate;
            }
        }

        if (bestKnown is not null && (bestKnown.LatencyScore <= LatencyScoreThreshold || unknown.Count == 0))
        {
            return bestKnown;
        }

        if (unknown.Count == 0)
        {
            return null;
        }

        return context.StakesKnown ? _unknownPicker.Select(unknown, context) : unknown[0];
    }
}
