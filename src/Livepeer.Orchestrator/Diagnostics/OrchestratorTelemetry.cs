using System.Diagnostics.Metrics;

namespace Livepeer.Orchestrator;

/// <summary>The orchestrator's meter; each area defines its instruments on it. Names are listed in docs/telemetry.md.</summary>
internal static class OrchestratorTelemetry
{
    public const string MeterName = "Livepeer.Orchestrator";

    public static readonly Meter Meter = new(MeterName, typeof(OrchestratorTelemetry).Assembly.GetName().Version?.ToString());
}
