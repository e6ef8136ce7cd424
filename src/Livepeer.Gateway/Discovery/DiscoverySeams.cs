using Livepeer.Network;

namespace Livepeer.Gateway;

/// <summary>The two orchestrator pools a stream draws from (go-livepeer's trusted and untrusted session pools).</summary>
internal enum OrchestratorPoolKind
{
    /// <summary>Score 0: selected by policy.</summary>
    Untrusted,

    /// <summary>Score 1 or more: used when the untrusted pool is empty (and for verification).</summary>
    Trusted,
}

/// <summary>One discovery round for one pool of one stream.</summary>
/// <param name="Pool">Which pool to fill.</param>
/// <param name="Count">How many usable answers end the round early.</param>
/// <param name="Capabilities">The job's capabilities; orchestrators must be compatible.</param>
/// <param name="Exclude">Service URIs the pool already holds.</param>
/// <param name="Suspender">The pool's suspensions: suspended orchestrators only top up a short result, lowest penalty first.</param>
internal sealed record DiscoveryRequest(
    OrchestratorPoolKind Pool,
    int Count,
    CapabilitySet Capabilities,
    IReadOnlySet<Uri> Exclude,
    OrchestratorSuspender Suspender)
{
    /// <summary>
    /// Told, when the round ends, which orchestrators it left out and why, so that a pool left empty can say why
    /// (an identity mismatch, say) rather than only that it is empty.
    /// </summary>
    public Action<IReadOnlyList<DiscoveryRejection>>? Rejected { get; init; }
}

/// <summary>An orchestrator that answered <c>GetOrchestrator</c> and passed the filters.</summary>
/// <param name="Candidate">Where it came from.</param>
/// <param name="Info">Its answer.</param>
/// <param name="Latency">How long it took to answer.</param>
internal sealed record DiscoveredOrchestrator(OrchestratorCandidate Candidate, OrchestratorInfo Info, TimeSpan Latency);

/// <summary>Runs discovery rounds: merges the sources, fans out <c>GetOrchestrator</c>, filters and orders the answers.</summary>
internal interface IOrchestratorFinder
{
    /// <summary>How many candidates the sources currently list for a pool (sizes the pool and the suspension penalty).</summary>
    ValueTask<int> GetPoolSizeAsync(OrchestratorPoolKind pool, CancellationToken cancellationToken);

    /// <summary>Runs one round: usable orchestrators sorted by answer latency, possibly fewer than asked, possibly none.</summary>
    Task<IReadOnlyList<DiscoveredOrchestrator>> FindAsync(DiscoveryRequest request, CancellationToken cancellationToken);
}
