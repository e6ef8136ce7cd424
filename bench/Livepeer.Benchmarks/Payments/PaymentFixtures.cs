using System.Numerics;
using System.Runtime.CompilerServices;
using Livepeer.Payments;
using Livepeer.Protocol;

namespace Livepeer.Benchmarks.Payments;

/// <summary>
/// A sender and a recipient wired to in-memory chain seams, with go-livepeer's production-like numbers: EV 8 gwei,
/// 1.2 M redeem gas at 0.1 gwei, so a face value of 0.012 ETH and a win probability of about 6.7e-7. Winners are
/// then so rare that the hot measurements see none (the setup checks it).
/// </summary>
internal sealed class PaymentFixture : IDisposable
{
    public static readonly PixelPrice Price = new(2400, 2);

    public const string Manifest = "bench-stream";

    // Not a funded key anywhere; only its signatures matter here.
    private static readonly byte[] SenderKey = Hex.Decode("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");

    private static readonly byte[] RecipientSecret = Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray();

    private static readonly EthAddress RecipientAddress = EthAddress.Parse("0x90f8bf6a479f320ead074411a4b0e7944ea8c9c1");

    private readonly FixedGasPrice _gasPrice;

    /// <param name="monitor">The recipient's monitor; by default an in-memory one with a max float of 10^30 wei.</param>
    /// <param name="everyTicketWins">
    /// Gas price 0, so that the face value falls to the monitor's max float; with a max float of
    /// <see cref="EveryTicketWinsMaxFloat"/> practically every ticket wins.
    /// </param>
    public PaymentFixture(ISenderMonitor? monitor = null, bool everyTicketWins = false)
    {
        if (Secp256k1.Native is null)
        {
            throw new InvalidOperationException("libsecp256k1 did not load: the payments suite measures the native backend.");
        }
        Signer = new PrivateKeySigner(SenderKey);
        Clock = new BenchClock();
        Monitor = monitor ?? new InMemoryMonitor(BigInteger.Pow(10, 30));
        Sender = new TicketSender(Signer, Clock, new FixedSenderInfo());
        _gasPrice = new FixedGasPrice(everyTicketWins ? BigInteger.Zero : 100_000_000);
        Recipient = CreateRecipient();
    }


    /// <summary>
    /// A max float of EV + 1 wei caps the face value there, which makes the win probability 1 - 1/(EV + 1): a loss
    /// is a one in 8e9 event. (A face value equal to the EV would always win, but the sender refuses it.)
    /// </summary>
    public static BigInteger EveryTicketWinsMaxFloat => TicketRecipientOptions.DefaultExpectedValue + 1;

    public PrivateKeySigner Signer { get; }

    public BenchClock Clock { get; }

    public ISenderMonitor Monitor { get; }

    public TicketSender Sender { get; }

    /// <summary>The recipient that issued the parameters; any recipient from <see cref="CreateRecipient"/> accepts them.</summary>
    public TicketRecipient Recipient { get; private set; }

    /// <summary>A recipient with the same secret and seams but no nonces seen yet.</summary>
    public TicketRecipient CreateRecipient()
        => new(RecipientOptions(), Clock, _gasPrice, Monitor);

    /// <summary>Replaces <see cref="Recipient"/> with a fresh one, so pre-signed tickets are accepted again.</summary>
    public void ResetRecipient()
    {
        Recipient.Dispose();
        Recipient = CreateRecipient();
    }

    /// <summary>Issues new parameters (a new seed) and starts a sender session on them.</summary>
    public string StartSession()
    {
        var ticketParams = Recipient.CreateTicketParamsAsync(Sender.Address, Price).GetAwaiter().GetResult();
        return Sender.StartSession(ticketParams, Price);
    }

    /// <summary>
    /// Signs <paramref name="payments"/> payments of <paramref name="ticketsPerPayment"/> tickets, starting a new
    /// parameter set whenever the next payment would take one past the recipient's 600 nonces.
    /// </summary>
    public TicketPayment[] SignPayments(int payments, int ticketsPerPayment)
    {
        var paymentsPerSession = Math.Max(1, TicketRecipient.MaxSenderNonces / ticketsPerPayment);
        var result = new TicketPayment[payments];
        string? sessionId = null;
        for (var i = 0; i < payments; i++)
        {
            if (i % paymentsPerSession == 0)
            {
                sessionId = StartSession();
            }
            result[i] = Sender.CreateTicketBatchAsync(sessionId!, ticketsPerPayment).GetAwaiter().GetResult().ToPayment();
        }
        return result;
    }

