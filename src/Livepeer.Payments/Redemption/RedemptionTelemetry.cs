using System.Diagnostics.Metrics;
using System.Numerics;
using Livepeer.Payments.Diagnostics;
using Livepeer.Protocol;

namespace Livepeer.Payments;

/// <summary>The instruments of the orchestrator's money-keeping side. Their names are public API (docs/telemetry.md).</summary>
internal static class RedemptionTelemetry
{
    public static readonly Counter<long> TicketsRedeemed = PaymentsTelemetry.Meter.CreateCounter<long>(
        "livepeer.payments.tickets.redeemed", unit: "{ticket}", description: "Winning tickets redeemed on chain (or found already redeemed there).");

    public static readonly Counter<long> RedemptionErrors = PaymentsTelemetry.Meter.CreateCounter<long>(
        "livepeer.payments.redemption.errors", unit: "{error}", description: "Redemption attempts that did not redeem, by outcome: retry, failed, held.");

    public static readonly Counter<double> ValueRedeemed = PaymentsTelemetry.Meter.CreateCounter<double>(
        "livepeer.payments.value.redeemed", unit: "wei", description: "Face value of the winning tickets redeemed.");

    public static readonly Gauge<double> MaxFloat = PaymentsTelemetry.Meter.CreateGauge<double>(
        "livepeer.payments.max_float", unit: "wei", description: "A sender's max float for this recipient, by sender.");

    public static readonly Gauge<double> SenderDeposit = PaymentsTelemetry.Meter.CreateGauge<double>(
        "livepeer.payments.sender.deposit", unit: "wei", description: "A sender's TicketBroker deposit, by sender.");

    public static readonly Gauge<double> SenderReserve = PaymentsTelemetry.Meter.CreateGauge<double>(
        "livepeer.payments.sender.reserve", unit: "wei", description: "A sender's remaining TicketBroker reserve, by sender.");

    public static void Redeemed(int tickets, BigInteger faceValue)
    {
        TicketsRedeemed.Add(tickets);
        ValueRedeemed.Add((double)faceValue);
    }

    public static void Error(string outcome, int tickets = 1)
        => RedemptionErrors.Add(tickets, new KeyValuePair<string, object?>("outcome", outcome));

    public static void Sender(EthAddress sender, BigInteger deposit, BigInteger reserve, BigInteger maxFloat)
    {
        var tag = new KeyValuePair<string, object?>("sender", sender.ToString());
        SenderDeposit.Record((double)deposit, tag);
        SenderReserve.Record((double)reserve, tag);
        MaxFloat.Record((double)maxFloat, tag);
    }
}
