using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Livepeer.Gateway.Tests;

/// <summary>
/// The gateway when things break: an orchestrator dies in the middle of a stream, or discovery finds nobody. Off
/// chain, with real in-process orchestrators and the gateway's real discovery, to stay fast.
/// </summary>
[TestFixture]
[Category("Fault")]
[CancelAfter(60_000)]
public sealed class GatewayFaultTests
{
    private const int Segments = 15;
    private const int KillAfter = 5;

    private static readonly TimeSpan Cutoff = TimeSpan.FromSeconds(1.5);

    /// <summary>Two discovery rounds (the stream's first fill and the retry when it is empty), each bounded by the cutoff and a second's grace, plus slack for a busy machine.</summary>
    private static readonly TimeSpan NoOrchestratorsBound = (Cutoff + TimeSpan.FromSeconds(1)) * 2 + TimeSpan.FromSeconds(3);

    [Test]
    public async Task Stream_OrchestratorKilledMidStream_EverySegmentStillReturnsInOrderFromTheSurvivor()
    {
        // The victim is preferred, so it carries the stream until it dies; after the first KillAfter segments it holds
        // every segment long enough that several are in flight on it when it is killed.
        var victimTranscoder = new CoreFakeTranscoder { Delay = sequence => sequence >= KillAfter ? TimeSpan.FromSeconds(3) : TimeSpan.FromMilliseconds(20) };
        var survivorTranscoder = new CoreFakeTranscoder { Delay = _ => TimeSpan.FromMilliseconds(20) };
        // The gateway reaches the victim through a relay, which is what dies: connections reset, requests lost.
        await using var relay = new CrashableRelay();
        var victimPort = DiscoveryDevnet.FreePort();
        await using var victim = await EndToEndOrchestrator.StartOffChainAsync("victim", victimTranscoder, victimPort, relay.ServiceUri);
        relay.Start(victimPort);
        await using var survivor = await EndToEndOrchestrator.StartOffChainAsync("survivor", survivorTranscoder);
        var gatewayHost = await EndToEndFaultGateway.StartAsync([victim.ServiceUri, survivor.ServiceUri]);
        try
        {
            var gateway = gatewayHost.Services.GetRequiredService<ILivepeerGateway>();
            var progress = new EndToEndProgress();
            var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var outcomes = new List<SegmentOutcome>();
            var finishedOnVictim = new HashSet<long>();
            await using var stream = await gateway.OpenStreamAsync("killed", CoreGateway.Profiles, new LivepeerStreamOptions { Progress = progress });
            var reading = Task.Run(async () =>
            {
                await foreach (var outcome in stream.ReadResultsAsync())
                {
                    outcomes.Add(outcome);
                    if (outcomes.Count == KillAfter)
                    {
                        // Wait until the next segments are on the victim, then kill it under them.
                        await WaitUntilAsync(() => victimTranscoder.Sequences.Any(s => s >= KillAfter) && progress.InFlight(victim.ServiceUri) >= 2, "segments in flight on the victim");
                        // The victim serialises a stream's segments, so a later one can finish there before the
                        // KillAfter-th result is read: what it had finished by the kill may still come from it.
                        finishedOnVictim.UnionWith(victimTranscoder.Completed);
                        await relay.KillAsync();
                        killed.SetResult();
                    }
                }
            });

            var pushedAt = new Dictionary<long, int>();
            var pushedAfterKill = new List<long>();
            for (var sequence = 0; sequence < Segments; sequence++)
            {
                if (killed.Task.IsCompleted)
                {
                    pushedAfterKill.Add(sequence);
                }

                pushedAt[sequence] = progress.Count;
                await stream.PushAsync(LongSegment(sequence));
            }

            stream.Complete();
            await reading;

            var inFlightAtKill = progress.Reports
                .Where(p => p.Sequence >= KillAfter && p.Orchestrator == victim.ServiceUri && p.Stage == SegmentStage.Submitted && !finishedOnVictim.Contains(p.Sequence))
                .Select(p => p.Sequence)
                .Distinct()
                .ToList();
            foreach (var outcome in outcomes)
            {
                TestContext.Out.WriteLine($"{outcome.Sequence}: {outcome.Result?.Orchestrator} attempts {outcome.Result?.Attempts} latency {outcome.Result?.Latency} failed [{string.Join("; ", outcome.Result?.FailedAttempts ?? [])}] {outcome.Error?.Message}");
            }

            TestContext.Out.WriteLine($"victim saw [{string.Join(", ", victimTranscoder.Sequences)}], finished [{string.Join(", ", finishedOnVictim)}] by the kill; survivor saw [{string.Join(", ", survivorTranscoder.Sequences)}]");
            Assert.Multiple(() =>
            {
                Assert.That(outcomes.Select(o => o.Sequence), Is.EqualTo(Enumerable.Range(0, Segments).Select(i => (long)i)), "every segment, in push order");
                Assert.That(outcomes.Select(o => o.Error?.Message), Is.All.Null, "no segment was lost");
                Assert.That(outcomes.Take(KillAfter).Select(o => o.Result!.Orchestrator), Is.All.EqualTo(victim.ServiceUri), "the preferred orchestrator carried the stream first");
                Assert.That(
                    outcomes.Skip(KillAfter).Where(o => !finishedOnVictim.Contains(o.Sequence)).Select(o => o.Result!.Orchestrator),
                    Is.All.EqualTo(survivor.ServiceUri),
                    "everything the victim had not finished at the kill came from the survivor");
                Assert.That(
                    outcomes.Where(o => o.Result?.Orchestrator == victim.ServiceUri).Select(o => o.Sequence),
                    Is.SubsetOf(finishedOnVictim.Union(Enumerable.Range(0, KillAfter).Select(i => (long)i))),
                    "nothing came from the victim after it died");
                Assert.That(inFlightAtKill, Has.Count.GreaterThanOrEqualTo(2));
                Assert.That(pushedAfterKill, Is.Not.Empty, "the stream went on after the kill");
            });

            foreach (var sequence in inFlightAtKill)
            {
                var result = outcomes[(int)sequence].Result!;
                Assert.Multiple(() =>
                {
                    Assert.That(result.Attempts, Is.EqualTo(2), $"segment {sequence} was sent to the victim and retried once");
                    Assert.That(result.FailedAttempts, Has.Count.EqualTo(1).And.All.StartsWith(victim.ServiceUri.ToString()));
                    Assert.That(result.Renditions.Select(r => r.Data.ToArray()), Is.EqualTo(CoreGateway.Profiles.Select(p => CoreFakeTranscoder.RenditionBytes(p, sequence, CoreGateway.Segment(sequence).Data.Length))));
                });
            }

            // Suspended once it failed: no segment pushed after its first failure was reported was even tried on it.
            var reports = progress.Reports.ToList();
            var firstFailure = reports.FindIndex(p => p.Orchestrator == victim.ServiceUri && p.Stage == SegmentStage.Retrying);
            var later = pushedAt.Where(p => p.Value > firstFailure).Select(p => p.Key).ToHashSet();
            Assert.That(firstFailure, Is.GreaterThanOrEqualTo(0), "the gateway saw the victim fail");
            Assert.That(later, Is.Not.Empty);
            Assert.That(reports.Where(p => later.Contains(p.Sequence) && p.Orchestrator == victim.ServiceUri), Is.Empty);
        }
        finally
        {
            await EndToEndFaultGateway.StopAsync(gatewayHost);
        }
    }

