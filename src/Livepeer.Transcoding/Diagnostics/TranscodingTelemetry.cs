using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Livepeer.Transcoding;

/// <summary>The package's ActivitySource, Meter and instruments. Their names are public API (docs/telemetry.md).</summary>
internal static class TranscodingTelemetry
{
    public const string Name = "Livepeer.Transcoding";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Segments = Meter.CreateCounter<long>(
        "livepeer.transcoding.segments", "{segment}", "Segments the pool handed to a device, by outcome.");

    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "livepeer.transcoding.duration", "s", "Time of one segment transcode on its device.");

    public static readonly Counter<long> Pixels = Meter.CreateCounter<long>(
        "livepeer.transcoding.pixels", "{pixel}", "Encoded pixels of successful transcodes (what an orchestrator charges for).");

    public static readonly UpDownCounter<long> Sessions = Meter.CreateUpDownCounter<long>(
        "livepeer.transcoding.sessions", "{session}", "Open stream sessions.");

    public static readonly Counter<long> BusyRejections = Meter.CreateCounter<long>(
        "livepeer.transcoding.busy_rejections", "{segment}", "Segments refused for lack of capacity, by reason.");

    public static string DeviceTag(int? gpu) => gpu is { } index ? index.ToString(System.Globalization.CultureInfo.InvariantCulture) : "cpu";

    public static string ReasonTag(TranscodeErrorCode code) => code switch
    {
        TranscodeErrorCode.TranscoderBusy => "transcoder_busy",
        TranscodeErrorCode.OrchestratorBusy => "orchestrator_busy",
        TranscodeErrorCode.OrchestratorCapped => "orchestrator_capped",
        _ => "other",
    };
}
