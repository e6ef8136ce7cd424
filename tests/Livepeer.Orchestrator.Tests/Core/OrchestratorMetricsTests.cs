using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Livepeer.Network;

namespace Livepeer.Orchestrator.Tests;

/// <summary>The core's instruments report sessions, segments, latency and payments.</summary>
[Category("Chain")]
[CancelAfter(60_000)]
public sealed class OrchestratorMetricsTests
{
    [Test]
    public async Task Segment_Transcoded_IsMeasured()
    {
        var measurements = new ConcurrentQueue<(string Name, double Value, string? Outcome)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == OrchestratorTelemetry.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Outcome(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Outcome(tags))));
        listener.Start();

        await using var host = await OrchestratorTestHost.StartAsync(new OrchestratorTestHostOptions { Configure = o => o.PricePerUnit = 1200 });
        using var grpc = host.CreateGrpcClient();
        using var http = host.CreateHttpClient();
        var gateway = await TestGateway.GetAsync(2);
        var info = await gateway.GetOrchestratorAsync(grpc);
        var media = new byte[] { 1, 2, 3 };
        var (payment, _) = await gateway.PayAsync(info, 2);
        var (status, _, text) = await TestGateway.SendAsync(http, TestGateway.Request(
            "/segment", await gateway.SignedSegmentHeaderAsync(TestGateway.Segment(info, media, 1)), PaymentHeader.Encode(payment), new ByteArrayContent(media)));
        Assert.That(status, Is.EqualTo(200), text);

        Assert.Multiple(() =>
        {
            Assert.That(measurements, Has.Some.Matches<(string Name, double Value, string? Outcome)>(m => m.Name == "livepeer.orchestrator.sessions" && m.Value == 1));
            Assert.That(measurements, Has.Some.Matches<(string Name, double Value, string? Outcome)>(m => m.Name == "livepeer.orchestrator.segments" && m.Outcome == "transcoded"));
            Assert.That(measurements, Has.Some.Matches<(string Name, double Value, string? Outcome)>(m => m.Name == "livepeer.orchestrator.transcode.duration" && m.Value >= 0));
            Assert.That(measurements, Has.Some.Matches<(string Name, double Value, string? Outcome)>(m => m.Name == "livepeer.orchestrator.payments.received" && m.Outcome == "accepted"));
            Assert.That(measurements, Has.Some.Matches<(string Name, double Value, string? Outcome)>(m => m.Name == "livepeer.orchestrator.tickets.received" && m.Value == 2));
            Assert.That(measurements, Has.Some.Matches<(string Name, double Value, string? Outcome)>(m => m.Name == "livepeer.orchestrator.credited_ev" && m.Value > 0));
        });
    }

    private static string? Outcome(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "outcome")
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
