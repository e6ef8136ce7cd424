using System.Net;
using System.Numerics;
using System.Text.Json;

namespace Livepeer.Protocol.Tests.Rpc;

public sealed class EthereumRpcClientTests
{
    private static readonly Uri Endpoint = new("http://127.0.0.1:1/");

    private static (EthereumRpcClient Client, StubHandler Handler, HttpClient Http) Create(Func<int, JsonDocument, HttpResponseMessage> respond, int maxRetries = 3)
    {
        var handler = new StubHandler(respond);
        var http = new HttpClient(handler);
        var client = new EthereumRpcClient(http, Endpoint, new EthereumRpcClientOptions { MaxRetries = maxRetries, RetryBaseDelay = TimeSpan.FromMilliseconds(1) });
        return (client, handler, http);
    }

    [Test]
    public async Task GetBlockNumberAsync_TransientFailuresThenSuccess_Retries()
    {
        var (client, handler, http) = Create((call, request) => call < 3
            ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            : StubHandler.Result(request, "\"0x2a\""));
        using (http)
        {
            Assert.That(await client.GetBlockNumberAsync(), Is.EqualTo(42UL));
            Assert.That(handler.Calls, Is.EqualTo(3));
        }
    }

    [Test]
    public async Task GetBlockNumberAsync_AlwaysFailing_GivesUpWithTransientError()
    {
        var (client, handler, http) = Create((_, _) => new HttpResponseMessage(HttpStatusCode.TooManyRequests), maxRetries: 2);
        using (http)
        {
            var ex = await Assert.ThrowsAsync<JsonRpcException>(() => client.GetBlockNumberAsync());
            Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.RpcTransport));
            Assert.That(ex.IsTransient, Is.True);
            Assert.That(handler.Calls, Is.EqualTo(3));
        }
    }

    [Test]
    public async Task SendRawTransactionAsync_TransientFailure_IsNotRetried()
    {
        var (client, handler, http) = Create((_, _) => new HttpResponseMessage(HttpStatusCode.BadGateway));
        using (http)
        {
            var ex = await Assert.ThrowsAsync<JsonRpcException>(() => client.SendRawTransactionAsync(new byte[] { 1, 2, 3 }));
            Assert.That(ex!.IsTransient, Is.True);
            Assert.That(handler.Calls, Is.EqualTo(1));
            Assert.That(handler.Bodies[0], Does.Contain("\"0x010203\""));
        }
    }

    [TestCase("nonce too low: next nonce 5, tx nonce 3", ProtocolErrorCode.NonceTooLow)]
    [TestCase("insufficient funds for gas * price + value", ProtocolErrorCode.InsufficientFunds)]
    [TestCase("replacement transaction underpriced", ProtocolErrorCode.ReplacementUnderpriced)]
    [TestCase("method not found", ProtocolErrorCode.RpcError)]
    public async Task SendRawTransactionAsync_NodeError_MapsToTypedCode(string message, ProtocolErrorCode expected)
    {
        var (client, _, http) = Create((_, request) => StubHandler.Error(request, -32000, message));
        using (http)
        {
            var ex = await Assert.ThrowsAsync<JsonRpcException>(() => client.SendRawTransactionAsync(new byte[] { 1 }));
            Assert.That(ex!.ErrorCode, Is.EqualTo(expected));
            Assert.That(ex.RpcCode, Is.EqualTo(-32000));
            Assert.That(ex.Method, Is.EqualTo("eth_sendRawTransaction"));
            Assert.That(ex.Message, Does.Contain(message));
        }
    }

    [Test]
    public async Task CallAsync_RevertWithErrorString_ThrowsDecodedReason()
    {
        // Error("Not enough") as a node returns it in error.data.
        const string data = "0x08c379a00000000000000000000000000000000000000000000000000000000000000020000000000000000000000000000000000000000000000000000000000000000a4e6f7420656e6f75676800000000000000000000000000000000000000000000";
        var (client, _, http) = Create((_, request) => StubHandler.Error(request, 3, "execution reverted: Not enough", data));
        using (http)
        {
            var ex = await Assert.ThrowsAsync<ContractRevertException>(() => client.CallAsync(new CallRequest { To = EthAddress.Zero }));
            Assert.That(ex!.Kind, Is.EqualTo(RevertKind.Error));
            Assert.That(ex.Reason, Is.EqualTo("Not enough"));
            Assert.That(ex.Message, Does.Contain("Not enough"));
            Assert.That(ex.ErrorCode, Is.EqualTo(ProtocolErrorCode.ExecutionReverted));
        }
    }

    [Test]
    public async Task CallAsync_RevertWithoutData_KeepsNodeMessage()
    {
        var (client, _, http) = Create((_, request) => StubHandler.Error(request, -32000, "execution reverted: some reason"));
        using (http)
        {
            var ex = await Assert.ThrowsAsync<ContractRevertException>(() => client.CallAsync(new CallRequest { To = EthAddress.Zero }));
            Assert.That(ex!.Message, Does.Contain("some reason"));
        }
    }

    [TestCase("not json at all")]
    [TestCase("[1,2,3]")]
    [TestCase("{\"jsonrpc\":\"2.0\",\"id\":1}")]
    [TestCase("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0xzz\"}")]
    [TestCase("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":12}")]
    [TestCase("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x10000000000000000\"}")]
    public async Task GetChainIdAsync_MalformedAnswer_ThrowsTransportError(string body)
    {
        var (client, _, http) = Create((_, _) => StubHandler.Json(body), maxRetries: 0);
        using (http)
        {
            var ex = await Assert.ThrowsAsync<JsonRpcException>(() => client.GetChainIdAsync());
            Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.RpcTransport));
        }
    }

    [Test]
    public async Task GetChainIdAsync_ErrorThatIsNotAnObject_ThrowsRpcError()
    {
        var (client, _, http) = Create((_, _) => StubHandler.Json("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":\"boom\"}"), maxRetries: 0);
        using (http)
        {
            var ex = await Assert.ThrowsAsync<JsonRpcException>(() => client.GetChainIdAsync());
            Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.RpcError));
            Assert.That(ex.Message, Does.Contain("boom"));
        }
    }

    [TestCase("{\"transactionHash\":\"0x01\"}")]
    [TestCase("{\"transactionHash\":\"0x01\",\"blockNumber\":\"0x1\",\"from\":\"0x12\",\"gasUsed\":\"0x1\"}")]
    [TestCase("{\"transactionHash\":\"0x01\",\"blockNumber\":\"0x1\",\"from\":\"0x0000000000000000000000000000000000000001\",\"gasUsed\":\"0x1\",\"status\":1}")]
    [TestCase("{\"transactionHash\":\"0x01\",\"blockNumber\":\"0x1\",\"from\":\"0x0000000000000000000000000000000000000001\",\"gasUsed\":\"0x1\",\"logs\":[{\"address\":7}]}")]
    [TestCase("{\"transactionHash\":\"0x01\",\"blockNumber\":\"0x1\",\"from\":\"0x0000000000000000000000000000000000000001\",\"gasUsed\":\"0x1\",\"logs\":[{\"address\":\"0x0000000000000000000000000000000000000001\",\"topics\":[\"0xzz\"]}]}")]
    [TestCase("[]")]
    public async Task GetTransactionReceiptAsync_MalformedReceipt_ThrowsTransportError(string receipt)
    {
        var (client, _, http) = Create((_, request) => StubHandler.Result(request, receipt), maxRetries: 0);
        using (http)
        {
            var ex = await Assert.ThrowsAsync<JsonRpcException>(() => client.GetTransactionReceiptAsync("0x01"));
            Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.RpcTransport));
        }
    }

    [TestCase("{\"number\":\"0x1\"}")]
    [TestCase("{\"number\":\"0x1\",\"hash\":\"0x1\",\"parentHash\":\"0x0\",\"timestamp\":\"0xffffffffffffffffff\",\"gasLimit\":\"0x1\",\"gasUsed\":\"0x1\"}")]
    [TestCase("\"0x1\"")]
    public async Task GetBlockByNumberAsync_MalformedBlock_ThrowsTransportError(string block)
    {
        var (client, _, http) = Create((_, request) => StubHandler.Result(request, block), maxRetries: 0);
        using (http)
        {
            var ex = await Assert.ThrowsAsync<JsonRpcException>(() => client.GetBlockByNumberAsync());
            Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.RpcTransport));
        }
    }

    [TestCase("{\"oldestBlock\":\"0x1\",\"gasUsedRatio\":[1e400]}")]
    [TestCase("{\"oldestBlock\":\"0x1\",\"baseFeePerGas\":[7]}")]
    [TestCase("{}")]
    public async Task GetFeeHistoryAsync_MalformedHistory_ThrowsTransportError(string history)
    {
        var (client, _, http) = Create((_, request) => StubHandler.Result(request, history), maxRetries: 0);
        using (http)
        {
            var ex = await Assert.ThrowsAsync<JsonRpcException>(() => client.GetFeeHistoryAsync(1));
            Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.RpcTransport));
        }
    }

    [Test]
    public async Task SendBatchAsync_ElementsThatAreNotObjects_EachReportsAMissingAnswer()
    {
        var (client, _, http) = Create((_, _) => StubHandler.Json("[1, \"x\", null]"), maxRetries: 0);
        using (http)
        {
            var responses = await client.SendBatchAsync([new JsonRpcRequest("eth_chainId"), new JsonRpcRequest("eth_blockNumber")]);
            Assert.That(responses.All(r => r.Error is { ErrorCode: ProtocolErrorCode.RpcTransport }), Is.True);
        }
    }

    [Test]
    public async Task SendBatchAsync_HoldingARawTransaction_IsNotRetried()
    {
        var (client, handler, http) = Create((_, _) => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        using (http)
        {
            await Assert.ThrowsAsync<JsonRpcException>(() => client.SendBatchAsync([new JsonRpcRequest("eth_chainId"), new JsonRpcRequest("eth_sendRawTransaction", "0x01")]));
            Assert.That(handler.Calls, Is.EqualTo(1));
            await Assert.ThrowsAsync<JsonRpcException>(() => client.SendBatchAsync([new JsonRpcRequest("eth_chainId")]));
            Assert.That(handler.Calls, Is.EqualTo(5), "a read-only batch is retried three times");
        }
    }

    [Test]
    public async Task SendAsync_AnswerAboveMaxResponseBytes_ThrowsTransportError()
    {
        var big = "\"0x" + new string('0', 4096) + "1\"";
        var handler = new StubHandler((_, request) => StubHandler.Result(request, big));
        using var http = new HttpClient(handler);
        var client = new EthereumRpcClient(http, Endpoint, new EthereumRpcClientOptions { MaxRetries = 0, MaxResponseBytes = 2048 });
        var ex = await Assert.ThrowsAsync<JsonRpcException>(() => client.GetChainIdAsync());
        Assert.That(ex!.Message, Does.Contain("MaxResponseBytes"));
    }

    [Test]
    public async Task SendRawTransactionAsync_ErrorWithDataButNoRevert_IsNotARevert()
    {
        var (client, _, http) = Create((_, request) => StubHandler.Error(request, -32000, "nonce too low", "0x1234"));
        using (http)
        {
            var ex = await Assert.ThrowsAsync<JsonRpcException>(() => client.SendRawTransactionAsync(new byte[] { 1 }));
            Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.NonceTooLow));
        }
    }

    [Test]
    public async Task SendBatchAsync_AnswersOutOfOrder_MatchesById()
    {
        var (client, handler, http) = Create((_, request) =>
        {
            var ids = request.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToArray();
            var answers = new[]
            {
                $$$"""{"jsonrpc":"2.0","id":{{{ids[2]}}},"error":{"code":-32601,"message":"the method nope does not exist"}}""",
                $$"""{"jsonrpc":"2.0","id":{{ids[1]}},"result":"0x10"}""",
                $$"""{"jsonrpc":"2.0","id":{{ids[0]}},"result":"0x7a69"}""",
            };
            return StubHandler.Json("[" + string.Join(",", answers) + "]");
        });
        using (http)
        {
            var responses = await client.SendBatchAsync(
            [
                new JsonRpcRequest("eth_chainId"),
                new JsonRpcRequest("eth_getBalance", EthAddress.Zero, "latest"),
                new JsonRpcRequest("nope"),
            ]);
            Assert.That(handler.Calls, Is.EqualTo(1));
            Assert.That(responses[0].GetQuantity(), Is.EqualTo(new BigInteger(31337)));
            Assert.That(responses[1].GetQuantity(), Is.EqualTo(new BigInteger(16)));
            Assert.That(responses[2].Error, Is.Not.Null);
            Assert.That(responses[2].Error!.Message, Does.Contain("does not exist"));
            Assert.Throws<JsonRpcException>(() => responses[2].GetResult());
            Assert.That(handler.Bodies[0], Does.Contain("\"0x0000000000000000000000000000000000000000\""));
        }
    }

    [Test]
    public async Task SendAsync_SlowEndpoint_TimesOutWithTransientError()
    {
        var handler = new DelayHandler();
        using var http = new HttpClient(handler);
        var client = new EthereumRpcClient(http, Endpoint, new EthereumRpcClientOptions { MaxRetries = 0, RequestTimeout = TimeSpan.FromMilliseconds(100) });
        var ex = await Assert.ThrowsAsync<JsonRpcException>(() => client.GetChainIdAsync());
        Assert.That(ex!.IsTransient, Is.True);
        Assert.That(ex.Message, Does.Contain("timed out"));
    }

    [Test]
    public void SendAsync_CallerCancels_ThrowsOperationCanceled()
    {
        var handler = new DelayHandler();
        using var http = new HttpClient(handler);
        var client = new EthereumRpcClient(http, Endpoint);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        Assert.That(async () => await client.GetChainIdAsync(cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task WaitForReceiptAsync_TransientFaultsWhilePolling_KeepsWaitingUntilMined()
    {
        var (client, handler, http) = Create((call, request) => call switch
        {
            <= 4 => new HttpResponseMessage(HttpStatusCode.BadGateway),
            5 => StubHandler.Result(request, "null"),
            _ => StubHandler.Result(request, "{\"transactionHash\":\"0x01\",\"blockNumber\":\"0x5\",\"from\":\"0x0000000000000000000000000000000000000001\",\"gasUsed\":\"0x5208\",\"status\":\"0x1\"}"),
        }, maxRetries: 0);
        using (http)
        {
            var receipt = await client.WaitForReceiptAsync("0x01", timeout: TimeSpan.FromSeconds(30), pollInterval: TimeSpan.FromMilliseconds(1));
            Assert.That(receipt.BlockNumber, Is.EqualTo(5UL));
            Assert.That(receipt.Succeeded, Is.True);
            Assert.That(handler.Calls, Is.EqualTo(6));
        }
    }

    [Test]
    public async Task WaitForReceiptAsync_NeverMined_TimesOutWithTheLastFaultInside()
    {
        var (client, _, http) = Create((_, _) => new HttpResponseMessage(HttpStatusCode.BadGateway), maxRetries: 0);
        using (http)
        {
            var ex = await Assert.ThrowsAsync<LivepeerProtocolException>(() => client.WaitForReceiptAsync("0xabc", timeout: TimeSpan.FromMilliseconds(200), pollInterval: TimeSpan.FromMilliseconds(10)));
            Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.TransactionTimeout));
            Assert.That(ex.Message, Does.Contain("0xabc"));
            Assert.That(ex.InnerException, Is.InstanceOf<JsonRpcException>());
        }
    }

    [Test]
    public void Constructor_NonHttpEndpoint_Throws()
    {
        using var http = new HttpClient();
        Assert.Throws<ArgumentException>(() => _ = new EthereumRpcClient(http, new Uri("ws://127.0.0.1:8545")));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new EthereumRpcClient(http, Endpoint, new EthereumRpcClientOptions { MaxRetries = -1 }));
    }

    [Test]
    public void BlockParameter_Formats_AsJsonRpcExpects()
    {
        Assert.That(BlockParameter.Latest.ToString(), Is.EqualTo("latest"));
        Assert.That(default(BlockParameter).ToString(), Is.EqualTo("latest"));
        Assert.That(BlockParameter.Pending.ToString(), Is.EqualTo("pending"));
        Assert.That(BlockParameter.At(255).ToString(), Is.EqualTo("0xff"));
        Assert.That(((BlockParameter)0UL).ToString(), Is.EqualTo("0x0"));
    }

    private sealed class DelayHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}
