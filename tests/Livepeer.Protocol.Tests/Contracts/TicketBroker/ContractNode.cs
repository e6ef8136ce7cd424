using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

using Livepeer.Protocol.Tests.Rpc;

namespace Livepeer.Protocol.Tests.Contracts;

/// <summary>
/// A scripted JSON-RPC node for the typed contract clients: <c>eth_call</c> and <c>eth_estimateGas</c> are answered
/// by <see cref="OnCall"/> (return data, or revert data), sends are recorded and mined at once, and receipts carry
/// <see cref="ReceiptLogs"/>.
/// </summary>
internal sealed class ContractNode : HttpMessageHandler
{
    public const string Key = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";

    private readonly object _gate = new();
    private ulong _nonce;

    /// <summary>Answers a call by its data: <see cref="CallOutcome.Returns"/> or <see cref="CallOutcome.Reverts"/>.</summary>
    public Func<byte[], CallOutcome> OnCall { get; set; } = _ => CallOutcome.Returns([]);

    /// <summary>The data of every eth_call, in order (gas estimates are not included).</summary>
    public List<byte[]> Calls { get; } = [];

    public List<SignedTransaction> Sent { get; } = [];

    public List<LogEntry> ReceiptLogs { get; } = [];

    /// <summary>A context whose sender signs with <see cref="Key"/>; dispose the returned HttpClient.</summary>
    public (ProtocolContext Context, HttpClient Http) CreateContext(bool withSender = true)
    {
        var http = new HttpClient(this);
        var rpc = new EthereumRpcClient(http, new Uri("http://127.0.0.1:1/"), new EthereumRpcClientOptions { MaxRetries = 0 });
        var sender = withSender
            ? new TransactionSender(rpc, PrivateKeySigner.FromHex(Key), new TransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(1) })
            : null;
        return (new ProtocolContext(rpc, sender), http);
    }

    /// <summary>The data of the only transaction sent.</summary>
    public byte[] SentData => Sent.Single().Data.ToArray();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
        var id = body.RootElement.GetProperty("id").GetInt64();
        var method = body.RootElement.GetProperty("method").GetString()!;
        var parameters = body.RootElement.GetProperty("params");
        switch (method)
        {
            case "eth_chainId":
                return Result(id, "\"0x539\"");
            case "eth_getTransactionCount":
                lock (_gate)
                {
                    return Result(id, Quantity(_nonce));
                }
            case "eth_getBlockByNumber":
                return Result(id, """{"number":"0x10","hash":"0x01","parentHash":"0x00","timestamp":"0x1","gasLimit":"0x1c9c380","gasUsed":"0x0","transactions":[],"baseFeePerGas":"0x3b9aca00"}""");
            case "eth_gasPrice":
            case "eth_maxPriorityFeePerGas":
                return Result(id, "\"0x3b9aca00\"");
            case "eth_getCode":
                return Result(id, "\"0x6080\"");
            case "eth_call":
            case "eth_estimateGas":
                {
                    var data = Hex.Decode(parameters[0].GetProperty("data").GetString()!);
                    if (method == "eth_call")
                    {
                        lock (_gate)
                        {
                            Calls.Add(data);
                        }
                    }
                    var outcome = OnCall(data);
                    if (outcome.RevertData is { } revert)
                    {
                        var error = JsonSerializer.Serialize(new { code = 3, message = "execution reverted", data = Hex.Encode(revert) });
                        return Json($$"""{"jsonrpc":"2.0","id":{{id}},"error":{{error}}}""");
                    }
                    return Result(id, method == "eth_call" ? $"\"{Hex.Encode(outcome.ReturnData!)}\"" : "\"0x5208\"");
                }
            case "eth_sendRawTransaction":
                {
                    var signed = SignedTransaction.Decode(parameters[0].GetString()!);
                    lock (_gate)
                    {
                        Sent.Add(signed);
                        _nonce = Math.Max(_nonce, signed.Nonce + 1);
                    }
                    return Result(id, $"\"{signed.Hash}\"");
                }
            case "eth_getTransactionReceipt":
                return Result(id, Receipt(parameters[0].GetString()!));
            default:
                return Json($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"error\":{{\"code\":-32601,\"message\":\"no {method}\"}}}}");
        }
    }

    private string Receipt(string hash)
    {
        var logs = ReceiptLogs.Select(l => new Dictionary<string, object>
        {
            ["address"] = l.Address.ToString(),
            ["topics"] = l.Topics.Select(t => Hex.Encode(t)).ToArray(),
            ["data"] = Hex.Encode(l.Data),
            ["blockNumber"] = "0x10",
            ["transactionHash"] = hash,
            ["logIndex"] = "0x0",
        });
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["transactionHash"] = hash,
            ["blockNumber"] = "0x10",
            ["blockHash"] = "0x" + new string('1', 64),
            ["status"] = "0x1",
            ["from"] = PrivateKeySigner.FromHex(Key).Address.ToString(),
            ["to"] = Sent.LastOrDefault()?.To?.ToString(),
            ["gasUsed"] = "0x5208",
            ["logs"] = logs,
        });
    }

    private static string Quantity(ulong value) => "\"0x" + value.ToString("x", CultureInfo.InvariantCulture) + "\"";

    private static HttpResponseMessage Result(long id, string result) => JsonRpcReplies.Result(id, result);

    private static HttpResponseMessage Json(string json) => JsonRpcReplies.Json(json);
}

/// <summary>How the node answers one call.</summary>
internal sealed record CallOutcome(byte[]? ReturnData, byte[]? RevertData)
{
    public static CallOutcome Returns(byte[] data) => new(data, null);

    public static CallOutcome Reverts(byte[] data) => new(null, data);

    /// <summary>A <c>require(false, reason)</c> revert.</summary>
    public static CallOutcome RevertsWith(string reason)
        => Reverts(AbiError.Parse("Error(string)").Encode(reason));
}
