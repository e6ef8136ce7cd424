using System.Globalization;
using System.Text.Json;
using Livepeer.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Gateway;

/// <summary>
/// go-livepeer's webhook pool (<c>-orchWebhookUrl</c>): <c>GET</c> of a JSON array of
/// <c>{"address": "https://host:port", "score": n}</c>, fetched at most once per <see cref="RefreshInterval"/>, with the
/// last good list reused when the webhook fails.
/// </summary>
internal sealed class WebhookOrchestratorDiscovery : IOrchestratorDiscovery, IDisposable
{
    public const string SourceName = "webhook";

    /// <summary>go-livepeer's <c>WebhookDiscoveryRefreshInterval</c>.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(1);

    /// <summary>go-livepeer's webhook request timeout.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(3);

    private const int MaxBodyBytes = 4 * 1024 * 1024;

    private readonly Uri _url;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ILogger _logger;
    private readonly CandidateCache _cache;
    private byte[]? _bodyHash;

    public WebhookOrchestratorDiscovery(Uri url, TimeProvider timeProvider, ILogger<WebhookOrchestratorDiscovery>? logger = null, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _url = url;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _cache = new CandidateCache(SourceName, RefreshInterval, timeProvider, _logger);
        _ownsHttp = http is null;
        _http = http ?? new HttpClient(new SocketsHttpHandler { ConnectTimeout = RequestTimeout });
    }

    public string Name => SourceName;

    public ValueTask<IReadOnlyList<OrchestratorCandidate>> GetCandidatesAsync(CancellationToken cancellationToken)
        => _cache.GetAsync(
            RefreshAsync,
            exception => exception is HttpRequestException or JsonException or TaskCanceledException or FormatException,
            exception => new GatewayException(
                GatewayErrorCode.NoOrchestrators,
                $"The orchestrator webhook {ServiceUris.Redact(_url)} failed and no earlier list is cached: {exception.Message}",
                isTransient: true,
                exception),
            cancellationToken);

    private async Task<IReadOnlyList<OrchestratorCandidate>> RefreshAsync(IReadOnlyList<OrchestratorCandidate>? cached, CancellationToken cancellationToken)
    {
        var body = await FetchAsync(cancellationToken).ConfigureAwait(false);
        var hash = Keccak256.Hash(body);
        if (cached is not null && _bodyHash is not null && hash.AsSpan().SequenceEqual(_bodyHash))
        {
            DiscoveryLog.WebhookUnchanged(_logger, ServiceUris.Redact(_url), cached.Count);
            return cached;
        }

        var candidates = Parse(body);
        _bodyHash = hash;
        DiscoveryLog.WebhookUpdated(_logger, ServiceUris.Redact(_url), candidates.Count);
        return candidates;
    }

    private async Task<byte[]> FetchAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        using var response = await _http.GetAsync(_url, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The webhook answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        }

        if (response.Content.Headers.ContentLength is > MaxBodyBytes)
        {
            throw new HttpRequestException($"The webhook's answer is larger than {MaxBodyBytes} bytes.");
        }

        var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        return body.Length > MaxBodyBytes ? throw new HttpRequestException($"The webhook's answer is larger than {MaxBodyBytes} bytes.") : body;
    }

    private List<OrchestratorCandidate> Parse(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("The webhook's answer is not a JSON array.");
        }

        var candidates = new List<OrchestratorCandidate>();
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object)
            {
                DiscoveryLog.EntrySkipped(_logger, SourceName, entry.GetRawText(), "not an object");
                continue;
            }

            var address = entry.TryGetProperty("address", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            if (string.IsNullOrEmpty(address))
            {
                continue;
            }

            if (!ServiceUris.TryParse(address, out var uri, out var reason))
            {
                DiscoveryLog.EntrySkipped(_logger, SourceName, address, reason);
                continue;
            }

            var score = 0d;
            if (entry.TryGetProperty("score", out var s) && s.ValueKind != JsonValueKind.Null)
            {
                if (s.ValueKind != JsonValueKind.Number || !s.TryGetDouble(out score) || !double.IsFinite(score) || score < 0)
                {
                    DiscoveryLog.EntrySkipped(_logger, SourceName, address, string.Create(CultureInfo.InvariantCulture, $"invalid score {s.GetRawText()}"));
                    continue;
                }
            }

            candidates.Add(new OrchestratorCandidate(uri) { Score = score, Source = SourceName });
        }

        return candidates;
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }

        _cache.Dispose();
    }
}
