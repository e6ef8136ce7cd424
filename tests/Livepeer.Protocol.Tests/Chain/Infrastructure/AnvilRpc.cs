using System.Net.Http.Json;
using System.Text.Json;

namespace Livepeer.Protocol.Tests.Chain.Infrastructure;

/// <summary>
/// The bare JSON-RPC the fixture needs to drive anvil itself (readiness, snapshots). Tests of the SDK
/// use the SDK's own client; this one exists so the fixture does not depend on the code under test.
/// </summary>
internal sealed class AnvilRpc : IDisposable
{
    private readonly HttpClient _http;
    private long _nextId;

    public AnvilRpc(Uri endpoint, TimeSpan timeout)
    {
        _http = new HttpClient { BaseAddress = endpoint, Timeout = timeout };
    }

    /// <summary>Calls <paramref name="method"/> and returns its <c>result</c>; throws <see cref="AnvilRpcException"/> on a JSON-RPC error.</summary>
    public async Task<JsonElement> CallAsync(string method, object?[] parameters, CancellationToken cancellationToken = default)
    {
        var request = new Dictionary<string, object?>
        {
            ["jsonrpc"] = "2.0",
            ["id"] = Interlocked.Increment(ref _nextId),
            ["method"] = method,
            ["params"] = parameters,
        };
        using var response = await _http.PostAsJsonAsync(string.Empty, request, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error))
        {
            var code = error.TryGetProperty("code", out var c) && c.TryGetInt64(out var n) ? n : 0;
            var message = error.TryGetProperty("message", out var m) ? m.GetString() : null;
            throw new AnvilRpcException(method, code, message ?? error.GetRawText());
        }
        if (!root.TryGetProperty("result", out var result))
        {
            throw new AnvilRpcException(method, 0, $"response has neither result nor error: {root.GetRawText()}");
        }
        return result.Clone();
    }

    /// <summary>Calls a method whose result is a hex quantity and returns it as an integer.</summary>
    public async Task<ulong> CallQuantityAsync(string method, object?[] parameters, CancellationToken cancellationToken = default)
    {
        var result = await CallAsync(method, parameters, cancellationToken);
        var text = result.GetString() ?? throw new AnvilRpcException(method, 0, "result is not a string");
        return Convert.ToUInt64(text, 16);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>anvil answered a call with a JSON-RPC error.</summary>
internal sealed class AnvilRpcException(string method, long code, string message)
    : Exception($"anvil {method} failed ({code}): {message}")
{
    public long Code { get; } = code;
}