    /// <summary>
    /// Receives the payments once on a throwaway recipient and fails unless every ticket is accepted and the number
    /// of winners is as expected, so a benchmark cannot measure a fast rejection by mistake.
    /// </summary>
    public void CheckAccepted(IEnumerable<TicketPayment> payments, bool expectWinners)
    {
        using var recipient = CreateRecipient();
        foreach (var payment in payments)
        {
            var result = recipient.ReceivePaymentAsync(payment, Manifest).GetAwaiter().GetResult();
            if (result.AcceptedTickets != payment.Tickets.Count)
            {
                throw new InvalidOperationException($"The recipient accepted {result.AcceptedTickets} of {payment.Tickets.Count} tickets: {result.Rejection}");
            }
            if (result.WonTickets != (expectWinners ? payment.Tickets.Count : 0))
            {
                throw new InvalidOperationException($"{result.WonTickets} of {payment.Tickets.Count} tickets won; expected {(expectWinners ? "all" : "none")}.");
            }
        }
    }

    public void Dispose()
    {
        Recipient.Dispose();
        Signer.Dispose();
    }

    private static TicketRecipientOptions RecipientOptions() => new()
    {
        Recipient = RecipientAddress,
        Secret = RecipientSecret,
        ExpectedValue = TicketRecipientOptions.DefaultExpectedValue,
        RedeemGas = TicketRecipientOptions.RedeemGasL2,
    };
}

/// <summary>A chain that stands still: L1 block 1000, round 7.</summary>
internal sealed class BenchClock : IPaymentClock
{
    public ulong LastSeenL1Block => 1000;

    public TicketExpirationParams LastInitializedRound { get; } = new(7, Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public int ActivePoolSize => 1;

    public event Action<ulong>? L1BlockAdvanced { add { } remove { } }

    public event Action<ulong>? RoundAdvanced { add { } remove { } }
}

/// <summary>A gas price that does not move (0.1 gwei is what Arbitrum One charges).</summary>
internal sealed class FixedGasPrice(BigInteger gasPrice) : IGasPriceSource
{
    public BigInteger CurrentGasPrice => gasPrice;
}

/// <summary>A well-funded sender that is not unlocking.</summary>
internal sealed class FixedSenderInfo : ISenderInfoSource
{
    private readonly Task<SenderInfo> _info = Task.FromResult(new SenderInfo(
        new Wei(BigInteger.Pow(10, 20)), 0, new ReserveInfo(new Wei(BigInteger.Pow(10, 20)), Wei.Zero)));

    public Task<SenderInfo> GetSenderInfoAsync(EthAddress sender, CancellationToken cancellationToken = default) => _info;
}

/// <summary>Accepts every sender and counts winning tickets without storing them.</summary>
internal sealed class InMemoryMonitor(BigInteger maxFloat) : ISenderMonitor
{
    private static readonly Task<TicketRejection?> Valid = Task.FromResult<TicketRejection?>(null);

    private readonly Task<BigInteger> _maxFloat = Task.FromResult(maxFloat);

    public int Queued;

    public Task<TicketRejection?> ValidateSenderAsync(EthAddress sender, CancellationToken cancellationToken = default) => Valid;

    public Task QueueTicketAsync(SignedTicket ticket, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Queued);
        return Task.CompletedTask;
    }

    public Task<BigInteger> GetMaxFloatAsync(EthAddress sender, CancellationToken cancellationToken = default) => _maxFloat;

    public async IAsyncEnumerable<BigInteger> MonitorMaxFloatAsync(EthAddress sender, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return await _maxFloat.ConfigureAwait(false);
    }
}

/// <summary>
/// Stores winning tickets in the redeemer's durable SQLite store (WAL, synchronous=FULL), as
/// <see cref="LocalTicketRedeemer.QueueTicketAsync"/> does, without the chain clients it also needs.
/// </summary>
internal sealed class SqliteWinnerMonitor(WinningTicketStore store, BigInteger maxFloat) : ISenderMonitor
{
    private static readonly Task<TicketRejection?> Valid = Task.FromResult<TicketRejection?>(null);

    private readonly Task<BigInteger> _maxFloat = Task.FromResult(maxFloat);

    public Task<TicketRejection?> ValidateSenderAsync(EthAddress sender, CancellationToken cancellationToken = default) => Valid;

    public async Task QueueTicketAsync(SignedTicket ticket, CancellationToken cancellationToken = default)
    {
        if (!await store.StoreAsync(ticket, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("A winning ticket was stored twice: the benchmark must sign fresh tickets.");
        }
    }

    public Task<BigInteger> GetMaxFloatAsync(EthAddress sender, CancellationToken cancellationToken = default) => _maxFloat;

    public async IAsyncEnumerable<BigInteger> MonitorMaxFloatAsync(EthAddress sender, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return await _maxFloat.ConfigureAwait(false);
    }
}
