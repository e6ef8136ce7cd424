namespace Livepeer.Gateway.Tests.Discovery;

/// <summary>A discovery source with a fixed answer, or a failure.</summary>
internal sealed class FakeDiscovery(string name, Func<IReadOnlyList<OrchestratorCandidate>> candidates) : IOrchestratorDiscovery
{
    public FakeDiscovery(string name, params OrchestratorCandidate[] candidates)
        : this(name, () => candidates)
    {
    }

    public string Name => name;

    public int Calls { get; private set; }

    public static FakeDiscovery Failing(string name) => new(name, () => throw new HttpRequestException("the source is down"));

    public ValueTask<IReadOnlyList<OrchestratorCandidate>> GetCandidatesAsync(CancellationToken cancellationToken)
    {
        Calls++;
        return ValueTask.FromResult(candidates());
    }
}
