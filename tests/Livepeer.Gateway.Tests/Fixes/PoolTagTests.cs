using System.Diagnostics.Metrics;

namespace Livepeer.Gateway.Tests.Fixes;

/// <summary>The <c>pool</c> tag reads the same on the discovery and the session instruments.</summary>
public sealed class PoolTagTests
{
    [Test]
    public void PoolTag_DiscoveryAndSessionInstruments_WriteTheSameLowerCaseValues()
    {
        using var telemetry = new GatewayTelemetry();
        var pools = new List<(string Instrument, object? Pool)>();
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
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => Record(pools, instrument, tags));
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Record(pools, instrument, tags));
        listener.Start();
        var discovery = new DiscoveryTelemetry(telemetry);
        var core = new GatewayCoreMetrics(telemetry);

        foreach (var pool in new[] { OrchestratorPoolKind.Trusted, OrchestratorPoolKind.Untrusted })
        {
            discovery.RoundEnded(pool, "all answered", TimeSpan.FromMilliseconds(5), 1);
            core.SessionsAdded(1, pool);
            core.Suspended(pool);
        }

        string[] instruments = [DiscoveryTelemetry.RoundsName, DiscoveryTelemetry.RoundDurationName, GatewayCoreMetrics.SessionsName, GatewayCoreMetrics.SuspensionsName];
        Assert.Multiple(() =>
        {
            foreach (var instrument in instruments)
            {
                Assert.That(pools.Where(p => p.Instrument == instrument).Select(p => p.Pool), Is.EqualTo(new[] { "trusted", "untrusted" }), instrument);
            }
        });
    }

    private static void Record(List<(string, object?)> pools, Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "pool")
            {
                lock (pools)
                {
                    pools.Add((instrument.Name, tag.Value));
                }
            }
        }
    }
}
