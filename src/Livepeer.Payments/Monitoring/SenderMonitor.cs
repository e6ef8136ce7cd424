using System.Numerics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Livepeer.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Payments;

/// <summary>
/// The recipient's view of its ticket senders (go-livepeer's <c>SenderMonitor</c>): a cache of each sender's
/// deposit, reserve and withdraw round, what this recipient already claimed from the reserve this round, and the face
/// value of its tickets being redeemed. From these it derives the max float. The cache is refreshed when a round
/// starts and when a TicketBroker event names a known sender, and entries unused for a while are dropped.
/// </summary>
internal sealed class SenderMonitor : ISenderMonitor, IDisposable
{
    /// <summary>Below this deposit-to-pending ratio the pending face value is taken off the max float.</summary>
    public const int MinDepositPendingRatio = 3;

    private readonly TicketBrokerClient _broker;
    private readonly IPaymentClock _clock;
    private readonly Func<SignedTicket, CancellationToken, Task> _queueTicket;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<EthAddress, Entry> _senders = [];
    private readonly Lock _gate = new();

    public SenderMonitor(
        TicketBrokerClient broker,
        IPaymentClock clock,
        EthAddress recipient,
        Func<SignedTicket, CancellationToken, Task> queueTicket,
        TimeSpan entryTtl,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(queueTicket);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(entryTtl, TimeSpan.Zero);
        _broker = broker;
        _clock = clock;
        Recipient = recipient;
        _queueTicket = queueTicket;
        EntryTtl = entryTtl;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<SenderMonitor>() ?? NullLogger.Instance;
        _clock.RoundAdvanced += OnRoundAdvanced;
    }

    public EthAddress Recipient { get; }

    public TimeSpan EntryTtl { get; }

    /// <summary>Senders currently cached.</summary>
    public IReadOnlyList<EthAddress> KnownSenders
    {
        get { lock (_gate) { return [.. _senders.Keys]; } }
    }

    public Task QueueTicketAsync(SignedTicket ticket, CancellationToken cancellationToken = default) => _queueTicket(ticket, cancellationToken);

    public async Task<BigInteger> GetMaxFloatAsync(EthAddress sender, CancellationToken cancellationToken = default)
    {
        var entry = await GetLoadedEntryAsync(sender, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            return MaxFloat(entry);
        }
    }

