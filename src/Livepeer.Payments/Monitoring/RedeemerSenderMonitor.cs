using System.Collections.Concurrent;
using System.Numerics;
using Livepeer.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Payments;

/// <summary>
/// The sender monitor of an orchestrator whose winning tickets go to a remote redeemer (go-livepeer's
/// <c>RedeemerClient</c>): custody and max float come from the redeemer, and the unlock check reads the sender's
/// funds from the TicketBroker, trusting a read for one poll interval.
/// </summary>
internal sealed class RedeemerSenderMonitor : ISenderMonitor
{
    // Senders arrive from the network before their tickets are checked; stale entries are swept past this size.
    private const int SweepAbove = 4096;

    private readonly ITicketRedeemer _redeemer;
    private readonly ISenderInfoSource _senderInfo;
    private readonly IPaymentClock _clock;
    private readonly TimeSpan _trustFor;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<EthAddress, (SenderInfo Info, long ReadAt)> _cache = new();

    public RedeemerSenderMonitor(ITicketRedeemer redeemer, ISenderInfoSource senderInfo, IPaymentClock clock, TimeSpan trustFor, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(redeemer);
        ArgumentNullException.ThrowIfNull(senderInfo);
        ArgumentNullException.ThrowIfNull(clock);
        _redeemer = redeemer;
        _senderInfo = senderInfo;
        _clock = clock;
        _trustFor = trustFor;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    public ITicketRedeemer Redeemer => _redeemer;

    public Task QueueTicketAsync(SignedTicket ticket, CancellationToken cancellationToken = default) => _redeemer.QueueTicketAsync(ticket, cancellationToken);

    public Task<BigInteger> GetMaxFloatAsync(EthAddress sender, CancellationToken cancellationToken = default) => _redeemer.GetMaxFloatAsync(sender, cancellationToken);

    public IAsyncEnumerable<BigInteger> MonitorMaxFloatAsync(EthAddress sender, CancellationToken cancellationToken = default) => _redeemer.MonitorMaxFloatAsync(sender, cancellationToken);

    public async Task<TicketRejection?> ValidateSenderAsync(EthAddress sender, CancellationToken cancellationToken = default)
    {
        SenderInfo info;
        try
        {
            info = await GetSenderInfoAsync(sender, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            PaymentsHostLog.RemoteSenderInfoFailed(_logger, sender, e);
            return new TicketRejection(TicketRejectionReason.SenderInfoUnavailable, $"could not get sender info for {sender}: {e.Message}", IsFatal: true);
        }
        var lastInitialized = _clock.LastInitializedRoundNumber();
        return info.WithdrawRound != 0 && info.WithdrawRound <= lastInitialized + 1
            ? new TicketRejection(TicketRejectionReason.SenderUnlocking, $"deposit and reserve for sender {sender} is set to unlock soon", IsFatal: true)
            : null;
    }

    private async Task<SenderInfo> GetSenderInfoAsync(EthAddress sender, CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        if (_cache.TryGetValue(sender, out var cached) && _time.GetElapsedTime(cached.ReadAt, now) < _trustFor)
        {
            return cached.Info;
        }
        var info = await _senderInfo.GetSenderInfoAsync(sender, cancellationToken).ConfigureAwait(false);
        if (_cache.Count > SweepAbove)
        {
            foreach (var pair in _cache)
            {
                if (_time.GetElapsedTime(pair.Value.ReadAt, now) >= _trustFor)
                {
                    _cache.TryRemove(pair);
                }
            }
        }
        _cache[sender] = (info, now);
        return info;
    }
}
