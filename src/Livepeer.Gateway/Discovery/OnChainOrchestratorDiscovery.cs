using Livepeer.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Gateway;

/// <summary>
/// The orchestrators active in the current round with a published service URI (go-livepeer's
/// <c>DBOrchestratorPoolCache</c>): BondingManager's transcoder pool walked from the first member, each active member's
/// URI read from the ServiceRegistry (and the AI service registry with <see cref="LivepeerGatewayOptions.UseAiServiceRegistry"/>),
/// untrusted (score 0) with its registered address and total stake. The list is cached for <see cref="RefreshInterval"/>;
/// a failed refresh keeps the last list.
/// </summary>
internal sealed class OnChainOrchestratorDiscovery : IOrchestratorDiscovery, IDisposable
{
    public const string SourceName = "onchain";

    /// <summary>The pool changes once a round (about a day on Arbitrum One); a few minutes keeps new URIs prompt without loading the RPC.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(5);

    /// <summary>The protocol's active set is at most a few hundred; this bounds the walk against a corrupt list.</summary>
    private const int MaxPoolWalk = 1000;

    private readonly Func<CancellationToken, Task<LivepeerProtocolClient>> _connect;
    private readonly bool _useAiServiceRegistry;
    private readonly ILogger _logger;
    private readonly CandidateCache _cache;

    public OnChainOrchestratorDiscovery(
        Func<CancellationToken, Task<LivepeerProtocolClient>> connect,
        bool useAiServiceRegistry,
        TimeProvider timeProvider,
        ILogger<OnChainOrchestratorDiscovery>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(connect);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _connect = connect;
        _useAiServiceRegistry = useAiServiceRegistry;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _cache = new CandidateCache(SourceName, RefreshInterval, timeProvider, _logger);
    }

    public string Name => SourceName;

    public ValueTask<IReadOnlyList<OrchestratorCandidate>> GetCandidatesAsync(CancellationToken cancellationToken)
        => _cache.GetAsync(
            (_, token) => ReadPoolAsync(token),
            exception => exception is LivepeerProtocolException or HttpRequestException or OperationCanceledException,
            noCachedList: null,
            cancellationToken);

    private async Task<IReadOnlyList<OrchestratorCandidate>> ReadPoolAsync(CancellationToken cancellationToken)
    {
        var client = await _connect(cancellationToken).ConfigureAwait(false);
        var bondingManager = client.BondingManager;
        var registries = new List<ServiceRegistryClient> { client.ServiceRegistry };
        if (_useAiServiceRegistry)
        {
            if (client.AIServiceRegistry is { } ai)
            {
                registries.Add(ai);
            }
            else
            {
                DiscoveryLog.NoAiServiceRegistry(_logger, client.Network.Name);
            }
        }

        var poolSize = await bondingManager.GetTranscoderPoolSizeAsync(cancellationToken).ConfigureAwait(false);
        var members = new List<EthAddress>();
        var member = await bondingManager.GetFirstTranscoderInPoolAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < Math.Min(poolSize, MaxPoolWalk) && !member.IsZero; i++)
        {
            members.Add(member);
            member = await bondingManager.GetNextTranscoderInPoolAsync(member, cancellationToken).ConfigureAwait(false);
        }

        var perMember = await Task.WhenAll(members.Select(m => ReadMemberAsync(client, m, registries, cancellationToken))).ConfigureAwait(false);
        var candidates = perMember.SelectMany(c => c).ToList();
        DiscoveryLog.OnChainListed(_logger, candidates.Count, poolSize);
        return candidates;
    }

    private async Task<IReadOnlyList<OrchestratorCandidate>> ReadMemberAsync(
        LivepeerProtocolClient client, EthAddress address, List<ServiceRegistryClient> registries, CancellationToken cancellationToken)
    {
        if (!await client.BondingManager.IsActiveTranscoderAsync(address, cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        var stake = await client.BondingManager.GetTranscoderTotalStakeAsync(address, cancellationToken).ConfigureAwait(false);
        var candidates = new List<OrchestratorCandidate>(registries.Count);
        foreach (var registry in registries)
        {
            var published = await registry.GetServiceUriAsync(address, cancellationToken).ConfigureAwait(false);
            if (published.Length == 0)
            {
                continue;
            }

            if (!ServiceUris.TryParse(published, out var uri, out var reason))
            {
                DiscoveryLog.EntrySkipped(_logger, SourceName, published, $"{reason} (published by {address})");
                continue;
            }

            if (candidates.Exists(c => ServiceUris.SameEndpoint(c.ServiceUri, uri)))
            {
                continue;
            }

            candidates.Add(new OrchestratorCandidate(uri)
            {
                Score = 0,
                RegisteredAddress = address,
                Stake = stake.Value,
                Source = SourceName,
            });
        }

        return candidates;
    }

    public void Dispose() => _cache.Dispose();
}