    public async IAsyncEnumerable<BigInteger> MonitorMaxFloatAsync(EthAddress sender, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var changes = Channel.CreateBounded<BigInteger>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var entry = await GetLoadedEntryAsync(sender, cancellationToken).ConfigureAwait(false);
        BigInteger current;
        lock (_gate)
        {
            entry.Watchers.Add(changes.Writer);
            current = MaxFloat(entry);
        }
        try
        {
            yield return current;
            while (await changes.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (changes.Reader.TryRead(out var next))
                {
                    if (next != current)
                    {
                        current = next;
                        yield return next;
                    }
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                entry.Watchers.Remove(changes.Writer);
            }
        }
    }

    public async Task<TicketRejection?> ValidateSenderAsync(EthAddress sender, CancellationToken cancellationToken = default)
    {
        Entry entry;
        try
        {
            entry = await GetLoadedEntryAsync(sender, cancellationToken).ConfigureAwait(false);
        }
        catch (PaymentException ex) when (ex.ErrorCode == PaymentErrorCode.ChainUnavailable)
        {
            return new TicketRejection(TicketRejectionReason.SenderInfoUnavailable, $"could not get sender info for {sender}: {ex.Message}", IsFatal: true);
        }
        ulong withdrawRound;
        lock (_gate)
        {
            withdrawRound = entry.Info!.WithdrawRound;
        }
        var lastInitialized = _clock.LastInitializedRoundNumber();
        if (withdrawRound != 0 && withdrawRound <= lastInitialized + 1)
        {
            return new TicketRejection(TicketRejectionReason.SenderUnlocking, $"deposit and reserve for sender {sender} is set to unlock soon", IsFatal: true);
        }
        return null;
    }

    /// <summary>The sender's cached funds; read from the chain on first use.</summary>
    public async Task<SenderInfo> GetSenderInfoAsync(EthAddress sender, CancellationToken cancellationToken = default)
    {
        var entry = await GetLoadedEntryAsync(sender, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            return entry.Info!;
        }
    }

    /// <summary>What the sender can still pay: this recipient's reserve allocation + the deposit − the face value being redeemed.</summary>
    public async Task<BigInteger> GetAvailableFundsAsync(EthAddress sender, CancellationToken cancellationToken = default)
    {
        var entry = await GetLoadedEntryAsync(sender, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            return ReserveAlloc(entry) + entry.Info!.Deposit.Value - entry.Pending;
        }
    }

    /// <summary>Counts <paramref name="faceValue"/> as being redeemed until <see cref="SubtractPending"/>.</summary>
    public void AddPending(EthAddress sender, BigInteger faceValue) => ChangePending(sender, faceValue);

    /// <summary>Ends what <see cref="AddPending"/> counted.</summary>
    public void SubtractPending(EthAddress sender, BigInteger faceValue) => ChangePending(sender, -faceValue);

    /// <summary>The face value of the sender's tickets being redeemed.</summary>
    public BigInteger GetPending(EthAddress sender)
    {
        lock (_gate)
        {
            return _senders.TryGetValue(sender, out var entry) ? entry.Pending : BigInteger.Zero;
        }
    }

    /// <summary>Reads the sender's funds and this recipient's claim again, and tells the watchers when the max float changed.</summary>
    /// <exception cref="PaymentException">With <see cref="PaymentErrorCode.ChainUnavailable"/> when the chain could not be read.</exception>
    public async Task RefreshAsync(EthAddress sender, CancellationToken cancellationToken = default)
    {
        SenderInfo info;
        Wei claimed;
        try
        {
            var infoTask = _broker.GetSenderInfoAsync(sender, cancellationToken);
            var claimedTask = _broker.GetClaimedReserveAsync(sender, Recipient, cancellationToken);
            info = await infoTask.ConfigureAwait(false);
            claimed = await claimedTask.ConfigureAwait(false);
        }
        catch (LivepeerProtocolException ex)
        {
            throw new PaymentException(PaymentErrorCode.ChainUnavailable, $"The TicketBroker could not be read for sender {sender}: {ex.Message}", ex.IsTransient, ex);
        }
        Entry entry;
        lock (_gate)
        {
            if (!_senders.TryGetValue(sender, out entry!))
            {
                entry = new Entry { LastAccess = _time.GetUtcNow() };
                _senders[sender] = entry;
            }
            entry.Info = info;
            entry.Claimed = claimed.Value;
        }
        Publish(sender, entry);
    }

    /// <summary>Refreshes every cached sender; a sender that cannot be read is logged and kept.</summary>
    public async Task RefreshAllAsync(CancellationToken cancellationToken = default)
    {
        foreach (var sender in KnownSenders)
        {
            try
            {
                await RefreshAsync(sender, cancellationToken).ConfigureAwait(false);
            }
            catch (PaymentException ex)
            {
                RedemptionLog.SenderRefreshFailed(_logger, sender, ex);
            }
        }
    }

    /// <summary>Refreshes the sender a TicketBroker event names, when it is known.</summary>
    public async Task HandleEventAsync(ProtocolEvent protocolEvent, CancellationToken cancellationToken = default)
    {
        EthAddress? sender = protocolEvent switch
        {
            DepositFundedEvent e => e.Sender,
            ReserveFundedEvent e => e.ReserveHolder,
            UnlockEvent e => e.Sender,
            UnlockCancelledEvent e => e.Sender,
            WithdrawalEvent e => e.Sender,
            ReserveClaimedEvent e => e.ReserveHolder,
            WinningTicketTransferEvent e => e.Sender,
            _ => null,
        };
        if (sender is not { } known)
        {
            return;
        }
        lock (_gate)
        {
            if (!_senders.ContainsKey(known))
            {
                return;
            }
        }
        try
        {
            await RefreshAsync(known, cancellationToken).ConfigureAwait(false);
        }
        catch (PaymentException ex)
        {
            RedemptionLog.SenderRefreshFailed(_logger, known, ex);
        }
    }

    /// <summary>Follows the TicketBroker's events from <paramref name="fromBlock"/> until cancelled.</summary>
    public async Task WatchEventsAsync(EventWatcher watcher, ulong fromBlock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(watcher);
        try
        {
            await foreach (var protocolEvent in watcher.WatchEventsAsync(fromBlock, [_broker.Address], cancellationToken).ConfigureAwait(false))
            {
                await HandleEventAsync(protocolEvent, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is LivepeerProtocolException or PaymentException)
        {
            RedemptionLog.EventWatchFailed(_logger, ex);
        }
    }

    /// <summary>
    /// Follows the TicketBroker's events from the chain's head (its own block numbers, not L1's) until cancelled. When
    /// watching stops on an error it starts again from the head after <paramref name="retryDelay"/>; the round-change
    /// refresh covers what happened in between.
    /// </summary>
    public async Task WatchEventsFromHeadAsync(EventWatcher watcher, EthereumRpcClient rpc, TimeSpan retryDelay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var head = await rpc.GetBlockNumberAsync(cancellationToken).ConfigureAwait(false);
                await WatchEventsAsync(watcher, head + 1, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (LivepeerProtocolException ex)
            {
                RedemptionLog.EventWatchFailed(_logger, ex);
            }
            try
            {
                await Task.Delay(retryDelay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Drops the senders not used for <see cref="EntryTtl"/> and nobody watches. Returns how many.</summary>
    public int CleanupExpired()
    {
        var cutoff = _time.GetUtcNow() - EntryTtl;
        var dropped = 0;
        lock (_gate)
        {
            foreach (var (sender, entry) in _senders.ToList())
            {
                if (entry.LastAccess < cutoff && entry.Watchers.Count == 0 && entry.Pending.IsZero)
                {
                    _senders.Remove(sender);
                    dropped++;
                }
            }
        }
        if (dropped > 0)
        {
            RedemptionLog.SendersExpired(_logger, dropped, EntryTtl);
        }
        return dropped;
    }

    /// <summary>Runs <see cref="CleanupExpired"/> every <paramref name="interval"/> until cancelled.</summary>
    public async Task RunCleanupAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            CleanupExpired();
        }
    }

    public void Dispose() => _clock.RoundAdvanced -= OnRoundAdvanced;

    private void OnRoundAdvanced(ulong round) => _ = RefreshAllAsync(CancellationToken.None);

    private async Task<Entry> GetLoadedEntryAsync(EthAddress sender, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_senders.TryGetValue(sender, out var cached) && cached.Info is not null)
            {
                cached.LastAccess = _time.GetUtcNow();
                return cached;
            }
        }
        await RefreshAsync(sender, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            var entry = _senders[sender];
            entry.LastAccess = _time.GetUtcNow();
            return entry;
        }
    }

    private void ChangePending(EthAddress sender, BigInteger delta)
    {
        Entry entry;
        lock (_gate)
        {
            if (!_senders.TryGetValue(sender, out entry!))
            {
                entry = new Entry { LastAccess = _time.GetUtcNow() };
                _senders[sender] = entry;
            }
            entry.Pending += delta;
            if (entry.Pending.Sign < 0)
            {
                entry.Pending = BigInteger.Zero;
            }
        }
        Publish(sender, entry);
    }

    private void Publish(EthAddress sender, Entry entry)
    {
        BigInteger maxFloat;
        SenderInfo? info;
        ChannelWriter<BigInteger>[] watchers;
        lock (_gate)
        {
            info = entry.Info;
            if (info is null)
            {
                return;
            }
            maxFloat = MaxFloat(entry);
            watchers = [.. entry.Watchers];
        }
        foreach (var watcher in watchers)
        {
            watcher.TryWrite(maxFloat);
        }
        RedemptionTelemetry.Sender(sender, info.Deposit.Value, info.Reserve.FundsRemaining.Value, maxFloat);
        RedemptionLog.SenderRefreshed(_logger, sender, info.Deposit.Value, info.Reserve.FundsRemaining.Value, info.WithdrawRound, maxFloat);
    }

    /// <summary>The TicketBroker's <c>claimableReserve</c> formula, with the pool size the clock last saw.</summary>
    private BigInteger ReserveAlloc(Entry entry)
    {
        var poolSize = _clock.ActivePoolSize;
        if (poolSize <= 0 || entry.Info is null)
        {
            return BigInteger.Zero;
        }
        var reserve = entry.Info.Reserve;
        var allocation = (reserve.FundsRemaining.Value + reserve.ClaimedInCurrentRound.Value) / poolSize - entry.Claimed;
        return allocation.Sign < 0 ? BigInteger.Zero : allocation;
    }

    private BigInteger MaxFloat(Entry entry)
    {
        var allocation = ReserveAlloc(entry);
        var pending = entry.Pending;
        if (pending.IsZero || entry.Info!.Deposit.Value / pending >= MinDepositPendingRatio)
        {
            return allocation;
        }
        var reduced = allocation - pending;
        return reduced.Sign < 0 ? BigInteger.Zero : reduced;
    }

    private sealed class Entry
    {
        public SenderInfo? Info { get; set; }

        public BigInteger Claimed { get; set; }

        public BigInteger Pending { get; set; }

        public DateTimeOffset LastAccess { get; set; }

        public List<ChannelWriter<BigInteger>> Watchers { get; } = [];
    }
}
