using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Numerics;
using System.Text.Json;
using Livepeer.Protocol.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace Livepeer.Protocol;

/// <summary>
/// An Ethereum JSON-RPC client over <see cref="HttpClient"/>. Give it a client from <c>IHttpClientFactory</c>,
/// or use <see cref="Create"/>. Transient faults on reads are retried; a raw transaction is sent once.
/// Errors become <see cref="JsonRpcException"/>s, and reverts <see cref="ContractRevertException"/>s with the
/// decoded reason.
/// </summary>
public sealed class EthereumRpcClient : IDisposable
{
    private const string JsonMediaType = "application/json";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly EthereumRpcClientOptions _options;
    private readonly ResiliencePipeline _retry;
    private readonly ILogger _logger;
    private readonly Func<byte[], ContractRevertException> _decodeRevert;
    private long _nextId;

    /// <summary>Creates a client that sends through <paramref name="httpClient"/>, which it does not dispose.</summary>
    public EthereumRpcClient(HttpClient httpClient, Uri endpoint, EthereumRpcClientOptions? options = null, ILoggerFactory? loggerFactory = null)
        : this(httpClient, ownsHttp: false, endpoint, options, loggerFactory)
    {
    }

    private EthereumRpcClient(HttpClient httpClient, bool ownsHttp, Uri endpoint, EthereumRpcClientOptions? options, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The JSON-RPC endpoint must be an absolute http or https URI, not a {(endpoint.IsAbsoluteUri ? endpoint.Scheme + " URI" : "relative URI")}.", nameof(endpoint));
        }
        _options = options ?? new EthereumRpcClientOptions();
        _options.Validate();
        _http = httpClient;
        _ownsHttp = ownsHttp;
        Endpoint = endpoint;
        _logger = loggerFactory?.CreateLogger<EthereumRpcClient>() ?? NullLogger<EthereumRpcClient>.Instance;
        _decodeRevert = _options.RevertDecoder ?? (data => RevertDecoder.Decode(data));
        _retry = BuildRetryPipeline();
    }

    /// <summary>Creates a client with its own connection pool, disposed with the client.</summary>
    public static EthereumRpcClient Create(Uri endpoint, EthereumRpcClientOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        return new EthereumRpcClient(new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }, ownsHttp: true, endpoint, options, loggerFactory);
    }

    /// <summary>The JSON-RPC endpoint.</summary>
    public Uri Endpoint { get; }

    /// <summary><c>eth_chainId</c>.</summary>
    public async Task<ulong> GetChainIdAsync(CancellationToken cancellationToken = default)
        => RpcQuantity.ParseULong(RpcJson.AsString(await SendAsync("eth_chainId", [], cancellationToken).ConfigureAwait(false)), "chain id");

    /// <summary><c>eth_blockNumber</c>.</summary>
    public async Task<ulong> GetBlockNumberAsync(CancellationToken cancellationToken = default)
        => RpcQuantity.ParseULong(RpcJson.AsString(await SendAsync("eth_blockNumber", [], cancellationToken).ConfigureAwait(false)), "block number");

    /// <summary><c>eth_getBalance</c>.</summary>
    public async Task<Wei> GetBalanceAsync(EthAddress account, BlockParameter block = default, CancellationToken cancellationToken = default)
        => new(RpcQuantity.ParseBig(RpcJson.AsString(await SendAsync("eth_getBalance", [account.ToLowerHex(), block.ToString()], cancellationToken).ConfigureAwait(false)), "balance"));

    /// <summary><c>eth_getTransactionCount</c>: the account's nonce at <paramref name="block"/>.</summary>
    public async Task<ulong> GetTransactionCountAsync(EthAddress account, BlockParameter block = default, CancellationToken cancellationToken = default)
        => RpcQuantity.ParseULong(RpcJson.AsString(await SendAsync("eth_getTransactionCount", [account.ToLowerHex(), block.ToString()], cancellationToken).ConfigureAwait(false)), "transaction count");

    /// <summary><c>eth_getCode</c>: the runtime bytecode at an address (empty for an account without code).</summary>
    public async Task<byte[]> GetCodeAsync(EthAddress account, BlockParameter block = default, CancellationToken cancellationToken = default)
        => RpcQuantity.ParseData(RpcJson.AsString(await SendAsync("eth_getCode", [account.ToLowerHex(), block.ToString()], cancellationToken).ConfigureAwait(false)), "code");

    /// <summary><c>eth_call</c>. A revert throws <see cref="ContractRevertException"/> with the decoded reason.</summary>
    public async Task<byte[]> CallAsync(CallRequest call, BlockParameter block = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        var result = await SendAsync("eth_call", [ToJson(call), block.ToString()], cancellationToken).ConfigureAwait(false);
        return RpcQuantity.ParseData(RpcJson.AsString(result), "call result");
    }

    /// <summary><c>eth_estimateGas</c>. A revert throws <see cref="ContractRevertException"/> with the decoded reason.</summary>
    public async Task<ulong> EstimateGasAsync(CallRequest call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        var result = await SendAsync("eth_estimateGas", [ToJson(call)], cancellationToken).ConfigureAwait(false);
        return RpcQuantity.ParseULong(RpcJson.AsString(result), "gas estimate");
    }

    /// <summary><c>eth_gasPrice</c>.</summary>
    public async Task<Wei> GetGasPriceAsync(CancellationToken cancellationToken = default)
        => new(RpcQuantity.ParseBig(RpcJson.AsString(await SendAsync("eth_gasPrice", [], cancellationToken).ConfigureAwait(false)), "gas price"));

    /// <summary><c>eth_maxPriorityFeePerGas</c>.</summary>
    public async Task<Wei> GetMaxPriorityFeePerGasAsync(CancellationToken cancellationToken = default)
        => new(RpcQuantity.ParseBig(RpcJson.AsString(await SendAsync("eth_maxPriorityFeePerGas", [], cancellationToken).ConfigureAwait(false)), "priority fee"));

    /// <summary><c>eth_feeHistory</c> for <paramref name="blockCount"/> blocks up to <paramref name="newestBlock"/>.</summary>
    public async Task<FeeHistory> GetFeeHistoryAsync(int blockCount, BlockParameter newestBlock = default, IReadOnlyList<double>? rewardPercentiles = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockCount, 1024);
        var percentiles = (rewardPercentiles ?? []).Select(p => (object?)p).ToArray();
        var result = await SendAsync("eth_feeHistory", [RpcQuantity.Format((ulong)blockCount), newestBlock.ToString(), percentiles], cancellationToken).ConfigureAwait(false);
        return RpcJson.ReadFeeHistory(result);
    }

    /// <summary>
    /// <c>eth_sendRawTransaction</c>: sends a signed transaction once, never retried. Returns the node's
    /// transaction hash.
    /// </summary>
    public async Task<string> SendRawTransactionAsync(ReadOnlyMemory<byte> signedTransaction, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync("eth_sendRawTransaction", [Hex.Encode(signedTransaction.Span)], retry: false, cancellationToken).ConfigureAwait(false);
        return RpcJson.AsString(result) ?? throw new JsonRpcException(ProtocolErrorCode.RpcTransport, "eth_sendRawTransaction returned no hash.", method: "eth_sendRawTransaction");
    }

    /// <summary><c>eth_getTransactionReceipt</c>; null while the transaction is not mined.</summary>
    public async Task<TransactionReceipt?> GetTransactionReceiptAsync(string transactionHash, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(transactionHash);
        var result = await SendAsync("eth_getTransactionReceipt", [transactionHash], cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : RpcJson.ReadReceipt(result);
    }

    /// <summary><c>eth_getLogs</c>.</summary>
    public async Task<IReadOnlyList<LogEntry>> GetLogsAsync(LogFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var result = await SendAsync("eth_getLogs", [ToJson(filter)], cancellationToken).ConfigureAwait(false);
        return RpcJson.ReadLogs(result);
    }

    /// <summary><c>eth_getBlockByNumber</c> (transaction hashes only); null when there is no such block.</summary>
    public async Task<BlockHeader?> GetBlockByNumberAsync(BlockParameter block = default, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync("eth_getBlockByNumber", [block.ToString(), false], cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : RpcJson.ReadBlock(result);
    }

    /// <summary>
    /// Polls until the transaction has a receipt with at least <paramref name="confirmations"/> confirmations
    /// (1 = mined), or <paramref name="timeout"/> passes. Transient RPC failures are polled through until then.
    /// Returns the receipt whatever its status.
    /// </summary>
    /// <exception cref="LivepeerProtocolException">With <see cref="ProtocolErrorCode.TransactionTimeout"/> when the time runs out.</exception>
    public async Task<TransactionReceipt> WaitForReceiptAsync(
        string transactionHash,
        int confirmations = 1,
        TimeSpan? timeout = null,
        TimeSpan? pollInterval = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(transactionHash);
        ArgumentOutOfRangeException.ThrowIfLessThan(confirmations, 1);
        var time = _options.TimeProvider;
        var limit = timeout ?? TimeSpan.FromMinutes(5);
        var interval = pollInterval ?? TimeSpan.FromSeconds(1);
        using var deadline = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        TransactionReceipt? receipt = null;
        LivepeerProtocolException? lastFault = null;
        try
        {
            while (true)
            {
                try
                {
                    receipt = await GetTransactionReceiptAsync(transactionHash, linked.Token).ConfigureAwait(false);
                    if (receipt is not null && await IsConfirmedAsync(receipt, transactionHash, confirmations, linked.Token).ConfigureAwait(false))
                    {
                        return receipt;
                    }
                }
                catch (LivepeerProtocolException ex) when (ex.IsTransient)
                {
                    lastFault = ex;
                }
                await Task.Delay(interval, time, linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new LivepeerProtocolException(
                ProtocolErrorCode.TransactionTimeout,
                receipt is null
                    ? $"Transaction {transactionHash} was not mined within {limit}."
                    : $"Transaction {transactionHash} was mined in block {receipt.BlockNumber} but did not reach {confirmations} confirmations within {limit}.",
                isTransient: true,
                innerException: lastFault);
        }
    }

    private async Task<bool> IsConfirmedAsync(TransactionReceipt receipt, string transactionHash, int confirmations, CancellationToken cancellationToken)
    {
        if (confirmations == 1)
        {
            return true;
        }
        var head = await GetBlockNumberAsync(cancellationToken).ConfigureAwait(false);
        if (head < receipt.BlockNumber || head - receipt.BlockNumber + 1 < (ulong)confirmations)
        {
            return false;
        }
        // A reorganisation may have moved the transaction to another block meanwhile.
        var again = await GetTransactionReceiptAsync(transactionHash, cancellationToken).ConfigureAwait(false);
        return again is not null && again.BlockHash == receipt.BlockHash;
    }

    /// <summary>Sends any method with positional parameters and returns the raw result. Reads are retried on transient faults.</summary>
    public Task<JsonElement> SendAsync(string method, IReadOnlyList<object?> parameters, CancellationToken cancellationToken = default)
        => SendAsync(method, parameters, retry: true, cancellationToken);

    /// <summary>
    /// Sends several calls in one JSON-RPC batch. Each response carries its own result or error; a transport
    /// failure throws. The batch is retried as a whole on transient faults unless it holds
    /// <c>eth_sendRawTransaction</c>.
    /// </summary>
    public async Task<IReadOnlyList<JsonRpcResponse>> SendBatchAsync(IReadOnlyList<JsonRpcRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            return [];
        }
        var firstId = Interlocked.Add(ref _nextId, requests.Count) - requests.Count + 1;
        var body = WriteBody(w =>
        {
            w.WriteStartArray();
            for (var i = 0; i < requests.Count; i++)
            {
                WriteRequest(w, firstId + i, requests[i].Method, requests[i].Parameters);
            }
            w.WriteEndArray();
        });
        var retry = requests.All(r => r.Method != "eth_sendRawTransaction");
        using var document = await PostAsync(body, "batch", retry, cancellationToken).ConfigureAwait(false);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw ErrorFromSingle(document.RootElement, "batch");
        }
        var responses = new JsonRpcResponse?[requests.Count];
        foreach (var element in document.RootElement.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.Number || !idElement.TryGetInt64(out var id))
            {
                continue;
            }
            var index = id - firstId;
            if (index < 0 || index >= requests.Count)
            {
                continue;
            }
            var method = requests[(int)index].Method;
            responses[index] = element.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null
                ? new JsonRpcResponse(method, default, MapError(error, method))
                : new JsonRpcResponse(method, element.TryGetProperty("result", out var result) ? result.Clone() : default, null);
        }
        for (var i = 0; i < responses.Length; i++)
        {
            responses[i] ??= new JsonRpcResponse(requests[i].Method, default, new JsonRpcException(ProtocolErrorCode.RpcTransport, $"The batch response has no answer for {requests[i].Method}.", method: requests[i].Method));
        }
        return responses!;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task<JsonElement> SendAsync(string method, IReadOnlyList<object?> parameters, bool retry, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        var id = Interlocked.Increment(ref _nextId);
        var body = WriteBody(w => WriteRequest(w, id, method, parameters));
        using var document = await PostAsync(body, method, retry, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonRpcException(ProtocolErrorCode.RpcTransport, $"The JSON-RPC endpoint answered {method} with a {root.ValueKind}, not an object.", method: method);
        }
        if (root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
        {
            throw MapError(error, method);
        }
        if (!root.TryGetProperty("result", out var result))
        {
            throw new JsonRpcException(ProtocolErrorCode.RpcTransport, $"The JSON-RPC answer to {method} has neither a result nor an error.", method: method);
        }
        return result.Clone();
    }

    private async Task<JsonDocument> PostAsync(byte[] body, string method, bool retry, CancellationToken cancellationToken)
    {
        if (!retry)
        {
            return await PostOnceAsync(body, method, cancellationToken).ConfigureAwait(false);
        }
        return await _retry.ExecuteAsync(
            static (state, ct) => new ValueTask<JsonDocument>(state.self.PostOnceAsync(state.body, state.method, ct)),
            (self: this, body, method),
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<JsonDocument> PostOnceAsync(byte[] body, string method, CancellationToken cancellationToken)
    {
        using var activity = ProtocolTelemetry.ActivitySource.StartActivity("JSON-RPC " + method, ActivityKind.Client);
        activity?.SetTag("rpc.system", "jsonrpc");
        activity?.SetTag("rpc.method", method);
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(JsonMediaType);
            using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = content };
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var status = response.StatusCode;
            if (status == HttpStatusCode.TooManyRequests || (int)status >= 500)
            {
                throw new JsonRpcException(ProtocolErrorCode.RpcTransport, $"The JSON-RPC endpoint answered {method} with HTTP {(int)status}.", method: method, isTransient: true);
            }
            var answer = await ReadBodyAsync(response, method, timeout.Token).ConfigureAwait(false);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(answer);
            }
            catch (JsonException ex)
            {
                throw new JsonRpcException(ProtocolErrorCode.RpcTransport, $"The JSON-RPC endpoint answered {method} with HTTP {(int)status} and a body that is not JSON.", method: method, innerException: ex);
            }
            outcome = "ok";
            return document;
        }
        // SocketsHttpHandler usually wraps socket failures, but a connection that drops while it is being set up or
        // torn down can surface a bare SocketException; it is the same transient transport failure.
        catch (Exception ex) when (ex is HttpRequestException or IOException or System.Net.Sockets.SocketException)
        {
            throw new JsonRpcException(ProtocolErrorCode.RpcTransport, $"The JSON-RPC endpoint could not be reached for {method}: {ex.Message}", method: method, isTransient: true, innerException: ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new JsonRpcException(ProtocolErrorCode.RpcTransport, $"The JSON-RPC request {method} timed out after {_options.RequestTimeout}.", method: method, isTransient: true, innerException: ex);
        }
        finally
        {
            var tags = new TagList { { "rpc.method", method }, { "outcome", outcome } };
            ProtocolTelemetry.RpcRequests.Add(1, tags);
            ProtocolTelemetry.RpcDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpResponseMessage response, string method, CancellationToken cancellationToken)
    {
        var limit = _options.MaxResponseBytes;
        if (response.Content.Headers.ContentLength > limit)
        {
            throw TooLarge(method, limit);
        }
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var streamScope = stream.ConfigureAwait(false);
        var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw TooLarge(method, limit);
                }
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static JsonRpcException TooLarge(string method, int limit)
        => new(ProtocolErrorCode.RpcTransport, $"The JSON-RPC answer to {method} is larger than MaxResponseBytes ({limit} bytes).", method: method);

    private ResiliencePipeline BuildRetryPipeline()
    {
        if (_options.MaxRetries == 0)
        {
            return ResiliencePipeline.Empty;
        }
        return new ResiliencePipelineBuilder { TimeProvider = _options.TimeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _options.MaxRetries,
                Delay = _options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<LivepeerProtocolException>(e => e.IsTransient),
                OnRetry = args =>
                {
                    Log.RpcRetry(_logger, (args.Outcome.Exception as JsonRpcException)?.Method ?? "request", args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception);
                    return default;
                },
            })
            .Build();
    }

    private LivepeerProtocolException ErrorFromSingle(JsonElement root, string method)
        => root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error)
            ? MapError(error, method)
            : new JsonRpcException(ProtocolErrorCode.RpcTransport, $"The JSON-RPC endpoint answered the {method} with a {root.ValueKind}.", method: method);

    private LivepeerProtocolException MapError(JsonElement error, string method)
    {
        if (error.ValueKind != JsonValueKind.Object)
        {
            return new JsonRpcException(ProtocolErrorCode.RpcError, $"{method} failed: {error.GetRawText()}.", method: method);
        }
        var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var ci) ? ci : (int?)null;
        var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? string.Empty : string.Empty;
        var revertData = FindRevertData(error);
        if (code == 3 || message.Contains("revert", StringComparison.OrdinalIgnoreCase))
        {
            var data = revertData ?? [];
            var decoded = _decodeRevert(data);
            if (decoded.Kind == RevertKind.Empty && message.Length > 0)
            {
                // Some nodes put the reason only in the message.
                return new ContractRevertException(RevertKind.Empty, $"{method}: {message}", data, innerException: null);
            }
            return decoded;
        }
        var lower = message.ToLowerInvariant();
        var (errorCode, transient) = lower switch
        {
            _ when lower.Contains("nonce too low", StringComparison.Ordinal) || lower.Contains("nonce has already been used", StringComparison.Ordinal) => (ProtocolErrorCode.NonceTooLow, false),
            _ when lower.Contains("insufficient funds", StringComparison.Ordinal) => (ProtocolErrorCode.InsufficientFunds, false),
            _ when lower.Contains("underpriced", StringComparison.Ordinal) => (ProtocolErrorCode.ReplacementUnderpriced, false),
            _ when code == -32005 || lower.Contains("rate limit", StringComparison.Ordinal) => (ProtocolErrorCode.RpcError, true),
            _ => (ProtocolErrorCode.RpcError, false),
        };
        return new JsonRpcException(errorCode, $"{method} failed: {message} (code {code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}).", code, method, transient);
    }

    private static byte[]? FindRevertData(JsonElement error)
    {
        if (!error.TryGetProperty("data", out var data))
        {
            return null;
        }
        var text = data.ValueKind switch
        {
            JsonValueKind.String => data.GetString(),
            JsonValueKind.Object when data.TryGetProperty("data", out var inner) && inner.ValueKind == JsonValueKind.String => inner.GetString(),
            _ => null,
        };
        return text is not null && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && Hex.TryDecode(text, out var bytes) ? bytes : null;
    }

    private static byte[] WriteBody(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteRequest(Utf8JsonWriter writer, long id, string method, IReadOnlyList<object?> parameters)
    {
        writer.WriteStartObject();
        writer.WriteString("jsonrpc", "2.0");
        writer.WriteNumber("id", id);
        writer.WriteString("method", method);
        writer.WritePropertyName("params");
        writer.WriteStartArray();
        foreach (var parameter in parameters)
        {
            RpcJson.WriteValue(writer, parameter);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static Dictionary<string, object?> ToJson(CallRequest call)
    {
        var json = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (call.From is { } from)
        {
            json["from"] = from.ToLowerHex();
        }
        if (call.To is { } to)
        {
            json["to"] = to.ToLowerHex();
        }
        if (!call.Data.IsEmpty)
        {
            json["data"] = Hex.Encode(call.Data.Span);
        }
        if (call.Value is { } value)
        {
            json["value"] = RpcQuantity.Format(value.Value);
        }
        if (call.Gas is { } gas)
        {
            json["gas"] = RpcQuantity.Format(gas);
        }
        return json;
    }

    private static Dictionary<string, object?> ToJson(LogFilter filter)
    {
        var json = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["fromBlock"] = filter.FromBlock.ToString(),
            ["toBlock"] = filter.ToBlock.ToString(),
        };
        if (filter.Addresses.Count > 0)
        {
            json["address"] = filter.Addresses.Select(a => (object?)a.ToLowerHex()).ToArray();
        }
        if (filter.Topics.Count > 0)
        {
            json["topics"] = filter.Topics
                .Select(t => t is null ? null : (object?)t.Select(topic => (object?)Hex.Encode(topic)).ToArray())
                .ToArray();
        }
        return json;
    }
}
