using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Network;

/// <summary>Maps gRPC methods onto ASP.NET Core endpoint routing, beside the host's plain HTTP endpoints.</summary>
internal static class GrpcEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the methods that <paramref name="bind"/> registers as POST endpoints at their gRPC paths. They answer
    /// only HTTP/2 requests whose content-type is <c>application/grpc</c>; everything else on the same listener
    /// stays with the host's other endpoints.
    /// </summary>
    public static IEndpointConventionBuilder MapGrpcMethods(
        this IEndpointRouteBuilder endpoints,
        Action<IGrpcServiceBinder> bind,
        GrpcServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(bind);
        options ??= new GrpcServerOptions();
        options.Validate();
        var services = endpoints.ServiceProvider;
        var logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("Livepeer.Network.Grpc");
        var timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var binder = new EndpointServiceBinder(endpoints, options, timeProvider, logger);
        bind(binder);
        return binder.Conventions;
    }

    /// <summary>
    /// Adds a listener that serves gRPC and plain HTTP, as an orchestrator's one port does: TLS with
    /// <paramref name="certificate"/> (HTTP/1.1 and HTTP/2 by ALPN), or cleartext HTTP/2 with prior knowledge
    /// when it is null (Kestrel cannot offer HTTP/1.1 and h2c on one cleartext port).
    /// </summary>
    public static void ListenGrpc(this KestrelServerOptions kestrel, System.Net.IPEndPoint endpoint, X509Certificate2? certificate)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(endpoint);
        kestrel.Listen(endpoint, listen =>
        {
            if (certificate is null)
            {
                listen.Protocols = HttpProtocols.Http2;
            }
            else
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificate);
            }
        });
    }

    private sealed class EndpointServiceBinder(
        IEndpointRouteBuilder endpoints,
        GrpcServerOptions options,
        TimeProvider timeProvider,
        ILogger logger) : IGrpcServiceBinder
    {
        public CompositeConventionBuilder Conventions { get; } = new();

        public IGrpcServiceBinder AddUnaryMethod<TRequest, TResponse>(
            GrpcMethod<TRequest, TResponse> method,
            GrpcUnaryHandler<TRequest, TResponse> handler)
            where TRequest : class, IMessage<TRequest>
            where TResponse : class, IMessage<TResponse>
        {
            ArgumentNullException.ThrowIfNull(method);
            ArgumentNullException.ThrowIfNull(handler);
            if (method.Type != GrpcMethodType.Unary)
            {
                throw new ArgumentException($"{method.FullName} is not a unary method.", nameof(method));
            }

            var call = new ServerCallHandler<TRequest, TResponse>(method, options, timeProvider, logger, async (request, writer, context) =>
            {
                var response = await handler(request, context).ConfigureAwait(false);
                await writer.WriteAsync(response, context.CancellationToken).ConfigureAwait(false);
            });
            Map(method.FullName, call.HandleAsync);
            return this;
        }

        public IGrpcServiceBinder AddServerStreamingMethod<TRequest, TResponse>(
            GrpcMethod<TRequest, TResponse> method,
            GrpcServerStreamingHandler<TRequest, TResponse> handler)
            where TRequest : class, IMessage<TRequest>
            where TResponse : class, IMessage<TResponse>
        {
            ArgumentNullException.ThrowIfNull(method);
            ArgumentNullException.ThrowIfNull(handler);
            if (method.Type != GrpcMethodType.ServerStreaming)
            {
                throw new ArgumentException($"{method.FullName} is not a server-streaming method.", nameof(method));
            }

            var call = new ServerCallHandler<TRequest, TResponse>(method, options, timeProvider, logger, handler);
            Map(method.FullName, call.HandleAsync);
            return this;
        }

        private void Map(string path, RequestDelegate handler) =>
            Conventions.Add(endpoints.MapPost(path, handler).WithDisplayName("gRPC " + path));
    }

    private sealed class CompositeConventionBuilder : IEndpointConventionBuilder
    {
        private readonly List<IEndpointConventionBuilder> _builders = [];

        public void Add(IEndpointConventionBuilder builder) => _builders.Add(builder);

        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var builder in _builders)
            {
                builder.Add(convention);
            }
        }

        public void Finally(Action<EndpointBuilder> finallyConvention)
        {
            foreach (var builder in _builders)
            {
                builder.Finally(finallyConvention);
            }
        }
    }
}

