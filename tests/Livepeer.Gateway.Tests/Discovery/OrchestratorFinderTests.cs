using System.Diagnostics;
using System.Diagnostics.Metrics;
using Livepeer.Network;
using Livepeer.Payments;
using Livepeer.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Livepeer.Gateway.Tests.Discovery;

public sealed class OrchestratorFinderTests
{
    private static readonly CapabilitySet Job = CapabilitySet.DefaultTranscoder;

    private static DiscoveryRequest Request(int count, OrchestratorPoolKind pool = OrchestratorPoolKind.Trusted, OrchestratorSuspender? suspender = null, params Uri[] exclude)
        => new(pool, count, Job, exclude.ToHashSet(), suspender ?? new OrchestratorSuspender());

    private static OrchestratorFinder CreateFinder(
        IEnumerable<IOrchestratorDiscovery> sources,
        TimeProvider time,
        DiscoveryLogs? logs = null,
        Action<LivepeerGatewayOptions>? configure = null,
        GatewayAccount? account = null,
        OrchestratorIdentityVerifier? identity = null,
        TicketSender? ticketSender = null,
        GatewayTelemetry? telemetry = null)
    {
        var options = new LivepeerGatewayOptions { OffChain = account is not { OnChain: true } };
        configure?.Invoke(options);
        return new OrchestratorFinder(
            sources,
            new OrchestratorClientPool(time),
            account ?? new GatewayAccount(PrivateKeySigner.Generate(), OnChain: false),
            options,
            time,
            new Random(7),
            (logs ?? new DiscoveryLogs()).For<OrchestratorFinder>(),
            ticketSender,
            identity,
            telemetry);
    }

    // On-chain orchestrators refuse a gateway without a reserve, so even an off-chain finder signs as the funded devnet gateway.
    private static async Task<GatewayAccount> FundedGatewayAsync()
        => new(PrivateKeySigner.FromHex((await DiscoveryDevnet.GetAsync()).Gateway.PrivateKey), OnChain: false);

    private static FakeDiscovery Trusted(params Uri[] uris) => new("test", [.. uris.Select(u => new OrchestratorCandidate(u) { Score = 1 })]);

