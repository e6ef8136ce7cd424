using System.Numerics;
using Livepeer.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Payments;

/// <summary>
/// Redeemer mode: the process that owns the redemption key keeps winning tickets in a durable SQLite store and
/// redeems them on chain, and tells the orchestrator how far each sender can be trusted (its max float). An
/// orchestrator uses it in-process; a standalone redeemer serves it to orchestrators (go-livepeer's
/// <c>-redeemer</c>). Start its background work with <see cref="StartAsync"/>; dispose it to stop and close the store.
/// </summary>
public sealed class LocalTicketRedeemer : ISenderMonitor, IHostedService, IAsyncDisposable
{
    private readonly LivepeerProtocolClient _protocol;
    private readonly TicketRedemptionOptions _options;
    private readonly PollingPaymentClock _clock;
    private readonly IGasPriceSource _gasPrice;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly bool _ownsClock;
    private readonly bool _ownsGasPrice;
    private CancellationTokenSource? _stopping;
    private Task[] _loops = [];
    private int _disposed;

    private LocalTicketRedeemer(
        LivepeerProtocolClient protocol,
        TicketRedemptionOptions options,
        EthAddress recipient,
        WinningTicketStore store,
        PollingPaymentClock clock,
        IGasPriceSource gasPrice,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        bool ownsClock,
        bool ownsGasPrice)
    {
        _protocol = protocol;
        _ownsClock = ownsClock;
        _ownsGasPrice = ownsGasPrice;
        _options = options;
        Recipient = recipient;
        Store = store;
        _clock = clock;
        _gasPrice = gasPrice;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<LocalTicketRedeemer>();
        Monitor = new SenderMonitor(protocol.TicketBroker, clock, recipient, QueueTicketAsync, options.SenderCacheTtl, time, loggerFactory);
        Queue = new RedemptionQueue(store, Monitor, protocol, clock, gasPrice, options, time, loggerFactory);
    }

    /// <summary>The ticket recipient this redeemer serves; tickets for anyone else are refused.</summary>
    public EthAddress Recipient { get; }

    /// <summary>The protocol time the redeemer runs on.</summary>
    public IPaymentClock Clock => _clock;

    /// <summary>The gas price redemptions are priced with.</summary>
    public IGasPriceSource GasPrice => _gasPrice;

    internal WinningTicketStore Store { get; }

    internal SenderMonitor Monitor { get; }

    internal RedemptionQueue Queue { get; }

    internal PollingPaymentClock PollingClock => _clock;