    [Test]
    public async Task TranscodeSegmentAsync_DiscoveryFindsNobody_NoOrchestratorsPromptly()
    {
        var empty = new EmptyDiscovery();
        var host = await EndToEndFaultGateway.StartAsync([], o => o.DiscoveryCutoff = Cutoff, b => b.AddDiscovery(_ => empty));
        try
        {
            var gateway = host.Services.GetRequiredService<ILivepeerGateway>();
            var watch = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<GatewayException>(() => gateway.TranscodeSegmentAsync("nobody", CoreGateway.Segment(0), CoreGateway.Profiles));
            AssertNoOrchestrators(error, "nobody", watch.Elapsed);
            Assert.That(empty.Calls, Is.GreaterThan(0), "discovery was asked");
        }
        finally
        {
            await EndToEndFaultGateway.StopAsync(host);
        }
    }

    [Test]
    public async Task TranscodeSegmentAsync_DiscoveredOrchestratorNeverAnswers_NoOrchestratorsWithinTheCutoffs()
    {
        await using var silent = new SilentListener();
        var host = await EndToEndFaultGateway.StartAsync([silent.ServiceUri], o => o.DiscoveryCutoff = Cutoff);
        try
        {
            var gateway = host.Services.GetRequiredService<ILivepeerGateway>();
            var watch = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<GatewayException>(() => gateway.TranscodeSegmentAsync("hanging", CoreGateway.Segment(0), CoreGateway.Profiles));
            AssertNoOrchestrators(error, "hanging", watch.Elapsed);
            Assert.That(silent.Connections, Is.GreaterThan(0), "the gateway did reach the silent orchestrator");
        }
        finally
        {
            await EndToEndFaultGateway.StopAsync(host);
        }
    }

