using BenchmarkDotNet.Attributes;
using Livepeer.Payments;

namespace Livepeer.Benchmarks.Payments;

/// <summary>
/// Tickets created and signed per second by <see cref="TicketSender.CreateTicketBatchAsync"/> with the native
/// <c>PrivateKeySigner</c>, on one thread: parameter checks once per batch, then hash, EIP-191 digest and signature
/// per ticket. One operation is one ticket. The baseline is the floor: one raw libsecp256k1 signature.
/// </summary>
[Config(typeof(PaymentsBenchmarkConfig))]
[MemoryDiagnoser]
public class TicketSenderBenchmarks
{
    /// <summary>Tickets signed per invocation, in batches of <see cref="TicketsPerBatch"/>.</summary>
    public const int TicketsPerInvocation = 400;

    private readonly Secp256k1Floor _floor = new();
    private PaymentFixture _fixture = null!;
    private string _sessionId = null!;

    /// <summary>4 is what one 2 s segment at production prices needs; 100 is a large batch.</summary>
    [Params(4, 100)]
    public int TicketsPerBatch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new PaymentFixture();
        // Sender nonces are 32-bit and never capped on this side, so one session lasts the whole run.
        _sessionId = _fixture.StartSession();
        var batch = _fixture.Sender.CreateTicketBatchAsync(_sessionId, TicketsPerBatch).GetAwaiter().GetResult();
        _fixture.CheckAccepted([batch.ToPayment()], expectWinners: false);
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = TicketsPerInvocation)]
    public int RawSign() => _floor.Sign(TicketsPerInvocation);

    [Benchmark(OperationsPerInvoke = TicketsPerInvocation)]
    public async Task<uint> CreateTicketBatch()
    {
        uint last = 0;
        for (var i = 0; i < TicketsPerInvocation / TicketsPerBatch; i++)
        {
            var batch = await _fixture.Sender.CreateTicketBatchAsync(_sessionId, TicketsPerBatch).ConfigureAwait(false);
            last = batch.SenderParams[^1].SenderNonce;
        }
        return last;
    }
}