    [Test]
    public async Task FindAsync_NoSources_ReturnsEmptyAtOnce()
    {
        var finder = CreateFinder([], new DiscoveryTime());
        var watch = Stopwatch.StartNew();

        var found = await finder.FindAsync(Request(3), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(found, Is.Empty);
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
        });
    }

    [Test]
    public async Task FindAsync_EverySourceFails_ReturnsEmptyAndLogsEachFailure()
    {
        var logs = new DiscoveryLogs();
        var finder = CreateFinder([FakeDiscovery.Failing("one"), FakeDiscovery.Failing("two")], new DiscoveryTime(), logs);

        var found = await finder.FindAsync(Request(3), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(found, Is.Empty);
            Assert.That(logs.Records.Count(r => r.EventId == 6000), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task FindAsync_UnreachableCandidates_ReturnsEmptyWithErrorRejections()
    {
        var closed = new Uri($"http://127.0.0.1:{DiscoveryDevnet.FreePort()}");
        var finder = CreateFinder([Trusted(closed)], TimeProvider.System);

        var found = await finder.FindAsync(Request(1), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(found, Is.Empty);
            Assert.That(finder.LastRejections.Single().Reason, Is.EqualTo(DiscoveryRejectionReason.Error));
        });
    }

    [Test]
    public async Task FindAsync_UnreachableCandidate_RecordsTheRoundAndTheRejection()
    {
        var closed = new Uri($"http://127.0.0.1:{DiscoveryDevnet.FreePort()}");
        using var telemetry = new GatewayTelemetry();
        var measurements = new List<(string Instrument, object? Tag)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, telemetry.Meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            lock (measurements)
            {
                measurements.Add((instrument.Name, tags.ToArray().FirstOrDefault(t => t.Key is "reason" or "end_reason").Value));
            }
        });
        listener.Start();
        var finder = CreateFinder([Trusted(closed)], TimeProvider.System, telemetry: telemetry);

        await finder.FindAsync(Request(1), CancellationToken.None);

        Assert.That(measurements, Is.EquivalentTo(new (string, object?)[]
        {
            (DiscoveryTelemetry.RoundsName, "all answered"),
            (DiscoveryTelemetry.RejectionsName, "Error"),
        }));
    }

    [Test]
    public async Task GetPoolSizeAsync_MergedSources_DedupesByUriWithTheHighestScore()
    {
        var address = EthAddress.Parse("0x00000000000000000000000000000000000000aa");
        var first = new FakeDiscovery(
            "first",
            new OrchestratorCandidate(new Uri("https://127.0.0.1:1")) { Score = 0, RegisteredAddress = address },
            new OrchestratorCandidate(new Uri("https://127.0.0.1:2")) { Score = 0 },
            new OrchestratorCandidate(new Uri("https://127.0.0.1:3")) { Score = 0.5 });
        var second = new FakeDiscovery(
            "second",
            new OrchestratorCandidate(new Uri("https://127.0.0.1:1/")) { Score = 1 },
            new OrchestratorCandidate(new Uri("https://127.0.0.1:4")) { Score = 3 });
        var finder = CreateFinder([first, second], new DiscoveryTime());

        var trusted = await finder.GetPoolSizeAsync(OrchestratorPoolKind.Trusted, CancellationToken.None);
        var untrusted = await finder.GetPoolSizeAsync(OrchestratorPoolKind.Untrusted, CancellationToken.None);

        Assert.That((trusted, untrusted), Is.EqualTo((2, 1)), "port 1 moves to the trusted pool; score 0.5 is in neither");
    }

    [Test]
    [Category("Chain")]
    public async Task FindAsync_FastAndSlowOrchestrators_FirstTimerEndsTheRoundWithTheFastOne()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slowAuth = await DiscoveryHttpServer.StartAsync(async _ => await release.Task);
        await using var fast = await DiscoveryOrchestrator.StartAsync();
        await using var slow = await DiscoveryOrchestrator.StartAsync(authWebhook: slowAuth.BaseUri);
        var time = new DiscoveryTime();
        var logs = new DiscoveryLogs();
        var finder = CreateFinder([Trusted(fast.ServiceUri, slow.ServiceUri)], time, logs, account: await FundedGatewayAsync());
        try
        {
            var round = finder.FindAsync(Request(2), CancellationToken.None);
            await logs.WaitForAsync(6011, fast.ServiceUri.ToString());
            await time.WaitForTimerAsync(TimeSpan.FromMilliseconds(500));
            await Task.Delay(100);
            var finishedBeforeTimer = round.IsCompleted;
            time.Advance(TimeSpan.FromMilliseconds(500));
            var found = await round.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Multiple(() =>
            {
                Assert.That(finishedBeforeTimer, Is.False);
                Assert.That(found.Select(f => f.Candidate.ServiceUri), Is.EqualTo(new[] { fast.ServiceUri }));
                Assert.That(found[0].Info.Transcoder, Is.Not.Empty);
                Assert.That(finder.LastRejections.Single().Reason, Is.EqualTo(DiscoveryRejectionReason.Timeout));
                Assert.That(finder.LastRejections.Single().ServiceUri, Is.EqualTo(slow.ServiceUri));
            });
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Test]
    [Category("Chain")]
    public async Task FindAsync_NoUsableAnswerWhenTimersFire_WaitsHalfASecondAgainThenOneSecond()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slowAuth = await DiscoveryHttpServer.StartAsync(async _ => await release.Task);
        await using var stuckAuth = await DiscoveryHttpServer.StartAsync(async _ => await never.Task);
        await using var slow = await DiscoveryOrchestrator.StartAsync(authWebhook: slowAuth.BaseUri);
        await using var stuck = await DiscoveryOrchestrator.StartAsync(authWebhook: stuckAuth.BaseUri);
        var time = new DiscoveryTime();
        var logs = new DiscoveryLogs();
        var finder = CreateFinder([Trusted(slow.ServiceUri, stuck.ServiceUri)], time, logs, account: await FundedGatewayAsync());
        try
        {
            var round = finder.FindAsync(Request(2), CancellationToken.None);
            await WaitUntilAsync(() => slowAuth.Requests == 1 && stuckAuth.Requests == 1);
            await time.WaitForTimerAsync(TimeSpan.FromMilliseconds(500));
            time.Advance(TimeSpan.FromMilliseconds(500));
            await time.WaitForTimerAsync(TimeSpan.FromMilliseconds(1000));
            time.Advance(TimeSpan.FromMilliseconds(500));
            await time.WaitForTimerAsync(TimeSpan.FromMilliseconds(2000));
            release.SetResult();
            await logs.WaitForAsync(6011, slow.ServiceUri.ToString());
            time.Advance(TimeSpan.FromMilliseconds(999));
            await Task.Delay(200);
            var finishedBeforeThirdTimer = round.IsCompleted;
            time.Advance(TimeSpan.FromMilliseconds(1));
            var found = await round.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Multiple(() =>
            {
                Assert.That(finishedBeforeThirdTimer, Is.False);
                Assert.That(found.Select(f => f.Candidate.ServiceUri), Is.EqualTo(new[] { slow.ServiceUri }));
            });
        }
        finally
        {
            release.TrySetResult();
            never.TrySetResult();
        }
    }

    [Test]
    [Category("Chain")]
    public async Task FindAsync_NobodyAnswers_EndsAtTheCutoffEmpty()
    {
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var stuckAuth = await DiscoveryHttpServer.StartAsync(async _ => await never.Task);
        await using var stuck = await DiscoveryOrchestrator.StartAsync(authWebhook: stuckAuth.BaseUri);
        var time = new DiscoveryTime();
        var finder = CreateFinder([Trusted(stuck.ServiceUri)], time, account: await FundedGatewayAsync());
        try
        {
            var round = finder.FindAsync(Request(1), CancellationToken.None);
            await WaitUntilAsync(() => stuckAuth.Requests == 1);
            time.Advance(TimeSpan.FromMilliseconds(5999));
            await Task.Delay(200);
            var finishedBeforeCutoff = round.IsCompleted;
            time.Advance(TimeSpan.FromMilliseconds(1));
            var found = await round.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Multiple(() =>
            {
                Assert.That(finishedBeforeCutoff, Is.False);
                Assert.That(found, Is.Empty);
                Assert.That(finder.LastRejections.Single().Reason, Is.EqualTo(DiscoveryRejectionReason.Timeout));
            });
        }
        finally
        {
            never.TrySetResult();
        }
    }

    [Test]
    [Category("Chain")]
    public async Task FindAsync_RefusingBlocklistedAndIncompatible_AreLeftOutWithTheirReasons()
    {
        var setup = await DiscoveryDevnet.GetAsync();
        await using var refusingAuth = await DiscoveryHttpServer.StartAsync(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("not this gateway");
        });
        await using var good = await DiscoveryOrchestrator.StartAsync();
        await using var refusing = await DiscoveryOrchestrator.StartAsync(authWebhook: refusingAuth.BaseUri);
        await using var blocked = await DiscoveryOrchestrator.StartAsync(account: setup.OrchestratorB);
        var logs = new DiscoveryLogs();
        var finder = CreateFinder(
            [Trusted(good.ServiceUri, refusing.ServiceUri, blocked.ServiceUri)],
            TimeProvider.System,
            logs,
            o => o.Blocklist.Add(setup.OrchestratorB.Address),
            await FundedGatewayAsync());

        var found = await finder.FindAsync(Request(3), CancellationToken.None);
        var rejections = finder.LastRejections.ToDictionary(r => r.ServiceUri);

        var aiJob = new DiscoveryRequest(OrchestratorPoolKind.Trusted, 1, CapabilitySet.Create(Capability.TextToImage, Capability.AuthToken), new HashSet<Uri>(), new OrchestratorSuspender());
        var foundForAi = await CreateFinder([Trusted(good.ServiceUri)], TimeProvider.System, account: await FundedGatewayAsync()).FindAsync(aiJob, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(found.Select(f => f.Candidate.ServiceUri), Is.EqualTo(new[] { good.ServiceUri }));
            Assert.That(rejections[refusing.ServiceUri].Reason, Is.EqualTo(DiscoveryRejectionReason.Error));
            Assert.That(rejections[refusing.ServiceUri].Detail, Does.Contain("authentication failed"));
            Assert.That(rejections[blocked.ServiceUri].Reason, Is.EqualTo(DiscoveryRejectionReason.Blocklisted));
            Assert.That(logs.Records.Count(r => r.EventId == 6012), Is.EqualTo(2));
            Assert.That(foundForAi, Is.Empty);
        });
    }

    [Test]
    [Category("Chain")]
    public async Task FindAsync_SuspendedAndExcluded_SuspendedOnlyTopUpAndExcludedNotAsked()
    {
        await using var first = await DiscoveryOrchestrator.StartAsync();
        await using var second = await DiscoveryOrchestrator.StartAsync();
        await using var third = await DiscoveryOrchestrator.StartAsync();
        var suspender = new OrchestratorSuspender();
        suspender.Suspend(second.ServiceUri, 2);
        suspender.Suspend(third.ServiceUri, 1);
        var finder = CreateFinder([Trusted(first.ServiceUri, second.ServiceUri, third.ServiceUri)], TimeProvider.System, account: await FundedGatewayAsync());

        var one = await finder.FindAsync(Request(1, suspender: suspender), CancellationToken.None);
        var all = await finder.FindAsync(Request(3, suspender: suspender), CancellationToken.None);
        var withoutFirst = await finder.FindAsync(Request(3, suspender: suspender, exclude: first.ServiceUri), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(one.Select(f => f.Candidate.ServiceUri), Is.EqualTo(new[] { first.ServiceUri }));
            Assert.That(all.Select(f => f.Candidate.ServiceUri), Is.EqualTo(new[] { first.ServiceUri, third.ServiceUri, second.ServiceUri }), "the lower penalty tops up first");
            Assert.That(withoutFirst.Select(f => f.Candidate.ServiceUri), Is.EqualTo(new[] { third.ServiceUri, second.ServiceUri }));
        });
    }

    [Test]
    [Category("Chain")]
    public async Task FindAsync_AnswersAtDifferentSpeeds_SortedByLatency()
    {
        await using var slowAuth = await DiscoveryHttpServer.StartAsync(async _ => await Task.Delay(400));
        await using var fast = await DiscoveryOrchestrator.StartAsync();
        await using var slow = await DiscoveryOrchestrator.StartAsync(authWebhook: slowAuth.BaseUri);
        var finder = CreateFinder([Trusted(slow.ServiceUri, fast.ServiceUri)], TimeProvider.System, configure: o => o.DiscoveryTimeout = TimeSpan.FromSeconds(3), account: await FundedGatewayAsync());

        var found = await finder.FindAsync(Request(2), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(found.Select(f => f.Candidate.ServiceUri), Is.EqualTo(new[] { fast.ServiceUri, slow.ServiceUri }));
            Assert.That(found[1].Latency, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(350)));
        });
    }

    [Test]
    [Category("Chain")]
    public async Task FindAsync_RequireIdentity_DropsAnOrchestratorAnsweringAtAnotherUri()
    {
        var setup = await DiscoveryDevnet.GetAsync();
        await using var registered = await DiscoveryOrchestrator.StartAsync(account: setup.OrchestratorA, port: setup.ServiceUriA.Port);
        await using var impostor = await DiscoveryOrchestrator.StartAsync(account: setup.OrchestratorB);
        var logs = new DiscoveryLogs();
        var gateway = new GatewayAccount(PrivateKeySigner.FromHex(setup.Gateway.PrivateKey), OnChain: true);
        var lookups = 0;
        var identity = new OrchestratorIdentityVerifier(
            ct =>
            {
                Interlocked.Increment(ref lookups);
                return setup.Devnet.ConnectAsync(cancellationToken: ct);
            },
            TimeProvider.System);
        var finder = CreateFinder(
            [new FakeDiscovery("test", new OrchestratorCandidate(registered.ServiceUri), new OrchestratorCandidate(impostor.ServiceUri))],
            TimeProvider.System,
            logs,
            o => o.RequireOrchestratorIdentity = true,
            gateway,
            identity);

        var found = await finder.FindAsync(Request(2, OrchestratorPoolKind.Untrusted), CancellationToken.None);
        var rejection = finder.LastRejections.Single();
        var lookupsInFirstRound = lookups;
        var foundAgain = await finder.FindAsync(Request(2, OrchestratorPoolKind.Untrusted), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(found.Select(f => f.Candidate.ServiceUri.Port), Is.EqualTo(new[] { setup.ServiceUriA.Port }));
            Assert.That(foundAgain.Select(f => f.Candidate.ServiceUri.Port), Is.EqualTo(new[] { setup.ServiceUriA.Port }));
            Assert.That((lookupsInFirstRound, lookups), Is.EqualTo((2, 2)), "the registry is read once per address, then cached");
            Assert.That(rejection.Reason, Is.EqualTo(DiscoveryRejectionReason.IdentityMismatch));
            Assert.That(rejection.Detail, Does.Contain(setup.ServiceUriB.Authority).And.Contain(setup.OrchestratorB.Address.ToString()));
            Assert.That(logs.Has(6015, impostor.ServiceUri.ToString()), Is.True);
        });
    }

    [Test]
    [Category("Chain")]
    public async Task FindAsync_OnChain_TicketParamsAboveTheSendersLimitAreRejected()
    {
        var setup = await DiscoveryDevnet.GetAsync();
        using var payments = await DiscoveryDevnet.StartGatewayPaymentsAsync(maxTicketEv: "2 gwei");
        await using var modest = await DiscoveryOrchestrator.StartAsync(ticketEv: "1 gwei");
        await using var greedy = await DiscoveryOrchestrator.StartAsync(ticketEv: "5 gwei");
        var sender = payments.Services.GetRequiredService<TicketSender>();
        var finder = CreateFinder(
            [new FakeDiscovery("test", new OrchestratorCandidate(modest.ServiceUri), new OrchestratorCandidate(greedy.ServiceUri))],
            TimeProvider.System,
            account: new GatewayAccount(PrivateKeySigner.FromHex(setup.Gateway.PrivateKey), OnChain: true),
            ticketSender: sender);
        try
        {
            var found = await finder.FindAsync(Request(2, OrchestratorPoolKind.Untrusted), CancellationToken.None);
            var rejection = finder.LastRejections.Single();

            Assert.Multiple(() =>
            {
                Assert.That(found.Select(f => f.Candidate.ServiceUri), Is.EqualTo(new[] { modest.ServiceUri }));
                Assert.That(found[0].Info.TicketParams, Is.Not.Null);
                Assert.That(rejection.ServiceUri, Is.EqualTo(greedy.ServiceUri));
                Assert.That(rejection.Reason, Is.EqualTo(DiscoveryRejectionReason.InvalidTicketParams));
            });
        }
        finally
        {
            await payments.StopAsync();
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not hold in time.");
            }

            await Task.Delay(10);
        }
    }
}