    [Test]
    public async Task Stream_DiscoveryFindsNobody_EachSegmentFailsWithNoOrchestratorsPromptly()
    {
        var host = await EndToEndFaultGateway.StartAsync([], o => o.DiscoveryCutoff = Cutoff, b => b.AddDiscovery(_ => new EmptyDiscovery()));
        try
        {
            await AssertStreamFailsPromptlyAsync(host.Services.GetRequiredService<ILivepeerGateway>(), "nobody-stream");
        }
        finally
        {
            await EndToEndFaultGateway.StopAsync(host);
        }
    }

    [Test]
    public async Task Stream_DiscoveredOrchestratorNeverAnswers_EachSegmentFailsWithNoOrchestratorsWithinTheCutoffs()
    {
        await using var silent = new SilentListener();
        var host = await EndToEndFaultGateway.StartAsync([silent.ServiceUri], o => o.DiscoveryCutoff = Cutoff);
        try
        {
            await AssertStreamFailsPromptlyAsync(host.Services.GetRequiredService<ILivepeerGateway>(), "hanging-stream");
        }
        finally
        {
            await EndToEndFaultGateway.StopAsync(host);
        }
    }

    private static async Task AssertStreamFailsPromptlyAsync(ILivepeerGateway gateway, string streamId)
    {
        var watch = Stopwatch.StartNew();
        await using var stream = await gateway.OpenStreamAsync(streamId, CoreGateway.Profiles);
        Assert.That(watch.Elapsed, Is.LessThan(Cutoff + TimeSpan.FromSeconds(4)), "opening waits for one discovery round at most");

        watch.Restart();
        await stream.PushAsync(CoreGateway.Segment(0));
        await stream.PushAsync(CoreGateway.Segment(1));
        stream.Complete();
        var outcomes = await stream.ReadResultsAsync().ToListAsync();

        Assert.That(outcomes.Select(o => o.Sequence), Is.EqualTo(new long[] { 0, 1 }), "each segment has an outcome");
        foreach (var outcome in outcomes)
        {
            Assert.That(outcome.Result, Is.Null);
            AssertNoOrchestrators(outcome.Error, streamId, watch.Elapsed);
        }
    }

    /// <summary>
    /// A segment that says it lasts 10 s: the gateway then keeps reusing the session that has it in flight (its reuse
    /// window is the duration), so the preferred orchestrator carries every segment until it dies, however slow the
    /// machine.
    /// </summary>
    private static SourceSegment LongSegment(long sequence) => CoreGateway.Segment(sequence) with { Duration = TimeSpan.FromSeconds(10) };

    private static void AssertNoOrchestrators(GatewayException? error, string streamId, TimeSpan elapsed)
    {
        Assert.That(error, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo(GatewayErrorCode.NoOrchestrators));
            Assert.That(error.Message, Does.Contain("No orchestrator").And.Contain(streamId), "the message says there is no orchestrator, for which stream");
            Assert.That(error.IsTransient, Is.True, "orchestrators may appear later");
            Assert.That(elapsed, Is.LessThan(NoOrchestratorsBound), "bounded by the discovery cutoff, not a hang");
        });
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        for (var i = 0; i < 1500 && !condition(); i++)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            await Task.Delay(10);
        }
    }
}
