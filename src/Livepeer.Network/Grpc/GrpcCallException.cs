namespace Livepeer.Network;

/// <summary>
/// A gRPC call that ended with a status other than OK: the peer's status and message (go-livepeer's orchestrator
/// answers refusals with <see cref="GrpcStatusCode.Unknown"/> and texts such as
/// <c>Invalid orchestrator request: OrchestratorCapped</c>), a deadline that passed, or a peer that could not be
/// reached. Its <see cref="NetworkException.ErrorCode"/> is <see cref="NetworkErrorCode.Timeout"/> for
/// <see cref="GrpcStatusCode.DeadlineExceeded"/> and <see cref="NetworkErrorCode.RpcFailed"/> otherwise. A server
/// handler of this package throws it to answer with that status and message.
/// </summary>
public sealed class GrpcCallException : NetworkException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The gRPC status.</param>
    /// <param name="detail">The status message, as sent or received in <c>grpc-message</c>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public GrpcCallException(GrpcStatusCode statusCode, string? detail, Exception? innerException = null)
        : base(
            statusCode == GrpcStatusCode.DeadlineExceeded ? NetworkErrorCode.Timeout : NetworkErrorCode.RpcFailed,
            FormatMessage(statusCode, detail),
            IsTransientStatus(statusCode),
            innerException)
    {
        StatusCode = statusCode;
        Detail = detail ?? string.Empty;
    }

    /// <summary>The gRPC status.</summary>
    public GrpcStatusCode StatusCode { get; }

    /// <summary>The status message as sent in <c>grpc-message</c> (decoded), or empty.</summary>
    public string Detail { get; }

    private static bool IsTransientStatus(GrpcStatusCode statusCode)
        => statusCode is GrpcStatusCode.Unavailable or GrpcStatusCode.DeadlineExceeded or GrpcStatusCode.ResourceExhausted;

    private static string FormatMessage(GrpcStatusCode statusCode, string? detail) =>
        string.IsNullOrEmpty(detail) ? $"gRPC status {statusCode}." : $"gRPC status {statusCode}: {detail}";
}
