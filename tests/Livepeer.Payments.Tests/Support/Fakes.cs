using System.Numerics;
using System.Runtime.CompilerServices;
using Livepeer.Devnet;
using Livepeer.Protocol;

namespace Livepeer.Payments.Tests;

internal sealed class FakeClock : IPaymentClock
{
    public ulong LastSeenL1Block { get; set; } = 100;

    public TicketExpirationParams LastInitializedRound { get; set; } = new(7, Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public int ActivePoolSize { get; set; } = 1;

    public event Action<ulong>? L1BlockAdvanced;

    public event Action<ulong>? RoundAdvanced;

    public void AdvanceTo(ulong block)
    {
        LastSeenL1Block = block;
        L1BlockAdvanced?.Invoke(block);
    }

    public void RaiseRound(ulong round) => RoundAdvanced?.Invoke(round);
}

internal sealed class FakeGasPrice : IGasPriceSource
{
    public BigInteger CurrentGasPrice { get; set; }
}

internal sealed class FakeMonitor : ISenderMonitor
{
    public BigInteger MaxFloat { get; set; } = BigInteger.Pow(10, 30);

    public TicketRejection? SenderRejection { get; set; }

    public Exception? ValidateFailure { get; set; }

    public Exception? QueueFailure { get; set; }

    public List<SignedTicket> Queued { get; } = [];

    public int ValidateCalls;

    public Task<TicketRejection?> ValidateSenderAsync(EthAddress sender, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref ValidateCalls);
        return ValidateFailure is not null ? Task.FromException<TicketRejection?>(ValidateFailure) : Task.FromResult(SenderRejection);
    }

    public async Task QueueTicketAsync(SignedTicket ticket, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        if (QueueFailure is not null)
        {
            throw QueueFailure;
        }
        lock (Queued)
        {
            Queued.Add(ticket);
        }
    }

    public Task<BigInteger> GetMaxFloatAsync(EthAddress sender, CancellationToken cancellationToken = default) => Task.FromResult(MaxFloat);

    public async IAsyncEnumerable<BigInteger> MonitorMaxFloatAsync(EthAddress sender, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return MaxFloat;
    }
}

internal sealed class FakeSenderInfo : ISenderInfoSource
{
    public SenderInfo Info { get; set; } = new(new Wei(BigInteger.Pow(10, 20)), 0, new ReserveInfo(new Wei(BigInteger.Pow(10, 20)), Wei.Zero));

    public Exception? Failure { get; set; }

    public int Reads;

    public Task<SenderInfo> GetSenderInfoAsync(EthAddress sender, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Reads);
        return Failure is not null ? Task.FromException<SenderInfo>(Failure) : Task.FromResult(Info);
    }
}

internal sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset _now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public override long GetTimestamp() => _now.UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by) => _now += by;
}

internal static class Keys
{
    public static PrivateKeySigner Broadcaster() => AnvilNode.DevAccounts[1].CreateSigner();

    public static PrivateKeySigner Other() => AnvilNode.DevAccounts[2].CreateSigner();

    public static EthAddress Orchestrator => AnvilNode.DevAccounts[3].Address;

    public static byte[] Secret => Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();

    /// <summary>A deterministic seed source: 32 bytes from a counter.</summary>
    public static Action<Span<byte>> CountingRandom()
    {
        var counter = 0;
        return span =>
        {
            counter++;
            span.Clear();
            BitConverter.TryWriteBytes(span[^4..], counter);
            span[0] = 0x5a;
        };
    }
}
