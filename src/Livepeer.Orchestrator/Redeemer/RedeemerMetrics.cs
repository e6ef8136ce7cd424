using System.Diagnostics.Metrics;

namespace Livepeer.Orchestrator;

/// <summary>Instruments of the redeemer role and the redeemer client, on <see cref="OrchestratorTelemetry.Meter"/>.</summary>
internal static class RedeemerMetrics
{
    /// <summary>Tickets handed to this redeemer, tagged <c>outcome</c> = <c>queued</c>, <c>refused</c> or <c>failed</c>.</summary>
    public static readonly Counter<long> TicketsReceived = OrchestratorTelemetry.Meter.CreateCounter<long>(
        "livepeer.orchestrator.redeemer.tickets", "{ticket}", "Winning tickets received by the redeemer role over gRPC.");

    /// <summary>Open MonitorMaxFloat streams served by this redeemer.</summary>
    public static readonly UpDownCounter<long> MonitorStreams = OrchestratorTelemetry.Meter.CreateUpDownCounter<long>(
        "livepeer.orchestrator.redeemer.max_float_streams", "{stream}", "Open MonitorMaxFloat streams served by the redeemer role.");

    /// <summary>Calls to a remote redeemer, tagged <c>method</c> and <c>status</c> (the gRPC status name).</summary>
    public static readonly Counter<long> ClientCalls = OrchestratorTelemetry.Meter.CreateCounter<long>(
        "livepeer.orchestrator.redeemer_client.calls", "{call}", "Calls from the orchestrator to its remote redeemer.");

    /// <summary>Senders whose max float the client holds (and follows with a stream).</summary>
    public static readonly UpDownCounter<long> CachedSenders = OrchestratorTelemetry.Meter.CreateUpDownCounter<long>(
        "livepeer.orchestrator.redeemer_client.cached_senders", "{sender}", "Senders whose max float the redeemer client caches.");
}
