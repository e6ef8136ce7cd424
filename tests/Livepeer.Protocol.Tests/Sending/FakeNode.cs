using System.Net;
using System.Text;
using System.Text.Json;

using Livepeer.Protocol.Tests.Rpc;

namespace Livepeer.Protocol.Tests.Sending;

/// <summary>
/// A scripted JSON-RPC node behind an HTTP handler: enough of eth_* for the sender, with sends answered by a
/// script so that refusals, lost connections and slow answers can be played.
/// </summary>
internal sealed class FakeNode : HttpMessageHandler
{
    public const ulong ChainId = 1337;

    private readonly object _gate = new();

    /// <summary>What eth_getTransactionCount(pending) answers.</summary>
    public ulong PendingNonce { get; set; }

    /// <summary>The latest block's base fee; null for a chain without EIP-1559.</summary>
    public long? BaseFee { get; set; } = 1_000_000_000;

    public long GasPrice { get; set; } = 3_000_000_000;

    /// <summary>Decides the answer to each eth_sendRawTransaction; null accepts it.</summary>
    public Func<SignedTransaction, int, SendOutcome?>? OnSend { get; set; }

    public List<SignedTransaction> Sent { get; } = [];

    public int CountReads { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
        var id = body.RootElement.GetProperty("id").GetInt64();
        var method = body.RootElement.GetProperty("method").GetString()!;
        var parameters = body.RootElement.GetProperty("params");
        switch (method)
        {
            case "eth_chainId":
                return Result(id, $"\"0x{ChainId:x}\"");
            case "eth_estimateGas":
                return Result(id, "\"0x5208\"");
            case "eth_gasPrice":
                return Result(id, $"\"0x{GasPrice:x}\"");
            case "eth_maxPriorityFeePerGas":
                return Result(id, "\"0x3b9aca00\"");
            case "eth_getBlockByNumber":
                var baseFee = BaseFee is { } fee ? $",\"baseFeePerGas\":\"0x{fee:x}\"" : string.Empty;
                return Result(id, $"{{\"number\":\"0x10\",\"hash\":\"0x01\",\"parentHash\":\"0x00\",\"timestamp\":\"0x1\",\"gasLimit\":\"0x1c9c380\",\"gasUsed\":\"0x0\",\"transactions\":[]{baseFee}}}");
            case "eth_getTransactionCount":
                lock (_gate)
                {
                    CountReads++;
                    return Result(id, $"\"0x{PendingNonce:x}\"");
                }
            case "eth_sendRawTransaction":
                var signed = SignedTransaction.Decode(parameters[0].GetString()!);
                SendOutcome? outcome;
                lock (_gate)
                {
                    Sent.Add(signed);
                    outcome = OnSend?.Invoke(signed, Sent.Count);
                }
                if (outcome is { Throw: { } exception })
                {
                    throw exception;
                }
                if (outcome is { Error: { } error })
                {
                    return Json($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"error\":{{\"code\":-32000,\"message\":{JsonSerializer.Serialize(error)}}}}}");
                }
                lock (_gate)
                {
                    PendingNonce = Math.Max(PendingNonce, signed.Nonce + 1);
                }
                return Result(id, $"\"{signed.Hash}\"");
            default:
                return Json($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"error\":{{\"code\":-32601,\"message\":\"no {method}\"}}}}");
        }
    }

    private static HttpResponseMessage Result(long id, string result) => JsonRpcReplies.Result(id, result);

    private static HttpResponseMessage Json(string json) => JsonRpcReplies.Json(json);
}

/// <summary>How the fake node answers one send: an error object, or a thrown exception (a cut connection).</summary>
internal sealed record SendOutcome(string? Error = null, Exception? Throw = null);
