using System.Diagnostics;
using System.Numerics;
using System.Text.RegularExpressions;
using Livepeer.Payments;
using Livepeer.Protocol;
using Livepeer.Transcoding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Livepeer.Gateway.Tests;

/// <summary>
/// The gateway against a whole local network: anvil with the genuine contracts, four real orchestrators on their own
/// dev accounts transcoding with ffmpeg (a reliable one, a slow one, one that fails every other segment, one above
/// the gateway's price limit), found by the gateway's on-chain discovery. One 30-segment stream is sent once for
/// the fixture; each test checks one part of what came back, what was paid, and what the chain redeemed.
/// </summary>
/// <remarks>
/// Tickets carry 400,000 gwei of EV at a face value of 2,000,000 gwei, so each wins with probability 1/5; a segment
/// costs a few tickets, so the stream sends well over 60 tickets and the chance that none wins is below 1e-6
/// ((4/5)^62 ≈ 1e-6): the test asks for at least one winner, and otherwise for equalities that hold whatever the draw.
/// </remarks>
[TestFixture]
[Category("EndToEnd")]
[Category("Chain")]
[Category("FFmpeg")]
[NonParallelizable]
[CancelAfter(60_000)]
public sealed class GatewayEndToEndTests
{
    private static readonly TimeSpan RedemptionTimeout = TimeSpan.FromSeconds(30);

    private readonly DiscoveryLogs _logs = new();
    private readonly EndToEndProgress _progress = new();
    private EndToEndNetwork? _network;
    private IHost? _gateway;
    private List<SegmentOutcome> _outcomes = [];
    private IReadOnlyList<byte[]> _sources = [];
    private SenderInfo? _fundsBefore;
    private SenderInfo? _fundsAfter;
    private IReadOnlyDictionary<EthAddress, Redemptions> _redemptions = new Dictionary<EthAddress, Redemptions>();
    private readonly Dictionary<EndToEndOrchestrator, int> _winners = [];
    private readonly Dictionary<EndToEndOrchestrator, int> _redeemedInStore = [];

    /// <summary>Progress positions at which each segment was pushed.</summary>
    private readonly Dictionary<long, int> _pushedAt = [];

    private EndToEndNetwork Network => _network!;

    [OneTimeSetUp]
    public async Task RunTheStream()
    {
        var watch = Stopwatch.StartNew();
        var media = EndToEndMedia.GetSegmentsAsync();
        _network = await EndToEndNetwork.StartAsync();
        _sources = await media;
        _fundsBefore = await Network.ReadGatewayFundsAsync();
        _gateway = await Network.StartGatewayAsync(_logs);
        TestContext.Progress.WriteLine($"network up in {watch.Elapsed.TotalSeconds:F1} s");

        var gateway = _gateway.Services.GetRequiredService<ILivepeerGateway>();
        await using (var stream = await gateway.OpenStreamAsync("e2e", EndToEndMedia.Profiles, new LivepeerStreamOptions { Progress = _progress }))
        {
            var reading = ReadAllAsync(stream);
            for (var sequence = 0; sequence < EndToEndMedia.SegmentCount; sequence++)
            {
                _pushedAt[sequence] = _progress.Count;
                await stream.PushAsync(EndToEndMedia.Segment(_sources, sequence));
            }

            stream.Complete();
            _outcomes = await reading;
        }

        TestContext.Progress.WriteLine($"stream done at {watch.Elapsed.TotalSeconds:F1} s");
        // Discovery and failure events say which orchestrators the gateway found and why it left any out.
        foreach (var record in _logs.Records.Where(r => r.EventId is (>= 6000 and < 6100) or 6101 or 6103 or 6107))
        {
            TestContext.Progress.WriteLine($"gateway log {record.EventId}: {record.Message}");
        }
        await SettleAsync();
        TestContext.Progress.WriteLine($"tickets redeemed at {watch.Elapsed.TotalSeconds:F1} s");
    }

