using System.Numerics;
using Livepeer.Payments;
using Livepeer.Protocol;

namespace Livepeer.Gateway;

/// <summary>
/// Picks the orchestrator for a segment among the sessions a stream's pool holds. The pool has already applied the
/// price limit, removed suspended orchestrators, and reused its last session when that session is fast and free
/// (go-livepeer's rules, <c>docs/gateway.md</c>). Register one with <c>AddSelectionPolicy</c> and choose it by name
/// with <see cref="LivepeerGatewayOptions.SelectionPolicy"/>. Implementations must be thread-safe.
/// </summary>
public interface IOrchestratorSelectionPolicy
{
    /// <summary>Picks one candidate.</summary>
    /// <param name="candidates">The available sessions, in discovery order (fastest <c>GetOrchestrator</c> answer first); never empty.</param>
    /// <param name="context">Randomness, time and limits.</param>
    /// <returns>One of <paramref name="candidates"/>, or null to pick none.</returns>
    SelectionCandidate? Select(IReadOnlyList<SelectionCandidate> candidates, SelectionContext context);
}

/// <summary>What a selection policy knows of one orchestrator session.</summary>
/// <param name="ServiceUri">The orchestrator's service URI.</param>
public sealed record SelectionCandidate(Uri ServiceUri)
{
    /// <summary>The orchestrator's address (its ticket recipient), if it has one.</summary>
    public EthAddress? Address { get; init; }

    /// <summary>The price it currently asks per pixel, if it sent one.</summary>
    public PixelPrice? Price { get; init; }

    /// <summary>Its total stake in LPT base units; zero when unknown (off chain).</summary>
    public BigInteger Stake { get; init; }

    /// <summary>
    /// Its latency score: the last segment's round trip divided by max(1.5 s, the segment's duration). Null until it
    /// has completed a segment for this stream.
    /// </summary>
    public double? LatencyScore { get; init; }

    /// <summary>Segments of this stream it is working on now.</summary>
    public int SegmentsInFlight { get; init; }

    /// <summary>How long its <c>GetOrchestrator</c> answer took.</summary>
    public TimeSpan DiscoveryLatency { get; init; }

    /// <summary>Whether it is in the trusted pool.</summary>
    public bool IsTrusted { get; init; }
}

/// <summary>The environment of one selection.</summary>
public sealed class SelectionContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="random">The randomness to draw from.</param>
    /// <param name="timeProvider">The clock.</param>
    public SelectionContext(Random random, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Random = random;
        TimeProvider = timeProvider;
    }

    /// <summary>The randomness to draw from (seeded in tests).</summary>
    public Random Random { get; }

    /// <summary>The clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The gateway's price limit, if any (already applied to the candidates).</summary>
    public PixelPrice? MaxPrice { get; init; }

    /// <summary>The duration of the segment being placed.</summary>
    public TimeSpan SegmentDuration { get; init; }

    /// <summary>Whether stakes are known (the gateway is on chain).</summary>
    public bool StakesKnown { get; init; }
}
