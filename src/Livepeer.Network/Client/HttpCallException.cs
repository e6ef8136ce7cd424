using System.Net;

namespace Livepeer.Network;

/// <summary>
/// An HTTP request to a node (<c>/segment</c>, <c>/payment</c>, a rendition download) that was answered with a
/// status other than 200. As go-livepeer's gateway does, the error text is the response body with surrounding white
/// space trimmed: an orchestrator writes its reason there (<c>OrchestratorCapped</c>, <c>ErrSegSig</c>,
/// <c>Insufficient balance</c>, a ticket error).
/// </summary>
public sealed class HttpCallException : NetworkException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The HTTP status received.</param>
    /// <param name="detail">The trimmed response text.</param>
    /// <param name="requestUri">The address that answered.</param>
    public HttpCallException(HttpStatusCode statusCode, string? detail, Uri? requestUri = null)
        : base(NetworkErrorCode.HttpFailed, FormatMessage(statusCode, detail, requestUri), IsTransientStatus(statusCode))
    {
        StatusCode = statusCode;
        Detail = detail ?? string.Empty;
        RequestUri = requestUri;
    }

    /// <summary>The HTTP status received.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The response body as text, trimmed (go-livepeer's error string for the failure); empty when there was none.</summary>
    public string Detail { get; }

    /// <summary>The address that answered, when known.</summary>
    public Uri? RequestUri { get; }

    // go-livepeer's orchestrator answers 5xx when it could not process the request at that moment (a failed info
    // refresh, an unavailable worker); 4xx answers refuse the request itself and repeat on a retry.
    private static bool IsTransientStatus(HttpStatusCode statusCode)
        => (int)statusCode >= 500 || statusCode == HttpStatusCode.TooManyRequests;

    private static string FormatMessage(HttpStatusCode statusCode, string? detail, Uri? requestUri)
    {
        var target = requestUri is null ? "The node" : $"{requestUri.GetLeftPart(UriPartial.Path)}";
        return string.IsNullOrEmpty(detail)
            ? $"{target} answered HTTP {(int)statusCode}."
            : $"{target} answered HTTP {(int)statusCode}: {detail}";
    }
}
