using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Livepeer.Protocol.Diagnostics;

/// <summary>The package's ActivitySource and Meter. Their names and instruments are public API (docs/telemetry.md).</summary>
internal static class ProtocolTelemetry
{
    public const string Name = "Livepeer.Protocol";

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> RpcRequests = Meter.CreateCounter<long>(
        "livepeer.protocol.rpc.requests", unit: "{request}", description: "JSON-RPC requests sent, by method and outcome.");

    public static readonly Histogram<double> RpcDuration = Meter.CreateHistogram<double>(
        "livepeer.protocol.rpc.duration", unit: "s", description: "Time taken by one JSON-RPC HTTP exchange.");

    public static readonly Counter<long> TransactionsSent = Meter.CreateCounter<long>(
        "livepeer.protocol.transactions.sent", unit: "{transaction}", description: "Signed transactions accepted by the node.");

    public static readonly Counter<long> NonceResyncs = Meter.CreateCounter<long>(
        "livepeer.protocol.nonce.resyncs", unit: "{resync}", description: "Times a nonce was re-read from the chain after 'nonce too low' or an uncertain send.");
}
