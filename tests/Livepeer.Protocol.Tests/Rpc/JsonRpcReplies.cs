using System.Net;
using System.Text;
using System.Text.Json;

namespace Livepeer.Protocol.Tests.Rpc;

/// <summary>The HTTP answers the scripted JSON-RPC nodes of the tests send back.</summary>
internal static class JsonRpcReplies
{
    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK)
        => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Result(long id, string resultJson)
        => Json($$"""{"jsonrpc":"2.0","id":{{id}},"result":{{resultJson}}}""");

    public static HttpResponseMessage Error(long id, int code, string message, string? data = null)
    {
        var error = new Dictionary<string, object> { ["code"] = code, ["message"] = message };
        if (data is not null)
        {
            error["data"] = data;
        }
        return Json(JsonSerializer.Serialize(new Dictionary<string, object> { ["jsonrpc"] = "2.0", ["id"] = id, ["error"] = error }));
    }
}
