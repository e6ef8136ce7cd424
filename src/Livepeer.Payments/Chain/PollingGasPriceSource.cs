using System.Numerics;
using Livepeer.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Payments;

/// <summary>Polls <c>eth_gasPrice</c> and raises it to a configured minimum.</summary>
internal sealed class PollingGasPriceSource : IGasPriceSource
{
    private readonly EthereumRpcClient _rpc;
    private readonly BigInteger _minimum;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private BigInteger _polled;
    private bool _known;
    private readonly Lock _gate = new();

    public PollingGasPriceSource(EthereumRpcClient rpc, Wei minimumGasPrice, TimeSpan pollInterval, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        _rpc = rpc;
        _minimum = minimumGasPrice.Value;
        PollInterval = pollInterval;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<PollingGasPriceSource>() ?? NullLogger.Instance;
    }

    public TimeSpan PollInterval { get; }

    public BigInteger CurrentGasPrice
    {
        get
        {
            lock (_gate)
            {
                return _known ? BigInteger.Max(_polled, _minimum) : BigInteger.Zero;
            }
        }
    }

    /// <exception cref="PaymentException">With <see cref="PaymentErrorCode.ChainUnavailable"/> when the node did not answer; the last price stays.</exception>
    public async Task PollOnceAsync(CancellationToken cancellationToken = default)
    {
        Wei price;
        try
        {
            price = await _rpc.GetGasPriceAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (LivepeerProtocolException ex)
        {
            throw new PaymentException(PaymentErrorCode.ChainUnavailable, $"Reading the gas price failed: {ex.Message}", ex.IsTransient, ex);
        }
        lock (_gate)
        {
            _polled = price.Value;
            _known = true;
        }
    }

    public Task RunAsync(CancellationToken cancellationToken)
        => PollLoop.RunAsync(PollOnceAsync, ex => RedemptionLog.GasPricePollFailed(_logger, ex), PollInterval, _time, cancellationToken);
}
