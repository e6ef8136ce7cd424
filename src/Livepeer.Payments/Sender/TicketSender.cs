using System.Collections.Concurrent;
using System.Numerics;
using Livepeer.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Payments;

/// <summary>
/// The gateway side of probabilistic payments (go-livepeer <c>pm.Sender</c>): one session per set of ticket
/// parameters an orchestrator issued, keyed by its recipientRandHash, with nonces from 1 up; checks of those
/// parameters against the gateway's limits and its own funds; and signed ticket batches. Thread-safe.
/// </summary>
public sealed class TicketSender
{
    private readonly ISigner _signer;
    private readonly IPaymentClock _clock;
    private readonly ISenderInfoSource _senderInfoSource;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _senderInfoLock = new();
    private SenderInfo? _senderInfo;
    private long _senderInfoReadTimestamp;

    /// <summary>Creates a sender.</summary>
    /// <param name="signer">Signs the tickets; its address is the sender.</param>
    /// <param name="clock">The L1 block and round the parameters are checked against.</param>
    /// <param name="senderInfoSource">Reads the sender's own deposit and reserve (see <see cref="SenderInfoSource.FromTicketBroker"/>).</param>
    /// <param name="options">Limits; the defaults of go-livepeer when null.</param>
    /// <param name="logger">Where to log; nothing when null.</param>
    /// <param name="timeProvider">The clock the deposit and reserve cache runs on; the system clock when null.</param>
    /// <exception cref="PaymentException">The options are invalid (<see cref="PaymentErrorCode.InvalidConfiguration"/>).</exception>
    public TicketSender(
        ISigner signer,
        IPaymentClock clock,
        ISenderInfoSource senderInfoSource,
        TicketSenderOptions? options = null,
        ILogger<TicketSender>? logger = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(senderInfoSource);
        Options = options ?? new TicketSenderOptions();
        Options.Validate();
        _signer = signer;
        _clock = clock;
        _senderInfoSource = senderInfoSource;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The sender's address (the signer's).</summary>
    public EthAddress Address => _signer.Address;

    /// <summary>The limits in force.</summary>
    public TicketSenderOptions Options { get; }

    /// <summary>The session id of a set of parameters: its recipientRandHash in 0x-prefixed lower-case hex.</summary>
    public static string GetSessionId(TicketParams ticketParams)
    {
        ArgumentNullException.ThrowIfNull(ticketParams);
        return Hex.Encode(ticketParams.RecipientRandHash ?? []);
    }

    /// <summary>Starts a session for new parameters; its first ticket has nonce 1. Starting it again resets it.</summary>
    /// <param name="ticketParams">The parameters the orchestrator issued.</param>
    /// <param name="price">The price the orchestrator quoted with them, echoed in every payment.</param>
    /// <returns>The session id (the recipientRandHash as 0x hex).</returns>
    public string StartSession(TicketParams ticketParams, PixelPrice price) => StartSessionWithNonce(ticketParams, price, 0);

    /// <summary>Starts a session whose next ticket has nonce <paramref name="nonce"/> + 1 (to continue a session elsewhere).</summary>
    /// <param name="ticketParams">The parameters the orchestrator issued.</param>
    /// <param name="price">The price the orchestrator quoted with them.</param>
    /// <param name="nonce">The last nonce already used.</param>
    /// <returns>The session id.</returns>
    public string StartSessionWithNonce(TicketParams ticketParams, PixelPrice price, uint nonce)
    {
        ArgumentNullException.ThrowIfNull(ticketParams);
        if (ticketParams.RecipientRandHash is not { Length: 32 })
        {
            throw new ArgumentException("The recipientRandHash is 32 bytes.", nameof(ticketParams));
        }
        var sessionId = GetSessionId(ticketParams);
        var replaced = _sessions.TryGetValue(sessionId, out var old) ? old : null;
        _sessions[sessionId] = new Session(ticketParams, price, nonce);
        replaced?.DropPrepared();
        TicketLog.SessionStarted(_logger, sessionId, ticketParams.Recipient, nonce);
        return sessionId;
    }

