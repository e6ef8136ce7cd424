using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Livepeer.Protocol;

/// <summary>
/// The DI entry to the protocol: connects once, on first use, and hands out the same
/// <see cref="LivepeerProtocolClient"/> afterwards. A failed connection is tried again on the next call.
/// </summary>
public sealed class LivepeerProtocolConnector
{
    private readonly EthereumRpcClient _rpc;
    private readonly TransactionSender? _sender;
    private readonly LivepeerNetwork _network;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private LivepeerProtocolClient? _client;

    /// <summary>Creates the connector from the registered options, RPC client and (optional) sender.</summary>
    public LivepeerProtocolConnector(IOptions<LivepeerProtocolOptions> options, EthereumRpcClient rpc, TransactionSender? sender = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rpc);
        _network = options.Value.ResolveNetwork();
        _rpc = rpc;
        _sender = sender;
        _loggerFactory = loggerFactory;
    }

    /// <summary>The connected client.</summary>
    public async Task<LivepeerProtocolClient> GetClientAsync(CancellationToken cancellationToken = default)
    {
        if (_client is { } ready)
        {
            return ready;
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _client ??= await LivepeerProtocolClient.ConnectAsync(_rpc, _network, _sender, _loggerFactory, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
