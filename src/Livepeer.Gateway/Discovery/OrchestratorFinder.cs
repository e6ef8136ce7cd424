using System.Threading.Channels;
using Livepeer.Network;
using Livepeer.Payments;
using Livepeer.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Gateway;

/// <summary>
/// go-livepeer's <c>GetOrchestrators</c>: merges the sources (one candidate per service URI, the highest score
/// winning), keeps the pool's candidates, shuffles them, asks every one for its info at once, and keeps the usable
/// answers that arrive within the round's timing (<c>wire-and-payments.md</c> §4.3, §4.4).
/// </summary>
internal sealed class OrchestratorFinder : IOrchestratorFinder
{
    /// <summary>The doubling timer never waits longer than this (go-livepeer's cap).</summary>
    public static readonly TimeSpan MaxTimerStep = TimeSpan.FromSeconds(6);

    private readonly IReadOnlyList<IOrchestratorDiscovery> _sources;
    private readonly OrchestratorClientPool _clients;
    private readonly GatewayAccount _account;
    private readonly LivepeerGatewayOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Random _random;
    private readonly ILogger _logger;
    private readonly TicketSender? _ticketSender;
    private readonly OrchestratorIdentityVerifier? _identity;
    private readonly DiscoveryTelemetry? _telemetry;
    private readonly HashSet<EthAddress> _blocklist;
    private IReadOnlyList<DiscoveryRejection> _lastRejections = [];

    public OrchestratorFinder(
        IEnumerable<IOrchestratorDiscovery> sources,
        OrchestratorClientPool clients,
        GatewayAccount account,
        LivepeerGatewayOptions options,
        TimeProvider timeProvider,
        Random random,
        ILogger<OrchestratorFinder>? logger = null,
        TicketSender? ticketSender = null,
        OrchestratorIdentityVerifier? identity = null,
        GatewayTelemetry? telemetry = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(random);
        _sources = [.. sources];
        _clients = clients;
        _account = account;
        _options = options;
        _timeProvider = timeProvider;
        _random = random;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _ticketSender = ticketSender;
        _identity = identity;
        _telemetry = telemetry is null ? null : new DiscoveryTelemetry(telemetry);
        _blocklist = [.. options.Blocklist];
        if (account.OnChain && options.RequireOrchestratorIdentity && identity is null)
        {
            throw new GatewayException(
                GatewayErrorCode.InvalidConfiguration,
                "Livepeer:Gateway:RequireOrchestratorIdentity needs the protocol (Livepeer:Protocol) to read the ServiceRegistry.");
        }
    }

    /// <summary>The sources merged in every round.</summary>
    public IReadOnlyList<IOrchestratorDiscovery> Sources => _sources;

    /// <summary>The orchestrators the last finished round left out, and why (for diagnostics and callers that report it).</summary>
    public IReadOnlyList<DiscoveryRejection> LastRejections => Volatile.Read(ref _lastRejections);

    public async ValueTask<int> GetPoolSizeAsync(OrchestratorPoolKind pool, CancellationToken cancellationToken)
    {
        var merged = await MergeAsync(cancellationToken).ConfigureAwait(false);
        return merged.Count(c => InPool(c, pool));
    }

