using System.Collections.Concurrent;
using Livepeer.Network;
using Livepeer.Payments;
using Livepeer.Protocol;
using Livepeer.Transcoding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Livepeer.Gateway;

/// <summary>
/// The gateway: per stream a <see cref="StreamSessionManager"/>; per segment up to
/// <see cref="LivepeerGatewayOptions.MaxAttempts"/> attempts, each on a session the pools and the policy chose, paid
/// (on chain) with tickets, and checked before its renditions are returned.
/// </summary>
internal sealed class LivepeerGateway : ILivepeerGateway, IAsyncDisposable, IDisposable
{
    /// <summary>go-livepeer's <c>refreshTimeout</c> for a <c>GetOrchestrator</c> refresh before a segment.</summary>
    public static readonly TimeSpan RefreshTimeout = TimeSpan.FromMilliseconds(2500);

    /// <summary>The floor of the latency score's denominator.</summary>
    public static readonly TimeSpan MinScoreDuration = TimeSpan.FromSeconds(1.5);


    /// <summary>A bare segment call's stream is dropped after this long without segments (go-livepeer's push inactivity timeout).</summary>
    public static readonly TimeSpan IdleStreamTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How often balances idle for <see cref="PaymentBalances.IdleTimeout"/> are dropped (go-livepeer sweeps every minute).</summary>
    public static readonly TimeSpan BalanceSweepInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, StreamSessionManager> _streams = new(StringComparer.Ordinal);
    private readonly GatewayCoreHost _host;
    private readonly PaymentBalances _balances;
    private readonly LivepeerGatewayOptions _options;
    private readonly GatewayCoreServices _core;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lazy<RenditionVerifier> _verifier;
    private readonly ITimer _balanceSweep;
    private readonly SegmentPresigner _presigner = new();
    private long _lastSweep;
    private int _disposed;

    /// <summary>The nonces of segment signatures prepared ahead.</summary>
    internal SegmentPresigner Presigner => _presigner;

