using Livepeer.Payments;
using Livepeer.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Livepeer.Gateway.Tests;

/// <summary>The gateway core on chain: tickets to a real orchestrator on the shared devnet.</summary>
[TestFixture]
[Category("Chain")]
[Category("EndToEnd")]
[CancelAfter(180_000)]
public sealed class GatewayCoreOnChainTests
{
    private static OrchestratorCandidate Untrusted(CoreOrchestrator orchestrator) => new(orchestrator.ServiceUri);

    [Test]
    public async Task TranscodeSegmentAsync_OnChain_SendsTicketsWhoseEvCoversThePixelsWithin2Percent()
    {
        const decimal price = 1000;
        await using var orchestrator = await CoreOrchestrator.StartAsync(pricePerPixel: price);
        await using var gateway = await CoreGateway.StartAsync([Untrusted(orchestrator)], CoreDevnet.FundedGateway, o => o.VerifyPixels = false);
        var devnet = await CoreDevnet.GetAsync();
        Assert.That(gateway.Account.Signer.Address, Is.EqualTo(devnet.Accounts[CoreDevnet.FundedGateway].Address));

        var results = new List<TranscodedSegment>();
        for (var i = 0; i < 4; i++)
        {
            results.Add(await gateway.Gateway.TranscodeSegmentAsync("paid", CoreGateway.Segment(i), CoreGateway.Profiles));
        }

        var pixels = results.Sum(r => r.Renditions.Sum(x => x.Pixels));
        var owed = (BigRational)(long)(pixels * price);
        var sent = results.Aggregate(BigRational.Zero, (sum, r) => sum + r.ExpectedValueSent);
        var tickets = results.Sum(r => r.TicketsSent);
        var ticketEv = sent / tickets;
        TestContext.Out.WriteLine($"pixels {pixels}, owed {owed}, EV sent {sent.ToDecimalString(0)} in {tickets} tickets");
        Assert.Multiple(() =>
        {
            Assert.That(pixels, Is.EqualTo(4 * CoreGateway.PixelsOf(CoreGateway.Profiles)));
            Assert.That(results[0].TicketsSent, Is.GreaterThan(0));
            Assert.That(results.Select(r => r.OrchestratorAddress), Is.All.EqualTo(orchestrator.Address));
            Assert.That(sent >= owed, Is.True, "the gateway paid for every pixel");
            // The estimate is 1.02 × the pixels; whole tickets add at most one ticket's EV.
            Assert.That(sent <= owed * FeeEstimator.EstimateMultiplier + ticketEv, Is.True, $"EV sent {sent.ToDecimalString(0)} exceeds 1.02 × {owed} + one ticket");
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task TranscodeSegmentAsync_PrepareTickets_LaterSegmentsPayWithTicketsSignedAhead(bool prepare)
    {
        await using var orchestrator = await CoreOrchestrator.StartAsync(pricePerPixel: 1000);
        await using var gateway = await CoreGateway.StartAsync([Untrusted(orchestrator)], CoreDevnet.FundedGateway, o =>
        {
            o.VerifyPixels = false;
            o.PrepareTickets = prepare;
        });
        using var prepared = new PreparedTicketCounts();

        var results = new List<TranscodedSegment>();
        for (var i = 0; i < 4; i++)
        {
            results.Add(await gateway.Gateway.TranscodeSegmentAsync("prepared", CoreGateway.Segment(i), CoreGateway.Profiles));
            if (prepare)
            {
                // Segments of a live stream are seconds apart; the next one's tickets are signed in that gap.
                await prepared.WaitForSignedAsync(results.Sum(r => r.TicketsSent) > 0 ? 1 : 0, TimeSpan.FromSeconds(10));
            }
        }

        var (signed, sent, _) = prepared.Snapshot();
        TestContext.Out.WriteLine($"tickets sent {results.Sum(r => r.TicketsSent)}; prepared: signed {signed}, sent {sent}");
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Attempts), Is.All.EqualTo(1), "the orchestrator accepted every payment");
            Assert.That(results.Skip(1).Sum(r => r.TicketsSent), Is.GreaterThan(0));
            if (prepare)
            {
                Assert.That(signed, Is.GreaterThan(0));
                Assert.That(sent, Is.GreaterThan(0), "later segments took tickets signed ahead");
                Assert.That(sent, Is.LessThanOrEqualTo(results.Skip(1).Sum(r => r.TicketsSent)));
            }
            else
            {
                Assert.That(signed, Is.Zero);
            }
        });
    }

    [Test]
    public async Task TranscodeSegmentAsync_LargeSegments_OrchestratorAcceptsSignaturesWithNoncesPreparedAhead()
    {
        const int length = 300_000;
        await using var orchestrator = await CoreOrchestrator.StartAsync(pricePerPixel: 1000);
        await using var gateway = await CoreGateway.StartAsync([Untrusted(orchestrator)], CoreDevnet.FundedGateway, o => o.VerifyPixels = false);
        var presigner = ((LivepeerGateway)gateway.Gateway).Presigner;

        var results = new List<TranscodedSegment>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await gateway.Gateway.TranscodeSegmentAsync("large", CoreGateway.Segment(i, length), CoreGateway.Profiles));
            // The next segment's nonce is made in the gap after this one.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (presigner.Count == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Attempts), Is.All.EqualTo(1), "the orchestrator accepted every segment signature and payment");
            Assert.That(results.Select(r => r.Renditions.Select(x => x.Data.ToArray())), Is.EqualTo(
                Enumerable.Range(0, 3).Select(i => CoreGateway.Profiles.Select(p => CoreFakeTranscoder.RenditionBytes(p, i, length)))));
            Assert.That(presigner.Used, Is.GreaterThanOrEqualTo(2), "segments after the first took a nonce prepared ahead");
            Assert.That(presigner.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task TranscodeSegmentAsync_SenderWithoutDeposit_StopsTheStreamWithSenderFunds()
    {
        var devnet = await CoreDevnet.GetAsync();
        await CoreDevnet.ReserveOnlyAsync();
        await using var orchestrator = await CoreOrchestrator.StartAsync(pricePerPixel: 1000);
        await using var gateway = await CoreGateway.StartAsync([Untrusted(orchestrator)], CoreDevnet.UnfundedGateway, o => o.VerifyPixels = false);
        await using var stream = await gateway.Gateway.OpenStreamAsync("unfunded", CoreGateway.Profiles);

        await stream.PushAsync(CoreGateway.Segment(0));
        var error = await Assert.ThrowsAsync<GatewayException>(async () =>
        {
            await foreach (var outcome in stream.ReadResultsAsync())
            {
                Assert.Fail($"segment {outcome.Sequence} finished: {outcome.Error?.Message}");
            }
        });

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo(GatewayErrorCode.SenderFunds));
            Assert.That(error.Message, Does.Contain("no sender deposit"));
            Assert.That(orchestrator.Transcoder.Calls, Is.Zero);
        });
        var closed = await Assert.ThrowsAsync<GatewayException>(async () => await stream.PushAsync(CoreGateway.Segment(1)));
        Assert.That(closed!.ErrorCode, Is.EqualTo(GatewayErrorCode.StreamClosed));
    }

    [Test]
    public async Task TranscodeSegmentAsync_MaxPrice_LeavesOutTheOverPricedOrchestrator()
    {
        await using var cheap = await CoreOrchestrator.StartAsync(pricePerPixel: 200);
        await using var dear = await CoreOrchestrator.StartAsync(pricePerPixel: 800);
        await using var gateway = await CoreGateway.StartAsync(
            [Untrusted(cheap), Untrusted(dear)],
            CoreDevnet.FundedGateway,
            o =>
            {
                o.VerifyPixels = false;
                o.SelectionPolicy = "Priciest";
                o.MaxPricePerUnit = 5000;
                o.PixelsPerUnit = 10;
            },
            s => new BuilderShim(s).AddSelectionPolicy("Priciest", _ => new PriciestPolicy()));

        var result = await gateway.Gateway.TranscodeSegmentAsync("max-price", CoreGateway.Segment(0), CoreGateway.Profiles);

        Assert.Multiple(() =>
        {
            Assert.That(result.Orchestrator, Is.EqualTo(cheap.ServiceUri));
            Assert.That(dear.Transcoder.Calls, Is.Zero);
        });
    }

    [Test]
    public async Task TranscodeSegmentAsync_AllOverPriced_NoOrchestratorsUnlessIgnoreMaxPriceIfNeeded()
    {
        await using var dear = await CoreOrchestrator.StartAsync(pricePerPixel: 800);
        await using (var strict = await CoreGateway.StartAsync([Untrusted(dear)], CoreDevnet.FundedGateway, o => o.MaxPricePerUnit = 500))
        {
            var error = await Assert.ThrowsAsync<GatewayException>(() => strict.Gateway.TranscodeSegmentAsync("strict", CoreGateway.Segment(0), CoreGateway.Profiles));
            Assert.That(error!.ErrorCode, Is.EqualTo(GatewayErrorCode.NoOrchestrators));
        }

        await using var lenient = await CoreGateway.StartAsync([Untrusted(dear)], CoreDevnet.FundedGateway, o =>
        {
            o.VerifyPixels = false;
            o.MaxPricePerUnit = 500;
            o.IgnoreMaxPriceIfNeeded = true;
        });
        var result = await lenient.Gateway.TranscodeSegmentAsync("lenient", CoreGateway.Segment(0), CoreGateway.Profiles);
        Assert.That(result.Orchestrator, Is.EqualTo(dear.ServiceUri));
    }

    private sealed class PriciestPolicy : IOrchestratorSelectionPolicy
    {
        public SelectionCandidate? Select(IReadOnlyList<SelectionCandidate> candidates, SelectionContext context)
            => candidates.MaxBy(c => c.Price is { IsValid: true } price ? price.ToRational() : default);
    }

    /// <summary>The <c>livepeer.payments.tickets.prepared</c> counter, by outcome.</summary>
    private sealed class PreparedTicketCounts : IDisposable
    {
        private readonly System.Diagnostics.Metrics.MeterListener _listener = new();
        private long _signed;
        private long _sent;
        private long _dropped;

        public PreparedTicketCounts()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Livepeer.Payments" && instrument.Name == "livepeer.payments.tickets.prepared")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                switch (tags[0].Value as string)
                {
                    case "signed":
                        Interlocked.Add(ref _signed, value);
                        break;
                    case "sent":
                        Interlocked.Add(ref _sent, value);
                        break;
                    default:
                        Interlocked.Add(ref _dropped, value);
                        break;
                }
            });
            _listener.Start();
        }

        public (long Signed, long Sent, long Dropped) Snapshot() => (Interlocked.Read(ref _signed), Interlocked.Read(ref _sent), Interlocked.Read(ref _dropped));

        /// <summary>Waits, at most <paramref name="timeout"/>, until <paramref name="minimumNew"/> more tickets were signed ahead than at the last wait.</summary>
        public async Task WaitForSignedAsync(int minimumNew, TimeSpan timeout)
        {
            var target = _lastSigned + minimumNew;
            var deadline = DateTime.UtcNow + timeout;
            while (Interlocked.Read(ref _signed) < target && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            _lastSigned = Interlocked.Read(ref _signed);
        }

        private long _lastSigned;

        public void Dispose() => _listener.Dispose();
    }

    private sealed class BuilderShim(IServiceCollection services) : ILivepeerGatewayBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