    public async Task<IReadOnlyList<DiscoveredOrchestrator>> FindAsync(DiscoveryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var merged = await MergeAsync(cancellationToken).ConfigureAwait(false);
        var excluded = request.Exclude.Select(ServiceUris.Key).ToHashSet(StringComparer.Ordinal);
        var candidates = merged
            .Where(c => InPool(c, request.Pool)
                && !excluded.Contains(ServiceUris.Key(c.ServiceUri))
                && !(c.RegisteredAddress is { } registered && _blocklist.Contains(registered)))
            .ToArray();
        Shuffle(candidates);
        var wanted = request.Count > 0 ? request.Count : candidates.Length;
        DiscoveryLog.RoundStarted(_logger, request.Pool, candidates.Length, wanted);
        if (candidates.Length == 0)
        {
            Volatile.Write(ref _lastRejections, []);
            request.Rejected?.Invoke([]);
            _telemetry?.RoundEnded(request.Pool, "no candidates", TimeSpan.Zero, 0);
            return [];
        }

        var started = _timeProvider.GetTimestamp();
        using var round = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var answers = Channel.CreateUnbounded<Answer>(new UnboundedChannelOptions { SingleReader = true });
        foreach (var candidate in candidates)
        {
            _ = QueryAsync(candidate, request, answers.Writer, round.Token);
        }

        var usable = new List<DiscoveredOrchestrator>();
        var suspended = new List<(DiscoveredOrchestrator Orchestrator, long Penalty)>();
        var rejections = new List<DiscoveryRejection>();
        var answered = new HashSet<Uri>();
        string endReason;
        var step = _options.DiscoveryTimeout;
        var timersFired = 0;
        var timer = Task.Delay(step, _timeProvider, round.Token);
        var cutoff = Task.Delay(_options.DiscoveryCutoff, _timeProvider, round.Token);
        var ready = answers.Reader.WaitToReadAsync(round.Token).AsTask();
        while (true)
        {
            var fired = await Task.WhenAny(ready, timer, cutoff).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            while (answers.Reader.TryRead(out var answer))
            {
                answered.Add(answer.Candidate.ServiceUri);
                Classify(answer, usable, suspended, rejections);
            }

            if (usable.Count >= wanted)
            {
                endReason = "enough answers";
                break;
            }

            if (answered.Count == candidates.Length)
            {
                endReason = "all answered";
                break;
            }

            if (fired == ready)
            {
                ready = answers.Reader.WaitToReadAsync(round.Token).AsTask();
                continue;
            }

            if (fired == cutoff)
            {
                endReason = "cutoff";
                break;
            }

            if (usable.Count > 0)
            {
                endReason = "timeout";
                break;
            }

            // go-livepeer waits the first timeout once more, then doubles: 500 ms, 500 ms, 1 s, 2 s, ...
            timersFired++;
            step = timersFired == 1 ? step : TimeSpan.FromTicks(Math.Min(step.Ticks * 2, MaxTimerStep.Ticks));
            timer = Task.Delay(step, _timeProvider, round.Token);
        }

        await round.CancelAsync().ConfigureAwait(false);
        foreach (var candidate in candidates.Where(c => !answered.Contains(c.ServiceUri)))
        {
            DiscoveryLog.AnswerTimedOut(_logger, candidate.ServiceUri);
            rejections.Add(new DiscoveryRejection(candidate.ServiceUri, DiscoveryRejectionReason.Timeout, "no answer before the round ended"));
        }

        var result = usable.OrderBy(o => o.Latency).Take(wanted).ToList();
        if (result.Count < wanted)
        {
            // Suspended orchestrators only top up a short result, the least penalised first.
            result.AddRange(suspended.OrderBy(s => s.Penalty).ThenBy(s => s.Orchestrator.Latency).Select(s => s.Orchestrator).Take(wanted - result.Count));
        }

        Volatile.Write(ref _lastRejections, rejections);
        request.Rejected?.Invoke(rejections);
        var elapsed = _timeProvider.GetElapsedTime(started);
        DiscoveryLog.RoundEnded(_logger, request.Pool, endReason, elapsed.TotalMilliseconds, usable.Count, suspended.Count, answered.Count, candidates.Length);
        if (_telemetry is not null)
        {
            _telemetry.RoundEnded(request.Pool, endReason, elapsed, result.Count);
            foreach (var rejection in rejections)
            {
                _telemetry.Rejected(rejection.Reason);
            }
        }
        return result;
    }

    private void Classify(Answer answer, List<DiscoveredOrchestrator> usable, List<(DiscoveredOrchestrator, long)> suspended, List<DiscoveryRejection> rejections)
    {
        var uri = answer.Candidate.ServiceUri;
        if (answer.Rejection is { } rejection)
        {
            rejections.Add(rejection);
            if (rejection.Reason == DiscoveryRejectionReason.IdentityMismatch)
            {
                DiscoveryLog.IdentityMismatch(_logger, uri, rejection.Detail);
            }

            DiscoveryLog.AnswerRejected(_logger, uri, rejection.Reason, rejection.Detail);
            return;
        }

        var orchestrator = new DiscoveredOrchestrator(answer.Candidate, answer.Info!, answer.Latency);
        var penalty = answer.Suspension;
        if (penalty > 0)
        {
            DiscoveryLog.AnswerSuspended(_logger, uri, penalty);
            suspended.Add((orchestrator, penalty));
            return;
        }

        DiscoveryLog.AnswerUsable(_logger, uri, answer.Latency.TotalMilliseconds);
        usable.Add(orchestrator);
    }

    private async Task QueryAsync(OrchestratorCandidate candidate, DiscoveryRequest request, ChannelWriter<Answer> answers, CancellationToken cancellationToken)
    {
        // Yield first so that one slow connect does not hold up the start of the others.
        await Task.Yield();
        var uri = candidate.ServiceUri;
        var started = _timeProvider.GetTimestamp();
        Answer answer;
        try
        {
            var info = await _clients.Get(uri).GetOrchestratorAsync(_account.Signer, request.Capabilities, ignoreCapacityCheck: false, cancellationToken).ConfigureAwait(false);
            var latency = _timeProvider.GetElapsedTime(started);
            var rejection = await CheckAsync(uri, info, request.Capabilities, cancellationToken).ConfigureAwait(false);
            answer = new Answer(candidate, info, latency, rejection, rejection is null ? request.Suspender.GetPenalty(uri) : 0);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception)
        {
            // This task is not awaited: whatever fails here must become an answer, or the round would wait for it until the cutoff.
            answer = new Answer(candidate, null, _timeProvider.GetElapsedTime(started),
                new DiscoveryRejection(uri, DiscoveryRejectionReason.Error, exception.Message), 0);
        }

        answers.TryWrite(answer);
    }

