using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Numerics;
using System.Security.Cryptography;
using Livepeer.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Payments;

/// <summary>
/// The orchestrator side of probabilistic payments (go-livepeer <c>pm.Recipient</c> and <c>ProcessPayment</c>):
/// issues ticket parameters, checks incoming tickets, credits their EV to the sender's balance, and hands winning
/// tickets to the redemption queue. Thread-safe: many senders may pay at once.
/// </summary>
public sealed class TicketRecipient : IDisposable
{
    /// <summary>How many L1 blocks issued parameters stay valid.</summary>
    public const int ParamsExpirationBlocks = 40;

    /// <summary>How many nonces one parameter set accepts.</summary>
    public const int MaxSenderNonces = 600;

    private const int MaxFieldBytes = 1024;

    private readonly TicketRecipientOptions _options;
    private readonly IPaymentClock _clock;
    private readonly IGasPriceSource _gasPrice;
    private readonly ISenderMonitor _monitor;
    private readonly IRecipientActivityCheck? _activityCheck;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly byte[] _secret;
    private readonly Action<Span<byte>> _fillRandom;
    private readonly ConcurrentDictionary<RandHashKey, NonceSet> _nonces = new();
    private readonly ConcurrentDictionary<(EthAddress Sender, string ManifestId), SessionState> _sessions = new();
    private readonly Action<ulong> _onL1Block;
    private readonly Lock _maxFaceValueLock = new();
    private BigInteger _maxFaceValue;
    private int _disposed;

    /// <summary>Creates a recipient.</summary>
    /// <param name="options">The recipient's address, EV and face value settings.</param>
    /// <param name="clock">The L1 block and round; parameters expire and nonce sets are dropped on its blocks.</param>
    /// <param name="gasPrice">The gas price face values are computed from.</param>
    /// <param name="monitor">Validates senders, gives their max float, and takes winning tickets.</param>
    /// <param name="balances">Where accepted EV is credited; a new set when null.</param>
    /// <param name="logger">Where to log; nothing when null.</param>
    /// <param name="timeProvider">The clock idle sessions are measured on; the system clock when null.</param>
    /// <param name="activityCheck">
    /// Whether this recipient is an orchestrator active in the current round; payments are refused while it is not
    /// (<see cref="TicketRejectionReason.RecipientInactive"/>). Null for an off-chain recipient, which skips the check.
    /// </param>
    /// <exception cref="PaymentException">The options are invalid (<see cref="PaymentErrorCode.InvalidConfiguration"/>).</exception>
    public TicketRecipient(
        TicketRecipientOptions options,
        IPaymentClock clock,
        IGasPriceSource gasPrice,
        ISenderMonitor monitor,
        PaymentBalances? balances = null,
        ILogger<TicketRecipient>? logger = null,
        TimeProvider? timeProvider = null,
        IRecipientActivityCheck? activityCheck = null)
        : this(options, clock, gasPrice, monitor, balances, logger, timeProvider, fillRandom: null, activityCheck)
    {
    }

    internal TicketRecipient(
        TicketRecipientOptions options,
        IPaymentClock clock,
        IGasPriceSource gasPrice,
        ISenderMonitor monitor,
        PaymentBalances? balances,
        ILogger? logger,
        TimeProvider? timeProvider,
        Action<Span<byte>>? fillRandom,
        IRecipientActivityCheck? activityCheck = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(gasPrice);
        ArgumentNullException.ThrowIfNull(monitor);
        options.Validate();
        _options = options;
        _clock = clock;
        _gasPrice = gasPrice;
        _monitor = monitor;
        _activityCheck = activityCheck;
        _logger = logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _fillRandom = fillRandom ?? RandomNumberGenerator.Fill;
        _secret = new byte[32];
        if (options.Secret is { } secret)
        {
            secret.CopyTo(_secret, 0);
        }
        else
        {
            RandomNumberGenerator.Fill(_secret);
        }
        _maxFaceValue = options.MaxFaceValue;
        Balances = balances ?? new PaymentBalances(_timeProvider);
        _onL1Block = DropExpiredNonces;
        _clock.L1BlockAdvanced += _onL1Block;
    }

    /// <summary>The address winning tickets pay.</summary>
    public EthAddress Recipient => _options.Recipient;

    /// <summary>The EV in wei every ticket carries.</summary>
    public BigInteger ExpectedValue => _options.ExpectedValue;

