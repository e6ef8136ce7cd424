using BenchmarkDotNet.Attributes;
using Livepeer.Payments;

namespace Livepeer.Benchmarks.Payments;

/// <summary>
/// Tickets received and validated per second by <see cref="TicketRecipient.ReceivePaymentAsync"/>, on one thread:
/// per payment the recipientRand check and crediting, per ticket the hash, the recovery of the signer, the win
/// check and the nonce bookkeeping. No ticket wins, so nothing is written. One operation is one ticket. The
/// baseline is the floor: one raw libsecp256k1 public-key recovery.
/// </summary>
/// <remarks>
/// The tickets are signed once, before the run. A nonce is accepted once per parameter set, so every iteration
/// starts, unmeasured, with a new recipient (same secret, no nonces seen) and goes through the pool once.
/// </remarks>
[Config(typeof(RecipientBenchmarkConfig))]
[MemoryDiagnoser]
public class TicketRecipientBenchmarks
{
    /// <summary>Tickets received per invocation, in payments of <see cref="TicketsPerPayment"/>.</summary>
    public const int TicketsPerInvocation = 400;

    private readonly Secp256k1Floor _floor = new();
    private PaymentFixture _fixture = null!;
    private TicketPayment[] _payments = [];
    private int _next;

    /// <summary>4 is what one 2 s segment at production prices carries; 100 is a large payment.</summary>
    [Params(4, 100)]
    public int TicketsPerPayment { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new PaymentFixture();
        _payments = _fixture.SignPayments(RecipientBenchmarkConfig.InvocationsPerIteration * TicketsPerInvocation / TicketsPerPayment, TicketsPerPayment);
        _fixture.CheckAccepted(_payments, expectWinners: false);
    }

    [IterationSetup(Target = nameof(ReceivePayment))]
    public void NewRecipient()
    {
        _fixture.ResetRecipient();
        _next = 0;
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = TicketsPerInvocation)]
    public int RawRecover() => _floor.Recover(TicketsPerInvocation);

    [Benchmark(OperationsPerInvoke = TicketsPerInvocation)]
    public async Task<int> ReceivePayment()
    {
        var accepted = 0;
        for (var i = 0; i < TicketsPerInvocation / TicketsPerPayment; i++)
        {
            var result = await _fixture.Recipient.ReceivePaymentAsync(_payments[_next++], PaymentFixture.Manifest).ConfigureAwait(false);
            accepted += result.AcceptedTickets;
        }
        return accepted == TicketsPerInvocation
            ? accepted
            : throw new InvalidOperationException($"Only {accepted} of {TicketsPerInvocation} tickets were accepted.");
    }
}
