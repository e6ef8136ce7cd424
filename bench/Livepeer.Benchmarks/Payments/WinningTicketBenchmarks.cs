using BenchmarkDotNet.Attributes;
using Livepeer.Payments;

namespace Livepeer.Benchmarks.Payments;

/// <summary>
/// Winning tickets received per second when every ticket of a 4-ticket payment wins and is stored durably in the
/// redeemer's SQLite store (WAL, synchronous=FULL) before the payment returns. One operation is one winning ticket;
/// the figure is bounded by the disk's fsync latency, not by the CPU.
/// </summary>
[Config(typeof(WinnerBenchmarkConfig))]
[MemoryDiagnoser]
public class WinningTicketBenchmarks
{
    private const int TicketsPerPayment = 4;

    private string _directory = null!;
    private WinningTicketStore _store = null!;
    private PaymentFixture _fixture = null!;
    private TicketPayment[] _payments = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("livepeer-bench-").FullName;
        _store = WinningTicketStore.Open(Path.Combine(_directory, "winning-tickets.db"));
        _fixture = new PaymentFixture(new SqliteWinnerMonitor(_store, PaymentFixture.EveryTicketWinsMaxFloat), everyTicketWins: true);
        _fixture.CheckAccepted(_fixture.SignPayments(1, TicketsPerPayment), expectWinners: true);
    }

    /// <summary>Fresh parameters and tickets: a ticket already stored would not be written again.</summary>
    [IterationSetup]
    public void SignFreshTickets()
    {
        _payments = _fixture.SignPayments(WinnerBenchmarkConfig.InvocationsPerIteration, TicketsPerPayment);
        _next = 0;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _fixture.Dispose();
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = TicketsPerPayment)]
    public async Task<int> ReceiveWinningPayment()
    {
        var result = await _fixture.Recipient.ReceivePaymentAsync(_payments[_next++], PaymentFixture.Manifest).ConfigureAwait(false);
        return result.WonTickets == TicketsPerPayment
            ? result.WonTickets
            : throw new InvalidOperationException($"{result.WonTickets} of {TicketsPerPayment} tickets won and were stored: {result.Rejection}");
    }
}
