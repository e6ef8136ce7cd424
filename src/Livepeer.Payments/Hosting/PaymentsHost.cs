using Livepeer.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Livepeer.Payments;

/// <summary>What the builder asked for: the orchestrator side, and a remote redeemer instead of the local one.</summary>
internal sealed class PaymentsRoles
{
    public bool Recipient { get; set; }

    public Func<IServiceProvider, ITicketRedeemer>? RemoteRedeemer { get; set; }
}

/// <summary>
/// Brings the payment engine up when the host starts: connects the protocol, reads the chain once (a chain that
/// cannot be read fails the start), keeps the clock and the gas price polled, and builds the sender and, for an
/// orchestrator, the redeemer and the recipient. The engine's objects are handed out once it has started.
/// </summary>
internal sealed class PaymentsHost : IHostedService, IAsyncDisposable
{
    private readonly IServiceProvider _services;
    private readonly LivepeerProtocolConnector _connector;
    private readonly LivepeerPaymentsOptions _options;
    private readonly PaymentsRoles _roles;
    private readonly IPaymentClock _clock;
    private readonly IGasPriceSource _gasPrice;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private CancellationTokenSource? _stopping;
    private List<Task> _loops = [];
    private TicketSender? _sender;
    private TicketRecipient? _recipient;
    private ISenderMonitor? _monitor;
    private LocalTicketRedeemer? _localRedeemer;
    private bool _started;

    public PaymentsHost(
        IServiceProvider services,
        LivepeerProtocolConnector connector,
        IOptions<LivepeerPaymentsOptions> options,
        PaymentsRoles roles,
        IPaymentClock clock,
        IGasPriceSource gasPrice)
    {
        _services = services;
        _connector = connector;
        _options = options.Value;
        _roles = roles;
        _clock = clock;
        _gasPrice = gasPrice;
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<PaymentsHost>();
    }

    public TicketSender Sender => Started(_sender, nameof(TicketSender),
        " It needs a signer: configure a key for Livepeer:Protocol (PrivateKey or KeystorePath) or register an ISigner.");

    public TicketRecipient Recipient => Started(_recipient, nameof(TicketRecipient), " Call AddTicketRecipient() on the payments builder.");

    public ISenderMonitor Monitor => Started(_monitor, nameof(ISenderMonitor), " Call AddTicketRecipient() on the payments builder.");

    public ITicketRedeemer Redeemer => _monitor is RedeemerSenderMonitor remote ? remote.Redeemer : Monitor;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_started)
            {
                return;
            }
            await StartCoreAsync(cancellationToken).ConfigureAwait(false);
            _started = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            PaymentsHostLog.StartFailed(_logger, ex);
            await StopCoreAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            _turn.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_started)
            {
                await StopCoreAsync().ConfigureAwait(false);
                _started = false;
                PaymentsHostLog.Stopped(_logger);
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopCoreAsync().ConfigureAwait(false);
        _turn.Dispose();
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        LivepeerProtocolClient protocol;
        try
        {
            protocol = await _connector.GetClientAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (LivepeerProtocolException ex)
        {
            throw new PaymentException(PaymentErrorCode.ChainUnavailable, $"The payment engine could not connect to the Livepeer protocol: {ex.Message}", ex.IsTransient, ex);
        }
        _stopping = new CancellationTokenSource();
        var token = _stopping.Token;
        if (_clock is PollingPaymentClock pollingClock)
        {
            await pollingClock.PollOnceAsync(cancellationToken).ConfigureAwait(false);
            _loops.Add(Task.Run(() => pollingClock.RunAsync(token), CancellationToken.None));
        }
        if (_gasPrice is PollingGasPriceSource pollingGas)
        {
            await pollingGas.PollOnceAsync(cancellationToken).ConfigureAwait(false);
            _loops.Add(Task.Run(() => pollingGas.RunAsync(token), CancellationToken.None));
        }

        var signer = _services.GetService<ISigner>() ?? protocol.Sender?.Signer;
        if (signer is not null)
        {
            _sender = new TicketSender(
                signer,
                _clock,
                SenderInfoSource.FromTicketBroker(protocol.TicketBroker),
                PaymentsOptionsMapping.ToSenderOptions(_options),
                _loggerFactory.CreateLogger<TicketSender>(),
                _time);
        }
        else
        {
            PaymentsHostLog.NoSigner(_logger);
        }

        var mode = "none";
        if (_roles.Recipient)
        {
            var recipient = _options.RecipientAddress ?? signer?.Address
                ?? throw new PaymentException(PaymentErrorCode.InvalidConfiguration,
                    $"{LivepeerPaymentsOptions.SectionName}:RecipientAddress is required for a ticket recipient without a key (Livepeer:Protocol:PrivateKey or KeystorePath).");
            if (_roles.RemoteRedeemer is { } createRedeemer)
            {
                _monitor = new RedeemerSenderMonitor(
                    createRedeemer(_services),
                    SenderInfoSource.FromTicketBroker(protocol.TicketBroker),
                    _clock,
                    _options.PollingInterval,
                    _time,
                    _loggerFactory.CreateLogger<RedeemerSenderMonitor>());
                mode = "remote redeemer";
            }
            else
            {
                var redemption = PaymentsOptionsMapping.ToRedemptionOptions(_options, protocol.Network, recipient);
                var ownsClock = _clock is not PollingPaymentClock;
                var redeemerClock = _clock as PollingPaymentClock
                    ?? new PollingPaymentClock(protocol, _services.GetRequiredService<IL1BlockSource>(), redemption.PollInterval, _time, _loggerFactory);
                _localRedeemer = await LocalTicketRedeemer.CreateAsync(protocol, redemption, redeemerClock, _gasPrice, ownsClock, _time, _loggerFactory, cancellationToken).ConfigureAwait(false);
                await _localRedeemer.StartAsync(cancellationToken).ConfigureAwait(false);
                _monitor = _localRedeemer;
                mode = "local redeemer";
            }
            _recipient = new TicketRecipient(
                PaymentsOptionsMapping.ToRecipientOptions(_options, protocol.Network, recipient),
                _clock,
                _gasPrice,
                _monitor,
                balances: null,
                _loggerFactory.CreateLogger<TicketRecipient>(),
                _time,
                RecipientActivity.FromBondingManager(protocol.BondingManager));
        }
        PaymentsHostLog.Started(
            _logger,
            protocol.Network.Name,
            _clock.LastSeenL1Block,
            _clock.LastInitializedRoundNumber(),
            _gasPrice.CurrentGasPrice,
            _sender?.Address.ToString() ?? "none",
            _recipient?.Recipient.ToString() ?? "none",
            mode);
    }

    private async Task StopCoreAsync()
    {
        if (_stopping is { } stopping)
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(_loops).ConfigureAwait(false);
            stopping.Dispose();
            _stopping = null;
            _loops = [];
        }
        if (_localRedeemer is { } local)
        {
            await local.DisposeAsync().ConfigureAwait(false);
            _localRedeemer = null;
        }
        _recipient?.Dispose();
        _recipient = null;
        _monitor = null;
        _sender = null;
    }

    private T Started<T>(T? value, string what, string hint)
        where T : class
        => value ?? throw new InvalidOperationException(_started
            ? $"{what} is not available.{hint}"
            : $"{what} is available once the host has started (the payment engine connects to the chain at start); resolve it in StartAsync or later.{hint}");
}
