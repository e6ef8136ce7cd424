using System.Diagnostics.Metrics;

namespace Livepeer.Orchestrator;

/// <summary>Instruments of the operator side, on <see cref="OrchestratorTelemetry.Meter"/>.</summary>
internal static class OperationsMetrics
{
    /// <summary>Service URI registrations at start, tagged <c>outcome</c> = <c>registered</c>, <c>unchanged</c> or <c>failed</c>.</summary>
    public static readonly Counter<long> ServiceUriRegistrations = OrchestratorTelemetry.Meter.CreateCounter<long>(
        "livepeer.orchestrator.service_uri.registrations", "{registration}", "Service URI checks against the ServiceRegistry at start.");

    /// <summary>Requests to the operator endpoints, tagged <c>endpoint</c> and <c>outcome</c> (<c>served</c> or <c>forbidden</c>).</summary>
    public static readonly Counter<long> OperatorRequests = OrchestratorTelemetry.Meter.CreateCounter<long>(
        "livepeer.orchestrator.operator.requests", "{request}", "Requests to /status and /healthz.");
}
