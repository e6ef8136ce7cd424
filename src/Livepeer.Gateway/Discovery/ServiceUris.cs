using System.Diagnostics.CodeAnalysis;

namespace Livepeer.Gateway;

/// <summary>Parsing and comparison of orchestrator service URIs as they appear in lists and on chain.</summary>
internal static class ServiceUris
{
    /// <summary>
    /// Accepts an absolute <c>http</c> or <c>https</c> URI with a host, as go-livepeer's <c>url.ParseRequestURI</c>
    /// followed by a dial would; anything else cannot be dialled.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Uri? uri, out string reason)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            reason = "empty address";
            return false;
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var parsed))
        {
            reason = "not an absolute URI";
            return false;
        }

        if (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
        {
            reason = $"scheme '{parsed.Scheme}' is not http or https";
            return false;
        }

        if (parsed.Host.Length == 0)
        {
            reason = "no host";
            return false;
        }

        uri = parsed;
        reason = string.Empty;
        return true;
    }

    /// <summary>A key under which the same endpoint written with or without a trailing slash, or in another case, is one.</summary>
    public static string Key(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return string.Concat(
            uri.Scheme.ToUpperInvariant(), "://", uri.Host.ToUpperInvariant(), ":",
            uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            uri.AbsolutePath.TrimEnd('/'));
    }

    /// <summary>
    /// The scheme and authority of a configured URL, for logs and messages: a subgraph gateway URL carries its API key in
    /// the path, and webhooks often carry tokens in the query.
    /// </summary>
    public static string Redact(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.IsAbsoluteUri ? $"{uri.Scheme}://{uri.Host}:{uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}/…" : "(relative URL)";
    }

    /// <summary>Whether two URIs name the same endpoint: scheme, host and port equal, paths equal but for a trailing slash.</summary>
    public static bool SameEndpoint(Uri a, Uri b) => string.Equals(Key(a), Key(b), StringComparison.Ordinal);
}
