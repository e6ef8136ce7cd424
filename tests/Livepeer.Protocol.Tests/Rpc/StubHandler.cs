using System.Net;
using System.Text;
using System.Text.Json;

namespace Livepeer.Protocol.Tests.Rpc;

/// <summary>An HTTP handler that answers from a script, to drive the client's transport and error paths.</summary>
internal sealed class StubHandler(Func<int, JsonDocument, HttpResponseMessage> respond) : HttpMessageHandler
{
    private int _calls;

    public int Calls => _calls;

    public List<string> Bodies { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsStringAsync(cancellationToken);
        lock (Bodies)
        {
            Bodies.Add(body);
        }
        using var document = JsonDocument.Parse(body);
        return respond(Interlocked.Increment(ref _calls), document);
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) => JsonRpcReplies.Json(json, status);

    public static HttpResponseMessage Result(JsonDocument request, string resultJson)
        => JsonRpcReplies.Result(request.RootElement.GetProperty("id").GetInt64(), resultJson);

    public static HttpResponseMessage Error(JsonDocument request, int code, string message, string? data = null)
        => JsonRpcReplies.Error(request.RootElement.GetProperty("id").GetInt64(), code, message, data);
}
