using System.Globalization;
using System.Text.Json;
using Livepeer.Protocol;
using Microsoft.Extensions.Logging;

namespace Livepeer.Payments;

/// <summary>
/// Creates the chain seams of the payment engine: the L1 block source that fits a chain, and the polling clock and
/// gas price source built on it.
/// </summary>
public static class PaymentChain
{
    /// <summary>
    /// For Arbitrum: the <c>l1BlockNumber</c> field of <c>eth_getBlockByNumber("latest")</c>, the L1 block the
    /// Arbitrum block was built on. Ticket expiry is measured in L1 blocks there.
    /// </summary>
    /// <param name="rpc">The Arbitrum JSON-RPC client.</param>
    public static IL1BlockSource Arbitrum(EthereumRpcClient rpc)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        return new ArbitrumL1BlockSource(rpc);
    }

    /// <summary>For a chain that is its own L1 (a devnet, Ethereum itself): the latest block number.</summary>
    /// <param name="rpc">The JSON-RPC client.</param>
    public static IL1BlockSource Chain(EthereumRpcClient rpc)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        return new ChainL1BlockSource(rpc);
    }

    /// <summary>
    /// Reads the chain once, then keeps the returned clock current by polling every <paramref name="pollInterval"/>
    /// until <paramref name="stoppingToken"/> is cancelled. Failed polls are logged and retried; the clock keeps its
    /// last values meanwhile.
    /// </summary>
    /// <param name="protocol">The protocol clients (RoundsManager, BondingManager).</param>
    /// <param name="l1Blocks">Where the L1 block number comes from (<see cref="Arbitrum"/> or <see cref="Chain"/>).</param>
    /// <param name="pollInterval">How often to poll.</param>
    /// <param name="stoppingToken">Stops the polling.</param>
    /// <param name="timeProvider">The clock for the poll delay; the system clock when null.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    /// <exception cref="PaymentException">With <see cref="PaymentErrorCode.ChainUnavailable"/> when the first read failed.</exception>
    public static async Task<IPaymentClock> StartClockAsync(
        LivepeerProtocolClient protocol,
        IL1BlockSource l1Blocks,
        TimeSpan pollInterval,
        CancellationToken stoppingToken,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        var clock = new PollingPaymentClock(protocol, l1Blocks, pollInterval, timeProvider, loggerFactory);
        await clock.PollOnceAsync(stoppingToken).ConfigureAwait(false);
        _ = Task.Run(() => clock.RunAsync(stoppingToken), CancellationToken.None);
        return clock;
    }

    /// <summary>
    /// Reads <c>eth_gasPrice</c> once, then keeps the returned source current by polling every
    /// <paramref name="pollInterval"/> until <paramref name="stoppingToken"/> is cancelled. The price is raised to
    /// <paramref name="minimumGasPrice"/>.
    /// </summary>
    /// <param name="rpc">The JSON-RPC client.</param>
    /// <param name="minimumGasPrice">The lowest price reported.</param>
    /// <param name="pollInterval">How often to poll.</param>
    /// <param name="stoppingToken">Stops the polling.</param>
    /// <param name="timeProvider">The clock for the poll delay; the system clock when null.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    /// <exception cref="PaymentException">With <see cref="PaymentErrorCode.ChainUnavailable"/> when the first read failed.</exception>
    public static async Task<IGasPriceSource> StartGasPriceSourceAsync(
        EthereumRpcClient rpc,
        Wei minimumGasPrice,
        TimeSpan pollInterval,
        CancellationToken stoppingToken,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        var source = new PollingGasPriceSource(rpc, minimumGasPrice, pollInterval, timeProvider, loggerFactory);
        await source.PollOnceAsync(stoppingToken).ConfigureAwait(false);
        _ = Task.Run(() => source.RunAsync(stoppingToken), CancellationToken.None);
        return source;
    }
}

/// <summary>The block number itself, for chains that are their own L1.</summary>
internal sealed class ChainL1BlockSource(EthereumRpcClient rpc) : IL1BlockSource
{
    public Task<ulong> GetLatestL1BlockAsync(CancellationToken cancellationToken = default) => rpc.GetBlockNumberAsync(cancellationToken);
}

/// <summary>Arbitrum's <c>l1BlockNumber</c>, which the typed block header does not model, read from the raw block.</summary>
internal sealed class ArbitrumL1BlockSource(EthereumRpcClient rpc) : IL1BlockSource
{
    public async Task<ulong> GetLatestL1BlockAsync(CancellationToken cancellationToken = default)
    {
        JsonElement block;
        try
        {
            block = await rpc.SendAsync("eth_getBlockByNumber", ["latest", false], cancellationToken).ConfigureAwait(false);
        }
        catch (LivepeerProtocolException ex)
        {
            throw new PaymentException(PaymentErrorCode.ChainUnavailable, $"Reading the latest block for its L1 block number failed: {ex.Message}", ex.IsTransient, ex);
        }
        return ParseL1BlockNumber(block);
    }

    internal static ulong ParseL1BlockNumber(JsonElement block)
    {
        if (block.ValueKind != JsonValueKind.Object
            || !block.TryGetProperty("l1BlockNumber", out var field)
            || field.ValueKind != JsonValueKind.String)
        {
            throw new PaymentException(PaymentErrorCode.ChainUnavailable,
                "The latest block has no l1BlockNumber field; the endpoint is not an Arbitrum node. Use PaymentChain.Chain for a chain that is its own L1.");
        }
        var text = field.GetString()!;
        if (!text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            || text.Length is < 3 or > 18
            || !ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var number))
        {
            throw new PaymentException(PaymentErrorCode.ChainUnavailable, $"The block's l1BlockNumber '{text}' is not a hex quantity.");
        }
        return number;
    }
}
