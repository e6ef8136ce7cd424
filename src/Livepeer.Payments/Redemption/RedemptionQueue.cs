using System.Numerics;
using Livepeer.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Payments;

/// <summary>What one pass of the redemption queue did.</summary>
internal sealed record RedemptionPass(int Redeemed, int AlreadyUsed, int Failed, int Retried, int Held, int Transactions)
{
    public static RedemptionPass Empty { get; } = new(0, 0, 0, 0, 0, 0);
}

/// <summary>
/// Redeems the stored winning tickets on every new L1 block (go-livepeer's <c>pm/queue.go</c>): oldest first, only
/// once the ticket's parameters expired, only while its recipient is active and the ticket is still valid, and only
/// when the face value and the sender's funds are worth the gas. Before anything is sent the ticket is marked as
/// sending, and before a marked ticket is sent again the chain is asked whether it was used, so that a crash at any
/// point neither loses a ticket nor sends it twice.
/// </summary>
internal sealed class RedemptionQueue
{
    private const int MaxTicketsPerPass = 1000;

    private readonly WinningTicketStore _store;
    private readonly SenderMonitor _monitor;
    private readonly LivepeerProtocolClient _protocol;
    private readonly IPaymentClock _clock;
    private readonly IGasPriceSource _gasPrice;
    private readonly TicketRedemptionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _passTurn = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Dictionary<(EthAddress, ulong), bool> _activeRecipients = [];
    private ulong? _validityPeriod;

    public RedemptionQueue(
        WinningTicketStore store,
        SenderMonitor monitor,
        LivepeerProtocolClient protocol,
        IPaymentClock clock,
        IGasPriceSource gasPrice,
        TicketRedemptionOptions options,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        _store = store;
        _monitor = monitor;
        _protocol = protocol;
        _clock = clock;
        _gasPrice = gasPrice;
        _options = options;
        _validityPeriod = options.TicketValidityPeriod;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<RedemptionQueue>() ?? NullLogger.Instance;
        _clock.L1BlockAdvanced += _ => Wake();
    }

