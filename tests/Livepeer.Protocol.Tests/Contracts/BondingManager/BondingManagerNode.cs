using System.Net;
using System.Text;
using System.Text.Json;

using Livepeer.Protocol.Tests.Rpc;

namespace Livepeer.Protocol.Tests.Contracts.BondingManager;

/// <summary>
/// A scripted JSON-RPC node for one contract: <c>eth_call</c> and <c>eth_estimateGas</c> are answered per function
/// from a script (values or a revert reason), and enough of the rest of eth_* for a sender to send and get a receipt.
/// </summary>
internal sealed class BondingManagerNode : HttpMessageHandler
{
    private static readonly AbiFunction ErrorString = AbiFunction.Parse("function Error(string)");
    private readonly Dictionary<string, (AbiFunction Function, Func<object?[], object?[]> Answer)> _script = [];
    private readonly object _gate = new();

    public ulong BlockNumber { get; set; } = 100;

    /// <summary>The eth_call requests seen: function, arguments, block tag.</summary>
    public List<(string Function, object?[] Arguments, string Block)> Calls { get; } = [];

    public List<SignedTransaction> Sent { get; } = [];

    /// <summary>The logs of every receipt, as JSON.</summary>
    public string ReceiptLogsJson { get; set; } = "[]";

    public void On(AbiFunction function, Func<object?[], object?[]> answer) => _script[function.SelectorHex] = (function, answer);

    public void On(AbiFunction function, params object?[] values) => On(function, _ => values);

    public void Revert(AbiFunction function, string reason) => On(function, _ => throw new NodeRevert(reason));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
        var id = body.RootElement.GetProperty("id").GetInt64();
        var method = body.RootElement.GetProperty("method").GetString()!;
        var parameters = body.RootElement.GetProperty("params");
        switch (method)
        {
            case "eth_blockNumber":
                return Result(id, $"\"0x{BlockNumber:x}\"");
            case "eth_chainId":
                return Result(id, "\"0x539\"");
            case "eth_gasPrice":
            case "eth_maxPriorityFeePerGas":
                return Result(id, "\"0x3b9aca00\"");
            case "eth_getTransactionCount":
                return Result(id, $"\"0x{Sent.Count:x}\"");
            case "eth_getBlockByNumber":
                return Result(id, "{\"number\":\"0x64\",\"hash\":\"0x01\",\"parentHash\":\"0x00\",\"timestamp\":\"0x1\",\"gasLimit\":\"0x1c9c380\",\"gasUsed\":\"0x0\",\"transactions\":[],\"baseFeePerGas\":\"0x3b9aca00\"}");
            case "eth_call":
            case "eth_estimateGas":
                {
                    var data = Hex.Decode(parameters[0].GetProperty("data").GetString()!);
                    var block = parameters.GetArrayLength() > 1 ? parameters[1].GetString()! : "latest";
                    var selector = Hex.Encode(data.AsSpan(0, 4));
                    if (!_script.TryGetValue(selector, out var entry))
                    {
                        return method == "eth_estimateGas" ? Result(id, "\"0x30000\"") : Error(id, -32000, $"no script for {selector}");
                    }
                    var arguments = entry.Function.DecodeCall(data);
                    lock (_gate)
                    {
                        Calls.Add((entry.Function.Name, arguments, block));
                    }
                    object?[] values;
                    try
                    {
                        values = entry.Answer(arguments);
                    }
                    catch (NodeRevert revert)
                    {
                        return Error(id, 3, $"execution reverted: {revert.Reason}", Hex.Encode(ErrorString.EncodeCall(revert.Reason)));
                    }
                    return method == "eth_estimateGas" ? Result(id, "\"0x30000\"") : Result(id, $"\"{Hex.Encode(entry.Function.EncodeOutput(values))}\"");
                }
            case "eth_sendRawTransaction":
                {
                    var signed = SignedTransaction.Decode(parameters[0].GetString()!);
                    lock (_gate)
                    {
                        Sent.Add(signed);
                    }
                    return Result(id, $"\"{signed.Hash}\"");
                }
            case "eth_getTransactionReceipt":
                {
                    var hash = parameters[0].GetString()!;
                    var signed = Sent.Single(t => t.Hash == hash);
                    return Result(id, $"{{\"transactionHash\":\"{hash}\",\"blockNumber\":\"0x65\",\"blockHash\":\"0x02\",\"status\":\"0x1\",\"from\":\"{signed.RecoverSender()}\",\"gasUsed\":\"0x5208\",\"logs\":{ReceiptLogsJson}}}");
                }
            default:
                return Error(id, -32601, $"no {method}");
        }
    }

    private static HttpResponseMessage Result(long id, string result) => JsonRpcReplies.Result(id, result);

    private static HttpResponseMessage Error(long id, int code, string message, string? data = null) => JsonRpcReplies.Error(id, code, message, data);

    private sealed class NodeRevert(string reason) : Exception(reason)
    {
        public string Reason { get; } = reason;
    }
}
