using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Livepeer.Payments;
using Livepeer.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Livepeer.Orchestrator;

/// <summary>
/// go-livepeer's discovery auth webhook (<c>-authWebhookUrl</c> on an orchestrator): POST <c>{"id":"&lt;EIP-55&gt;"}</c>;
/// a non-200 answer refuses the gateway with <c>authentication failed: &lt;body&gt;</c>; a 200 answer may carry
/// <c>priceInfo</c>, which becomes that gateway's base price. Accepted answers are cached for 30 minutes.
/// </summary>
internal sealed class DiscoveryAuthWebhook : IDisposable
{
    /// <summary>How long an accepted answer (and its price) is reused.</summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromMinutes(30);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(8);
    private const int MaxBodyBytes = 64 * 1024;

    private readonly Uri? _url;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<EthAddress, Accepted> _cache = new();
    private readonly Lazy<HttpClient> _client = new(() => new HttpClient { Timeout = Timeout });

    public DiscoveryAuthWebhook(IOptions<LivepeerOrchestratorOptions> options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        _url = options.Value.AuthWebhookUrl;
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("Livepeer.Orchestrator.Core");
    }

    public bool IsEnabled => _url is not null;

    /// <summary>The price the webhook set for <paramref name="gateway"/>, while its answer is cached.</summary>
    public PixelPrice? CachedPrice(EthAddress gateway)
        => _cache.TryGetValue(gateway, out var accepted) && accepted.Expires > _time.GetUtcNow() ? accepted.Price : null;

    /// <summary>Asks the webhook about <paramref name="gateway"/>; null when accepted, else the error text for the caller.</summary>
    public async Task<string?> AuthorizeAsync(EthAddress gateway, CancellationToken cancellationToken)
    {
        if (_url is null || (_cache.TryGetValue(gateway, out var cached) && cached.Expires > _time.GetUtcNow()))
        {
            return null;
        }

        string body;
        HttpStatusCode status;
        try
        {
            using var response = await _client.Value.PostAsJsonAsync(_url, new WebhookRequest(gateway.ToString()), cancellationToken).ConfigureAwait(false);
            status = response.StatusCode;
            body = await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            OrchestratorCoreLog.WebhookFailed(_logger, gateway.ToString(), ex);
            return $"authentication failed: {ex.Message}";
        }

        if (status != HttpStatusCode.OK)
        {
            return $"authentication failed: {body}";
        }

        _cache[gateway] = new Accepted(_time.GetUtcNow() + CacheDuration, ParsePrice(body));
        return null;
    }

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }

    private static PixelPrice? ParsePrice(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            var answer = JsonSerializer.Deserialize<WebhookAnswer>(body);
            return answer?.PriceInfo is { PixelsPerUnit: > 0, PricePerUnit: >= 0 } price
                ? new PixelPrice(price.PricePerUnit, price.PixelsPerUnit)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<string> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxBodyBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
        }
    }

    private sealed record Accepted(DateTimeOffset Expires, PixelPrice? Price);

    private sealed record WebhookRequest([property: JsonPropertyName("id")] string Id);

    private sealed record WebhookAnswer([property: JsonPropertyName("priceInfo")] WebhookPrice? PriceInfo);

    private sealed record WebhookPrice(
        [property: JsonPropertyName("pricePerUnit")] long PricePerUnit,
        [property: JsonPropertyName("pixelsPerUnit")] long PixelsPerUnit);
}
