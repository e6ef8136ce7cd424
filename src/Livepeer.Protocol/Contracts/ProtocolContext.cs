using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Protocol;

/// <summary>What every typed contract client shares: the JSON-RPC client and, for writes, a sender.</summary>
internal sealed class ProtocolContext
{
    public ProtocolContext(EthereumRpcClient rpc, TransactionSender? sender, ILoggerFactory? loggerFactory = null)
    {
        Rpc = rpc;
        Sender = sender;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    }

    public EthereumRpcClient Rpc { get; }

    /// <summary>Null for a read-only client.</summary>
    public TransactionSender? Sender { get; }

    public ILoggerFactory LoggerFactory { get; }
}
