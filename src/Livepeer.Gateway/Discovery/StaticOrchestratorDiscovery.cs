namespace Livepeer.Gateway;

/// <summary>The orchestrators configured in <see cref="LivepeerGatewayOptions.Orchestrators"/> (go-livepeer <c>-orchAddr</c>): trusted, score 1.</summary>
internal sealed class StaticOrchestratorDiscovery : IOrchestratorDiscovery
{
    public const string SourceName = "static";

    private readonly IReadOnlyList<OrchestratorCandidate> _candidates;

    public StaticOrchestratorDiscovery(IEnumerable<Uri> serviceUris)
    {
        ArgumentNullException.ThrowIfNull(serviceUris);
        _candidates = [.. serviceUris.Select(uri => new OrchestratorCandidate(uri) { Score = 1, Source = SourceName })];
    }

    public string Name => SourceName;

    public ValueTask<IReadOnlyList<OrchestratorCandidate>> GetCandidatesAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_candidates);
}
