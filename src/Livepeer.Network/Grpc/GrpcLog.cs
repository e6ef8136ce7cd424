using Microsoft.Extensions.Logging;

namespace Livepeer.Network;

/// <summary>Log messages of the gRPC transport; event ids 3100–3199.</summary>
internal static partial class GrpcLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "gRPC call {Method} to {Address} failed with {StatusCode}: {Detail}")]
    public static partial void CallFailed(ILogger logger, string method, Uri address, GrpcStatusCode statusCode, string detail);

    [LoggerMessage(EventId = 3110, Level = LogLevel.Error, Message = "gRPC handler for {Method} threw; the caller gets Internal.")]
    public static partial void HandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Debug, Message = "gRPC call {Method} ended with {StatusCode}: {Detail}")]
    public static partial void ServerCallFailed(ILogger logger, string method, GrpcStatusCode statusCode, string detail);

    [LoggerMessage(EventId = 3112, Level = LogLevel.Debug, Message = "gRPC call {Method} was cancelled by the caller.")]
    public static partial void ServerCallCancelled(ILogger logger, string method);

    [LoggerMessage(EventId = 3113, Level = LogLevel.Debug, Message = "Refused a request to gRPC method {Method}: {Reason}")]
    public static partial void ServerRequestRefused(ILogger logger, string method, string reason);
}
