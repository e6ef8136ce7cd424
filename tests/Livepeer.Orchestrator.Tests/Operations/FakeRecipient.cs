using System.Numerics;
using System.Runtime.CompilerServices;
using Livepeer.Payments;
using Livepeer.Protocol;

namespace Livepeer.Orchestrator.Tests;

/// <summary>A ticket recipient on fakes, for checks that only need one to exist.</summary>
internal static class FakeRecipient
{
    public static readonly EthAddress Address = EthAddress.Parse("0x00000000000000000000000000000000000000cc");

    public static TicketRecipient Create() =>
        new(new TicketRecipientOptions { Recipient = Address }, new Clock(), new GasPrice(), new Monitor());

    private sealed class Clock : IPaymentClock
    {
        public ulong LastSeenL1Block => 100;

        public TicketExpirationParams LastInitializedRound { get; } = new(7, new byte[32]);

        public int ActivePoolSize => 1;

        public event Action<ulong>? L1BlockAdvanced { add { } remove { } }

        public event Action<ulong>? RoundAdvanced { add { } remove { } }
    }

    private sealed class GasPrice : IGasPriceSource
    {
        public BigInteger CurrentGasPrice => 1;
    }

    private sealed class Monitor : ISenderMonitor
    {
        public Task QueueTicketAsync(SignedTicket ticket, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<BigInteger> GetMaxFloatAsync(EthAddress sender, CancellationToken cancellationToken = default) => Task.FromResult(BigInteger.One);

        public async IAsyncEnumerable<BigInteger> MonitorMaxFloatAsync(EthAddress sender, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return BigInteger.One;
        }

        public Task<TicketRejection?> ValidateSenderAsync(EthAddress sender, CancellationToken cancellationToken = default) => Task.FromResult<TicketRejection?>(null);
    }
}
