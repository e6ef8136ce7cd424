using System.Diagnostics;
using Livepeer.Network;
using Microsoft.Extensions.DependencyInjection;

namespace Livepeer.Gateway.Tests;

/// <summary>
/// A small <see cref="IOrchestratorFinder"/> for the core tests: it asks a fixed list of orchestrators with
/// <c>GetOrchestrator</c> (signed with the gateway's account), leaves out those the request excludes or the pool has
/// suspended (unless they are needed to top up), and sorts the answers by latency.
/// </summary>
internal sealed class CoreFinder(IServiceProvider services, IReadOnlyList<OrchestratorCandidate> candidates) : IOrchestratorFinder
{
    private int _rounds;

    public int Rounds => Volatile.Read(ref _rounds);

    public ValueTask<int> GetPoolSizeAsync(OrchestratorPoolKind pool, CancellationToken cancellationToken)
        => ValueTask.FromResult(candidates.Count(c => InPool(c, pool)));

    public async Task<IReadOnlyList<DiscoveredOrchestrator>> FindAsync(DiscoveryRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _rounds);
        var account = services.GetRequiredService<GatewayAccount>();
        var clients = services.GetRequiredService<OrchestratorClientPool>();
        var eligible = candidates.Where(c => InPool(c, request.Pool) && !request.Exclude.Contains(c.ServiceUri)).ToArray();
        var answers = await Task.WhenAll(eligible.Select(async candidate =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var info = await clients.Get(candidate.ServiceUri).GetOrchestratorAsync(account.Signer, request.Capabilities, cancellationToken: cancellationToken);
                return new DiscoveredOrchestrator(candidate, info, Stopwatch.GetElapsedTime(started));
            }
            catch (NetworkException)
            {
                return null;
            }
        }));
        var usable = answers.OfType<DiscoveredOrchestrator>().ToList();
        var fresh = usable.Where(d => !request.Suspender.IsSuspended(d.Candidate.ServiceUri)).OrderBy(d => d.Latency);
        var suspended = usable.Where(d => request.Suspender.IsSuspended(d.Candidate.ServiceUri)).OrderBy(d => request.Suspender.GetPenalty(d.Candidate.ServiceUri));
        return [.. fresh.Concat(suspended).Take(request.Count)];
    }

    private static bool InPool(OrchestratorCandidate candidate, OrchestratorPoolKind pool)
        => pool == OrchestratorPoolKind.Trusted ? candidate.IsTrusted : candidate.IsUntrusted;
}