    /// <summary>The senders' balances, credited with accepted EV.</summary>
    public PaymentBalances Balances { get; }

    /// <summary>The face value cap in wei (0 for none); go-livepeer's <c>SetMaxFaceValue</c>.</summary>
    public BigInteger MaxFaceValue
    {
        get
        {
            lock (_maxFaceValueLock)
            {
                return _maxFaceValue;
            }
        }
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            lock (_maxFaceValueLock)
            {
                _maxFaceValue = value;
            }
        }
    }

    /// <summary>
    /// Issues parameters for tickets from <paramref name="sender"/> at <paramref name="price"/>: a fresh random seed,
    /// a face value from the gas price and the sender's max float, the win probability for the EV, expiry 40 L1 blocks
    /// ahead, and the last initialised round. A price of 0 or less gives face value and win probability 0.
    /// </summary>
    /// <exception cref="PaymentException">The sender's reserve cannot back a ticket (<see cref="TicketRejectionReason.MaxFloatBelowEv"/> or <see cref="TicketRejectionReason.FaceValueBelowTxCost"/>).</exception>
    /// <exception cref="ArgumentException">The price has 0 pixels per unit.</exception>
    public async Task<TicketParams> CreateTicketParamsAsync(EthAddress sender, PixelPrice price, CancellationToken cancellationToken = default)
    {
        if (!price.IsValid)
        {
            throw new ArgumentException("The price has 0 pixels per unit.", nameof(price));
        }
        var faceValue = BigInteger.Zero;
        var winProb = BigInteger.Zero;
        if (price.ToRational().Sign > 0)
        {
            faceValue = await ComputeFaceValueAsync(sender, cancellationToken).ConfigureAwait(false);
            winProb = TicketMath.WinProbForExpectedValue(faceValue, _options.ExpectedValue);
        }

        Span<byte> seedBytes = stackalloc byte[32];
        _fillRandom(seedBytes);
        var seed = Uint256.ReadUnsigned(seedBytes);
        var expirationBlock = _clock.LastSeenL1Block + ParamsExpirationBlocks;
        var expirationParams = _clock.LastInitializedRound;

        Span<byte> rand = stackalloc byte[32];
        RecipientRandom.Compute(_secret, seed, sender, faceValue, winProb, expirationBlock, price, expirationParams.ToAuxData(), rand);
        var randHash = new byte[32];
        RecipientRandom.Hash(rand, randHash);
        CryptographicOperations.ZeroMemory(rand);

        TicketLog.ParamsIssued(_logger, sender, faceValue, winProb, expirationBlock);
        return new TicketParams(Recipient, new Wei(faceValue), winProb, randHash, seed, expirationBlock, expirationParams);
    }

    /// <summary>
    /// The face value over the cost of one redemption for this sender (0 when the gas price is unknown): how far a
    /// winning ticket over-pays its gas, which feeds automatic price adjustment.
    /// </summary>
    /// <exception cref="PaymentException">The sender's reserve cannot back a ticket.</exception>
    public async Task<BigRational> GetTxCostMultiplierAsync(EthAddress sender, CancellationToken cancellationToken = default)
    {
        var faceValue = await ComputeFaceValueAsync(sender, cancellationToken).ConfigureAwait(false);
        var txCost = FaceValue.TxCost(_options.RedeemGas, _gasPrice.CurrentGasPrice);
        return txCost.Sign <= 0 ? BigRational.Zero : new BigRational(faceValue, txCost);
    }

    /// <summary>
    /// Checks a payment and credits the EV of its accepted tickets to (sender, <paramref name="manifestId"/>).
    /// Payment-level: tickets need a sender, this recipient must be active in the last initialised round (when an
    /// activity check is configured), and the expected price needs non-zero pixels per unit (the first payment fixes
    /// the session's price); a payment without ticket parameters is free. Then, in go-livepeer's order, for the
    /// tickets: the sender is not unlocking, the recipient is this one, the sender is not zero, the echoed fields
    /// reproduce the recipientRandHash (all fatal), then per ticket the signature, the win check, the nonce (unseen,
    /// at most 600 per parameter set) and the expiry (non-fatal). Tickets are credited until the first error; winning
    /// tickets are queued, and the queue has stored them before this method returns.
    /// </summary>
    /// <returns>The counts, the EV credited and the rejection if any. Bad input never throws.</returns>
    public async Task<PaymentResult> ReceivePaymentAsync(TicketPayment payment, string manifestId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payment);
        ArgumentNullException.ThrowIfNull(manifestId);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        var ticketParams = payment.TicketParams;
        if (ticketParams is null)
        {
            FixSessionPrice(payment.Sender ?? EthAddress.Zero, manifestId, PixelPrice.Zero);
            return new PaymentResult(0, 0, BigRational.Zero, null);
        }
        if (payment.Sender is not { } sender)
        {
            return Reject(null, new TicketRejection(TicketRejectionReason.MissingSender, "Could not find Sender for payment: the payment has ticket parameters but no sender", IsFatal: true));
        }
        // Parameters for another address are refused below as InvalidRecipient, without a chain read per forged payment.
        if (_activityCheck is not null && ticketParams.Recipient == Recipient
            && await CheckActiveAsync(cancellationToken).ConfigureAwait(false) is { } inactive)
        {
            return Reject(sender, inactive);
        }
        if (payment.ExpectedPrice is not { IsValid: true } price)
        {
            return Reject(sender, new TicketRejection(
                TicketRejectionReason.InvalidExpectedPrice,
                $"invalid expected price sent with payment err=expected price {(payment.ExpectedPrice is { } p ? p.ToString() : "missing")} has no pixels per unit",
                IsFatal: true));
        }
        if (Malformed(payment, ticketParams, price) is { } malformed)
        {
            return Reject(sender, new TicketRejection(TicketRejectionReason.Malformed, malformed, IsFatal: true));
        }
        var tickets = payment.Tickets ?? [];
        if (tickets.Count == 0)
        {
            return new PaymentResult(0, 0, BigRational.Zero, null);
        }

        TicketRejection? senderRejection;
        try
        {
            senderRejection = await _monitor.ValidateSenderAsync(sender, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            senderRejection = new TicketRejection(TicketRejectionReason.SenderInfoUnavailable, $"could not validate sender {sender}: {e.Message}");
        }
        if (senderRejection is not null)
        {
            return Reject(sender, senderRejection with { IsFatal = true });
        }
        if (ticketParams.Recipient != Recipient)
        {
            return Reject(sender, new TicketRejection(TicketRejectionReason.InvalidRecipient, $"invalid ticket recipient {ticketParams.Recipient}", IsFatal: true));
        }
        if (sender.IsZero)
        {
            return Reject(sender, new TicketRejection(TicketRejectionReason.InvalidSender, "invalid ticket sender", IsFatal: true));
        }

        var expirationParams = payment.ExpirationParams ?? new TicketExpirationParams(0, new byte[32]);
        var auxData = expirationParams.ToAuxData();
        var buffer = ArrayPool<byte>.Shared.Rent(WorkBufferLength);
        try
        {
            if (!PrepareTickets(buffer, sender, ticketParams, price, auxData, out var preimageLength))
            {
                return Reject(sender, new TicketRejection(TicketRejectionReason.InvalidRecipientRand, "invalid recipientRand for ticket recipientRandHash", IsFatal: true));
            }

            // Only parameters this recipient issued fix a session's price, so forged payments cannot fill the session map.
            FixSessionPrice(sender, manifestId, price);
            return await ReceiveTicketsAsync(buffer, preimageLength, sender, manifestId, ticketParams, auxData, tickets, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(RandOffset, 32));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The price fixed by the first payment of (sender, manifest), or null before it.</summary>
    public PixelPrice? GetSessionPrice(EthAddress sender, string manifestId)
    {
        ArgumentNullException.ThrowIfNull(manifestId);
        return _sessions.TryGetValue((sender, manifestId), out var state) ? state.Price : null;
    }

    /// <summary>The sender's balance for a manifest.</summary>
    public BigRational GetBalance(EthAddress sender, string manifestId) => Balances.GetBalance(sender, manifestId);

    /// <summary>Debits <paramref name="amount"/> wei from the sender's balance for a manifest.</summary>
    public void Debit(EthAddress sender, string manifestId, BigRational amount) => Balances.Debit(sender, manifestId, amount);

    /// <summary>Debits <paramref name="pixels"/> at the session's fixed price and returns the amount.</summary>
    /// <exception cref="InvalidOperationException">No payment has fixed the session's price yet.</exception>
    public BigRational DebitPixels(EthAddress sender, string manifestId, BigInteger pixels)
    {
        var price = GetSessionPrice(sender, manifestId)
            ?? throw new InvalidOperationException($"No payment from {sender} for {manifestId} has fixed a price yet.");
        var amount = price.Cost(pixels);
        Balances.Debit(sender, manifestId, amount);
        return amount;
    }

    /// <summary>
    /// True when the sender's balance for a manifest covers at least one ticket's EV. A session whose fixed price is
    /// 0 needs no balance.
    /// </summary>
    public bool SufficientBalance(EthAddress sender, string manifestId)
    {
        if (GetSessionPrice(sender, manifestId) is { } price && price.ToRational().Sign <= 0)
        {
            return true;
        }
        return Balances.GetBalance(sender, manifestId) >= _options.ExpectedValue;
    }

    /// <summary>Drops sessions and balances idle for longer than <see cref="PaymentBalances.IdleTimeout"/>.</summary>
    /// <returns>How many balances were dropped.</returns>
    public int RemoveIdle()
    {
        var cutoff = (_timeProvider.GetUtcNow() - Balances.IdleTimeout).UtcTicks;
        foreach (var pair in _sessions)
        {
            if (Volatile.Read(ref pair.Value.LastTouchedTicks) < cutoff)
            {
                _sessions.TryRemove(pair);
            }
        }
        return Balances.RemoveIdle();
    }

    /// <summary>The number of parameter sets whose nonces are tracked (for diagnostics and tests).</summary>
    internal int TrackedParamSets => _nonces.Count;

    /// <summary>Stops following the clock.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _clock.L1BlockAdvanced -= _onL1Block;
            CryptographicOperations.ZeroMemory(_secret);
        }
    }

    // Layout of the per-payment work buffer: the ticket preimage, the recipientRand word, the winProb word.
    private const int RandOffset = TicketHashing.PreimageWithAuxDataLength;
    private const int WinProbOffset = RandOffset + 32;
    private const int WorkBufferLength = WinProbOffset + 32;

    private bool PrepareTickets(byte[] buffer, EthAddress sender, TicketParams ticketParams, PixelPrice price, byte[] auxData, out int preimageLength)
    {
        var rand = buffer.AsSpan(RandOffset, 32);
        RecipientRandom.Compute(_secret, ticketParams.Seed, sender, ticketParams.FaceValue, ticketParams.WinProb, ticketParams.ExpirationBlock, price, auxData, rand);
        Span<byte> randHash = stackalloc byte[32];
        RecipientRandom.Hash(rand, randHash);
        if (!CryptographicOperations.FixedTimeEquals(randHash, ticketParams.RecipientRandHash))
        {
            preimageLength = 0;
            return false;
        }
        Uint256.WritePadded(ticketParams.WinProb, buffer.AsSpan(WinProbOffset, 32));
        preimageLength = TicketHashing.WritePreimageExceptNonce(
            Recipient, sender, ticketParams.FaceValue, ticketParams.WinProb, ticketParams.RecipientRandHash, auxData, buffer);
        return true;
    }

    private async Task<PaymentResult> ReceiveTicketsAsync(
        byte[] buffer,
        int preimageLength,
        EthAddress sender,
        string manifestId,
        TicketParams ticketParams,
        byte[] auxData,
        IReadOnlyList<TicketSenderParams> tickets,
        CancellationToken cancellationToken)
    {
        // Reached only after the recipientRand check, so the face value and win probability are the ones issued with
        // this recipientRandHash, and the set can keep their EV.
        var nonces = _nonces.GetOrAdd(RandHashKey.From(ticketParams.RecipientRandHash), static (_, p) => new NonceSet(p.ExpirationBlock, TicketMath.ExpectedValue(p.FaceValue, p.WinProb)), ticketParams);
        var accepted = 0;
        var won = 0;
        TicketRejection? error = null;
        foreach (var ticket in tickets)
        {
            TicketRejection? ticketError = null;
            var check = CheckTicket(buffer, preimageLength, sender, ticket);
            if (check == TicketCheck.InvalidSignature)
            {
                ticketError = new TicketRejection(TicketRejectionReason.InvalidSignature, $"invalid ticket signature sender={sender} nonce={ticket?.SenderNonce}");
            }
            else
            {
                if (check == TicketCheck.Won)
                {
                    ticketError = await QueueWinnerAsync(buffer, sender, ticketParams, auxData, ticket!, cancellationToken).ConfigureAwait(false);
                    if (ticketError is null)
                    {
                        won++;
                    }
                }
                ticketError ??= nonces.TryAdd(ticket!.SenderNonce, sender);
                if (ticketError is null && ticketParams.ExpirationBlock <= _clock.LastSeenL1Block)
                {
                    ticketError = new TicketRejection(TicketRejectionReason.ParamsExpired, $"TicketParams expired: expiration block {ticketParams.ExpirationBlock}, last seen L1 block {_clock.LastSeenL1Block}");
                }
            }
            if (ticketError is not null)
            {
                TicketMetrics.RecordRejection(ticketError);
                error = ticketError;
            }
            else if (error is null)
            {
                accepted++;
            }
        }

        var credited = nonces.TicketEv * accepted;
        if (accepted > 0)
        {
            Balances.Credit(sender, manifestId, credited);
            TicketMetrics.TicketsReceived.Add(accepted);
            if (TicketMetrics.EvReceived.Enabled)
            {
                TicketMetrics.EvReceived.Add(TicketMetrics.ToDouble(credited));
            }
        }
        if (won > 0)
        {
            TicketMetrics.TicketsWon.Add(won);
        }
        if (error is not null)
        {
            TicketLog.PaymentRejected(_logger, sender.ToString(), error.Reason, error.Message);
        }
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            // Formatting a 256-bit fraction costs more than the rest of a small payment's bookkeeping.
            TicketLog.PaymentReceived(_logger, sender, manifestId, accepted, won, credited.ToDecimalString(0));
        }
        return new PaymentResult(accepted, won, credited, error);
    }

    private static TicketCheck CheckTicket(byte[] buffer, int preimageLength, EthAddress sender, TicketSenderParams? ticket)
    {
        if (ticket is null || ticket.Signature.Equals(default))
        {
            return TicketCheck.InvalidSignature;
        }
        var signature = ticket.Signature;
        TicketHashing.SetNonce(buffer, ticket.SenderNonce);
        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(buffer.AsSpan(0, preimageLength), hash);
        if (!TicketSignatures.Verify(hash, signature, sender))
        {
            return TicketCheck.InvalidSignature;
        }
        Span<byte> signatureBytes = stackalloc byte[EthSignature.Size];
        signature.R.CopyTo(signatureBytes);
        signature.S.CopyTo(signatureBytes[32..]);
        signatureBytes[64] = signature.V;
        return TicketHashing.IsWinning(signatureBytes, buffer.AsSpan(RandOffset, 32), buffer.AsSpan(WinProbOffset, 32))
            ? TicketCheck.Won
            : TicketCheck.Lost;
    }

    private async Task<TicketRejection?> QueueWinnerAsync(
        byte[] buffer,
        EthAddress sender,
        TicketParams ticketParams,
        byte[] auxData,
        TicketSenderParams ticket,
        CancellationToken cancellationToken)
    {
        var onChain = new Ticket(
            Recipient, sender, ticketParams.FaceValue, ticketParams.WinProb, ticket.SenderNonce, ticketParams.RecipientRandHash.ToArray(), auxData.ToArray());
        var signed = new SignedTicket(onChain, ticket.Signature, Uint256.ReadUnsigned(buffer.AsSpan(RandOffset, 32)), ticketParams.ExpirationBlock);
        try
        {
            await _monitor.QueueTicketAsync(signed, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            TicketLog.WinnerNotQueued(_logger, sender, ticket.SenderNonce, e);
            return new TicketRejection(TicketRejectionReason.WinningTicketNotQueued, $"winning ticket sender={sender} nonce={ticket.SenderNonce} could not be queued for redemption: {e.Message}");
        }
        TicketLog.WinnerQueued(_logger, sender, ticket.SenderNonce);
        return null;
    }

    private async Task<TicketRejection?> CheckActiveAsync(CancellationToken cancellationToken)
    {
        var round = _clock.LastInitializedRoundNumber();
        try
        {
            return await _activityCheck!.IsActiveAsync(Recipient, round, cancellationToken).ConfigureAwait(false)
                ? null
                : new TicketRejection(TicketRejectionReason.RecipientInactive, $"orchestrator {Recipient} is inactive in round {round}, cannot process payments", IsFatal: true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new TicketRejection(TicketRejectionReason.RecipientActivityUnavailable, $"could not check whether orchestrator {Recipient} is active in round {round}: {e.Message}", IsFatal: true);
        }
    }

    private static string? Malformed(TicketPayment payment, TicketParams ticketParams, PixelPrice price)
    {
        if (ticketParams.WinProb.Sign < 0 || ticketParams.WinProb > Uint256.MaxValue)
        {
            return "win probability is not a uint256";
        }
        if (ticketParams.Seed.Sign < 0 || ticketParams.Seed.GetByteCount(isUnsigned: true) > MaxFieldBytes)
        {
            return "seed is negative or too long";
        }
        if (ticketParams.RecipientRandHash is not { Length: 32 })
        {
            return "recipientRandHash is not 32 bytes";
        }
        if (BigInteger.Abs(price.PricePerUnit).GetByteCount(isUnsigned: true) > MaxFieldBytes
            || BigInteger.Abs(price.PixelsPerUnit).GetByteCount(isUnsigned: true) > MaxFieldBytes)
        {
            return "expected price is too long";
        }
        if (payment.ExpirationParams is { } expiration && expiration.CreationRoundBlockHash is not ({ Length: 0 } or { Length: 32 }))
        {
            return "creation round block hash is not 32 bytes";
        }
        return null;
    }

    private PaymentResult Reject(EthAddress? sender, TicketRejection rejection)
    {
        TicketMetrics.RecordRejection(rejection);
        TicketLog.PaymentRejected(_logger, sender?.ToString() ?? "(none)", rejection.Reason, rejection.Message);
        return new PaymentResult(0, 0, BigRational.Zero, rejection);
    }

    private void FixSessionPrice(EthAddress sender, string manifestId, PixelPrice price)
    {
        var state = _sessions.GetOrAdd((sender, manifestId), static (_, p) => new SessionState(p), price);
        Volatile.Write(ref state.LastTouchedTicks, _timeProvider.GetUtcNow().UtcTicks);
    }

    private async Task<BigInteger> ComputeFaceValueAsync(EthAddress sender, CancellationToken cancellationToken)
    {
        var maxFloat = await _monitor.GetMaxFloatAsync(sender, cancellationToken).ConfigureAwait(false);
        var rejection = FaceValue.TryCompute(
            _options.ExpectedValue, _gasPrice.CurrentGasPrice, _options.RedeemGas, _options.TxCostMultiplier, maxFloat, MaxFaceValue, out var faceValue);
        if (rejection is not null)
        {
            TicketMetrics.RecordRejection(rejection);
            throw new PaymentException(rejection);
        }
        return faceValue;
    }

    private void DropExpiredNonces(ulong block)
    {
        var dropped = 0;
        foreach (var pair in _nonces)
        {
            if (block >= pair.Value.ExpirationBlock && _nonces.TryRemove(pair))
            {
                dropped++;
            }
        }
        if (dropped > 0)
        {
            TicketLog.NoncesDropped(_logger, dropped, block);
        }
    }

    private enum TicketCheck
    {
        InvalidSignature,
        Lost,
        Won,
    }

    private sealed class SessionState(PixelPrice price)
    {
        public readonly PixelPrice Price = price;
        public long LastTouchedTicks;
    }

    private sealed class NonceSet(ulong expirationBlock, BigRational ticketEv)
    {
        // Not pre-sized: most parameter sets see a handful of nonces, and a set lives for 40 L1 blocks.
        private readonly HashSet<uint> _seen = [];

        public ulong ExpirationBlock { get; } = expirationBlock;

        /// <summary>The EV of one ticket on these parameters.</summary>
        public BigRational TicketEv { get; } = ticketEv;

        public TicketRejection? TryAdd(uint nonce, EthAddress sender)
        {
            lock (_seen)
            {
                if (_seen.Contains(nonce))
                {
                    return new TicketRejection(TicketRejectionReason.NonceAlreadySeen, $"invalid ticket senderNonce: already seen sender={sender} nonce={nonce}");
                }
                if (_seen.Count >= MaxSenderNonces)
                {
                    return new TicketRejection(TicketRejectionReason.TooManyNonces, $"invalid ticket senderNonce: too many values sender={sender} nonce={nonce}");
                }
                _seen.Add(nonce);
                return null;
            }
        }
    }

    private readonly record struct RandHashKey(ulong A, ulong B, ulong C, ulong D)
    {
        public static RandHashKey From(ReadOnlySpan<byte> hash)
            => new(
                BinaryPrimitives.ReadUInt64BigEndian(hash),
                BinaryPrimitives.ReadUInt64BigEndian(hash[8..]),
                BinaryPrimitives.ReadUInt64BigEndian(hash[16..]),
                BinaryPrimitives.ReadUInt64BigEndian(hash[24..]));
    }
}
