using Livepeer.Protocol.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Livepeer.Protocol;

/// <summary>
/// Initialises each round when nobody has yet. It waits a random time first and checks again, so that of many
/// nodes running it usually only one pays the gas; a node that loses the race sees "round already initialized"
/// and carries on. Safe to run on several hosts at once.
/// </summary>
public sealed class RoundInitializerService : PollingService
{
    private readonly LivepeerProtocolConnector _connector;
    private readonly RoundInitializerOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<TimeSpan, TimeSpan> _randomDelay;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    public RoundInitializerService(LivepeerProtocolConnector connector, IOptions<RoundInitializerOptions> options, TimeProvider? timeProvider = null, ILogger<RoundInitializerService>? logger = null)
        : this(connector, options.Value, timeProvider ?? TimeProvider.System, max => TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * max.Ticks)), logger)
    {
    }

    internal RoundInitializerService(LivepeerProtocolConnector connector, RoundInitializerOptions options, TimeProvider timeProvider, Func<TimeSpan, TimeSpan> randomDelay, ILogger? logger)
        : base(timeProvider)
    {
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _connector = connector;
        _options = options;
        _time = timeProvider;
        _randomDelay = randomDelay;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>One pass: initialise the current round if it still needs it after the random wait.</summary>
    public async Task<RoundInitializationOutcome> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var protocol = await _connector.GetClientAsync(cancellationToken).ConfigureAwait(false);
        var rounds = protocol.RoundsManager;
        if (await rounds.IsCurrentRoundInitializedAsync(cancellationToken).ConfigureAwait(false))
        {
            return RoundInitializationOutcome.AlreadyInitialized;
        }
        var wait = _randomDelay(_options.MaxRandomDelay);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
        if (await rounds.IsCurrentRoundInitializedAsync(cancellationToken).ConfigureAwait(false))
        {
            return RoundInitializationOutcome.InitializedByOther;
        }
        try
        {
            await rounds.InitializeRoundAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ContractRevertException ex) when (ex.Reason == "round already initialized")
        {
            return RoundInitializationOutcome.InitializedByOther;
        }
        catch (LivepeerProtocolException) when (!cancellationToken.IsCancellationRequested)
        {
            // When both transactions land in one block, the loser's replay runs on the parent block, where the
            // round was still uninitialised, so the failure carries no reason; the chain says who won.
            if (await rounds.IsCurrentRoundInitializedAsync(cancellationToken).ConfigureAwait(false))
            {
                return RoundInitializationOutcome.InitializedByOther;
            }
            throw;
        }
        var round = await rounds.GetCurrentRoundAsync(cancellationToken).ConfigureAwait(false);
        Log.RoundInitialized(_logger, round);
        return RoundInitializationOutcome.Initialized;
    }

    private protected override TimeSpan PollInterval => _options.PollInterval;

    private protected override Task RunPassAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    private protected override void OnPassFailed(LivepeerProtocolException exception) => Log.RoundInitializerFailed(_logger, exception);
}
