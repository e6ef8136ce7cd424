using System.Globalization;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using Livepeer.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Gateway;

/// <summary>
/// Active orchestrators and their service URIs read from a Livepeer subgraph (The Graph): a GraphQL <c>POST</c> of
/// <c>transcoders(where: {active: true}) { id serviceURI totalStake active }</c>, paged by <c>first</c>/<c>skip</c>.
/// Untrusted (score 0) with the transcoder's address and stake. The subgraph indexes only the transcoding
/// ServiceRegistry, not the AI one. Cached for <see cref="RefreshInterval"/>; a failed refresh keeps the last list.
/// </summary>
internal sealed class SubgraphOrchestratorDiscovery : IOrchestratorDiscovery, IDisposable
{
    public const string SourceName = "subgraph";

    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The Graph's largest page.</summary>
    public const int PageSize = 1000;

    private const int MaxPages = 5;

    private const string Query = """
        query ActiveOrchestrators($first: Int!, $skip: Int!) {
          transcoders(first: $first, skip: $skip, where: { active: true }, orderBy: totalStake, orderDirection: desc) {
            id
            serviceURI
            totalStake
            active
          }
        }
        """;

    private static readonly BigInteger LptBaseUnits = BigInteger.Pow(10, 18);

    private readonly Uri _url;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ILogger _logger;
    private readonly CandidateCache _cache;

    public SubgraphOrchestratorDiscovery(Uri url, TimeProvider timeProvider, ILogger<SubgraphOrchestratorDiscovery>? logger = null, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _url = url;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _cache = new CandidateCache(SourceName, RefreshInterval, timeProvider, _logger);
        _ownsHttp = http is null;
        _http = http ?? new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(3) });
    }

    public string Name => SourceName;

    public ValueTask<IReadOnlyList<OrchestratorCandidate>> GetCandidatesAsync(CancellationToken cancellationToken)
        => _cache.GetAsync(
            async (_, token) =>
            {
                var candidates = await QueryAllAsync(token).ConfigureAwait(false);
                DiscoveryLog.SubgraphListed(_logger, ServiceUris.Redact(_url), candidates.Count);
                return candidates;
            },
            exception => exception is HttpRequestException or JsonException or TaskCanceledException,
            exception => new GatewayException(
                GatewayErrorCode.NoOrchestrators,
                $"The subgraph {ServiceUris.Redact(_url)} failed and no earlier list is cached: {exception.Message}",
                isTransient: true,
                exception),
            cancellationToken);

    private async Task<List<OrchestratorCandidate>> QueryAllAsync(CancellationToken cancellationToken)
    {
        var candidates = new List<OrchestratorCandidate>();
        for (var page = 0; page < MaxPages; page++)
        {
            var count = await QueryPageAsync(page * PageSize, candidates, cancellationToken).ConfigureAwait(false);
            if (count < PageSize)
            {
                break;
            }
        }

        return candidates;
    }

    private async Task<int> QueryPageAsync(int skip, List<OrchestratorCandidate> candidates, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        var request = new Dictionary<string, object>
        {
            ["query"] = Query,
            ["variables"] = new Dictionary<string, int> { ["first"] = PageSize, ["skip"] = skip },
        };
        using var response = await _http.PostAsJsonAsync(_url, request, timeout.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The subgraph answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        }

        var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
        {
            var first = errors[0];
            var message = first.ValueKind == JsonValueKind.Object && first.TryGetProperty("message", out var m) ? m.GetString() : first.GetRawText();
            throw new HttpRequestException($"The subgraph answered a GraphQL error: {message}");
        }

        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("transcoders", out var transcoders) || transcoders.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("The subgraph's answer has no data.transcoders array.");
        }

        foreach (var transcoder in transcoders.EnumerateArray())
        {
            Add(transcoder, candidates);
        }

        return transcoders.GetArrayLength();
    }

    private void Add(JsonElement transcoder, List<OrchestratorCandidate> candidates)
    {
        if (transcoder.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var id = StringProperty(transcoder, "id");
        var published = StringProperty(transcoder, "serviceURI");
        if (transcoder.TryGetProperty("active", out var active) && active.ValueKind == JsonValueKind.False)
        {
            return;
        }

        if (string.IsNullOrEmpty(published))
        {
            return;
        }

        if (!ServiceUris.TryParse(published, out var uri, out var reason))
        {
            DiscoveryLog.EntrySkipped(_logger, SourceName, published, $"{reason} (published by {id})");
            return;
        }

        EthAddress? address = EthAddress.TryParse(id, out var parsed) ? parsed : null;
        candidates.Add(new OrchestratorCandidate(uri)
        {
            Score = 0,
            RegisteredAddress = address,
            Stake = ParseLpt(StringProperty(transcoder, "totalStake")),
            Source = SourceName,
        });
    }

    private static string? StringProperty(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The subgraph stores stake as a BigDecimal in LPT; candidates carry base units (10^-18 LPT).</summary>
    internal static BigInteger? ParseLpt(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = text.Trim().Split('.');
        if (parts.Length > 2 || parts[0].Length == 0 || !parts.All(p => p.All(char.IsAsciiDigit)))
        {
            return null;
        }

        var whole = BigInteger.Parse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture);
        var fraction = parts.Length == 2 ? parts[1] : string.Empty;
        fraction = fraction.Length > 18 ? fraction[..18] : fraction.PadRight(18, '0');
        return (whole * LptBaseUnits) + BigInteger.Parse(fraction, NumberStyles.None, CultureInfo.InvariantCulture);
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
