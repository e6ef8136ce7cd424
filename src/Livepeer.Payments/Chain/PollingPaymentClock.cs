using Livepeer.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Payments;

/// <summary>Reads the last initialised round itself from any clock.</summary>
internal static class PaymentClockExtensions
{
    /// <summary>
    /// The last initialised round. The polling clock knows it even when tickets carry the round before (a zero
    /// block hash); other clocks only expose the tickets' round.
    /// </summary>
    public static ulong LastInitializedRoundNumber(this IPaymentClock clock)
        => clock is PollingPaymentClock polling ? polling.LastInitializedRoundNumber : clock.LastInitializedRound.CreationRound;
}

/// <summary>
/// Keeps <see cref="IPaymentClock"/> current by polling: the L1 block from an <see cref="IL1BlockSource"/>, the
/// last initialised round and its block hash from the RoundsManager, and the pool size from the BondingManager.
/// </summary>
internal sealed class PollingPaymentClock : IPaymentClock
{
    private static readonly byte[] ZeroHash = new byte[32];

    private readonly IL1BlockSource _l1Blocks;
    private readonly Func<CancellationToken, Task<LivepeerProtocolClient>>? _connect;
    private RoundsManagerClient? _rounds;
    private BondingManagerClient? _bonding;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _pollTurn = new(1, 1);
    private readonly Lock _gate = new();
    private ulong _lastSeenL1Block;
    private ulong _lastInitializedRoundNumber;
    private TicketExpirationParams _lastInitialized = new(0, ZeroHash);
    private int _activePoolSize;

    public PollingPaymentClock(LivepeerProtocolClient protocol, IL1BlockSource l1Blocks, TimeSpan pollInterval, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(l1Blocks);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        _l1Blocks = l1Blocks;
        _rounds = protocol.RoundsManager;
        _bonding = protocol.BondingManager;
        PollInterval = pollInterval;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<PollingPaymentClock>() ?? NullLogger.Instance;
    }

    /// <summary>A clock that connects to the protocol on its first poll, so that it can be created before the host starts.</summary>
    public PollingPaymentClock(Func<CancellationToken, Task<LivepeerProtocolClient>> connect, IL1BlockSource l1Blocks, TimeSpan pollInterval, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(connect);
        ArgumentNullException.ThrowIfNull(l1Blocks);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        _connect = connect;
        _l1Blocks = l1Blocks;
        PollInterval = pollInterval;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<PollingPaymentClock>() ?? NullLogger.Instance;
    }

    public TimeSpan PollInterval { get; }

    public ulong LastSeenL1Block
    {
        get { lock (_gate) { return _lastSeenL1Block; } }
    }

    public TicketExpirationParams LastInitializedRound
    {
        get { lock (_gate) { return _lastInitialized; } }
    }

    /// <summary>The last initialised round itself, even when its block hash is zero and tickets carry the round before.</summary>
    public ulong LastInitializedRoundNumber
    {
        get { lock (_gate) { return _lastInitializedRoundNumber; } }
    }

    public int ActivePoolSize
    {
        get { lock (_gate) { return _activePoolSize; } }
    }

    /// <summary>True once a poll has succeeded.</summary>
    public bool IsSynced { get; private set; }

    public event Action<ulong>? L1BlockAdvanced;

    public event Action<ulong>? RoundAdvanced;

    /// <summary>Reads the chain once and raises the events for what advanced.</summary>
    /// <exception cref="PaymentException">With <see cref="PaymentErrorCode.ChainUnavailable"/> when a read failed; the clock keeps its last values.</exception>
    public async Task PollOnceAsync(CancellationToken cancellationToken = default)
    {
        await _pollTurn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ulong l1Block;
            ulong round;
            try
            {
                if (_rounds is null || _bonding is null)
                {
                    var protocol = await _connect!(cancellationToken).ConfigureAwait(false);
                    _rounds = protocol.RoundsManager;
                    _bonding = protocol.BondingManager;
                }
                l1Block = await _l1Blocks.GetLatestL1BlockAsync(cancellationToken).ConfigureAwait(false);
                round = await _rounds.GetLastInitializedRoundAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (LivepeerProtocolException ex)
            {
                throw new PaymentException(PaymentErrorCode.ChainUnavailable, $"The payment clock could not read the chain: {ex.Message}", ex.IsTransient, ex);
            }

            var roundAdvanced = round != LastInitializedRoundNumber || !IsSynced;
            if (roundAdvanced)
            {
                TicketExpirationParams expiration;
                int poolSize;
                try
                {
                    expiration = await ReadExpirationParamsAsync(round, cancellationToken).ConfigureAwait(false);
                    poolSize = await _bonding!.GetTranscoderPoolSizeAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (LivepeerProtocolException ex)
                {
                    throw new PaymentException(PaymentErrorCode.ChainUnavailable, $"The payment clock could not read round {round}: {ex.Message}", ex.IsTransient, ex);
                }
                lock (_gate)
                {
                    _lastInitializedRoundNumber = round;
                    _lastInitialized = expiration;
                    _activePoolSize = poolSize;
                }
                RedemptionLog.RoundSeen(_logger, round, expiration.CreationRound, poolSize);
            }

            bool blockAdvanced;
            lock (_gate)
            {
                blockAdvanced = l1Block > _lastSeenL1Block;
                if (blockAdvanced)
                {
                    _lastSeenL1Block = l1Block;
                }
            }
            IsSynced = true;
            if (roundAdvanced)
            {
                RoundAdvanced?.Invoke(round);
            }
            if (blockAdvanced)
            {
                L1BlockAdvanced?.Invoke(l1Block);
            }
        }
        finally
        {
            _pollTurn.Release();
        }
    }

    /// <summary>Polls every <see cref="PollInterval"/> until cancelled; failed polls are logged and retried.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
        => PollLoop.RunAsync(PollOnceAsync, ex => RedemptionLog.ClockPollFailed(_logger, ex), PollInterval, _time, cancellationToken);

    private async Task<TicketExpirationParams> ReadExpirationParamsAsync(ulong round, CancellationToken cancellationToken)
    {
        var hash = await _rounds!.GetBlockHashForRoundAsync(round, cancellationToken).ConfigureAwait(false);
        if (hash.AsSpan().ContainsAnyExcept((byte)0) || round == 0)
        {
            return new TicketExpirationParams(round, hash);
        }
        // On Arbitrum a round can be initialised in a block whose hash the RoundsManager reads as zero; tickets then
        // carry the previous round, which the TicketBroker still accepts.
        var previous = await _rounds.GetBlockHashForRoundAsync(round - 1, cancellationToken).ConfigureAwait(false);
        return new TicketExpirationParams(round - 1, previous);
    }
}