    [OneTimeTearDown]
    public async Task StopTheNetwork()
    {
        if (_gateway is not null)
        {
            await _gateway.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
            _gateway.Dispose();
        }

        if (_network is not null)
        {
            await _network.DisposeAsync();
        }

        EndToEndMedia.DeleteGenerated();
    }

    [Test]
    public async Task Stream_ThirtySegments_EverySegmentComesBackInOrderWithExactPixels()
    {
        Assert.That(_outcomes.Select(o => o.Error?.Message), Is.All.Null, "no segment failed");
        Assert.That(_outcomes.Select(o => o.Sequence), Is.EqualTo(Enumerable.Range(0, EndToEndMedia.SegmentCount).Select(i => (long)i)), "every segment, in push order");
        var results = _outcomes.Select(o => o.Result!).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Renditions.Select(x => x.Profile)), Is.All.EqualTo(EndToEndMedia.Profiles));
            // The gateway decoded every rendition (VerifyPixels) before returning it; each holds all 30 frames at the profile's size.
            Assert.That(results.SelectMany(r => r.Renditions).Select(x => x.Pixels), Is.EqualTo(results.SelectMany(_ => EndToEndMedia.Profiles.Select(EndToEndMedia.PixelsOf))));
            Assert.That(results.Select(r => r.OrchestratorAddress), Is.All.Not.Null, "on chain every orchestrator names its address");
        });

        // And measured here, independently of the gateway, on a few segments from each orchestrator that made any.
        foreach (var result in results.GroupBy(r => r.Orchestrator).SelectMany(g => g.Take(2)))
        {
            for (var i = 0; i < EndToEndMedia.Profiles.Length; i++)
            {
                var profile = EndToEndMedia.Profiles[i];
                var measured = await EndToEndMedia.MeasureAsync(result.Renditions[i].Data);
                Assert.Multiple(() =>
                {
                    Assert.That(measured.Status, Is.EqualTo(RenditionStatus.Ok), $"segment {result.Sequence} {profile.Name}: {measured.Detail}");
                    Assert.That((measured.Width, measured.Height, measured.Frames), Is.EqualTo((profile.Width, profile.Height, (long)EndToEndMedia.FramesPerSegment)), $"segment {result.Sequence} {profile.Name}");
                    Assert.That(result.Renditions[i].Pixels, Is.EqualTo(measured.Pixels), $"segment {result.Sequence} {profile.Name}: the charged pixels are the decoded pixels");
                });
            }
        }

        var reliable = results.Count(r => r.Orchestrator == Network.Reliable.ServiceUri);
        var slow = results.Count(r => r.Orchestrator == Network.Slow.ServiceUri);
        var failing = results.Count(r => r.Orchestrator == Network.Failing.ServiceUri);
        TestContext.Out.WriteLine($"segments by orchestrator: reliable {reliable}, slow {slow}, failing {failing}; ffmpeg calls: reliable {Network.Reliable.Transcoder!.Calls}, slow {Network.Slow.Transcoder!.Calls}, failing {Network.Failing.Transcoder!.Calls}");
    }

    [Test]
    public async Task Stream_OverPricedOrchestrator_IsDiscoveredButNeverChosenNorPaid()
    {
        var overPriced = Network.OverPriced;
        await Assert.MultipleAsync(async () =>
        {
            // Not vacuous: on-chain discovery found all four, and the over-priced one answered and was usable.
            Assert.That(_logs.Has(6005, "found 4 active orchestrators"), Is.True, "on-chain discovery lists the four active orchestrators");
            Assert.That(_logs.Has(6011, overPriced.ServiceUri.ToString().TrimEnd('/')), Is.True, "the over-priced orchestrator answered discovery");
            Assert.That(_logs.Has(6112), Is.True, "the gateway left an orchestrator out for its price");

            Assert.That(overPriced.Transcoder!.Calls, Is.Zero, "its transcoder never ran");
            Assert.That(_progress.Reports.Where(p => p.Orchestrator == overPriced.ServiceUri), Is.Empty, "no attempt went to it");
            Assert.That(_outcomes.Select(o => o.Result?.Orchestrator), Has.None.EqualTo(overPriced.ServiceUri));
            Assert.That(await overPriced.CountWinningTicketsAsync(), Is.Zero, "it received no winning ticket");
            Assert.That(_redemptions.ContainsKey(overPriced.Address!.Value), Is.False, "nothing was redeemed to it");
        });
    }

    [Test]
    public void Stream_FailingOrchestrator_IsSuspendedAndItsFailedSegmentsRetriedElsewhere()
    {
        var failing = Network.Failing;
        var reports = _progress.Reports;
        var failures = reports.Where(p => p.Orchestrator == failing.ServiceUri && p.Stage == SegmentStage.Retrying).ToList();
        var suspensions = _logs.Records.Where(r => r.EventId == 6103 && r.Message.Contains(failing.ServiceUri.ToString(), StringComparison.Ordinal)).ToList();
        var firstFailure = reports.ToList().FindIndex(p => p.Orchestrator == failing.ServiceUri && p.Stage == SegmentStage.Retrying);
        Assert.Multiple(() =>
        {
            Assert.That(failing.Transcoder!.Calls, Is.GreaterThanOrEqualTo(2), "the cheapest orchestrator got the stream's first segments");
            Assert.That(failing.Transcoder.Failures, Is.GreaterThanOrEqualTo(1));
            Assert.That(failures, Has.Count.EqualTo(failing.Transcoder.Failures), "every failure was reported as a retry");
            Assert.That(failures.Select(f => f.Error), Is.All.Contains("simulated encoder failure"));
            Assert.That(suspensions, Has.Count.EqualTo(failures.Count), "each failure suspended it");
            Assert.That(suspensions.Select(s => PenaltyIn(s.Message)), Is.All.GreaterThanOrEqualTo(1));
        });

        foreach (var failure in failures)
        {
            var result = _outcomes.Single(o => o.Sequence == failure.Sequence).Result!;
            Assert.Multiple(() =>
            {
                Assert.That(result.Orchestrator, Is.Not.EqualTo(failing.ServiceUri), $"segment {failure.Sequence} was retried elsewhere");
                Assert.That(result.Attempts, Is.GreaterThanOrEqualTo(failure.Attempt + 1), $"segment {failure.Sequence}'s attempts show the retry");
                Assert.That(result.FailedAttempts, Has.Some.StartsWith(failing.ServiceUri.ToString()).And.Some.Contains("simulated encoder failure"));
            });
        }

        // Once its first failure was reported it was out of the pool: no segment pushed after that was sent to it.
        var later = _pushedAt.Where(p => p.Value > firstFailure).Select(p => p.Key).ToHashSet();
        Assert.That(later, Is.Not.Empty, "its first failure came early in the stream");
        Assert.That(reports.Where(p => later.Contains(p.Sequence) && p.Orchestrator == failing.ServiceUri), Is.Empty);
    }

    [Test]
    public void Stream_Payments_CoverEveryPixelAndNeverExceedTheAdvertisedPrices()
    {
        var results = _outcomes.Select(o => o.Result!).ToList();
        var paid = results.Where(r => r.TicketsSent > 0).ToList();
        Assert.That(paid, Is.Not.Empty);
        // Every orchestrator caps its face value at the same amount for the same EV, so every ticket is worth the same.
        var ticketEv = paid[0].ExpectedValueSent / paid[0].TicketsSent;
        Assert.That(results.Select(r => r.ExpectedValueSent == ticketEv * r.TicketsSent), Is.All.True, "every ticket carries the same EV");
        Assert.That(ticketEv >= new BigRational(EndToEndNetwork.TicketEv.Value), Is.True, "a ticket is worth at least the EV the orchestrators ask");

        var estimatedPixels = (long)FeeEstimator.EstimatePixels(
            EndToEndMedia.Profiles.Select(p => new OutputRendition(p.Width, p.Height, p.FrameRate.Num, p.FrameRate.Den)), EndToEndMedia.SegmentDuration);
        Assert.That(estimatedPixels, Is.EqualTo(EndToEndMedia.Profiles.Sum(EndToEndMedia.PixelsOf)), "a segment has exactly the pixels the gateway estimates");

        var attempts = _progress.Reports.Where(p => p.Stage != SegmentStage.Submitted && p.Orchestrator is not null).ToList();
        Assert.That(attempts.Sum(a => a.Tickets), Is.EqualTo(results.Sum(r => r.TicketsSent)), "the attempts' tickets add up to the segments'");
        foreach (var orchestrator in new[] { Network.Reliable, Network.Slow, Network.Failing })
        {
            var price = new BigRational(new BigInteger(orchestrator.PricePerPixel));
            var mine = attempts.Where(a => a.Orchestrator == orchestrator.ServiceUri).ToList();
            var pixels = results.Where(r => r.Orchestrator == orchestrator.ServiceUri).Sum(r => r.Renditions.Sum(x => x.Pixels));
            var sent = ticketEv * mine.Sum(a => a.Tickets);
            var owed = price * pixels;
            // §6.8: before each attempt the gateway tops the session's credit up to max(1.02 × the estimated fee, one
            // ticket), overshooting by less than a ticket; credit sent with a failed attempt is spent. So it never
            // sends more than that per attempt that carried tickets: for an orchestrator that never failed this is
            // 1.02 × its price × its pixels plus under a ticket per such attempt (several may be in flight at once,
            // each staging its own credit).
            var minCredit = BigRational.Max(price * estimatedPixels * FeeEstimator.EstimateMultiplier, ticketEv);
            var ticketed = mine.Count(a => a.Tickets > 0);
            var ceiling = (minCredit + ticketEv) * ticketed;
            var failed = mine.Count(a => a.Stage != SegmentStage.Completed);
            TestContext.Out.WriteLine(
                $"{orchestrator.Name}: {mine.Count} attempts ({failed} failed, {ticketed} with tickets, at most {_progress.MaxInFlight(orchestrator.ServiceUri)} at once), "
                + $"{pixels} pixels, owed {owed.ToDecimalString(0)}, EV sent {sent.ToDecimalString(0)} ({(pixels == 0 ? "-" : (sent / owed).ToDecimalString(4))} × owed), ceiling {ceiling.ToDecimalString(0)}");
            Assert.Multiple(() =>
            {
                Assert.That(sent >= owed, Is.True, $"{orchestrator.Name}: EV sent {sent.ToDecimalString(0)} pays for every pixel ({owed.ToDecimalString(0)})");
                Assert.That(sent <= ceiling, Is.True, $"{orchestrator.Name}: EV sent {sent.ToDecimalString(0)} exceeds {ticketed} × (1.02 × the estimate + one ticket) = {ceiling.ToDecimalString(0)}");
                if (failed == 0)
                {
                    Assert.That(sent <= owed * FeeEstimator.EstimateMultiplier + ticketEv * ticketed, Is.True, $"{orchestrator.Name}: EV sent {sent.ToDecimalString(0)} exceeds 1.02 × {owed.ToDecimalString(0)} + {ticketed} tickets");
                }
            });
        }
    }

    [Test]
    public async Task Stream_WinningTickets_AreRedeemedOnChainAndPaidFromTheGatewaysFunds()
    {
        var totalTickets = _outcomes.Sum(o => o.Result?.TicketsSent ?? 0);
        var winners = _winners.Values.Sum();
        TestContext.Out.WriteLine($"{totalTickets} tickets sent, {winners} won ({string.Join(", ", _winners.Select(w => $"{w.Key.Name} {w.Value}"))})");
        Assert.That(totalTickets, Is.GreaterThanOrEqualTo(62), "enough tickets that at least one wins but with probability below 1e-6");
        Assert.That(winners, Is.GreaterThanOrEqualTo(1));

        var spent = _fundsBefore!.Deposit.Value + _fundsBefore.Reserve.FundsRemaining.Value - _fundsAfter!.Deposit.Value - _fundsAfter.Reserve.FundsRemaining.Value;
        await Assert.MultipleAsync(async () =>
        {
            foreach (var (orchestrator, won) in _winners)
            {
                var redeemed = _redemptions.GetValueOrDefault(orchestrator.Address!.Value, new Redemptions(0, 0, 0));
                Assert.That(redeemed.Tickets, Is.EqualTo(won), $"{orchestrator.Name}: every winning ticket it received was redeemed on chain");
                Assert.That(_redeemedInStore[orchestrator], Is.EqualTo(won), $"{orchestrator.Name}: its store marks them redeemed");
                Assert.That(redeemed.Paid, Is.EqualTo(redeemed.FaceValue), $"{orchestrator.Name}: each redemption paid the full face value");
                Assert.That(redeemed.FaceValue, Is.EqualTo(EndToEndNetwork.FaceValue.Value * won), $"{orchestrator.Name}: at the capped face value");
            }

            Assert.That(_redemptions.Keys, Is.SubsetOf(_winners.Keys.Select(o => o.Address!.Value)), "only these orchestrators redeemed the gateway's tickets");
            Assert.That(spent, Is.EqualTo(_redemptions.Values.Aggregate(BigInteger.Zero, (sum, r) => sum + r.Paid)), "the deposit and reserve fell by exactly what the redemptions transferred");
            Assert.That(spent, Is.GreaterThan(BigInteger.Zero));
            Assert.That(await Network.OverPriced.CountWinningTicketsAsync(), Is.Zero);
        });
    }

    private static long PenaltyIn(string message)
    {
        var match = Regex.Match(message, @"suspended \(penalty (\d+)\)");
        return match.Success ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    private static async Task<List<SegmentOutcome>> ReadAllAsync(ILivepeerStream stream)
    {
        var outcomes = new List<SegmentOutcome>();
        await foreach (var outcome in stream.ReadResultsAsync())
        {
            outcomes.Add(outcome);
        }

        return outcomes;
    }

    /// <summary>
    /// Lets the orchestrators redeem: a recipient redeems a winning ticket once its parameters have expired (40 blocks
    /// after they were issued) while its creation round is still valid; anvil makes blocks only for transactions.
    /// Moving into the next round and past the last parameters' expiry does both. Then waits (bounded) until every
    /// winning ticket the orchestrators stored is redeemed, and reads the chain.
    /// </summary>
    private async Task SettleAsync()
    {
        var devnet = Network.Devnet;
        var lastIssued = await devnet.Rpc.GetBlockNumberAsync();
        await devnet.AdvanceRoundAsync();
        var target = lastIssued + TicketRecipient.ParamsExpirationBlocks + 1;
        var head = await devnet.Rpc.GetBlockNumberAsync();
        if (head < target)
        {
            await devnet.MineAsync(target - head);
        }

        var paid = new[] { Network.Reliable, Network.Slow, Network.Failing, Network.OverPriced };
        foreach (var orchestrator in paid)
        {
            _winners[orchestrator] = await orchestrator.CountWinningTicketsAsync();
        }

        var deadline = DateTime.UtcNow + RedemptionTimeout;
        for (var attempt = 0; attempt < 300; attempt++)
        {
            foreach (var orchestrator in paid)
            {
                _redeemedInStore[orchestrator] = await orchestrator.CountWinningTicketsAsync(redeemedOnly: true);
            }

            _redemptions = await Network.ReadRedemptionsAsync();
            if ((_redemptions.Values.Sum(r => r.Tickets) >= _winners.Values.Sum() && _redeemedInStore.Values.Sum() >= _winners.Values.Sum()) || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(200);
        }

        _fundsAfter = await Network.ReadGatewayFundsAsync();
        if (_redeemedInStore.Values.Sum() != _winners.Values.Sum())
        {
            foreach (var orchestrator in paid)
            {
                TestContext.Progress.WriteLine(await orchestrator.DescribeWinningTicketsAsync());
            }
        }
    }
}
