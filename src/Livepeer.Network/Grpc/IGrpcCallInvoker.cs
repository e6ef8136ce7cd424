using Google.Protobuf;

namespace Livepeer.Network;

/// <summary>
/// The client seam of the gRPC transport: the orchestrator and gateway code call peers only through it, so an
/// implementation on Grpc.Net.Client can replace the HttpClient one without touching them.
/// </summary>
internal interface IGrpcCallInvoker
{
    /// <summary>Sends one request and returns the one response.</summary>
    /// <param name="method">The method to call.</param>
    /// <param name="request">The request message.</param>
    /// <param name="timeout">The deadline, relative to now; null for none. Sent to the peer as grpc-timeout.</param>
    /// <param name="cancellationToken">Cancels the call; the caller then gets an <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="GrpcCallException">The peer answered with a status other than OK, the deadline passed, or the peer could not be reached.</exception>
    Task<TResponse> UnaryCallAsync<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method,
        TRequest request,
        TimeSpan? timeout,
        CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>;

    /// <summary>
    /// Sends one request and yields the responses as they arrive. The call starts when enumeration starts; leaving
    /// the enumeration early cancels it at the peer. Throws <see cref="GrpcCallException"/> from the enumeration
    /// when the call ends with a status other than OK.
    /// </summary>
    IAsyncEnumerable<TResponse> ServerStreamingCallAsync<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method,
        TRequest request,
        TimeSpan? timeout,
        CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>;
}
