using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Livepeer.Gateway;

/// <summary>Discovery's instruments on the gateway meter.</summary>
internal sealed class DiscoveryTelemetry
{
    public const string RoundsName = "livepeer.gateway.discovery.rounds";
    public const string RoundDurationName = "livepeer.gateway.discovery.round.duration";
    public const string RejectionsName = "livepeer.gateway.discovery.rejections";

    private readonly Counter<long> _rounds;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _rejections;

    public DiscoveryTelemetry(GatewayTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        _rounds = telemetry.Meter.CreateCounter<long>(RoundsName, "{round}", "Discovery rounds, by pool and by why they ended.");
        _duration = telemetry.Meter.CreateHistogram<double>(RoundDurationName, "s", "How long discovery rounds took.");
        _rejections = telemetry.Meter.CreateCounter<long>(RejectionsName, "{orchestrator}", "Orchestrators left out of a round, by reason.");
    }

    public void RoundEnded(OrchestratorPoolKind pool, string endReason, TimeSpan elapsed, int usable)
    {
        var tags = new TagList { { "pool", GatewayTelemetry.PoolTag(pool) }, { "end_reason", endReason }, { "found", usable > 0 } };
        _rounds.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }

    public void Rejected(DiscoveryRejectionReason reason) => _rejections.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));
}
