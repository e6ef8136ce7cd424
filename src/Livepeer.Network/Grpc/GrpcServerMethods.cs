using System.Net;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Livepeer.Network;

/// <summary>Handles one unary call: returns the response, or throws <see cref="GrpcCallException"/> for a status.</summary>
internal delegate Task<TResponse> GrpcUnaryHandler<TRequest, TResponse>(TRequest request, GrpcServerCallContext context);

/// <summary>
/// Handles one server-streaming call: writes any number of responses, then returns (status OK) or throws
/// <see cref="GrpcCallException"/>. The call ends when the returned task completes.
/// </summary>
internal delegate Task GrpcServerStreamingHandler<TRequest, TResponse>(
    TRequest request,
    IGrpcStreamWriter<TResponse> responses,
    GrpcServerCallContext context);

/// <summary>Sends the messages of a server-streaming response; one write at a time.</summary>
internal interface IGrpcStreamWriter<in T>
{
    /// <summary>Sends one message and flushes it to the caller.</summary>
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}

/// <summary>
/// The server seam of the gRPC transport: services register their methods here and do not see how calls are
/// framed and routed, so a Grpc.AspNetCore binding could replace the Kestrel one.
/// </summary>
internal interface IGrpcServiceBinder
{
    IGrpcServiceBinder AddUnaryMethod<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method,
        GrpcUnaryHandler<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>;

    IGrpcServiceBinder AddServerStreamingMethod<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method,
        GrpcServerStreamingHandler<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>;
}

/// <summary>What a handler knows about the call it serves.</summary>
internal sealed class GrpcServerCallContext
{
    internal GrpcServerCallContext(string method, HttpContext httpContext, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        Method = method;
        HttpContext = httpContext;
        Deadline = deadline;
        CancellationToken = cancellationToken;
    }

    /// <summary>The full method name, <c>/package.Service/Method</c>.</summary>
    public string Method { get; }

    /// <summary>The HTTP/2 request underneath (headers, connection, TLS).</summary>
    public HttpContext HttpContext { get; }

    /// <summary>When the caller's grpc-timeout runs out; null when it sent none.</summary>
    public DateTimeOffset? Deadline { get; }

    /// <summary>Cancelled when the caller goes away or the deadline passes.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The caller's IP address.</summary>
    public IPAddress? RemoteIpAddress => HttpContext.Connection.RemoteIpAddress;
}

/// <summary>Settings of the Kestrel gRPC endpoints.</summary>
internal sealed class GrpcServerOptions
{
    /// <summary>The largest request message accepted; larger frames fail with ResourceExhausted before they are read.</summary>
    public int MaxReceiveMessageSize { get; set; } = GrpcProtocol.DefaultMaxReceiveMessageSize;

    /// <summary>The largest response message sent; a larger one ends the call with ResourceExhausted.</summary>
    public int MaxSendMessageSize { get; set; } = int.MaxValue - GrpcFraming.HeaderSize;

    internal void Validate()
    {
        if (MaxReceiveMessageSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxReceiveMessageSize), MaxReceiveMessageSize, "MaxReceiveMessageSize must be positive.");
        }

        if (MaxSendMessageSize <= 0 || MaxSendMessageSize > int.MaxValue - GrpcFraming.HeaderSize)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSendMessageSize), MaxSendMessageSize, "MaxSendMessageSize is out of range.");
        }
    }
}
