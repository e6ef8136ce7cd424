using System.Numerics;
using Livepeer.Protocol;

namespace Livepeer.Gateway;

/// <summary>
/// A source of orchestrators: a static list, a webhook, the chain, a subgraph, or one of the app's own. The gateway
/// merges every registered source, asks the candidates for their info (<c>GetOrchestrator</c>) and keeps those that
/// pass its filters.
/// </summary>
public interface IOrchestratorDiscovery
{
    /// <summary>A short name for logs and metrics, such as <c>static</c> or <c>webhook</c>.</summary>
    string Name { get; }

    /// <summary>Returns the source's current candidates. A source that fails returns what it last had, or throws when it never had any.</summary>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The candidates; duplicates across sources are merged by service URI.</returns>
    ValueTask<IReadOnlyList<OrchestratorCandidate>> GetCandidatesAsync(CancellationToken cancellationToken);
}

/// <summary>An orchestrator a discovery source knows of, before it has been asked for its info.</summary>
/// <param name="ServiceUri">Its service URI (<c>https://host:port</c>).</param>
public sealed record OrchestratorCandidate(Uri ServiceUri)
{
    /// <summary>
    /// The source's score: 1 or more puts it in the trusted pool, 0 in the untrusted pool; a score strictly between 0
    /// and 1 puts it in neither (as go-livepeer's webhook pools do).
    /// </summary>
    public double Score { get; init; }

    /// <summary>The address registered on chain for <see cref="ServiceUri"/>, when the source read it from the chain or a subgraph.</summary>
    public EthAddress? RegisteredAddress { get; init; }

    /// <summary>The orchestrator's total stake in LPT base units, when the source knows it (used by stake-weighted selection).</summary>
    public BigInteger? Stake { get; init; }

    /// <summary>The name of the source that found it.</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>Whether it belongs to the trusted pool.</summary>
    public bool IsTrusted => Score >= 1;

    /// <summary>Whether it belongs to the untrusted pool.</summary>
    public bool IsUntrusted => Score == 0;
}
