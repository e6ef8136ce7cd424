using System.Collections.Concurrent;
using System.Diagnostics;
using Livepeer.Transcoding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Livepeer.Gateway.Tests;

/// <summary>The gateway core off chain, against real in-process orchestrators.</summary>
[TestFixture]
[Category("EndToEnd")]
[CancelAfter(120_000)]
public sealed class GatewayCoreOffChainTests
{
    private static OrchestratorCandidate Trusted(CoreOrchestrator orchestrator) => new(orchestrator.ServiceUri) { Score = 1 };

    [Test]
    public async Task TranscodeSegmentAsync_OneOrchestrator_ReturnsItsRenditionsWithExactPixels()
    {
        await using var orchestrator = await CoreOrchestrator.StartAsync();
        await using var gateway = await CoreGateway.StartAsync([Trusted(orchestrator)]);
        var segment = CoreGateway.Segment(7);

        var result = await gateway.Gateway.TranscodeSegmentAsync("happy", segment, CoreGateway.Profiles);

        Assert.Multiple(() =>
        {
            Assert.That(result.Sequence, Is.EqualTo(7));
            Assert.That(result.Orchestrator, Is.EqualTo(orchestrator.ServiceUri));
            Assert.That(result.OrchestratorAddress, Is.EqualTo(orchestrator.Address));
            Assert.That(result.Attempts, Is.EqualTo(1));
            Assert.That(result.TicketsSent, Is.Zero);
            Assert.That(result.FailedAttempts, Is.Empty);
            Assert.That(result.Latency, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(result.Renditions.Select(r => r.Profile), Is.EqualTo(CoreGateway.Profiles));
            Assert.That(result.Renditions.Select(r => r.Pixels), Is.EqualTo(CoreGateway.Profiles.Select(CoreFakeTranscoder.PixelsOf)));
            Assert.That(result.Renditions.Select(r => r.Data.ToArray()), Is.EqualTo(CoreGateway.Profiles.Select(p => CoreFakeTranscoder.RenditionBytes(p, 7, segment.Data.Length))));
            Assert.That(orchestrator.Transcoder.Calls, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task TranscodeSegmentAsync_FailingOrchestrator_IsSuspendedAndTheSegmentRetriedElsewhere()
    {
        await using var failing = await CoreOrchestrator.StartAsync();
        await using var healthy = await CoreOrchestrator.StartAsync();
        failing.Transcoder.Failure = new TranscodingException(TranscodeErrorCode.Unknown, "transcoder crashed");
        await using var gateway = await CoreGateway.StartAsync([Trusted(failing), Trusted(healthy)], configure: Prefer(failing, healthy), services: Preferred(failing, healthy));
        var progress = new ConcurrentQueue<SegmentProgress>();
        var stream = await gateway.Gateway.OpenStreamAsync("failover", CoreGateway.Profiles, new LivepeerStreamOptions { MaxSegmentsInFlight = 1, Progress = new SyncProgress(progress) });
        await using (stream)
        {
            await stream.PushAsync(CoreGateway.Segment(0));
            await stream.PushAsync(CoreGateway.Segment(1));
            stream.Complete();
            var outcomes = await stream.ReadResultsAsync().ToListAsync();

            Assert.That(outcomes.Select(o => o.Error), Is.All.Null);
            var first = outcomes[0].Result!;
            Assert.Multiple(() =>
            {
                Assert.That(first.Orchestrator, Is.EqualTo(healthy.ServiceUri));
                Assert.That(first.Attempts, Is.EqualTo(2));
                Assert.That(first.FailedAttempts, Has.Count.EqualTo(1).And.Some.Contains("transcoder crashed"));
                Assert.That(outcomes[1].Result!.Attempts, Is.EqualTo(1), "the suspended orchestrator is not tried again");
                Assert.That(failing.Transcoder.Calls, Is.EqualTo(1));
                Assert.That(progress.Where(p => p.Sequence == 0).Select(p => (p.Stage, p.Orchestrator)), Is.EqualTo(new[]
                {
                    (SegmentStage.Submitted, (Uri?)failing.ServiceUri),
                    (SegmentStage.Retrying, failing.ServiceUri),
                    (SegmentStage.Submitted, healthy.ServiceUri),
                    (SegmentStage.Completed, healthy.ServiceUri),
                }));
            });
        }
    }

    [Test]
    public async Task TranscodeSegmentAsync_LargeSegmentRetriedElsewhere_BothOrchestratorsAcceptItsHash()
    {
        // The 300 kB segment is hashed once and the digest signed for each attempt; an orchestrator refuses a
        // body whose Keccak-256 differs from the signed one before its transcoder sees it.
        await using var failing = await CoreOrchestrator.StartAsync();
        await using var healthy = await CoreOrchestrator.StartAsync();
        failing.Transcoder.Failure = new TranscodingException(TranscodeErrorCode.Unknown, "transcoder crashed");
        await using var gateway = await CoreGateway.StartAsync([Trusted(failing), Trusted(healthy)], configure: Prefer(failing, healthy), services: Preferred(failing, healthy));
        var segment = CoreGateway.Segment(3, length: 300_000);

        var result = await gateway.Gateway.TranscodeSegmentAsync("large", segment, CoreGateway.Profiles);

        Assert.Multiple(() =>
        {
            Assert.That(result.Attempts, Is.EqualTo(2));
            Assert.That(result.FailedAttempts.Single(), Does.Contain("transcoder crashed"), "the first orchestrator accepted the body and its hash");
            Assert.That(failing.Transcoder.Calls, Is.EqualTo(1));
            Assert.That(result.Orchestrator, Is.EqualTo(healthy.ServiceUri));
            Assert.That(result.Renditions.Select(r => r.Data.ToArray()), Is.EqualTo(CoreGateway.Profiles.Select(p => CoreFakeTranscoder.RenditionBytes(p, 3, 300_000))));
        });
    }

    [Test]
    public async Task TranscodeSegmentAsync_NonRetryableError_FailsWithoutRetry()
    {
        await using var rejecting = await CoreOrchestrator.StartAsync();
        await using var other = await CoreOrchestrator.StartAsync();
        rejecting.Transcoder.Failure = new TranscodingException(TranscodeErrorCode.NoKeyframesInInput);
        await using var gateway = await CoreGateway.StartAsync([Trusted(rejecting), Trusted(other)], configure: Prefer(rejecting, other), services: Preferred(rejecting, other));

        var error = await Assert.ThrowsAsync<GatewayException>(() => gateway.Gateway.TranscodeSegmentAsync("reject", CoreGateway.Segment(0), CoreGateway.Profiles));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo(GatewayErrorCode.SegmentRejected));
            Assert.That(error.Message, Does.Contain("No keyframes in input"));
            Assert.That(rejecting.Transcoder.Calls, Is.EqualTo(1));
            Assert.That(other.Transcoder.Calls, Is.Zero);
        });

        // Not suspended: the same orchestrator still takes the next segment.
        rejecting.Transcoder.Failure = null;
        var next = await gateway.Gateway.TranscodeSegmentAsync("reject", CoreGateway.Segment(1), CoreGateway.Profiles);
        Assert.That(next.Orchestrator, Is.EqualTo(rejecting.ServiceUri));
    }

    [Test]
    public async Task TranscodeSegmentAsync_NoOrchestratorAnswers_NoOrchestratorsWithinTheCutoff()
    {
        var silent = new OrchestratorCandidate(new Uri("http://127.0.0.1:9")) { Score = 1 };
        await using var gateway = await CoreGateway.StartAsync([silent], configure: o => o.DiscoveryCutoff = TimeSpan.FromSeconds(2));
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<GatewayException>(() => gateway.Gateway.TranscodeSegmentAsync("nobody", CoreGateway.Segment(0), CoreGateway.Profiles));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo(GatewayErrorCode.NoOrchestrators));
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)));
        });
    }

    [Test]
    public async Task ReadResultsAsync_SegmentsFinishingOutOfOrder_YieldsThemInPushOrder()
    {
        await using var orchestrator = await CoreOrchestrator.StartAsync();
        orchestrator.Transcoder.Delay = sequence => sequence == 0 ? TimeSpan.FromMilliseconds(600) : TimeSpan.Zero;
        await using var gateway = await CoreGateway.StartAsync([Trusted(orchestrator)]);
        await using var stream = await gateway.Gateway.OpenStreamAsync("order", CoreGateway.Profiles, new LivepeerStreamOptions { MaxSegmentsInFlight = 3 });

        var reading = stream.ReadResultsAsync().ToListAsync().AsTask();
        for (var i = 0; i < 6; i++)
        {
            await stream.PushAsync(CoreGateway.Segment(i));
        }

        stream.Complete();
        var outcomes = await reading.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Select(o => o.Sequence), Is.EqualTo(new long[] { 0, 1, 2, 3, 4, 5 }));
            Assert.That(outcomes.Select(o => o.Error), Is.All.Null);
            Assert.That(orchestrator.Transcoder.Sequences.Take(3), Does.Contain(1L), "segment 1 started while segment 0 was in flight");
        });
    }

    [Test]
    public async Task PushAsync_MaxSegmentsInFlightBusy_WaitsUntilOneFinishes()
    {
        await using var orchestrator = await CoreOrchestrator.StartAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        orchestrator.Transcoder.Gate = gate.Task;
        await using var gateway = await CoreGateway.StartAsync([Trusted(orchestrator)]);
        await using var stream = await gateway.Gateway.OpenStreamAsync("backpressure", CoreGateway.Profiles, new LivepeerStreamOptions { MaxSegmentsInFlight = 2 });

        await stream.PushAsync(CoreGateway.Segment(0));
        await stream.PushAsync(CoreGateway.Segment(1));
        var third = stream.PushAsync(CoreGateway.Segment(2)).AsTask();
        await Task.Delay(500);
        Assert.That(third.IsCompleted, Is.False, "a third segment waits while two are in flight");

        // Released by a finished transcode, not by reading: nothing reads yet.
        gate.SetResult();
        await third.WaitAsync(TimeSpan.FromSeconds(20));
        stream.Complete();
        var outcomes = await stream.ReadResultsAsync().ToListAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.That(outcomes.Select(o => (o.Sequence, o.Error)), Is.EqualTo(new[] { (0L, (GatewayException?)null), (1L, null), (2L, null) }));
    }

    [Test]
    public async Task PushAsync_AfterComplete_ThrowsStreamClosed()
    {
        await using var orchestrator = await CoreOrchestrator.StartAsync();
        await using var gateway = await CoreGateway.StartAsync([Trusted(orchestrator)]);
        await using var stream = await gateway.Gateway.OpenStreamAsync("closed", CoreGateway.Profiles);
        stream.Complete();

        var error = await Assert.ThrowsAsync<GatewayException>(async () => await stream.PushAsync(CoreGateway.Segment(0)));
        Assert.That(error!.ErrorCode, Is.EqualTo(GatewayErrorCode.StreamClosed));
        Assert.That(await stream.ReadResultsAsync().ToListAsync(), Is.Empty);
    }

    [TestCase(1000)]
    [TestCase(300_000)]
    public async Task TranscodeSegmentAsync_Cancelled_ThrowsOperationCanceledPromptly(int length)
    {
        await using var orchestrator = await CoreOrchestrator.StartAsync();
        orchestrator.Transcoder.Gate = new TaskCompletionSource().Task;
        await using var gateway = await CoreGateway.StartAsync([Trusted(orchestrator)]);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();

        Assert.That(
            async () => await gateway.Gateway.TranscodeSegmentAsync("cancel", CoreGateway.Segment(0, length), CoreGateway.Profiles, cancel.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task DisposeAsync_SegmentsInFlight_EndsThemAsStreamClosed()
    {
        await using var orchestrator = await CoreOrchestrator.StartAsync();
        orchestrator.Transcoder.Gate = new TaskCompletionSource().Task;
        await using var gateway = await CoreGateway.StartAsync([Trusted(orchestrator)]);
        var stream = await gateway.Gateway.OpenStreamAsync("dispose", CoreGateway.Profiles);
        await stream.PushAsync(CoreGateway.Segment(0));
        var reading = stream.ReadResultsAsync().ToListAsync().AsTask();

        await stream.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));
        var outcomes = await reading.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.That(outcomes.Select(o => o.Error?.ErrorCode), Is.EqualTo(new GatewayErrorCode?[] { GatewayErrorCode.StreamClosed }));
    }

    [Test]
    public async Task Start_InvalidOptions_FailsNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => CoreGateway.StartAsync(
            [new OrchestratorCandidate(new Uri("http://127.0.0.1:9")) { Score = 1 }],
            configure: o =>
            {
                o.MaxAttempts = 0;
                o.PixelsPerUnit = 0;
            }));
        Assert.That(error!.Message, Does.Contain("Livepeer:Gateway:MaxAttempts").And.Contain("Livepeer:Gateway:PixelsPerUnit"));

        var noSources = await Assert.ThrowsAsync<OptionsValidationException>(() => CoreGateway.StartAsync([]));
        Assert.That(noSources!.Message, Does.Contain("Livepeer:Gateway:OffChain needs orchestrators"));
    }

    /// <summary>Reports on the caller's thread, so the order of reports is the order of events.</summary>
    private sealed class SyncProgress(ConcurrentQueue<SegmentProgress> reports) : IProgress<SegmentProgress>
    {
        public void Report(SegmentProgress value) => reports.Enqueue(value);
    }

    /// <summary>Priced orchestrators refuse a gateway without funds, so off chain every price is 0 and a policy
    /// that prefers orchestrators in a given order decides which is tried first.</summary>
    private static Action<LivepeerGatewayOptions> Prefer(params CoreOrchestrator[] order) => o =>
    {
        o.SelectionPolicy = "Preferred";
        Assert.That(order, Is.Not.Empty);
    };

    private static Action<IServiceCollection> Preferred(params CoreOrchestrator[] order)
        => services => new BuilderShim(services).AddSelectionPolicy("Preferred", _ => new PreferredPolicy([.. order.Select(o => o.ServiceUri)]));

    private sealed class PreferredPolicy(Uri[] order) : IOrchestratorSelectionPolicy
    {
        public SelectionCandidate? Select(IReadOnlyList<SelectionCandidate> candidates, SelectionContext context)
            => candidates.OrderBy(c => Array.IndexOf(order, c.ServiceUri) is var i && i < 0 ? int.MaxValue : i).First();
    }

    private sealed class BuilderShim(IServiceCollection services) : ILivepeerGatewayBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