    /// <summary>
    /// Opens the ticket store (creating it when missing), reads the chain once, and returns the redeemer. Nothing
    /// runs in the background until <see cref="StartAsync"/>.
    /// </summary>
    /// <param name="protocol">Protocol clients whose transaction sender holds the redemption key.</param>
    /// <param name="options">The settings.</param>
    /// <param name="l1Blocks">Where L1 block numbers come from; <see cref="PaymentChain.Arbitrum"/> on Arbitrum networks, else <see cref="PaymentChain.Chain"/>, when null.</param>
    /// <param name="gasPrice">The gas price seam; polls <c>eth_gasPrice</c> when null.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="PaymentException">
    /// <see cref="PaymentErrorCode.InvalidConfiguration"/> (bad options, no transaction sender),
    /// <see cref="PaymentErrorCode.StoreCorrupt"/> or <see cref="PaymentErrorCode.StoreUnavailable"/> (the database), or
    /// <see cref="PaymentErrorCode.ChainUnavailable"/> (the first read of the chain).
    /// </exception>
    public static async Task<LocalTicketRedeemer> CreateAsync(
        LivepeerProtocolClient protocol,
        TicketRedemptionOptions options,
        IL1BlockSource? l1Blocks = null,
        IGasPriceSource? gasPrice = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        var time = timeProvider ?? TimeProvider.System;
        l1Blocks ??= TicketRedemptionOptions.IsArbitrum(protocol.Network)
            ? PaymentChain.Arbitrum(protocol.Rpc)
            : PaymentChain.Chain(protocol.Rpc);
        ArgumentNullException.ThrowIfNull(options);
        var clock = new PollingPaymentClock(protocol, l1Blocks, options.PollInterval, time, loggerFactory);
        return await CreateAsync(protocol, options, clock, gasPrice, ownsClock: true, time, loggerFactory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates a redeemer on a clock (and gas price source, when given) that someone else polls, as the DI host does:
    /// <see cref="StartAsync"/> then runs neither.
    /// </summary>
    internal static async Task<LocalTicketRedeemer> CreateAsync(
        LivepeerProtocolClient protocol,
        TicketRedemptionOptions options,
        PollingPaymentClock clock,
        IGasPriceSource? gasPrice,
        bool ownsClock,
        TimeProvider time,
        ILoggerFactory? loggerFactory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var signer = protocol.Sender?.Signer
            ?? throw new PaymentException(PaymentErrorCode.InvalidConfiguration, "The redeemer needs protocol clients with a transaction sender: it signs the redemption transactions.");
        var recipient = options.Recipient ?? signer.Address;
        loggerFactory ??= NullLoggerFactory.Instance;
        var ownsGasPrice = false;

        if (ownsClock || !clock.IsSynced)
        {
            await clock.PollOnceAsync(cancellationToken).ConfigureAwait(false);
        }
        if (gasPrice is null)
        {
            var polling = new PollingGasPriceSource(protocol.Rpc, options.MinimumGasPrice, options.PollInterval, time, loggerFactory);
            await polling.PollOnceAsync(cancellationToken).ConfigureAwait(false);
            gasPrice = polling;
            ownsGasPrice = true;
        }
        var store = WinningTicketStore.Open(options.DatabasePath, time);
        try
        {
            var redeemer = new LocalTicketRedeemer(protocol, options, recipient, store, clock, gasPrice, time, loggerFactory, ownsClock, ownsGasPrice);
            RedemptionLog.RedeemerStarted(redeemer._logger, recipient, store.Path, await store.CountOpenAsync(cancellationToken).ConfigureAwait(false));
            return redeemer;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts polling the chain and the gas price, following TicketBroker events, cleaning the sender cache and
    /// redeeming on every new block. Tickets stored before a restart are picked up.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_stopping is not null)
        {
            return Task.CompletedTask;
        }
        _stopping = new CancellationTokenSource();
        var token = _stopping.Token;
        var watcher = _protocol.CreateEventWatcher(new EventWatcherOptions { PollInterval = _options.PollInterval, RetryDelay = _options.PollInterval, TimeProvider = _time }, _loggerFactory);
        var loops = new List<Task>
        {
            Task.Run(() => Queue.RunAsync(token), CancellationToken.None),
            Task.Run(() => Monitor.WatchEventsFromHeadAsync(watcher, _protocol.Rpc, _options.PollInterval, token), CancellationToken.None),
            Task.Run(() => Monitor.RunCleanupAsync(_options.SenderCacheCleanupInterval, token), CancellationToken.None),
        };
        if (_ownsClock)
        {
            loops.Add(Task.Run(() => _clock.RunAsync(token), CancellationToken.None));
        }
        if (_ownsGasPrice && _gasPrice is PollingGasPriceSource polling)
        {
            loops.Add(Task.Run(() => polling.RunAsync(token), CancellationToken.None));
        }
        _loops = [.. loops];
        Queue.Wake();
        return Task.CompletedTask;
    }

    /// <summary>Stops the background work; a redemption in flight is cancelled and its ticket re-checked on the next start.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_stopping is not { } stopping)
        {
            return;
        }
        await stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_loops).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
        stopping.Dispose();
        _stopping = null;
        _loops = [];
    }

    /// <summary>
    /// Stores the winning ticket (committed to disk before this returns) and wakes the redemption queue.
    /// A ticket already stored is accepted again without a second copy.
    /// </summary>
    /// <exception cref="PaymentException">
    /// <see cref="PaymentErrorCode.TicketRejected"/> with <see cref="TicketRejectionReason.InvalidRecipient"/> when the ticket pays another
    /// recipient, or <see cref="TicketRejectionReason.Malformed"/> when it cannot be redeemed at all; store failures otherwise.
    /// </exception>
    public async Task QueueTicketAsync(SignedTicket ticket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(ticket.Ticket);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var t = ticket.Ticket;
        if (t.Recipient != Recipient)
        {
            throw new PaymentException(new TicketRejection(TicketRejectionReason.InvalidRecipient, $"invalid ticket recipient {t.Recipient}, expected {Recipient}", IsFatal: true));
        }
        if (t.Sender.IsZero)
        {
            throw new PaymentException(new TicketRejection(TicketRejectionReason.InvalidSender, "invalid ticket sender", IsFatal: true));
        }
        if ((t.AuxData?.Length ?? 0) != Ticket.AuxDataLength || (t.RecipientRandHash?.Length ?? 0) != 32)
        {
            throw new PaymentException(new TicketRejection(TicketRejectionReason.Malformed,
                $"ticket cannot be redeemed: auxData must be {Ticket.AuxDataLength} bytes and recipientRandHash 32 bytes", IsFatal: true));
        }
        byte[] hash;
        try
        {
            hash = t.ComputeHash();
        }
        catch (EthereumFormatException ex)
        {
            // A field out of its uint256 range could never be encoded for the TicketBroker.
            throw new PaymentException(new TicketRejection(TicketRejectionReason.Malformed, $"ticket cannot be redeemed: {ex.Message}", IsFatal: true));
        }
        if (await Store.StoreAsync(ticket, cancellationToken).ConfigureAwait(false))
        {
            RedemptionLog.TicketStored(_logger, Hex.Encode(hash), t.Sender, t.FaceValue.Value, ticket.CreationRound);
        }
        Queue.Wake();
    }

    /// <inheritdoc/>
    public Task<BigInteger> GetMaxFloatAsync(EthAddress sender, CancellationToken cancellationToken = default)
        => Monitor.GetMaxFloatAsync(sender, cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<BigInteger> MonitorMaxFloatAsync(EthAddress sender, CancellationToken cancellationToken = default)
        => Monitor.MonitorMaxFloatAsync(sender, cancellationToken);

    /// <inheritdoc/>
    public Task<TicketRejection?> ValidateSenderAsync(EthAddress sender, CancellationToken cancellationToken = default)
        => Monitor.ValidateSenderAsync(sender, cancellationToken);

    /// <summary>How many stored winning tickets are neither redeemed nor given up on.</summary>
    public Task<int> CountUnredeemedAsync(CancellationToken cancellationToken = default) => Store.CountOpenAsync(cancellationToken);

    /// <summary>Stops the background work and closes the store.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        Monitor.Dispose();
        Store.Dispose();
    }
}