/// <summary>Serves one gRPC method: checks the request, reads its one message, runs the handler, writes the status.</summary>
internal sealed class ServerCallHandler<TRequest, TResponse>(
    GrpcMethod<TRequest, TResponse> method,
    GrpcServerOptions options,
    TimeProvider timeProvider,
    ILogger logger,
    GrpcServerStreamingHandler<TRequest, TResponse> handler)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private const string InternalErrorDetail = "Exception was thrown by handler.";

    public async Task HandleAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        var response = httpContext.Response;
        if (!HttpProtocol.IsHttp2(request.Protocol))
        {
            GrpcLog.ServerRequestRefused(logger, method.FullName, $"protocol {request.Protocol}");
            response.StatusCode = StatusCodes.Status426UpgradeRequired;
            response.Headers.Upgrade = "h2";
            return;
        }

        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            GrpcLog.ServerRequestRefused(logger, method.FullName, $"content-type '{request.ContentType}'");
            response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        // The frame cap is the limit that matters; Kestrel's default body limit would cut long streams short.
        if (httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = null;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocol.ContentType;

        var encoding = request.Headers[GrpcProtocol.EncodingHeader].ToString();
        if (encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            response.Headers["grpc-accept-encoding"] = "identity";
            WriteStatus(response, GrpcStatusCode.Unimplemented, $"Unsupported grpc-encoding '{encoding}'.");
            return;
        }

        DateTimeOffset? deadline = null;
        using var deadlineSource = GrpcProtocol.TryParseTimeout(request.Headers[GrpcProtocol.TimeoutHeader], out var timeout) && timeout < MaxTimerDelay
            ? new CancellationTokenSource(timeout, timeProvider)
            : null;
        if (deadlineSource is not null)
        {
            deadline = timeProvider.GetUtcNow() + timeout;
        }

        using var callSource = deadlineSource is null
            ? CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted)
            : CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, deadlineSource.Token);
        var token = callSource.Token;
        var writer = new ResponseWriter(response, options.MaxSendMessageSize, token);

        GrpcStatusCode status;
        string detail;
        try
        {
            var message = await GrpcFraming.ReadMessageAsync(request.Body, method.RequestParser, options.MaxReceiveMessageSize, token).ConfigureAwait(false)
                ?? throw new GrpcCallException(GrpcStatusCode.Internal, "The request carried no message.");
            if (await GrpcFraming.ReadMessageAsync(request.Body, method.RequestParser, options.MaxReceiveMessageSize, token).ConfigureAwait(false) is not null)
            {
                throw new GrpcCallException(GrpcStatusCode.Internal, "The request carried more than one message.");
            }

            var context = new GrpcServerCallContext(method.FullName, httpContext, deadline, token);
            try
            {
                await handler(message, writer, context).ConfigureAwait(false);
            }
            finally
            {
                writer.Complete();
            }

            status = GrpcStatusCode.OK;
            detail = string.Empty;
        }
        catch (Exception ex) when (httpContext.RequestAborted.IsCancellationRequested && ex is OperationCanceledException or IOException or GrpcCallException)
        {
            // The caller reset the stream: nobody is left to read a status.
            GrpcLog.ServerCallCancelled(logger, method.FullName);
            return;
        }
        catch (Exception ex) when (deadlineSource?.IsCancellationRequested == true && ex is OperationCanceledException or IOException)
        {
            status = GrpcStatusCode.DeadlineExceeded;
            detail = "The deadline passed before the call completed.";
        }
        catch (GrpcCallException ex)
        {
            status = ex.StatusCode;
            detail = ex.Detail;
        }
        catch (Exception ex)
        {
            GrpcLog.HandlerFailed(logger, method.FullName, ex);
            status = GrpcStatusCode.Internal;
            detail = InternalErrorDetail;
        }

        if (status != GrpcStatusCode.OK)
        {
            GrpcLog.ServerCallFailed(logger, method.FullName, status, detail);
        }

        WriteStatus(response, status, detail);
    }

    /// <summary>The longest delay a CancellationTokenSource timer accepts; longer grpc-timeouts mean no deadline.</summary>
    private static TimeSpan MaxTimerDelay => TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private static void WriteStatus(HttpResponse response, GrpcStatusCode status, string detail)
    {
        var code = ((int)status).ToString(CultureInfo.InvariantCulture);
        var encoded = detail.Length > 0 ? GrpcProtocol.EncodeStatusMessage(detail) : null;
        if (!response.HasStarted)
        {
            // Nothing sent yet: a trailers-only response carries the status in its headers.
            response.Headers[GrpcProtocol.StatusHeader] = code;
            if (encoded is not null)
            {
                response.Headers[GrpcProtocol.MessageHeader] = encoded;
            }

            return;
        }

        response.AppendTrailer(GrpcProtocol.StatusHeader, code);
        if (encoded is not null)
        {
            response.AppendTrailer(GrpcProtocol.MessageHeader, encoded);
        }
    }

    private sealed class ResponseWriter(HttpResponse response, int maxSendMessageSize, CancellationToken callToken) : IGrpcStreamWriter<TResponse>
    {
        private int _writing;
        private bool _completed;

        public async Task WriteAsync(TResponse message, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(message);
            if (Volatile.Read(ref _completed))
            {
                throw new InvalidOperationException("The gRPC call has ended; no more messages can be written.");
            }

            if (Interlocked.Exchange(ref _writing, 1) == 1)
            {
                throw new InvalidOperationException("Only one gRPC message can be written at a time.");
            }

            try
            {
                var frame = GrpcFraming.Encode(message, maxSendMessageSize);
                using var linked = cancellationToken.CanBeCanceled
                    ? CancellationTokenSource.CreateLinkedTokenSource(callToken, cancellationToken)
                    : null;
                var token = linked?.Token ?? callToken;
                await response.Body.WriteAsync(frame, token).ConfigureAwait(false);
                await response.Body.FlushAsync(token).ConfigureAwait(false);
            }
            finally
            {
                Volatile.Write(ref _writing, 0);
            }
        }

        public void Complete() => Volatile.Write(ref _completed, true);
    }
}
