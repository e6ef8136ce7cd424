using System.Net;
using System.Text;
using System.Text.Json;

using Livepeer.Protocol.Tests.Rpc;

namespace Livepeer.Protocol.Tests.Hosting;

/// <summary>
/// A JSON-RPC endpoint answered per method: a result (raw JSON), a body that is not JSON-RPC at all, or no answer
/// (it waits until the request is cancelled). Methods without a script answer a JSON-RPC error.
/// </summary>
internal sealed class ScriptedRpcHandler : HttpMessageHandler
{
    private readonly Dictionary<string, Func<string>> _results = [];
    private readonly HashSet<string> _hanging = [];
    private readonly HashSet<string> _garbage = [];

    public ScriptedRpcHandler Result(string method, string json)
    {
        _results[method] = () => json;
        return this;
    }

    public ScriptedRpcHandler Hang(string method)
    {
        _hanging.Add(method);
        return this;
    }

    public ScriptedRpcHandler Garbage(string method)
    {
        _garbage.Add(method);
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
        var id = body.RootElement.GetProperty("id").GetRawText();
        var method = body.RootElement.GetProperty("method").GetString()!;
        if (_hanging.Contains(method))
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        if (_garbage.Contains(method))
        {
            return Respond("<html><body>502 Bad Gateway, but with status 200</body></html>");
        }
        return _results.TryGetValue(method, out var result)
            ? Respond($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":{result()}}}")
            : Respond($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"error\":{{\"code\":-32601,\"message\":\"method {method} not scripted\"}}}}");
    }

    private static HttpResponseMessage Respond(string body) => JsonRpcReplies.Json(body);
}
