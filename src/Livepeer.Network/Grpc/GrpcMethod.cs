using Google.Protobuf;

namespace Livepeer.Network;

/// <summary>How many messages each side of a gRPC method sends.</summary>
internal enum GrpcMethodType
{
    /// <summary>One request, one response.</summary>
    Unary,

    /// <summary>One request, any number of responses.</summary>
    ServerStreaming,
}

/// <summary>
/// Describes one gRPC method: its path on the wire and how its messages are parsed. It works on any protobuf
/// message type, so the transport does not depend on the generated Livepeer messages.
/// </summary>
internal sealed class GrpcMethod<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    /// <param name="type">Unary or server streaming.</param>
    /// <param name="serviceName">The package-qualified service name, such as <c>net.Orchestrator</c>.</param>
    /// <param name="name">The method name, such as <c>GetOrchestrator</c>.</param>
    /// <param name="requestParser">Parses requests (on the server).</param>
    /// <param name="responseParser">Parses responses (on the client).</param>
    public GrpcMethod(
        GrpcMethodType type,
        string serviceName,
        string name,
        MessageParser<TRequest> requestParser,
        MessageParser<TResponse> responseParser)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(requestParser);
        ArgumentNullException.ThrowIfNull(responseParser);
        if (serviceName.Contains('/', StringComparison.Ordinal) || name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("gRPC service and method names must not contain '/'.", nameof(name));
        }

        Type = type;
        ServiceName = serviceName;
        Name = name;
        RequestParser = requestParser;
        ResponseParser = responseParser;
        FullName = "/" + serviceName + "/" + name;
    }

    public GrpcMethodType Type { get; }

    public string ServiceName { get; }

    public string Name { get; }

    /// <summary>The HTTP/2 path, <c>/package.Service/Method</c>.</summary>
    public string FullName { get; }

    public MessageParser<TRequest> RequestParser { get; }

    public MessageParser<TResponse> ResponseParser { get; }

    public override string ToString() => FullName;
}