    /// <summary>Forgets a session.</summary>
    /// <returns>True when it existed.</returns>
    public bool CleanupSession(string sessionId)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        if (!_sessions.TryRemove(sessionId, out var session))
        {
            return false;
        }

        session.DropPrepared();
        return true;
    }

    /// <summary>The last nonce used in a session (0 before its first ticket).</summary>
    /// <exception cref="PaymentException">No such session (<see cref="TicketRejectionReason.UnknownSession"/>).</exception>
    public uint GetNonce(string sessionId) => Volatile.Read(ref GetSession(sessionId).Nonce);

    /// <summary>The EV in wei of one ticket of a session.</summary>
    /// <exception cref="PaymentException">No such session (<see cref="TicketRejectionReason.UnknownSession"/>).</exception>
    public BigRational GetExpectedValue(string sessionId)
    {
        return GetSession(sessionId).TicketEv;
    }

    /// <summary>
    /// Checks the session's parameters for <paramref name="count"/> tickets, then signs that many with increasing
    /// nonces, taking first any that <see cref="PrepareTicketsAsync"/> signed ahead. When the orchestrator gave no
    /// usable expiration params, the clock's last initialised round is used.
    /// </summary>
    /// <exception cref="PaymentException">No such session, or the parameters were refused (<see cref="PaymentException.Rejection"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not positive.</exception>
    public async Task<TicketBatch> CreateTicketBatchAsync(string sessionId, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var session = GetSession(sessionId);
        var ticketParams = session.Params;
        var expirationParams = ExpirationParamsOf(ticketParams);
        var rejection = await ValidateTicketParamsAsync(ticketParams, session.TicketEv, count, cancellationToken).ConfigureAwait(false);
        if (rejection is not null)
        {
            TicketMetrics.RecordRejection(rejection);
            TicketLog.ParamsRejected(_logger, ticketParams.Recipient, rejection.Reason, rejection.Message);
            throw new PaymentException(rejection);
        }

        var senderParams = new TicketSenderParams[count];
        var taken = session.TakePrepared(expirationParams, senderParams);
        TicketMetrics.RecordPrepared("sent", taken);
        if (taken < count)
        {
            await SignAsync(session, expirationParams, senderParams.AsMemory(taken), cancellationToken).ConfigureAwait(false);
        }

        var batch = new TicketBatch(Address, ticketParams, expirationParams, session.Price, senderParams);
        TicketMetrics.TicketsSent.Add(count);
        if (TicketMetrics.EvSent.Enabled)
        {
            TicketMetrics.EvSent.Add(TicketMetrics.ToDouble(batch.ExpectedValue));
        }
        TicketLog.BatchCreated(_logger, count, sessionId, senderParams[^1].SenderNonce);
        return batch;
    }

    /// <summary>
    /// Signs up to <paramref name="count"/> tickets of a session ahead of need, so that a later
    /// <see cref="CreateTicketBatchAsync"/> takes them instead of signing while a segment waits. Their nonces are
    /// taken now. They are not sent, counted or checked until a batch takes them: the batch checks the parameters
    /// as always. They are dropped with the session, or when the round they carry is no longer the one a batch would
    /// use. A session holds at most <see cref="MaxPreparedTickets"/>.
    /// </summary>
    /// <param name="sessionId">The session.</param>
    /// <param name="count">How many tickets the session should hold ready.</param>
    /// <param name="cancellationToken">Cancels the signing.</param>
    /// <returns>How many tickets the session holds ready now; 0 when its parameters would be refused.</returns>
    /// <exception cref="PaymentException">No such session (<see cref="TicketRejectionReason.UnknownSession"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not positive.</exception>
    public async Task<int> PrepareTicketsAsync(string sessionId, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var session = GetSession(sessionId);
        var expirationParams = ExpirationParamsOf(session.Params);
        if (await ValidateTicketParamsAsync(session.Params, session.TicketEv, 1, cancellationToken).ConfigureAwait(false) is not null)
        {
            return 0;
        }

        var missing = Math.Min(count, MaxPreparedTickets) - session.PreparedCount(expirationParams);
        if (missing <= 0)
        {
            return session.PreparedCount(expirationParams);
        }

        var signed = new TicketSenderParams[missing];
        await SignAsync(session, expirationParams, signed, cancellationToken).ConfigureAwait(false);
        TicketMetrics.RecordPrepared("signed", missing);
        var ready = session.AddPrepared(expirationParams, signed);
        if (!_sessions.TryGetValue(sessionId, out var current) || !ReferenceEquals(current, session))
        {
            // The session ended or restarted while the tickets were signed: no batch can take them.
            session.DropPrepared();
            return 0;
        }

        return ready;
    }

    /// <summary>The most tickets <see cref="PrepareTicketsAsync"/> keeps ready in one session.</summary>
    public const int MaxPreparedTickets = 64;

    private TicketExpirationParams ExpirationParamsOf(TicketParams ticketParams)
    {
        var expirationParams = ticketParams.ExpirationParams;
        if (expirationParams is null
            || expirationParams.CreationRound == 0
            || expirationParams.CreationRoundBlockHash is not { Length: 32 } hash
            || !hash.AsSpan().ContainsAnyExcept((byte)0))
        {
            expirationParams = _clock.LastInitializedRound;
        }

        return expirationParams;
    }

    /// <summary>Signs <paramref name="destination"/>.Length tickets with the next nonces of the session.</summary>
    private async Task SignAsync(Session session, TicketExpirationParams expirationParams, Memory<TicketSenderParams> destination, CancellationToken cancellationToken)
    {
        var count = destination.Length;
        var ticketParams = session.Params;
        var last = Interlocked.Add(ref session.Nonce, (uint)count);
        var first = last - (uint)count + 1;
        var preimage = new byte[TicketHashing.PreimageWithAuxDataLength];
        var length = TicketHashing.WritePreimageExceptNonce(
            ticketParams.Recipient, Address, ticketParams.FaceValue, ticketParams.WinProb, ticketParams.RecipientRandHash, expirationParams.ToAuxData(), preimage);
        // One buffer for the batch, ticket hash then digest: each signature completes before the next hash is written.
        var hashes = new byte[64];
        var digest = hashes.AsMemory(32, 32);
        for (var i = 0; i < count; i++)
        {
            var nonce = unchecked(first + (uint)i);
            TicketHashing.SetNonce(preimage, nonce);
            Keccak256.Hash(preimage.AsSpan(0, length), hashes.AsSpan(0, 32));
            TicketSignatures.Digest(hashes.AsSpan(0, 32), digest.Span);
            var signature = await _signer.SignDigestAsync(digest, cancellationToken).ConfigureAwait(false);
            destination.Span[i] = new TicketSenderParams(nonce, signature);
        }
    }

    /// <summary>
    /// Checks parameters an orchestrator issued before paying with them (go-livepeer <c>validateTicketParams</c>), in
    /// order: present with a non-zero expiration block; not expired (with a one-block margin); a free ticket passes;
    /// EV below the face value; EV within the per-ticket limit; the sender's own funds not unlocking, reserve and
    /// deposit non-zero; the EV of <paramref name="numTickets"/> tickets within the per-payment limit; the face value
    /// within the deposit divided by the deposit multiplier.
    /// </summary>
    /// <returns>Null when the parameters can be used, otherwise why not.</returns>
    public Task<TicketRejection?> ValidateTicketParamsAsync(TicketParams? ticketParams, int numTickets = 1, CancellationToken cancellationToken = default)
        => ValidateTicketParamsAsync(
            ticketParams,
            ticketParams is null ? BigRational.Zero : TicketMath.ExpectedValue(ticketParams.FaceValue, ticketParams.WinProb),
            numTickets,
            cancellationToken);

    // The EV is a session's constant, so a batch passes the one its session computed when it started.
    private async Task<TicketRejection?> ValidateTicketParamsAsync(TicketParams? ticketParams, BigRational ev, int numTickets, CancellationToken cancellationToken)
    {
        if (ticketParams is null)
        {
            return new TicketRejection(TicketRejectionReason.ParamsMissing, "ticketParams is nil");
        }
        if (ticketParams.ExpirationBlock == 0)
        {
            return new TicketRejection(TicketRejectionReason.ExpirationBlockZero, "ticketParams expiration block is 0");
        }
        var lastSeen = _clock.LastSeenL1Block;
        if (ticketParams.ExpirationBlock <= lastSeen || ticketParams.ExpirationBlock - lastSeen <= 1)
        {
            return new TicketRejection(
                TicketRejectionReason.ParamsExpired,
                $"TicketParams expired: expiration block {ticketParams.ExpirationBlock}, last seen L1 block {lastSeen}");
        }

        var faceValue = ticketParams.FaceValue.Value;
        if (ev.Sign <= 0)
        {
            return null;
        }
        if (ev >= faceValue)
        {
            return new TicketRejection(TicketRejectionReason.FaceValueTooLow, $"ticket faceValue too low faceValue={faceValue} ev={ev.ToDecimalString(3)}");
        }
        if (ev > Options.MaxTicketEv)
        {
            return new TicketRejection(TicketRejectionReason.TicketEvTooHigh, $"ticket EV {ev.ToDecimalString(3)} > max ticket EV {Options.MaxTicketEv}");
        }

        SenderInfo info;
        try
        {
            info = await GetOwnSenderInfoAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            TicketLog.SenderInfoFailed(_logger, e);
            return new TicketRejection(TicketRejectionReason.SenderInfoUnavailable, $"unable to validate sender: {e.Message}");
        }
        var lastInitializedRound = _clock.LastInitializedRound.CreationRound;
        if (info.WithdrawRound != 0 && info.WithdrawRound <= lastInitializedRound + 1)
        {
            return new TicketRejection(
                TicketRejectionReason.OwnFundsUnlocking,
                $"unable to validate sender: deposit and reserve is set to unlock soon (withdraw round {info.WithdrawRound}, last initialized round {lastInitializedRound})");
        }
        if (info.Reserve.FundsRemaining.Value.IsZero)
        {
            return new TicketRejection(TicketRejectionReason.NoSenderReserve, "no sender reserve");
        }
        if (info.Deposit.Value.IsZero)
        {
            return new TicketRejection(TicketRejectionReason.NoSenderDeposit, "no sender deposit");
        }

        var totalEv = ev * numTickets;
        if (totalEv > Options.MaxTotalEv)
        {
            return new TicketRejection(
                TicketRejectionReason.TotalEvTooHigh,
                $"total ticket EV {totalEv.ToDecimalString(3)} for {numTickets} tickets > max total ticket EV {Options.MaxTotalEv}");
        }
        var maxFaceValue = info.Deposit.Value / Options.DepositMultiplier;
        if (faceValue > maxFaceValue)
        {
            return new TicketRejection(TicketRejectionReason.FaceValueAboveDeposit, $"ticket faceValue {faceValue} > max faceValue {maxFaceValue}");
        }
        return null;
    }

    /// <summary>Makes the next check read the sender's deposit and reserve from the chain again (after funding, say).</summary>
    public void InvalidateSenderInfo()
    {
        lock (_senderInfoLock)
        {
            _senderInfo = null;
        }
    }

    /// <summary>
    /// Refuses an orchestrator whose price rose above twice the price it had when the gateway's session with it
    /// started (go-livepeer's <c>priceIncreaseThreshold</c>).
    /// </summary>
    /// <returns>Null when the price is acceptable, otherwise <see cref="TicketRejectionReason.PriceMoreThanDoubled"/>.</returns>
    public static TicketRejection? CheckPriceIncrease(PixelPrice initialPrice, PixelPrice currentPrice)
    {
        if (!initialPrice.IsValid || !currentPrice.IsValid)
        {
            return new TicketRejection(TicketRejectionReason.InvalidExpectedPrice, $"invalid expected price: initial {initialPrice}, current {currentPrice}");
        }
        var initial = initialPrice.ToRational();
        var current = currentPrice.ToRational();
        return current > initial * 2
            ? new TicketRejection(
                TicketRejectionReason.PriceMoreThanDoubled,
                $"Orchestrator price has more than doubled, Orchestrator price: {current}, Orchestrator initial price: {initial}")
            : null;
    }

    private async Task<SenderInfo> GetOwnSenderInfoAsync(CancellationToken cancellationToken)
    {
        lock (_senderInfoLock)
        {
            if (_senderInfo is not null && _timeProvider.GetElapsedTime(_senderInfoReadTimestamp) < Options.SenderInfoRefreshInterval)
            {
                return _senderInfo;
            }
        }
        var startedAt = _timeProvider.GetTimestamp();
        var info = await _senderInfoSource.GetSenderInfoAsync(Address, cancellationToken).ConfigureAwait(false)
            ?? throw new PaymentException(PaymentErrorCode.ChainUnavailable, "The TicketBroker returned no sender info.", isTransient: true);
        lock (_senderInfoLock)
        {
            _senderInfo = info;
            _senderInfoReadTimestamp = startedAt;
        }
        return info;
    }

    private Session GetSession(string sessionId)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        return _sessions.TryGetValue(sessionId, out var session)
            ? session
            : throw new PaymentException(new TicketRejection(TicketRejectionReason.UnknownSession, $"cannot find session with sessionID {sessionId}"));
    }

    private sealed class Session(TicketParams ticketParams, PixelPrice price, uint nonce)
    {
        public readonly TicketParams Params = ticketParams;
        public readonly BigRational TicketEv = TicketMath.ExpectedValue(ticketParams.FaceValue, ticketParams.WinProb);
        public readonly PixelPrice Price = price;
        public uint Nonce = nonce;
        private readonly Lock _preparedGate = new();
        private readonly List<TicketSenderParams> _prepared = [];
        private TicketExpirationParams? _preparedExpiration;

        /// <summary>How many prepared tickets carry <paramref name="expirationParams"/>.</summary>
        public int PreparedCount(TicketExpirationParams expirationParams)
        {
            lock (_preparedGate)
            {
                return Equals(_preparedExpiration, expirationParams) ? _prepared.Count : 0;
            }
        }

        /// <summary>Keeps signed tickets, dropping any that carry another round; returns how many are ready.</summary>
        public int AddPrepared(TicketExpirationParams expirationParams, TicketSenderParams[] signed)
        {
            lock (_preparedGate)
            {
                if (!Equals(_preparedExpiration, expirationParams))
                {
                    TicketMetrics.RecordPrepared("dropped", _prepared.Count);
                    _prepared.Clear();
                    _preparedExpiration = expirationParams;
                }

                _prepared.AddRange(signed);
                _prepared.Sort(static (a, b) => a.SenderNonce.CompareTo(b.SenderNonce));
                if (_prepared.Count > MaxPreparedTickets)
                {
                    TicketMetrics.RecordPrepared("dropped", _prepared.Count - MaxPreparedTickets);
                    _prepared.RemoveRange(MaxPreparedTickets, _prepared.Count - MaxPreparedTickets);
                }

                return _prepared.Count;
            }
        }

        /// <summary>Forgets the prepared tickets (the session ended).</summary>
        public void DropPrepared()
        {
            lock (_preparedGate)
            {
                TicketMetrics.RecordPrepared("dropped", _prepared.Count);
                _prepared.Clear();
            }
        }

        /// <summary>Moves prepared tickets that carry <paramref name="expirationParams"/>, lowest nonces first, into the start of <paramref name="destination"/>.</summary>
        public int TakePrepared(TicketExpirationParams expirationParams, TicketSenderParams[] destination)
        {
            lock (_preparedGate)
            {
                if (_prepared.Count == 0)
                {
                    return 0;
                }

                if (!Equals(_preparedExpiration, expirationParams))
                {
                    TicketMetrics.RecordPrepared("dropped", _prepared.Count);
                    _prepared.Clear();
                    return 0;
                }

                var taken = Math.Min(destination.Length, _prepared.Count);
                _prepared.CopyTo(0, destination, 0, taken);
                _prepared.RemoveRange(0, taken);
                return taken;
            }
        }
    }
}