    /// <summary>Asks the loop for a pass now (a ticket arrived, a block advanced).</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A pass is already asked for.
        }
    }

    /// <summary>Runs a pass whenever woken, and at least every poll interval, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(_options.PollInterval, cancellationToken).ConfigureAwait(false);
                await RunOnceAsync(_clock.LastSeenL1Block, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The loop is the only thing that redeems; whatever one pass met, the next block gets a new one.
                RedemptionLog.PassFailed(_logger, ex);
            }
        }
    }

    /// <summary>One pass over the stored tickets, as of L1 block <paramref name="currentL1Block"/>.</summary>
    public async Task<RedemptionPass> RunOnceAsync(ulong currentL1Block, CancellationToken cancellationToken = default)
    {
        await _passTurn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await PassAsync(currentL1Block, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _passTurn.Release();
        }
    }

    private async Task<RedemptionPass> PassAsync(ulong currentL1Block, CancellationToken cancellationToken)
    {
        var open = await _store.SelectOpenAsync(MaxTicketsPerPass, cancellationToken).ConfigureAwait(false);
        if (open.Count == 0)
        {
            return RedemptionPass.Empty;
        }
        var round = _clock.LastInitializedRoundNumber();
        var validity = await GetValidityPeriodAsync(cancellationToken).ConfigureAwait(false);
        var tally = new Tally();
        var due = new List<StoredTicket>();
        foreach (var stored in open)
        {
            var creationRound = stored.Ticket.CreationRound;
            if (creationRound + validity <= round)
            {
                if (stored.Status == StoredTicketStatus.Sending && await IsUsedAsync(stored, cancellationToken).ConfigureAwait(false))
                {
                    // Sent before a crash or an outage and mined after all.
                    await _store.MarkRedeemedAsync([stored.Hash], null, "ticket is used on chain", cancellationToken).ConfigureAwait(false);
                    RedemptionTelemetry.Redeemed(1, stored.Ticket.Ticket.FaceValue.Value);
                    tally.AlreadyUsed++;
                    continue;
                }
                var reason = $"ticket is expired: created in round {creationRound}, redeemable before round {creationRound + validity}, and round {round} is initialised";
                await FailAsync([stored], reason, tally, cancellationToken).ConfigureAwait(false);
            }
            else if (stored.Ticket.ParamsExpirationBlock <= currentL1Block)
            {
                due.Add(stored);
            }
        }
        foreach (var group in due.GroupBy(t => t.Ticket.Ticket.Sender))
        {
            var active = new List<StoredTicket>();
            foreach (var stored in group)
            {
                if (await IsRecipientActiveAsync(stored.Ticket.Ticket.Recipient, round, cancellationToken).ConfigureAwait(false))
                {
                    active.Add(stored);
                }
                else
                {
                    tally.Held++;
                }
            }
            if (active.Count > 0)
            {
                await RedeemSenderAsync(group.Key, active, tally, cancellationToken).ConfigureAwait(false);
            }
        }
        return tally.ToPass();
    }

    private async Task RedeemSenderAsync(EthAddress sender, List<StoredTicket> tickets, Tally tally, CancellationToken cancellationToken)
    {
        var unused = new List<StoredTicket>();
        foreach (var stored in tickets)
        {
            if (await IsUsedAsync(stored, cancellationToken).ConfigureAwait(false))
            {
                RedemptionLog.TicketAlreadyUsed(_logger, stored.HashHex);
                await _store.MarkRedeemedAsync([stored.Hash], null, "ticket is used on chain", cancellationToken).ConfigureAwait(false);
                RedemptionTelemetry.Redeemed(1, stored.Ticket.Ticket.FaceValue.Value);
                tally.AlreadyUsed++;
            }
            else
            {
                unused.Add(stored);
            }
        }
        if (unused.Count == 0)
        {
            return;
        }
        if (unused.Any(t => t.Status == StoredTicketStatus.Sending) && await HasPendingTransactionsAsync(cancellationToken).ConfigureAwait(false))
        {
            // A transaction sent before a restart may still be on its way; sending again now could pay for a revert.
            Hold(sender, unused.Count, "a redemption transaction sent earlier is still pending", tally);
            return;
        }

        var txCost = TransactionCost();
        BigInteger available;
        try
        {
            available = await _monitor.GetAvailableFundsAsync(sender, cancellationToken).ConfigureAwait(false);
        }
        catch (PaymentException ex)
        {
            Hold(sender, unused.Count, $"the sender's funds could not be read: {ex.Message}", tally);
            return;
        }
        if (available <= txCost)
        {
            Hold(sender, unused.Count, $"the sender's available funds {available} wei do not exceed the redemption cost {txCost} wei", tally);
            return;
        }
        var worthIt = new List<StoredTicket>();
        foreach (var stored in unused)
        {
            if (stored.Ticket.Ticket.FaceValue.Value > txCost)
            {
                worthIt.Add(stored);
            }
        }
        if (worthIt.Count < unused.Count)
        {
            Hold(sender, unused.Count - worthIt.Count, $"face value does not exceed the redemption cost {txCost} wei", tally);
        }

        // Tickets that were tried before go alone, so that a failure names its own revert reason.
        var fresh = worthIt.Where(t => t.Attempts == 0).ToList();
        var retried = worthIt.Where(t => t.Attempts > 0).ToList();
        if (fresh.Count >= 2)
        {
            foreach (var chunk in fresh.Chunk(_options.MaxBatchSize))
            {
                if (chunk.Length >= 2)
                {
                    await RedeemBatchAsync(sender, chunk, tally, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    retried.Add(chunk[0]);
                }
            }
        }
        else
        {
            retried.AddRange(fresh);
        }
        foreach (var stored in retried.OrderBy(t => t.CreatedAt))
        {
            await RedeemSingleAsync(sender, stored, tally, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RedeemSingleAsync(EthAddress sender, StoredTicket stored, Tally tally, CancellationToken cancellationToken)
    {
        var faceValue = stored.Ticket.Ticket.FaceValue.Value;
        await _store.MarkSendingAsync([stored.Hash], cancellationToken).ConfigureAwait(false);
        _monitor.AddPending(sender, faceValue);
        try
        {
            tally.Transactions++;
            var receipt = await _protocol.TicketBroker.RedeemWinningTicketAsync(stored.Ticket.ToWinningTicket(), cancellationToken).ConfigureAwait(false);
            await _store.MarkRedeemedAsync([stored.Hash], receipt.TransactionHash, null, cancellationToken).ConfigureAwait(false);
            RedemptionTelemetry.Redeemed(1, faceValue);
            RedemptionLog.TicketsRedeemed(_logger, 1, sender, faceValue, receipt.TransactionHash);
            tally.Redeemed++;
        }
        catch (LivepeerProtocolException ex)
        {
            await RecordFailureAsync([stored], ex, tally, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _monitor.SubtractPending(sender, faceValue);
            await RefreshQuietlyAsync(sender).ConfigureAwait(false);
        }
    }

    private async Task RedeemBatchAsync(EthAddress sender, IReadOnlyList<StoredTicket> batch, Tally tally, CancellationToken cancellationToken)
    {
        var total = batch.Aggregate(BigInteger.Zero, (sum, t) => sum + t.Ticket.Ticket.FaceValue.Value);
        await _store.MarkSendingAsync([.. batch.Select(t => t.Hash)], cancellationToken).ConfigureAwait(false);
        _monitor.AddPending(sender, total);
        try
        {
            tally.Transactions++;
            var receipt = await _protocol.TicketBroker.BatchRedeemWinningTicketsAsync([.. batch.Select(t => t.Ticket.ToWinningTicket())], cancellationToken).ConfigureAwait(false);
            // The contract skips a ticket that fails without reverting, so the receipt's events say which ones paid.
            var paid = new HashSet<string>(StringComparer.Ordinal);
            foreach (var redeemed in _protocol.TicketBroker.DecodeEvents(receipt).OfType<WinningTicketRedeemedEvent>())
            {
                var ticket = new Ticket(redeemed.Recipient, redeemed.Sender, redeemed.FaceValue, redeemed.WinProb, redeemed.SenderNonce, Ticket.HashRecipientRand(redeemed.RecipientRand), redeemed.AuxData);
                paid.Add(Hex.Encode(ticket.ComputeHash()));
            }
            var redeemedHashes = new List<byte[]>();
            var redeemedValue = BigInteger.Zero;
            foreach (var stored in batch)
            {
                if (paid.Contains(stored.HashHex))
                {
                    redeemedHashes.Add(stored.Hash);
                    redeemedValue += stored.Ticket.Ticket.FaceValue.Value;
                }
            }
            if (redeemedHashes.Count > 0)
            {
                await _store.MarkRedeemedAsync(redeemedHashes, receipt.TransactionHash, null, cancellationToken).ConfigureAwait(false);
                RedemptionTelemetry.Redeemed(redeemedHashes.Count, redeemedValue);
                RedemptionLog.TicketsRedeemed(_logger, redeemedHashes.Count, sender, redeemedValue, receipt.TransactionHash);
                tally.Redeemed += redeemedHashes.Count;
            }
            var skipped = batch.Where(t => !paid.Contains(t.HashHex)).ToList();
            if (skipped.Count > 0)
            {
                var reason = $"not redeemed by batch transaction {receipt.TransactionHash}; it is retried alone";
                await _store.RecordRetryAsync([.. skipped.Select(t => t.Hash)], reason, mayHaveBeenSent: false, cancellationToken: cancellationToken).ConfigureAwait(false);
                foreach (var stored in skipped)
                {
                    RedemptionLog.TicketRetry(_logger, stored.HashHex, stored.Attempts + 1, reason);
                }
                RedemptionTelemetry.Error("retry", skipped.Count);
                tally.Retried += skipped.Count;
            }
        }
        catch (LivepeerProtocolException ex)
        {
            // A batch revert is about the batch, not one ticket: each is retried alone and meets its own reason.
            var kind = RedemptionOutcome.Classify(ex);
            var uncertain = ex is not ContractRevertException && kind == RedemptionErrorKind.Retry;
            var reason = RedemptionOutcome.Describe(ex);
            await _store.RecordRetryAsync([.. batch.Select(t => t.Hash)], reason, uncertain, cancellationToken: cancellationToken).ConfigureAwait(false);
            RedemptionTelemetry.Error("retry", batch.Count);
            tally.Retried += batch.Count;
            foreach (var stored in batch)
            {
                RedemptionLog.TicketRetry(_logger, stored.HashHex, stored.Attempts + 1, reason);
            }
        }
        finally
        {
            _monitor.SubtractPending(sender, total);
            await RefreshQuietlyAsync(sender).ConfigureAwait(false);
        }
    }

    private async Task RecordFailureAsync(IReadOnlyList<StoredTicket> tickets, LivepeerProtocolException ex, Tally tally, CancellationToken cancellationToken)
    {
        var reason = RedemptionOutcome.Describe(ex);
        var hashes = tickets.Select(t => t.Hash).ToList();
        switch (RedemptionOutcome.Classify(ex))
        {
            case RedemptionErrorKind.AlreadyUsed:
                await _store.MarkRedeemedAsync(hashes, ex is ContractRevertException revert ? revert.TransactionHash : null, reason, cancellationToken).ConfigureAwait(false);
                foreach (var stored in tickets)
                {
                    RedemptionLog.TicketAlreadyUsed(_logger, stored.HashHex);
                    RedemptionTelemetry.Redeemed(1, stored.Ticket.Ticket.FaceValue.Value);
                }
                tally.AlreadyUsed += tickets.Count;
                break;
            case RedemptionErrorKind.Final:
                await FailAsync(tickets, reason, tally, cancellationToken).ConfigureAwait(false);
                break;
            default:
                // A revert settled the attempt; anything else (a lost connection, a timeout) may have left a
                // transaction behind, so the marker stays and the chain is asked first next time.
                var mayHaveBeenSent = ex is not ContractRevertException;
                await _store.RecordRetryAsync(hashes, reason, mayHaveBeenSent, cancellationToken: cancellationToken).ConfigureAwait(false);
                RedemptionTelemetry.Error("retry", tickets.Count);
                tally.Retried += tickets.Count;
                foreach (var stored in tickets)
                {
                    RedemptionLog.TicketRetry(_logger, stored.HashHex, stored.Attempts + 1, reason);
                }
                break;
        }
    }

    private async Task FailAsync(IReadOnlyList<StoredTicket> tickets, string reason, Tally tally, CancellationToken cancellationToken)
    {
        await _store.MarkFailedAsync([.. tickets.Select(t => t.Hash)], reason, cancellationToken).ConfigureAwait(false);
        RedemptionTelemetry.Error("failed", tickets.Count);
        tally.Failed += tickets.Count;
        foreach (var stored in tickets)
        {
            RedemptionLog.TicketFailed(_logger, stored.HashHex, reason);
        }
    }

    private void Hold(EthAddress sender, int count, string reason, Tally tally)
    {
        RedemptionLog.TicketsHeld(_logger, count, sender, reason);
        RedemptionTelemetry.Error("held", count);
        tally.Held += count;
    }

    private BigInteger TransactionCost()
    {
        var cost = new BigInteger(_options.RedeemGasFor(_protocol.Network)) * _gasPrice.CurrentGasPrice;
        // The margin is a decimal factor; scale it to an exact rational so big costs do not lose precision.
        var margin = new BigInteger(decimal.Round((decimal)_options.RedemptionGasMargin * 1_000_000m));
        return cost * margin / 1_000_000;
    }

    private async Task<bool> IsUsedAsync(StoredTicket stored, CancellationToken cancellationToken)
    {
        try
        {
            return await _protocol.TicketBroker.IsTicketUsedAsync(stored.Hash, cancellationToken).ConfigureAwait(false);
        }
        catch (LivepeerProtocolException ex)
        {
            throw new PaymentException(PaymentErrorCode.ChainUnavailable, $"Could not ask the TicketBroker whether ticket {stored.HashHex} is used: {ex.Message}", ex.IsTransient, ex);
        }
    }

    private async Task<bool> HasPendingTransactionsAsync(CancellationToken cancellationToken)
    {
        var account = _protocol.Sender?.Signer.Address
            ?? throw new PaymentException(PaymentErrorCode.InvalidConfiguration, "Redeeming tickets needs protocol clients with a transaction sender (the redemption key).");
        try
        {
            var pending = await _protocol.Rpc.GetTransactionCountAsync(account, BlockParameter.Pending, cancellationToken).ConfigureAwait(false);
            var mined = await _protocol.Rpc.GetTransactionCountAsync(account, BlockParameter.Latest, cancellationToken).ConfigureAwait(false);
            return pending > mined;
        }
        catch (LivepeerProtocolException ex)
        {
            throw new PaymentException(PaymentErrorCode.ChainUnavailable, $"Could not read the pending transactions of {account}: {ex.Message}", ex.IsTransient, ex);
        }
    }

    private async Task<bool> IsRecipientActiveAsync(EthAddress recipient, ulong round, CancellationToken cancellationToken)
    {
        lock (_activeRecipients)
        {
            if (_activeRecipients.TryGetValue((recipient, round), out var known))
            {
                return known;
            }
        }
        bool active;
        try
        {
            active = await _protocol.BondingManager.IsActiveTranscoderAsync(recipient, cancellationToken).ConfigureAwait(false);
        }
        catch (LivepeerProtocolException ex)
        {
            throw new PaymentException(PaymentErrorCode.ChainUnavailable, $"Could not read whether {recipient} is active: {ex.Message}", ex.IsTransient, ex);
        }
        lock (_activeRecipients)
        {
            foreach (var key in _activeRecipients.Keys.Where(k => k.Item2 != round).ToList())
            {
                _activeRecipients.Remove(key);
            }
            _activeRecipients[(recipient, round)] = active;
        }
        if (!active)
        {
            RedemptionLog.RecipientInactive(_logger, recipient, round);
        }
        return active;
    }

    private async Task<ulong> GetValidityPeriodAsync(CancellationToken cancellationToken)
    {
        if (_validityPeriod is { } known)
        {
            return known;
        }
        try
        {
            var period = await _protocol.TicketBroker.GetTicketValidityPeriodAsync(cancellationToken).ConfigureAwait(false);
            _validityPeriod = period;
            return period;
        }
        catch (LivepeerProtocolException ex)
        {
            throw new PaymentException(PaymentErrorCode.ChainUnavailable, $"Could not read the TicketBroker's ticket validity period: {ex.Message}", ex.IsTransient, ex);
        }
    }

    private async Task RefreshQuietlyAsync(EthAddress sender)
    {
        try
        {
            await _monitor.RefreshAsync(sender, CancellationToken.None).ConfigureAwait(false);
        }
        catch (PaymentException ex)
        {
            RedemptionLog.SenderRefreshFailed(_logger, sender, ex);
        }
    }

    private sealed class Tally
    {
        public int Redeemed { get; set; }

        public int AlreadyUsed { get; set; }

        public int Failed { get; set; }

        public int Retried { get; set; }

        public int Held { get; set; }

        public int Transactions { get; set; }

        public RedemptionPass ToPass() => new(Redeemed, AlreadyUsed, Failed, Retried, Held, Transactions);
    }
}