    private async Task<DiscoveryRejection?> CheckAsync(Uri uri, OrchestratorInfo info, CapabilitySet capabilities, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(info.Transcoder))
        {
            return new DiscoveryRejection(uri, DiscoveryRejectionReason.NoTranscoder, "the answer has no transcoder URI");
        }

        foreach (var address in new[] { info.Address, info.TicketParams?.Recipient })
        {
            if (address is { } a && _blocklist.Contains(a))
            {
                return new DiscoveryRejection(uri, DiscoveryRejectionReason.Blocklisted, $"{a} is in Livepeer:Gateway:Blocklist");
            }
        }

        // Off chain nothing is paid, and go-livepeer's off-chain orchestrators send no price at all.
        if (info.PriceInfo is not { } price)
        {
            if (_account.OnChain)
            {
                return new DiscoveryRejection(uri, DiscoveryRejectionReason.InvalidPrice, "the answer has no price");
            }
        }
        else if (price.PixelsPerUnit.IsZero || price.PricePerUnit.Sign * price.PixelsPerUnit.Sign < 0)
        {
            return new DiscoveryRejection(uri, DiscoveryRejectionReason.InvalidPrice, $"the price {price.PricePerUnit}/{price.PixelsPerUnit} is not a non-negative rational");
        }

        if (!capabilities.IsCompatibleWith(info.Capabilities))
        {
            return new DiscoveryRejection(uri, DiscoveryRejectionReason.IncompatibleCapabilities, "its capabilities cannot take the job");
        }

        if (!_account.OnChain)
        {
            return null;
        }

        if ((info.Address ?? info.TicketParams?.Recipient) is not { IsZero: false })
        {
            return new DiscoveryRejection(uri, DiscoveryRejectionReason.NoAddress, "the answer has no address");
        }

        if (_ticketSender is not null
            && await _ticketSender.ValidateTicketParamsAsync(info.TicketParams, 1, cancellationToken).ConfigureAwait(false) is { } invalid)
        {
            return new DiscoveryRejection(uri, DiscoveryRejectionReason.InvalidTicketParams, invalid.ToString());
        }

        if (_options.RequireOrchestratorIdentity && _identity is not null
            && await _identity.CheckAsync(uri, info, cancellationToken).ConfigureAwait(false) is { } mismatch)
        {
            return new DiscoveryRejection(uri, DiscoveryRejectionReason.IdentityMismatch, mismatch);
        }

        return null;
    }

    private async Task<IReadOnlyList<OrchestratorCandidate>> MergeAsync(CancellationToken cancellationToken)
    {
        var lists = await Task.WhenAll(_sources.Select(s => ReadSourceAsync(s, cancellationToken))).ConfigureAwait(false);
        var merged = new Dictionary<string, OrchestratorCandidate>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var candidate in lists.SelectMany(l => l))
        {
            var key = ServiceUris.Key(candidate.ServiceUri);
            if (!merged.TryGetValue(key, out var existing))
            {
                merged[key] = candidate;
                order.Add(key);
                continue;
            }

            var (winner, other) = candidate.Score > existing.Score ? (candidate, existing) : (existing, candidate);
            merged[key] = winner with
            {
                RegisteredAddress = winner.RegisteredAddress ?? other.RegisteredAddress,
                Stake = winner.Stake ?? other.Stake,
            };
        }

        return [.. order.Select(k => merged[k])];
    }

    private async Task<IReadOnlyList<OrchestratorCandidate>> ReadSourceAsync(IOrchestratorDiscovery source, CancellationToken cancellationToken)
    {
        try
        {
            var candidates = await source.GetCandidatesAsync(cancellationToken).ConfigureAwait(false);
            return [.. candidates.Select(c => c.Source.Length == 0 ? c with { Source = source.Name } : c)];
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // An app's source may throw anything; one broken source must not take discovery down.
            DiscoveryLog.SourceFailed(_logger, source.Name, exception);
            return [];
        }
    }

    private static bool InPool(OrchestratorCandidate candidate, OrchestratorPoolKind pool)
        => pool == OrchestratorPoolKind.Trusted ? candidate.IsTrusted : candidate.IsUntrusted;

    private void Shuffle(OrchestratorCandidate[] candidates)
    {
        lock (_random)
        {
            _random.Shuffle(candidates);
        }
    }

    private sealed record Answer(OrchestratorCandidate Candidate, OrchestratorInfo? Info, TimeSpan Latency, DiscoveryRejection? Rejection, long Suspension);
}
