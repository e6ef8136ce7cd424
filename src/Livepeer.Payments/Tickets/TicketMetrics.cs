using System.Diagnostics;
using System.Diagnostics.Metrics;
using Livepeer.Payments.Diagnostics;

namespace Livepeer.Payments;

/// <summary>The ticket instruments on the package's meter; their names are public API (docs/telemetry.md).</summary>
internal static class TicketMetrics
{
    public static readonly Counter<long> TicketsSent = PaymentsTelemetry.Meter.CreateCounter<long>(
        "livepeer.payments.tickets.sent", "{ticket}", "Tickets signed and handed out by a sender.");

    public static readonly Counter<long> TicketsReceived = PaymentsTelemetry.Meter.CreateCounter<long>(
        "livepeer.payments.tickets.received", "{ticket}", "Tickets a recipient accepted and credited.");

    public static readonly Counter<long> TicketsWon = PaymentsTelemetry.Meter.CreateCounter<long>(
        "livepeer.payments.tickets.won", "{ticket}", "Winning tickets a recipient queued for redemption.");

    public static readonly Counter<double> EvSent = PaymentsTelemetry.Meter.CreateCounter<double>(
        "livepeer.payments.ev.sent", "wei", "Expected value of the tickets a sender signed.");

    public static readonly Counter<double> EvReceived = PaymentsTelemetry.Meter.CreateCounter<double>(
        "livepeer.payments.ev.received", "wei", "Expected value a recipient credited.");

    public static readonly Counter<long> TicketsPrepared = PaymentsTelemetry.Meter.CreateCounter<long>(
        "livepeer.payments.tickets.prepared", "{ticket}", "Tickets a sender signed ahead of need (outcome signed), then sent in a batch (sent) or dropped unsent (dropped).");

    public static void RecordPrepared(string outcome, int count)
    {
        if (count > 0 && TicketsPrepared.Enabled)
        {
            TicketsPrepared.Add(count, new TagList { { "outcome", outcome } });
        }
    }

    public static readonly Counter<long> Rejections = PaymentsTelemetry.Meter.CreateCounter<long>(
        "livepeer.payments.rejections", "{rejection}", "Tickets, payments or ticket parameters refused, by reason.");

    public static void RecordRejection(TicketRejection rejection)
    {
        if (Rejections.Enabled)
        {
            Rejections.Add(1, new TagList { { "reason", rejection.Reason.ToString() } });
        }
    }

    public static double ToDouble(BigRational value) => (double)value.Numerator / (double)value.Denominator;
}
