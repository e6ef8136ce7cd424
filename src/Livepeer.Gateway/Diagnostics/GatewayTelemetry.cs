using System.Diagnostics.Metrics;

namespace Livepeer.Gateway;

/// <summary>The gateway's meter, <c>Livepeer.Gateway</c>; each part defines its instruments on it.</summary>
internal sealed class GatewayTelemetry : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Livepeer.Gateway";

    public GatewayTelemetry(IMeterFactory? meterFactory = null)
    {
        Meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
    }

    public Meter Meter { get; }

    /// <summary>The <c>pool</c> tag's value, the same on every instrument: <c>trusted</c> or <c>untrusted</c>.</summary>
    public static string PoolTag(OrchestratorPoolKind pool) => pool == OrchestratorPoolKind.Trusted ? "trusted" : "untrusted";

    public void Dispose() => Meter.Dispose();
}
