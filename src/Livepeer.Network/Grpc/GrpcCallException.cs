namespace Livepeer.Network;

/// <summary>
/// A gRPC call that ended with a status other than OK. The client throws it when the peer (or the transport)
/// reports a failure; a server handler throws it to answer with that status and message.
/// </summary>
internal sealed class GrpcCallException : Exception
{
    public GrpcCallException(GrpcStatusCode statusCode, string? detail, Exception? innerException = null)
        : base(FormatMessage(statusCode, detail), innerException)
    {
        StatusCode = statusCode;
        Detail = detail ?? string.Empty;
    }

    /// <summary>The gRPC status.</summary>
    public GrpcStatusCode StatusCode { get; }

    /// <summary>The status message as sent in <c>grpc-message</c> (decoded), or empty.</summary>
    public string Detail { get; }

    /// <summary>Whether trying the same call again (later, or at another peer) can succeed.</summary>
    public bool IsTransient => StatusCode is GrpcStatusCode.Unavailable or GrpcStatusCode.DeadlineExceeded or GrpcStatusCode.ResourceExhausted;

    private static string FormatMessage(GrpcStatusCode statusCode, string? detail) =>
        string.IsNullOrEmpty(detail) ? $"gRPC status {statusCode}." : $"gRPC status {statusCode}: {detail}";
}
