using System.Numerics;
using System.Text.Json;

namespace Livepeer.Protocol;

/// <summary>
/// One JSON-RPC call for <see cref="EthereumRpcClient.SendBatchAsync"/>. Parameters may be strings, booleans,
/// integers, <see cref="JsonElement"/>s, lists and string-keyed dictionaries of those, or null.
/// </summary>
/// <param name="Method">The method name, e.g. <c>eth_getBalance</c>.</param>
/// <param name="Parameters">The positional parameters.</param>
public sealed record JsonRpcRequest(string Method, params object?[] Parameters);

/// <summary>The answer to one call of a batch: a result, or an error.</summary>
public sealed class JsonRpcResponse
{
    internal JsonRpcResponse(string method, JsonElement result, LivepeerProtocolException? error)
    {
        Method = method;
        RawResult = result;
        Error = error;
    }

    /// <summary>The method that was called.</summary>
    public string Method { get; }

    /// <summary>The error, when the call failed.</summary>
    public LivepeerProtocolException? Error { get; }

    /// <summary>The raw result (undefined when the call failed).</summary>
    public JsonElement RawResult { get; }

    /// <summary>The result; throws the call's error when it failed.</summary>
    public JsonElement GetResult() => Error is null ? RawResult : throw Error;

    /// <summary>The result read as a hex quantity.</summary>
    public BigInteger GetQuantity() => RpcQuantity.ParseBig(RpcJson.AsString(GetResult()), Method + " result");

    /// <summary>The result read as hex data.</summary>
    public byte[] GetData() => RpcQuantity.ParseData(RpcJson.AsString(GetResult()), Method + " result");
}
