using System.Diagnostics.Metrics;
using System.Numerics;
using Livepeer.Payments;

namespace Livepeer.Gateway;

/// <summary>
/// The gateway core's instruments on the <c>Livepeer.Gateway</c> meter. The names are public API (listed in
/// <c>docs/telemetry.md</c>).
/// </summary>
internal sealed class GatewayCoreMetrics
{
    public const string StreamsName = "livepeer.gateway.streams";
    public const string SessionsName = "livepeer.gateway.sessions";
    public const string SegmentsName = "livepeer.gateway.segments";
    public const string RetriesName = "livepeer.gateway.segment.retries";
    public const string SuspensionsName = "livepeer.gateway.suspensions";
    public const string LatencyScoreName = "livepeer.gateway.latency_score";
    public const string TicketsSentName = "livepeer.gateway.tickets.sent";
    public const string EvSentName = "livepeer.gateway.ev.sent";
    public const string DepositName = "livepeer.gateway.deposit";
    public const string ReserveName = "livepeer.gateway.reserve";

    private readonly UpDownCounter<long> _streams;
    private readonly UpDownCounter<long> _sessions;
    private readonly Counter<long> _segments;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _suspensions;
    private readonly Histogram<double> _latencyScore;
    private readonly Counter<long> _ticketsSent;
    private readonly Counter<double> _evSent;
    private double _deposit = double.NaN;
    private double _reserve = double.NaN;

    public GatewayCoreMetrics(GatewayTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        var meter = telemetry.Meter;
        _streams = meter.CreateUpDownCounter<long>(StreamsName, "{stream}", "Streams with orchestrator sessions.");
        _sessions = meter.CreateUpDownCounter<long>(SessionsName, "{session}", "Orchestrator sessions held in the streams' pools.");
        _segments = meter.CreateCounter<long>(SegmentsName, "{segment}", "Segments finished, by outcome (completed, failed, rejected, sender_funds, no_orchestrators).");
        _retries = meter.CreateCounter<long>(RetriesName, "{attempt}", "Segment attempts that failed and were retried on another orchestrator.");
        _suspensions = meter.CreateCounter<long>(SuspensionsName, "{suspension}", "Orchestrators suspended and removed from a pool after a retryable failure.");
        _latencyScore = meter.CreateHistogram<double>(LatencyScoreName, "1", "Round trip of a segment divided by max(1.5 s, its duration).");
        _ticketsSent = meter.CreateCounter<long>(TicketsSentName, "{ticket}", "Tickets sent with segments.");
        _evSent = meter.CreateCounter<double>(EvSentName, "wei", "Expected value of the tickets sent.");
        meter.CreateObservableGauge(DepositName, ObserveDeposit, "wei", "The gateway's TicketBroker deposit, when on chain.");
        meter.CreateObservableGauge(ReserveName, ObserveReserve, "wei", "The gateway's TicketBroker reserve, when on chain.");
    }

    public void StreamOpened() => _streams.Add(1);

    public void StreamClosed() => _streams.Add(-1);

    public void SessionsAdded(int count, OrchestratorPoolKind pool) => _sessions.Add(count, Pool(pool));

    public void SessionsRemoved(int count, OrchestratorPoolKind pool) => _sessions.Add(-count, Pool(pool));

    public void Segment(string outcome) => _segments.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Retry() => _retries.Add(1);

    public void Suspended(OrchestratorPoolKind pool) => _suspensions.Add(1, Pool(pool));

    public void LatencyScore(double score) => _latencyScore.Record(score);

    public void TicketsSent(int count, BigRational expectedValue)
    {
        if (count <= 0)
        {
            return;
        }

        _ticketsSent.Add(count);
        _evSent.Add(ToDouble(expectedValue));
    }

    public void Funds(BigInteger deposit, BigInteger reserve)
    {
        Volatile.Write(ref _deposit, (double)deposit);
        Volatile.Write(ref _reserve, (double)reserve);
    }

    private static double ToDouble(BigRational value) => (double)value.Numerator / (double)value.Denominator;

    private static KeyValuePair<string, object?> Pool(OrchestratorPoolKind pool)
        => new("pool", GatewayTelemetry.PoolTag(pool));

    private IEnumerable<Measurement<double>> ObserveDeposit()
    {
        var value = Volatile.Read(ref _deposit);
        return double.IsNaN(value) ? [] : [new Measurement<double>(value)];
    }

    private IEnumerable<Measurement<double>> ObserveReserve()
    {
        var value = Volatile.Read(ref _reserve);
        return double.IsNaN(value) ? [] : [new Measurement<double>(value)];
    }
}
