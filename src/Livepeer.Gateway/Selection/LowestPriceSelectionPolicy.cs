namespace Livepeer.Gateway;

/// <summary>
/// <c>LowestPrice</c>: the cheapest orchestrator; among equal prices the one with the best latency score, then the
/// fastest discovery answer. Orchestrators without a price come last.
/// </summary>
internal sealed class LowestPriceSelectionPolicy : IOrchestratorSelectionPolicy
{
    public const string PolicyName = "LowestPrice";

    public SelectionCandidate? Select(IReadOnlyList<SelectionCandidate> candidates, SelectionContext context)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        SelectionCandidate? best = null;
        foreach (var candidate in candidates)
        {
            if (best is null || IsBetter(candidate, best))
            {
                best = candidate;
            }
        }

        return best;
    }

    private static bool IsBetter(SelectionCandidate candidate, SelectionCandidate best)
    {
        if (candidate.Price is not { IsValid: true } candidatePrice || best.Price is not { IsValid: true } bestPrice)
        {
            return candidate.Price is { IsValid: true } && best.Price is not { IsValid: true };
        }

        var byPrice = candidatePrice.ToRational().CompareTo(bestPrice.ToRational());
        if (byPrice != 0)
        {
            return byPrice < 0;
        }

        var candidateScore = candidate.LatencyScore ?? double.MaxValue;
        var bestScore = best.LatencyScore ?? double.MaxValue;
        return candidateScore < bestScore || (candidateScore == bestScore && candidate.DiscoveryLatency < best.DiscoveryLatency);
    }
}
