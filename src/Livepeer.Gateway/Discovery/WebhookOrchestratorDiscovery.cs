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
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyList<OrchestratorCandidate>? _cached;
    private byte[]? _bodyHash;
    private DateTimeOffset _lastAttempt;

    public WebhookOrchestratorDiscovery(Uri url, TimeProvider timeProvider, ILogger<WebhookOrchestratorDiscovery>? logger = null, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _url = url;
        _timeProvider = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient(new SocketsHttpHandler { ConnectTimeout = RequestTimeout });
    }

    public string Name => SourceName;

    public async ValueTask<IReadOnlyList<OrchestratorCandidate>> GetCandidatesAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } fresh)
        {
            return fresh;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh() is { } fetchedMeanwhile)
            {
                return fetchedMeanwhile;
            }

            try
            {
                var body = await FetchAsync(cancellationToken).ConfigureAwait(false);
                _lastAttempt = _timeProvider.GetUtcNow();
                var hash = Keccak256.Hash(body);
                if (_cached is not null && _bodyHash is not null && hash.AsSpan().SequenceEqual(_bodyHash))
                {
                    DiscoveryLog.WebhookUnchanged(_logger, ServiceUris.Redact(_url), _cached.Count);
                    return _cached;
                }

                var candidates = Parse(body);
                _cached = candidates;
                _bodyHash = hash;
                DiscoveryLog.WebhookUpdated(_logger, ServiceUris.Redact(_url), candidates.Count);
                return candidates;
            }
            catch (Exception exception) when (exception is HttpRequestException or JsonException or TaskCanceledException or FormatException
                && !cancellationToken.IsCancellationRequested)
            {
                if (_cached is null)
                {
                    throw new GatewayException(
                        GatewayErrorCode.NoOrchestrators,
                        $"The orchestrator webhook {ServiceUris.Redact(_url)} failed and no earlier list is cached: {exception.Message}",
                        isTransient: true,
                        exception);
                }

                // A failing webhook is asked again only after the interval, as a healthy one is.
                _lastAttempt = _timeProvider.GetUtcNow();
                DiscoveryLog.UsingCachedList(_logger, SourceName, _cached.Count, exception);
                return _cached;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private IReadOnlyList<OrchestratorCandidate>? Fresh()
    {
        var cached = Volatile.Read(ref _cached);
        return cached is not null && _timeProvider.GetUtcNow() - _lastAttempt < RefreshInterval ? cached : null;
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

        _gate.Dispose();
    }
}
