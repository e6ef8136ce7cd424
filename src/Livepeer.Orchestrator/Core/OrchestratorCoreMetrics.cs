using System.Diagnostics.Metrics;

namespace Livepeer.Orchestrator;

/// <summary>The core orchestrator's instruments on <see cref="OrchestratorTelemetry.Meter"/>; the names are public API.</summary>
internal static class OrchestratorCoreMetrics
{
    public static readonly UpDownCounter<long> Sessions = OrchestratorTelemetry.Meter.CreateUpDownCounter<long>(
        "livepeer.orchestrator.sessions", "{session}", "Active transcoding sessions.");

    public static readonly Counter<long> Segments = OrchestratorTelemetry.Meter.CreateCounter<long>(
        "livepeer.orchestrator.segments", "{segment}", "Segments received, by outcome (transcoded, failed, rejected).");

    public static readonly Histogram<double> TranscodeDuration = OrchestratorTelemetry.Meter.CreateHistogram<double>(
        "livepeer.orchestrator.transcode.duration", "s", "Time from an accepted upload to its transcoded renditions.");

    public static readonly Counter<long> Payments = OrchestratorTelemetry.Meter.CreateCounter<long>(
        "livepeer.orchestrator.payments.received", "{payment}", "Payments received with segments or alone, by outcome (accepted, rejected).");

    public static readonly Counter<long> Tickets = OrchestratorTelemetry.Meter.CreateCounter<long>(
        "livepeer.orchestrator.tickets.received", "{ticket}", "Tickets accepted and credited.");

    public static readonly Counter<long> WinningTickets = OrchestratorTelemetry.Meter.CreateCounter<long>(
        "livepeer.orchestrator.tickets.won", "{ticket}", "Accepted tickets that won.");

    public static readonly Counter<double> CreditedEv = OrchestratorTelemetry.Meter.CreateCounter<double>(
        "livepeer.orchestrator.credited_ev", "wei", "Expected value credited to gateways' balances.");

    public static void Segment(string outcome) => Segments.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void Payment(string outcome) => Payments.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
