using Livepeer.Protocol.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Livepeer.Protocol;

/// <summary>
/// Calls <c>rewardWithHint</c> once per round while the configured account is an active orchestrator, and logs
/// the LPT minted. It checks <c>lastRewardRound</c> first and treats "already called reward" as done, so several
/// hosts with the same key can run it.
/// </summary>
public sealed class RewardService : PollingService
{
    private readonly LivepeerProtocolConnector _connector;
    private readonly RewardServiceOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    public RewardService(LivepeerProtocolConnector connector, IOptions<RewardServiceOptions> options, TimeProvider? timeProvider = null, ILogger<RewardService>? logger = null)
        : base(timeProvider ?? TimeProvider.System)
    {
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(options);
        options.Value.Validate();
        _connector = connector;
        _options = options.Value;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>One pass: call reward if it is due for the current round.</summary>
    /// <exception cref="ContractCallException">With <see cref="ProtocolErrorCode.NoSigner"/> when no account key is configured.</exception>
    public async Task<RewardResult> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var protocol = await _connector.GetClientAsync(cancellationToken).ConfigureAwait(false);
        var sender = protocol.Sender ?? throw new ContractCallException("BondingManager", "reward", ProtocolErrorCode.NoSigner,
            "The reward service needs the orchestrator's key; configure a keystore or key for Livepeer:Protocol.");
        var self = sender.Signer.Address;
        var round = await protocol.RoundsManager.GetCurrentRoundAsync(cancellationToken).ConfigureAwait(false);
        if (!await protocol.RoundsManager.IsCurrentRoundInitializedAsync(cancellationToken).ConfigureAwait(false))
        {
            return new RewardResult(RewardOutcome.RoundNotInitialized, round, Wei.Zero);
        }
        var transcoder = await protocol.BondingManager.GetTranscoderAsync(self, cancellationToken).ConfigureAwait(false);
        if (transcoder.LastRewardRound >= round)
        {
            return new RewardResult(RewardOutcome.AlreadyRewarded, round, Wei.Zero);
        }
        if (!await protocol.BondingManager.IsActiveTranscoderAsync(self, cancellationToken).ConfigureAwait(false))
        {
            return new RewardResult(RewardOutcome.NotActive, round, Wei.Zero);
        }
        TransactionReceipt receipt;
        try
        {
            receipt = await protocol.BondingManager.RewardWithHintAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ContractRevertException ex) when (ex.Reason == "caller has already called reward for the current round")
        {
            return new RewardResult(RewardOutcome.AlreadyRewarded, round, Wei.Zero);
        }
        var minted = protocol.BondingManager.DecodeEvents(receipt).OfType<RewardEvent>().Where(e => e.Transcoder == self).Select(e => e.Amount).FirstOrDefault();
        Log.RewardCalled(_logger, round, minted.ToString(EtherUnit.Ether), receipt.TransactionHash);
        return new RewardResult(RewardOutcome.Rewarded, round, minted, receipt.TransactionHash);
    }

    private protected override TimeSpan PollInterval => _options.PollInterval;

    private protected override Task RunPassAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    private protected override void OnPassFailed(LivepeerProtocolException exception) => Log.RewardFailed(_logger, exception);
}
