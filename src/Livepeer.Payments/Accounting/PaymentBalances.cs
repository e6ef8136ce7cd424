using System.Collections.Concurrent;
using Livepeer.Protocol;

namespace Livepeer.Payments;

/// <summary>
/// Credit per (counterparty address, manifest id), in exact wei. A gateway keys it by orchestrator and session, an
/// orchestrator by sender and manifest. Entries not touched for <see cref="IdleTimeout"/> are dropped by
/// <see cref="RemoveIdle"/>. All members are thread-safe.
/// </summary>
public sealed class PaymentBalances
{
    /// <summary>go-livepeer's idle time after which a balance is forgotten: 10 minutes.</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<(EthAddress Address, string ManifestId), Entry> _entries = new();
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates an empty set of balances.</summary>
    /// <param name="timeProvider">The clock idle times are measured on; the system clock by default.</param>
    /// <param name="idleTimeout">How long an untouched balance is kept; <see cref="DefaultIdleTimeout"/> by default.</param>
    public PaymentBalances(TimeProvider? timeProvider = null, TimeSpan? idleTimeout = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        IdleTimeout = idleTimeout ?? DefaultIdleTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(IdleTimeout, TimeSpan.Zero, nameof(idleTimeout));
    }

    /// <summary>How long an untouched balance is kept.</summary>
    public TimeSpan IdleTimeout { get; }

    /// <summary>The number of balances held.</summary>
    public int Count => _entries.Count;

    /// <summary>The balance (0 when there is none).</summary>
    public BigRational GetBalance(EthAddress address, string manifestId)
    {
        ArgumentNullException.ThrowIfNull(manifestId);
        if (!_entries.TryGetValue((address, manifestId), out var entry))
        {
            return BigRational.Zero;
        }
        lock (entry)
        {
            return entry.Balance;
        }
    }

    /// <summary>Adds <paramref name="amount"/> to the balance.</summary>
    public void Credit(EthAddress address, string manifestId, BigRational amount) => Apply(address, manifestId, amount);

    /// <summary>Subtracts <paramref name="amount"/> from the balance; it may go negative.</summary>
    public void Debit(EthAddress address, string manifestId, BigRational amount) => Apply(address, manifestId, -amount);

    /// <summary>
    /// Reserves the balance for one request and works out how many tickets of <paramref name="ticketEv"/> it needs so
    /// that the credit reaches <paramref name="minCredit"/>: none when the balance already covers it, otherwise
    /// <c>⌈(minCredit − existing) / EV⌉</c> (none when the EV is not positive). The balance reads 0 until the update is
    /// completed with <see cref="CompleteUpdate"/>.
    /// </summary>
    public BalanceUpdate StageUpdate(EthAddress address, string manifestId, BigRational minCredit, BigRational ticketEv)
    {
        ArgumentNullException.ThrowIfNull(manifestId);
        var entry = Touch(address, manifestId);
        BigRational existing;
        lock (entry)
        {
            existing = entry.Balance;
            entry.Balance = BigRational.Zero;
        }
        var (numTickets, newCredit) = TicketsFor(existing, minCredit, ticketEv);
        return new BalanceUpdate(address, manifestId, numTickets, existing, newCredit);
    }

    /// <summary>
    /// Settles a staged update once: a request never sent gets its reserved credit back; one sent without a result
    /// spends it; one with a result leaves <c>existing + newCredit − debit</c>.
    /// </summary>
    /// <param name="update">The update from <see cref="StageUpdate"/>.</param>
    /// <param name="outcome">What happened to the request.</param>
    /// <param name="debit">What the result cost (pixels × price), for <see cref="BalanceUpdateOutcome.Completed"/>.</param>
    /// <returns>False when the update had already been settled (nothing changes).</returns>
    public bool CompleteUpdate(BalanceUpdate update, BalanceUpdateOutcome outcome, BigRational debit = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (!update.TryComplete())
        {
            return false;
        }
        switch (outcome)
        {
            case BalanceUpdateOutcome.NotSent:
                Apply(update.Address, update.ManifestId, update.ExistingCredit);
                break;
            case BalanceUpdateOutcome.SentNoResult:
                break;
            case BalanceUpdateOutcome.Completed:
                Apply(update.Address, update.ManifestId, update.ExistingCredit + update.NewCredit - debit);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown outcome.");
        }
        return true;
    }