    public LivepeerGateway(
        IServiceProvider services,
        IOptions<LivepeerGatewayOptions> options,
        GatewayCoreHost host,
        OrchestratorClientPool clients,
        PaymentBalances balances,
        GatewayCoreMetrics metrics,
        SelectionPolicyRegistry policies)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(policies);
        _options = options.Value;
        _host = host;
        _balances = balances;
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger("Livepeer.Gateway.Sessions");
        _core = new GatewayCoreServices(
            _options,
            () => services.GetService<IOrchestratorFinder>()
                ?? throw new GatewayException(GatewayErrorCode.NoOrchestrators, "No orchestrator discovery is registered."),
            () => policies.Current,
            clients,
            metrics,
            services.GetService<Random>() ?? Random.Shared,
            _time,
            _logger)
        {
            Balances = balances,
        };
        _verifier = new Lazy<RenditionVerifier>(() => new RenditionVerifier(logger: loggerFactory.CreateLogger<RenditionVerifier>()));
        _lastSweep = _time.GetTimestamp();
        // Streams forget their balances when they end; this catches those of sessions dropped mid-stream.
        _balanceSweep = _time.CreateTimer(static state => ((PaymentBalances)state!).RemoveIdle(), balances, BalanceSweepInterval, BalanceSweepInterval);
    }

    public async Task<TranscodedSegment> TranscodeSegmentAsync(string streamId, SourceSegment segment, IReadOnlyList<VideoProfile> profiles, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(profiles);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var state = await _host.EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        Configure(state);
        SweepIdleStreams();
        var stream = _streams.GetOrAdd(streamId, id => Create(id, profiles, segment.Format));
        return await TranscodeAsync(stream, state, segment, profiles, progress: null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ILivepeerStream> OpenStreamAsync(string streamId, IReadOnlyList<VideoProfile> profiles, LivepeerStreamOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentNullException.ThrowIfNull(profiles);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        options ??= new LivepeerStreamOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxSegmentsInFlight, 1, nameof(options));
        var state = await _host.EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        Configure(state);
        var manager = _streams.GetOrAdd(streamId, id => Create(id, profiles, VideoFormat.MpegTs));
        lock (manager)
        {
            if (manager.OwnedByStream)
            {
                throw new GatewayException(GatewayErrorCode.InvalidRequest, $"Stream '{streamId}' is already open.");
            }

            manager.OwnedByStream = true;
        }

        try
        {
            await manager.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await CloseStreamAsync(manager).ConfigureAwait(false);
            throw;
        }

        return new LivepeerStream(this, manager, state, profiles, options);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _balanceSweep.DisposeAsync().ConfigureAwait(false);
        _presigner.Clear();
        var streams = _streams.Values.ToArray();
        _streams.Clear();
        foreach (var stream in streams)
        {
            await CloseStreamAsync(stream).ConfigureAwait(false);
        }
    }

    /// <summary>For containers disposed synchronously: closes the streams in the background, ending their sessions best effort.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _balanceSweep.Dispose();
        _presigner.Clear();
        foreach (var stream in _streams.Values)
        {
            _ = CloseStreamAsync(stream);
        }

        _streams.Clear();
    }

    internal async Task CloseStreamAsync(StreamSessionManager stream)
    {
        if (_streams.TryRemove(new KeyValuePair<string, StreamSessionManager>(stream.StreamId, stream)) || Volatile.Read(ref _disposed) != 0)
        {
            _core.Metrics.StreamClosed();
        }

        await stream.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>One segment: attempts on sessions until one succeeds, the failure is final, or the attempts run out.</summary>
    internal async Task<TranscodedSegment> TranscodeAsync(
        StreamSessionManager stream,
        GatewayCoreState state,
        SourceSegment segment,
        IReadOnlyList<VideoProfile> profiles,
        IProgress<SegmentProgress>? progress,
        CancellationToken cancellationToken)
    {
        if (stream.Fault is { } fault)
        {
            throw fault;
        }

        if (!segment.HashTakesLong)
        {
            return await TranscodeAsync(stream, state, segment, Task.FromResult(segment.DataHash()), profiles, progress, cancellationToken).ConfigureAwait(false);
        }

        // The segment's signature covers its Keccak-256 (about 2.5 ms per MB), which the first attempt needs only once
        // it has an orchestrator and the payment: those run on the thread pool while this thread hashes. Its
        // continuation (signing, sending) then goes on here, without waiting for another thread.
        var hashed = new TaskCompletionSource<byte[]>();
        var attempts = Task.Run(() => TranscodeAsync(stream, state, segment, hashed.Task, profiles, progress, cancellationToken), CancellationToken.None);
        hashed.SetResult(segment.DataHash());
        return await attempts.ConfigureAwait(false);
    }

    private async Task<TranscodedSegment> TranscodeAsync(
        StreamSessionManager stream,
        GatewayCoreState state,
        SourceSegment segment,
        Task<byte[]> hash,
        IReadOnlyList<VideoProfile> profiles,
        IProgress<SegmentProgress>? progress,
        CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        var identityFailures = 0;
        var tickets = 0;
        var ev = BigRational.Zero;
        stream.SegmentStarted();
        try
        {
            for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
            {
                var session = await stream.SelectAsync(segment.Duration, cancellationToken).ConfigureAwait(false);
                if (session is null)
                {
                    GatewayCoreLog.NoOrchestrators(_logger, stream.StreamId, segment.Sequence);
                    progress?.Report(new SegmentProgress(segment.Sequence, SegmentStage.Failed, null, attempt) { Error = "no orchestrator available" });
                    if (failures.Count == 0)
                    {
                        _core.Metrics.Segment("no_orchestrators");
                        throw NoOrchestrators(stream);
                    }

                    break;
                }

                GatewayCoreLog.AttemptStarted(_logger, stream.StreamId, segment.Sequence, attempt, session.ServiceUri);
                progress?.Report(new SegmentProgress(segment.Sequence, SegmentStage.Submitted, session.ServiceUri, attempt));
                var outcome = new AttemptOutcome();
                try
                {
                    var result = await AttemptAsync(stream, state, session, segment, hash, profiles, outcome, cancellationToken).ConfigureAwait(false);
                    tickets += outcome.Tickets;
                    ev += outcome.ExpectedValue;
                    progress?.Report(new SegmentProgress(segment.Sequence, SegmentStage.Completed, session.ServiceUri, attempt) { Tickets = outcome.Tickets, Latency = result.Latency });
                    _core.Metrics.Segment("completed");
                    return result with { Attempts = attempt, TicketsSent = tickets, ExpectedValueSent = ev, FailedAttempts = failures };
                }
                catch (AttemptFailure failure)
                {
                    tickets += outcome.Tickets;
                    ev += outcome.ExpectedValue;
                    var reason = $"{session.ServiceUri}: {failure.Message}";
                    failures.Add(reason);
                    if (failure.IsIdentityMismatch)
                    {
                        identityFailures++;
                        GatewayCoreLog.ResultSignatureMismatch(_logger, stream.StreamId, segment.Sequence, session.ServiceUri, session.Address ?? default);
                    }

                    switch (failure.Kind)
                    {
                        case AttemptFailureKind.Rejected:
                            GatewayCoreLog.SegmentRejected(_logger, stream.StreamId, segment.Sequence, session.ServiceUri, failure.Message);
                            Report(progress, segment, SegmentStage.Failed, session, attempt, failure, outcome);
                            _core.Metrics.Segment("rejected");
                            throw new GatewayException(GatewayErrorCode.SegmentRejected, $"Segment {segment.Sequence} was rejected: {reason}", innerException: failure);
                        case AttemptFailureKind.SenderFunds:
                            var stopped = new GatewayException(
                                GatewayErrorCode.SenderFunds,
                                $"The gateway's TicketBroker funds stop payments ({failure.Message}); stream '{stream.StreamId}' is stopped. Fund the gateway and start again.",
                                innerException: failure);
                            GatewayCoreLog.SenderFunds(_logger, stream.StreamId, failure.Message);
                            stream.Stop(stopped);
                            Report(progress, segment, SegmentStage.Failed, session, attempt, failure, outcome);
                            _core.Metrics.Segment("sender_funds");
                            if (!stream.OwnedByStream)
                            {
                                _ = CloseStreamAsync(stream);
                            }

                            throw stopped;
                        case AttemptFailureKind.Failed:
                            Report(progress, segment, SegmentStage.Failed, session, attempt, failure, outcome);
                            _core.Metrics.Segment("failed");
                            throw new GatewayException(GatewayErrorCode.SegmentFailed, $"Segment {segment.Sequence} failed: {reason}", isTransient: true, failure);
                        default:
                            var penalty = await stream.PoolOf(session).SuspendAndRemoveAsync(session, CancellationToken.None).ConfigureAwait(false);
                            GatewayCoreLog.AttemptFailed(_logger, stream.StreamId, segment.Sequence, attempt, session.ServiceUri, penalty, failure.Message);
                            var last = attempt == _options.MaxAttempts;
                            Report(progress, segment, last ? SegmentStage.Failed : SegmentStage.Retrying, session, attempt, failure, outcome);
                            if (!last)
                            {
                                _core.Metrics.Retry();
                            }

                            break;
                    }
                }
            }

            _core.Metrics.Segment("failed");
            if (identityFailures > 0)
            {
                // The orchestrators that signed wrongly were suspended, so another try may find an honest one.
                throw new GatewayException(
                    GatewayErrorCode.IdentityMismatch,
                    $"Segment {segment.Sequence} failed after {failures.Count} attempts; {identityFailures} returned renditions not signed by the orchestrator's address: {string.Join("; ", failures)}",
                    isTransient: true);
            }

            throw new GatewayException(
                GatewayErrorCode.SegmentFailed,
                $"Segment {segment.Sequence} failed after {failures.Count} attempts: {string.Join("; ", failures)}",
                isTransient: true);
        }
        finally
        {
            stream.SegmentEnded();
        }
    }

    private static void Report(IProgress<SegmentProgress>? progress, SourceSegment segment, SegmentStage stage, OrchestratorSession session, int attempt, AttemptFailure failure, AttemptOutcome outcome)
        => progress?.Report(new SegmentProgress(segment.Sequence, stage, session.ServiceUri, attempt) { Error = failure.Message, Tickets = outcome.Tickets });

    /// <summary>One attempt on one session; failures are <see cref="AttemptFailure"/>s.</summary>
    private async Task<TranscodedSegment> AttemptAsync(
        StreamSessionManager stream,
        GatewayCoreState state,
        OrchestratorSession session,
        SourceSegment segment,
        Task<byte[]> segmentHash,
        IReadOnlyList<VideoProfile> profiles,
        AttemptOutcome outcome,
        CancellationToken cancellationToken)
    {
        var account = state.Account;
        var sender = state.Sender;
        var began = _time.GetTimestamp();
        session.BeginSegment(began);
        try
        {
            await RefreshIfDueAsync(stream, session, sender, account, cancellationToken).ConfigureAwait(false);

            OrchestratorInfo info;
            TicketPayment payment;
            BalanceUpdate? update = null;
            if (sender is null)
            {
                info = session.Info;
                // go-livepeer's off-chain orchestrators ignore the header; on-chain ones check the segment's signature
                // against its sender, so the gateway names itself and sends no tickets.
                payment = new TicketPayment(account.Signer.Address, null, null, null, []);
            }
            else
            {
                (info, payment, update) = await PayAsync(session, sender, segment, profiles, outcome, cancellationToken).ConfigureAwait(false);
            }

            var sent = false;
            SegmentTranscodeResult result;
            var submitted = _time.GetTimestamp();
            try
            {
                // A nonce made ahead, or made now while a large segment is still being hashed.
                var signer = _presigner.For(account.Signer, makeNow: !segmentHash.IsCompleted);
                var hash = await segmentHash.ConfigureAwait(false);
                var credentials = await OrchestratorClient.CreateHashedSegmentCredentialsAsync(
                    signer, info, stream.StreamId, segment.Sequence, hash, segment.Duration, profiles, stream.Capabilities, cancellationToken).ConfigureAwait(false);
                sent = true;
                result = await session.Client.SubmitSegmentAsync(info, credentials, payment, segment.Data, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Complete(update, sent ? BalanceUpdateOutcome.SentNoResult : BalanceUpdateOutcome.NotSent);
                throw AttemptFailure.FromSubmit(ex);
            }
            catch
            {
                Complete(update, sent ? BalanceUpdateOutcome.SentNoResult : BalanceUpdateOutcome.NotSent);
                throw;
            }

            // The orchestrator charged for the pixels it reports, whatever the checks below find.
            var pixels = result.Renditions.Sum(r => r.Pixels);
            if (update is not null && info.PriceInfo is { IsValid: true } price)
            {
                _balances.CompleteUpdate(update, BalanceUpdateOutcome.Completed, price.Cost(pixels));
            }

            if (result.Info is { } fresh)
            {
                session.Update(fresh);
            }

            if (result.Renditions.Count != profiles.Count)
            {
                throw AttemptFailure.Retryable($"{NetworkException.WireText(NetworkErrorCode.UnknownResponse)}: {result.Renditions.Count} renditions for {profiles.Count} profiles");
            }

            var renditions = await DownloadAsync(session, result, cancellationToken).ConfigureAwait(false);
            var latency = _time.GetElapsedTime(submitted);
            Verify(info, result, renditions, sender is not null);
            if (_options.VerifyPixels ?? sender is not null)
            {
                await VerifyPixelsAsync(result, renditions, cancellationToken).ConfigureAwait(false);
            }

            PrepareNext(session, sender, outcome.Tickets, account.Signer);

            var score = latency / (segment.Duration > MinScoreDuration ? segment.Duration : MinScoreDuration);
            session.SetLatencyScore(score);
            _core.Metrics.LatencyScore(score);
            GatewayCoreLog.SegmentCompleted(_logger, stream.StreamId, segment.Sequence, session.ServiceUri, latency, score, outcome.Tickets);
            return new TranscodedSegment
            {
                Sequence = segment.Sequence,
                Renditions = [.. profiles.Select((profile, i) => new TranscodedRendition(profile, renditions[i], result.Renditions[i].Pixels))],
                Orchestrator = session.ServiceUri,
                OrchestratorAddress = session.Address,
                Latency = latency,
            };
        }
        finally
        {
            session.EndSegment(began, sender);
        }
    }

    /// <summary>
    /// go-livepeer's <c>shouldRefreshSession</c>: a new <c>GetOrchestrator</c> when the auth token is in its last
    /// tenth or the ticket parameters have expired. Any other problem with the parameters ends the attempt.
    /// </summary>
    private async Task RefreshIfDueAsync(StreamSessionManager stream, OrchestratorSession session, TicketSender? sender, GatewayAccount account, CancellationToken cancellationToken)
    {
        var info = session.Info;
        string? reason = null;
        if (info.AuthToken is { } token && token.NeedsRefresh(_time.GetUtcNow()))
        {
            reason = "auth token expiring";
        }
        else if (sender is not null)
        {
            var rejection = await sender.ValidateTicketParamsAsync(info.TicketParams, 1, cancellationToken).ConfigureAwait(false);
            if (rejection is { Reason: TicketRejectionReason.ParamsExpired })
            {
                reason = "ticket params expired";
            }
            else if (rejection is not null)
            {
                throw AttemptFailure.FromTickets(rejection);
            }
        }

        if (reason is null)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RefreshTimeout);
        try
        {
            var fresh = await session.Client.GetOrchestratorAsync(account.Signer, stream.Capabilities, cancellationToken: timeout.Token).ConfigureAwait(false);
            session.Update(fresh);
            GatewayCoreLog.SessionRefreshed(_logger, session.ServiceUri, reason);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is NetworkException or OperationCanceledException or HttpRequestException)
        {
            throw AttemptFailure.Retryable($"refresh failed ({reason}): {ex.Message}", ex);
        }
    }

    /// <summary>The tickets for one segment (§6.8): enough to cover the fee estimate over the existing credit.</summary>
    private async Task<(OrchestratorInfo Info, TicketPayment Payment, BalanceUpdate? Update)> PayAsync(
        OrchestratorSession session,
        TicketSender sender,
        SourceSegment segment,
        IReadOnlyList<VideoProfile> profiles,
        AttemptOutcome outcome,
        CancellationToken cancellationToken)
    {
        var (info, ticketSession) = session.TicketSession(sender);
        if (info.PriceInfo is not { IsValid: true } price)
        {
            throw AttemptFailure.Retryable("the orchestrator sent no valid price");
        }

        if (info.TicketParams is not { } ticketParams || ticketSession is null || info.AuthToken is not { } token)
        {
            throw AttemptFailure.Retryable("the orchestrator sent no ticket parameters or auth token");
        }

        if (session.InitialPrice is { } initial && TicketSender.CheckPriceIncrease(initial, price) is { } increase)
        {
            throw AttemptFailure.FromTickets(increase);
        }

        var ticketEv = sender.GetExpectedValue(ticketSession);
        var fee = FeeEstimator.EstimateFee(
            profiles.Select(p => new OutputRendition(p.Width, p.Height, p.FrameRate.Num, p.FrameRate.Den)), segment.Duration, price);
        session.UsedBalance(ticketParams.Recipient, token.SessionId);
        var update = _balances.StageUpdate(ticketParams.Recipient, token.SessionId, FeeEstimator.MinCredit(fee, ticketEv), ticketEv);
        if (update.NumTickets == 0)
        {
            return (info, new TicketPayment(sender.Address, ticketParams, ticketParams.ExpirationParams, price, []), update);
        }

        try
        {
            var batch = await sender.CreateTicketBatchAsync(ticketSession, update.NumTickets, cancellationToken).ConfigureAwait(false);
            outcome.Tickets = batch.SenderParams.Count;
            outcome.ExpectedValue = batch.ExpectedValue;
            _core.Metrics.TicketsSent(outcome.Tickets, outcome.ExpectedValue);
            return (info, batch.ToPayment(), update);
        }
        catch (PaymentException ex)
        {
            _balances.CompleteUpdate(update, BalanceUpdateOutcome.NotSent);
            throw ex.Rejection is { } rejection ? AttemptFailure.FromTickets(rejection, ex) : new AttemptFailure(AttemptFailureKind.Failed, ex.Message, ex);
        }
        catch
        {
            _balances.CompleteUpdate(update, BalanceUpdateOutcome.NotSent);
            throw;
        }
    }

    /// <summary>
    /// Prepares, off the segment's path, what the session's next segment will need (<see cref="LivepeerGatewayOptions.PrepareTickets"/>):
    /// the nonce of its signature and the tickets, with the parameters the orchestrator just sent. A failure here only
    /// means the next segment signs its own.
    /// </summary>
    private void PrepareNext(OrchestratorSession session, TicketSender? sender, int tickets, ISigner signer)
    {
        if (!_options.PrepareTickets)
        {
            return;
        }

        var ticketSession = sender is not null && tickets > 0 ? session.TicketSession(sender).TicketSessionId : null;
        if (ticketSession is null && signer is not PrivateKeySigner)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                _presigner.Refill(signer);
                if (ticketSession is not null)
                {
                    await sender!.PrepareTicketsAsync(ticketSession, tickets).ConfigureAwait(false);
                }
            }
            catch (Exception ex)
            {
                GatewayCoreLog.TicketsNotPrepared(_logger, session.ServiceUri, ex.Message);
            }
        });
    }

    private void Complete(BalanceUpdate? update, BalanceUpdateOutcome outcome)
    {
        if (update is not null)
        {
            _balances.CompleteUpdate(update, outcome);
        }
    }

    private static async Task<byte[][]> DownloadAsync(OrchestratorSession session, SegmentTranscodeResult result, CancellationToken cancellationToken)
    {
        try
        {
            return await Task.WhenAll(result.Renditions.Select(r => session.Client.DownloadRenditionAsync(r.Url, cancellationToken))).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is NetworkException or OperationCanceledException or HttpRequestException)
        {
            throw AttemptFailure.Retryable($"rendition download failed: {ex.Message}", ex);
        }
    }

    /// <summary>The orchestrator's signature over the renditions (go-livepeer checks it when the orchestrator is paid).</summary>
    private static void Verify(OrchestratorInfo info, SegmentTranscodeResult result, byte[][] renditions, bool onChain)
    {
        if (!onChain || info.TicketParams is null || info.ResultSigner is not { } signer)
        {
            return;
        }

        var message = WireSignatures.TranscodeDataMessage(renditions.Select(r => (ReadOnlyMemory<byte>)r));
        if (!WireSignatures.VerifyTranscodeData(signer, message, result.Signature))
        {
            throw AttemptFailure.IdentityMismatch($"PM Check Failed: the renditions are not signed by {signer}");
        }
    }

    /// <summary>
    /// The error when a stream's pools are empty. When discovery left orchestrators out for their on-chain identity
    /// (<see cref="LivepeerGatewayOptions.RequireOrchestratorIdentity"/>), that is what the app most needs to hear: it
    /// is <see cref="GatewayErrorCode.IdentityMismatch"/>, transient only when other orchestrators failed for reasons
    /// that may pass.
    /// </summary>
    private GatewayException NoOrchestrators(StreamSessionManager stream)
    {
        var rejections = stream.Untrusted.LastRejections.Concat(stream.Trusted.LastRejections).ToArray();
        var identity = rejections.Where(r => r.Reason == DiscoveryRejectionReason.IdentityMismatch).ToArray();
        if (identity.Length > 0)
        {
            GatewayCoreLog.NoOrchestratorsIdentity(_logger, stream.StreamId, identity.Length);
            var others = rejections.Length - identity.Length;
            return new GatewayException(
                GatewayErrorCode.IdentityMismatch,
                $"No orchestrator is available for stream '{stream.StreamId}': {identity.Length} failed the identity check of Livepeer:Gateway:RequireOrchestratorIdentity "
                    + $"({string.Join("; ", identity.Take(10).Select(r => $"{r.ServiceUri}: {r.Detail}"))}{(identity.Length > 10 ? $"; and {identity.Length - 10} more" : "")})"
                    + (others > 0 ? $", {others} more were left out ({Summarize(rejections.Except(identity))})." : "."),
                isTransient: others > 0);
        }

        return new GatewayException(
            GatewayErrorCode.NoOrchestrators,
            rejections.Length == 0
                ? $"No orchestrator is available for stream '{stream.StreamId}'."
                : $"No orchestrator is available for stream '{stream.StreamId}'; discovery left out {rejections.Length} ({Summarize(rejections)}).",
            isTransient: true);
    }

    /// <summary>The first rejections, enough to act on; a network-wide round can leave out hundreds.</summary>
    private static string Summarize(IEnumerable<DiscoveryRejection> rejections)
    {
        const int Listed = 10;
        var all = rejections.ToArray();
        var text = string.Join("; ", all.Take(Listed).Select(r => $"{r.ServiceUri}: {r.Reason}, {r.Detail}"));
        return all.Length > Listed ? $"{text}; and {all.Length - Listed} more" : text;
    }

    private async Task VerifyPixelsAsync(SegmentTranscodeResult result, byte[][] renditions, CancellationToken cancellationToken)
    {
        for (var i = 0; i < renditions.Length; i++)
        {
            var check = await _verifier.Value.VerifyPixelsAsync(renditions[i], result.Renditions[i].Pixels, cancellationToken).ConfigureAwait(false);
            if (!check.Matches)
            {
                throw AttemptFailure.Retryable(
                    $"PixelMismatch: rendition {i} reported {check.ClaimedPixels} pixels, decoded {check.Measurement.Pixels} ({check.Measurement.Status})");
            }
        }
    }

    private void Configure(GatewayCoreState state)
    {
        _core.Sender = state.Sender;
        _core.OnChain = state.Account.OnChain;
    }

    private StreamSessionManager Create(string streamId, IReadOnlyList<VideoProfile> profiles, VideoFormat format)
    {
        _core.Metrics.StreamOpened();
        GatewayCoreLog.StreamOpened(_logger, streamId);
        return new StreamSessionManager(streamId, JobCapabilities.For(profiles, format), _core);
    }

    /// <summary>Drops the sessions of bare segment calls' streams that have gone quiet (at most every 10 seconds).</summary>
    private void SweepIdleStreams()
    {
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(Interlocked.Read(ref _lastSweep), now) < TimeSpan.FromSeconds(10))
        {
            return;
        }

        Interlocked.Exchange(ref _lastSweep, now);
        foreach (var stream in _streams.Values)
        {
            if (!stream.OwnedByStream && stream.SegmentsInFlight == 0 && _time.GetElapsedTime(stream.LastUsed, now) > IdleStreamTimeout)
            {
                _ = CloseStreamAsync(stream);
            }
        }
    }

    /// <summary>What an attempt paid, kept when it fails.</summary>
    private sealed class AttemptOutcome
    {
        public int Tickets { get; set; }

        public BigRational ExpectedValue { get; set; }
    }
}
