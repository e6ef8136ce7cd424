using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Livepeer.Payments.Diagnostics;

/// <summary>The package's ActivitySource and Meter. Their names and instruments are public API (docs/telemetry.md).</summary>
internal static class PaymentsTelemetry
{
    public const string Name = "Livepeer.Payments";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);
}
