using System.Diagnostics.Metrics;
using System.Globalization;
using System.Numerics;
using Livepeer.Gateway;
using Livepeer.Payments;
using Livepeer.Protocol;
using Livepeer.Transcoding;

namespace LocalNetwork;

/// <summary>
/// Prints each segment as it goes (from <see cref="LivepeerStreamOptions.Progress"/> and the stream's results) and the
/// summary at the end. Winning tickets are counted from the orchestrators' <c>livepeer.payments.tickets.won</c> metric,
/// since only the recipient can tell that a ticket won.
/// </summary>
internal sealed class DemoReport : IProgress<SegmentProgress>, IDisposable
{
    private readonly Lock _gate = new();
    private readonly IReadOnlyList<DemoOrchestrator> _orchestrators;
    private readonly IReadOnlyList<VideoProfile> _profiles;
    private readonly MeterListener _meters = new();
    private readonly Dictionary<(long Sequence, int Attempt), (string Orchestrator, int Tickets)> _attemptTickets = [];
    private readonly Dictionary<string, int> _failedAttempts = [];
    private readonly bool _onChain;
    private long _ticketsWon;

    public DemoReport(IReadOnlyList<DemoOrchestrator> orchestrators, IReadOnlyList<VideoProfile> profiles, bool onChain)
    {
        _orchestrators = orchestrators;
        _onChain = onChain;
        _profiles = profiles;
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Livepeer.Payments" && instrument.Name == "livepeer.payments.tickets.won")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _ticketsWon, value));
        _meters.Start();
    }

    /// <summary>Tickets the orchestrators found winning so far.</summary>
    public long TicketsWon => Interlocked.Read(ref _ticketsWon);

    public void Report(SegmentProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var orchestrator = NameOf(value.Orchestrator);
        lock (_gate)
        {
            if (value.Tickets > 0)
            {
                _attemptTickets[(value.Sequence, value.Attempt)] = (orchestrator, value.Tickets);
            }

            switch (value.Stage)
            {
                case SegmentStage.Submitted:
                    Console.WriteLine($"  seg {value.Sequence,2}  → {orchestrator,-7} attempt {value.Attempt}");
                    break;
                case SegmentStage.Retrying:
                    _failedAttempts[orchestrator] = _failedAttempts.GetValueOrDefault(orchestrator) + 1;
                    Console.WriteLine($"  seg {value.Sequence,2}  ✗ {orchestrator,-7} attempt {value.Attempt} failed: {value.Error}; retrying elsewhere");
                    break;
                case SegmentStage.Failed:
                    _failedAttempts[orchestrator] = _failedAttempts.GetValueOrDefault(orchestrator) + 1;
                    Console.WriteLine($"  seg {value.Sequence,2}  ✗ {orchestrator,-7} attempt {value.Attempt} failed for good: {value.Error}");
                    break;
            }
        }
    }

    public void OnOutcome(SegmentOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        lock (_gate)
        {
            if (outcome.Result is not { } result)
            {
                Console.WriteLine($"  seg {outcome.Sequence,2}  FAILED  {outcome.Error?.ErrorCode}: {outcome.Error?.Message}");
                return;
            }

            var retries = result.Attempts - 1;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  seg {result.Sequence,2}  ✓ {NameOf(result.Orchestrator),-7} {result.Latency.TotalMilliseconds,6:0} ms  retries {retries}  tickets {result.TicketsSent}  EV {Ether(result.ExpectedValueSent)} ETH"));
        }
    }

    public void PrintSummary(IReadOnlyList<SegmentOutcome> outcomes, PaymentSettlement? payments)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var done = outcomes.Where(o => o.Result is not null).Select(o => o.Result!).ToList();
        var renditions = done.Sum(r => r.Renditions.Count);
        var pixels = done.Sum(r => r.Renditions.Sum(x => x.Pixels));
        var ticketsSent = done.Sum(r => r.TicketsSent);
        var evSent = done.Aggregate(BigRational.Zero, (sum, r) => sum + r.ExpectedValueSent);

        Console.WriteLine();
        Console.WriteLine($"{"orchestrator",-12} {"wei/pixel",12} {"stake LPT",10} {"segments",8} {"share",6} {"failed",6} {"tickets",7} {"redeemed",8} {"ETH received",14}");
        foreach (var orchestrator in _orchestrators)
        {
            var segments = done.Count(r => NameOf(r.Orchestrator) == orchestrator.Name);
            var share = done.Count == 0 ? 0 : 100.0 * segments / done.Count;
            int tickets;
            lock (_gate)
            {
                tickets = _attemptTickets.Values.Where(a => a.Orchestrator == orchestrator.Name).Sum(a => a.Tickets);
            }
            var redeemed = orchestrator.Address is { } address ? payments?.ByRecipient.GetValueOrDefault(address) : null;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{orchestrator.Name,-12} {orchestrator.Spec.PricePerPixel,12:N0} {(_onChain ? orchestrator.Spec.SelfBond.ToString(EtherUnit.Ether) : "-"),10} {segments,8} {share,5:0}% {_failedAttempts.GetValueOrDefault(orchestrator.Name),6} {tickets,7} {redeemed?.Tickets ?? 0,8} {Ether(redeemed?.Paid ?? BigInteger.Zero),14}"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"segments    {done.Count}/{outcomes.Count} transcoded, {renditions} renditions ({string.Join(", ", _profiles.Select(p => p.Name))})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pixels      {pixels:N0}"));
        if (payments is null)
        {
            Console.WriteLine("payments    none (off chain)");
            return;
        }

        var redeemedTickets = payments.ByRecipient.Values.Sum(r => r.Tickets);
        var paid = payments.ByRecipient.Values.Aggregate(BigInteger.Zero, (sum, r) => sum + r.Paid);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tickets     {ticketsSent} sent (EV {Ether(evSent)} ETH), {TicketsWon} won, {redeemedTickets} redeemed on chain ({Ether(paid)} ETH)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gateway     TicketBroker deposit {Ether(payments.Before.Deposit.Value)} → {Ether(payments.After.Deposit.Value)} ETH, reserve {Ether(payments.Before.Reserve.FundsRemaining.Value)} → {Ether(payments.After.Reserve.FundsRemaining.Value)} ETH (paid {Ether(payments.Spent.Value)} ETH)"));
    }

    public void Dispose() => _meters.Dispose();

    private string NameOf(Uri? orchestrator)
    {
        if (orchestrator is null)
        {
            return "-";
        }
        var match = _orchestrators.FirstOrDefault(o => o.ServiceUri.Port == orchestrator.Port && o.ServiceUri.Host == orchestrator.Host);
        return match?.Name ?? orchestrator.Authority;
    }

    private static string Ether(BigRational wei) => Ether(wei.Floor());

    private static string Ether(BigInteger wei) => ((decimal)wei / 1_000_000_000_000_000_000m).ToString("0.######", CultureInfo.InvariantCulture);
}