    /// <summary>Forgets one balance.</summary>
    /// <returns>True when there was one.</returns>
    public bool Remove(EthAddress address, string manifestId) => _entries.TryRemove((address, manifestId), out _);

    /// <summary>Drops the balances not touched for <see cref="IdleTimeout"/>.</summary>
    /// <returns>How many were dropped.</returns>
    public int RemoveIdle()
    {
        var cutoff = _timeProvider.GetUtcNow() - IdleTimeout;
        var removed = 0;
        foreach (var pair in _entries)
        {
            if (Volatile.Read(ref pair.Value.LastTouchedTicks) < cutoff.UtcTicks && _entries.TryRemove(pair))
            {
                removed++;
            }
        }
        return removed;
    }

    /// <summary>The ticket count rule of <see cref="StageUpdate"/> without touching any balance.</summary>
    internal static (int NumTickets, BigRational NewCredit) TicketsFor(BigRational existing, BigRational minCredit, BigRational ticketEv)
    {
        if (existing >= minCredit || ticketEv.Sign <= 0)
        {
            return (0, BigRational.Zero);
        }
        var count = ((minCredit - existing) / ticketEv).Ceiling();
        var numTickets = count > int.MaxValue ? int.MaxValue : (int)count;
        return (numTickets, ticketEv * numTickets);
    }

    private void Apply(EthAddress address, string manifestId, BigRational amount)
    {
        ArgumentNullException.ThrowIfNull(manifestId);
        var entry = Touch(address, manifestId);
        lock (entry)
        {
            entry.Balance += amount;
        }
    }

    private Entry Touch(EthAddress address, string manifestId)
    {
        var entry = _entries.GetOrAdd((address, manifestId), static _ => new Entry());
        Volatile.Write(ref entry.LastTouchedTicks, _timeProvider.GetUtcNow().UtcTicks);
        return entry;
    }

    private sealed class Entry
    {
        public BigRational Balance;
        public long LastTouchedTicks;
    }
}

/// <summary>What happened to a request whose balance was staged.</summary>
public enum BalanceUpdateOutcome
{
    /// <summary>The request was never sent: the reserved credit is returned.</summary>
    NotSent = 1,

    /// <summary>The request was sent but no result came back: the credit is spent.</summary>
    SentNoResult,

    /// <summary>A result came back: the balance becomes existing + new credit − debit.</summary>
    Completed,
}

/// <summary>A staged balance update: the credit reserved for one request and the tickets to send with it.</summary>
public sealed class BalanceUpdate
{
    private int _completed;

    internal BalanceUpdate(EthAddress address, string manifestId, int numTickets, BigRational existingCredit, BigRational newCredit)
    {
        Address = address;
        ManifestId = manifestId;
        NumTickets = numTickets;
        ExistingCredit = existingCredit;
        NewCredit = newCredit;
    }

    /// <summary>The counterparty.</summary>
    public EthAddress Address { get; }

    /// <summary>The manifest (session) id.</summary>
    public string ManifestId { get; }

    /// <summary>How many tickets to send with the request.</summary>
    public int NumTickets { get; }

    /// <summary>The balance reserved for the request.</summary>
    public BigRational ExistingCredit { get; }

    /// <summary>The EV of the tickets to send: <see cref="NumTickets"/> × the ticket EV.</summary>
    public BigRational NewCredit { get; }

    /// <summary>True once the update was settled.</summary>
    public bool IsCompleted => Volatile.Read(ref _completed) != 0;

    internal bool TryComplete() => Interlocked.Exchange(ref _completed, 1) == 0;
}
