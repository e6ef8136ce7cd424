using Livepeer.Payments;
using Livepeer.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Livepeer.Gateway;

/// <summary>
/// Starts the gateway core: makes the <see cref="GatewayAccount"/> (on chain the payments key, the same one
/// <see cref="TicketSender"/> signs with; off chain a key made for the process) and, on chain, keeps the deposit and
/// reserve gauges current. Registered after the payments host, so the ticket sender exists when it starts. The
/// gateway also starts it on first use, for apps that resolve it without running the hosted services.
/// </summary>
internal sealed class GatewayCoreHost : IHostedService, IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan FundsInterval = TimeSpan.FromSeconds(30);

    private readonly IServiceProvider _services;
    private readonly LivepeerGatewayOptions _options;
    private readonly GatewayCoreMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private volatile GatewayCoreState? _state;
    private PrivateKeySigner? _ownedSigner;
    private Task? _fundsLoop;

    public GatewayCoreHost(IServiceProvider services, IOptions<LivepeerGatewayOptions> options, GatewayCoreMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        _services = services;
        _options = options.Value;
        _metrics = metrics;
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("Livepeer.Gateway.Hosting");
    }

    /// <summary>The account, once started.</summary>
    /// <exception cref="GatewayException"><see cref="GatewayErrorCode.InvalidConfiguration"/> before the gateway has started.</exception>
    public GatewayAccount Account => (_state ?? throw NotStarted()).Account;

    public Task StartAsync(CancellationToken cancellationToken) => EnsureStartedAsync(cancellationToken).AsTask();

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_fundsLoop is { } loop)
        {
            await loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        GatewayHostingLog.Stopped(_logger);
    }

    public async ValueTask<GatewayCoreState> EnsureStartedAsync(CancellationToken cancellationToken)
    {
        if (_state is { } state)
        {
            return state;
        }

        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _state ??= await StartCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        if (_fundsLoop is { } loop)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _ownedSigner?.Dispose();
        _stopping.Dispose();
        _turn.Dispose();
    }

    /// <summary>For containers disposed synchronously: stops the funds loop without waiting for it.</summary>
    public void Dispose()
    {
        if (!_stopping.IsCancellationRequested)
        {
            _stopping.Cancel();
        }

        _ownedSigner?.Dispose();
    }

    private async Task<GatewayCoreState> StartCoreAsync(CancellationToken cancellationToken)
    {
        if (_options.OffChain)
        {
            _ownedSigner = PrivateKeySigner.Generate();
            GatewayHostingLog.StartedOffChain(_logger, _ownedSigner.Address);
            return new GatewayCoreState(new GatewayAccount(_ownedSigner, OnChain: false), Sender: null);
        }

        var connector = _services.GetService<LivepeerProtocolConnector>()
            ?? throw new GatewayException(GatewayErrorCode.InvalidConfiguration, "The gateway is on chain but Livepeer:Protocol is not registered; set Livepeer:Gateway:OffChain or configure Livepeer:Protocol.");
        LivepeerProtocolClient protocol;
        try
        {
            protocol = await connector.GetClientAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (LivepeerProtocolException ex)
        {
            throw new GatewayException(GatewayErrorCode.InvalidConfiguration, $"The gateway could not connect to the Livepeer protocol: {ex.Message}", ex.IsTransient, ex);
        }

        // The same choice the payments host makes for its ticket sender, so segments and tickets are signed by one key.
        var signer = _services.GetService<ISigner>() ?? protocol.Sender?.Signer
            ?? throw new GatewayException(GatewayErrorCode.InvalidConfiguration, "The gateway is on chain and needs a key: set Livepeer:Protocol:PrivateKey or KeystorePath, or register an ISigner.");
        TicketSender sender;
        try
        {
            sender = _services.GetRequiredService<TicketSender>();
        }
        catch (InvalidOperationException ex)
        {
            throw new GatewayException(GatewayErrorCode.InvalidConfiguration, $"The gateway's ticket sender is not running: {ex.Message} Start the host (the payments host starts it) before using the gateway.", innerException: ex);
        }

        GatewayHostingLog.StartedOnChain(_logger, signer.Address);
        var funds = SenderInfoSource.FromTicketBroker(protocol.TicketBroker);
        await ReadFundsAsync(funds, signer.Address, warn: true, cancellationToken).ConfigureAwait(false);
        _fundsLoop = Task.Run(() => WatchFundsAsync(funds, signer.Address, _stopping.Token), CancellationToken.None);
        return new GatewayCoreState(new GatewayAccount(signer, OnChain: true), sender);
    }

    private async Task WatchFundsAsync(ISenderInfoSource funds, EthAddress address, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(FundsInterval, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await ReadFundsAsync(funds, address, warn: false, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReadFundsAsync(ISenderInfoSource funds, EthAddress address, bool warn, CancellationToken cancellationToken)
    {
        try
        {
            var info = await funds.GetSenderInfoAsync(address, cancellationToken).ConfigureAwait(false);
            _metrics.Funds(info.Deposit.Value, info.Reserve.FundsRemaining.Value);
            if (warn && (info.Deposit.Value.IsZero || info.Reserve.FundsRemaining.Value.IsZero))
            {
                GatewayHostingLog.NotFunded(_logger, address);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A gauge is best effort: the ticket sender checks the funds itself before every batch.
            GatewayHostingLog.FundsReadFailed(_logger, ex);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private static GatewayException NotStarted()
        => new(GatewayErrorCode.InvalidConfiguration, "The gateway has not started: run the host, or call the gateway (it starts on first use).");
}

/// <summary>What the gateway core runs with once started.</summary>
/// <param name="Account">The gateway's key.</param>
/// <param name="Sender">The ticket sender, on chain.</param>
internal sealed record GatewayCoreState(GatewayAccount Account, TicketSender? Sender);
