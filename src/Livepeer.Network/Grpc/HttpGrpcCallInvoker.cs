using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Network;

/// <summary>
/// gRPC calls to one peer over <see cref="HttpMessageHandler"/>: HTTP/2 POSTs carrying length-prefixed
/// protobuf frames, with the status read from the trailers (or from the headers of a trailers-only answer).
/// Only the peer's scheme and authority are used, as go-livepeer dials <c>uri.Host</c>.
/// </summary>
internal sealed class HttpGrpcCallInvoker : IGrpcCallInvoker, IDisposable
{
    private static readonly MediaTypeHeaderValue GrpcMediaType = new(GrpcProtocol.ContentType);
    private static readonly TransferCodingWithQualityHeaderValue Trailers = new("trailers");

    private readonly HttpMessageInvoker _http;
    private readonly Uri _address;
    private readonly GrpcClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <param name="address">The peer, <c>https://host:port</c> or <c>http://host:port</c> (cleartext HTTP/2).</param>
    /// <param name="handler">
    /// The handler to send through, normally from <see cref="GrpcClientOptions.CreateHandler"/> and shared by
    /// all peers. It must not be an <see cref="HttpClient"/>-style handler that buffers whole responses.
    /// </param>
    /// <param name="options">Message size limits.</param>
    /// <param name="disposeHandler">Whether disposing this invoker disposes the handler.</param>
    /// <param name="timeProvider">The clock for deadlines.</param>
    /// <param name="logger">Where failed calls are logged (at Debug).</param>
    public HttpGrpcCallInvoker(
        Uri address,
        HttpMessageHandler handler,
        GrpcClientOptions options,
        bool disposeHandler,
        TimeProvider? timeProvider = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttps && address.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"A gRPC address must be an absolute http:// or https:// URI; got '{address}'.", nameof(address));
        }

        options.Validate();
        _address = new Uri(address.GetLeftPart(UriPartial.Authority));
        _http = new HttpMessageInvoker(handler, disposeHandler);
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>An invoker with its own handler built from <paramref name="options"/>.</summary>
    public static HttpGrpcCallInvoker Create(Uri address, GrpcClientOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        options ??= new GrpcClientOptions();
        return new HttpGrpcCallInvoker(address, options.CreateHandler(), options, disposeHandler: true, timeProvider, logger);
    }

    /// <summary>The peer's scheme and authority.</summary>
    public Uri Address => _address;

    public async Task<TResponse> UnaryCallAsync<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method,
        TRequest request,
        TimeSpan? timeout,
        CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(request);
        var call = await StartAsync(method, request, timeout, cancellationToken).ConfigureAwait(false);
        await using (call.ConfigureAwait(false))
        {
            var response = await call.ReadMessageAsync(method.ResponseParser).ConfigureAwait(false);
            if (response is not null && await call.ReadMessageAsync(method.ResponseParser).ConfigureAwait(false) is not null)
            {
                throw call.Fail(new GrpcCallException(GrpcStatusCode.Internal, $"{method.FullName} is unary but the peer sent more than one message."));
            }

            call.EnsureSucceeded();
            return response ?? throw call.Fail(new GrpcCallException(GrpcStatusCode.Internal, $"{method.FullName} ended with OK but without a response message."));
        }
    }

    public async IAsyncEnumerable<TResponse> ServerStreamingCallAsync<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method,
        TRequest request,
        TimeSpan? timeout,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(request);
        var call = await StartAsync(method, request, timeout, cancellationToken).ConfigureAwait(false);
        await using (call.ConfigureAwait(false))
        {
            while (await call.ReadMessageAsync(method.ResponseParser).ConfigureAwait(false) is { } response)
            {
                yield return response;
            }

            call.EnsureSucceeded();
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<ClientCall> StartAsync<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method,
        TRequest request,
        TimeSpan? timeout,
        CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (timeout is { } t && t <= TimeSpan.Zero)
        {
            var expired = new GrpcCallException(GrpcStatusCode.DeadlineExceeded, "The deadline had passed before the call started.");
            GrpcLog.CallFailed(_logger, method.FullName, _address, expired.StatusCode, expired.Detail);
            throw expired;
        }

        var frame = GrpcFraming.Encode(request, _options.MaxSendMessageSize);
        var call = new ClientCall(method.FullName, _address, _options.MaxReceiveMessageSize, timeout, _timeProvider, _logger, cancellationToken);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_address, method.FullName))
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = new ByteArrayContent(frame),
            };
            message.Content.Headers.ContentType = GrpcMediaType;
            message.Headers.TE.Add(Trailers);
            if (timeout is { } deadline)
            {
                message.Headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcProtocol.FormatTimeout(deadline));
            }

            await call.SendAsync(_http, message).ConfigureAwait(false);
            return call;
        }
        catch
        {
            await call.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The state of one call: its cancellation, the response, and the status once known.</summary>
    private sealed class ClientCall : IAsyncDisposable
    {
        private readonly string _method;
        private readonly Uri _address;
        private readonly int _maxReceiveMessageSize;
        private readonly ILogger _logger;
        private readonly CancellationToken _callerToken;
        private readonly CancellationTokenSource? _deadline;
        private readonly CancellationTokenSource _linked;
        private HttpResponseMessage? _response;
        private Stream? _body;
        private bool _trailersOnly;

        public ClientCall(
            string method,
            Uri address,
            int maxReceiveMessageSize,
            TimeSpan? timeout,
            TimeProvider timeProvider,
            ILogger logger,
            CancellationToken callerToken)
        {
            _method = method;
            _address = address;
            _maxReceiveMessageSize = maxReceiveMessageSize;
            _logger = logger;
            _callerToken = callerToken;
            _deadline = timeout is { } t ? new CancellationTokenSource(t, timeProvider) : null;
            _linked = _deadline is null
                ? CancellationTokenSource.CreateLinkedTokenSource(callerToken)
                : CancellationTokenSource.CreateLinkedTokenSource(callerToken, _deadline.Token);
        }

        public async Task SendAsync(HttpMessageInvoker http, HttpRequestMessage request)
        {
            try
            {
                _response = await http.SendAsync(request, _linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                throw Translate(ex);
            }

            var headers = _response.Headers;
            if (TryGetStatus(headers, out var status, out var detail))
            {
                // A trailers-only answer: the status comes with the headers and there is no body to read.
                _trailersOnly = true;
                if (status != GrpcStatusCode.OK)
                {
                    throw Fail(new GrpcCallException(status, detail));
                }

                return;
            }

            if (_response.StatusCode != HttpStatusCode.OK)
            {
                throw Fail(new GrpcCallException(
                    GrpcProtocol.FromHttpStatus(_response.StatusCode),
                    $"Bad gRPC response: HTTP {(int)_response.StatusCode} {_response.ReasonPhrase}."));
            }

            if (!GrpcProtocol.IsGrpcContentType(_response.Content.Headers.ContentType?.MediaType))
            {
                throw Fail(new GrpcCallException(
                    GrpcStatusCode.Internal,
                    $"Bad gRPC response: content-type '{_response.Content.Headers.ContentType}'."));
            }

            try
            {
                _body = await _response.Content.ReadAsStreamAsync(_linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                throw Translate(ex);
            }
        }

        public async ValueTask<T?> ReadMessageAsync<T>(MessageParser<T> parser)
            where T : class, IMessage<T>
        {
            if (_trailersOnly || _body is null)
            {
                return null;
            }

            try
            {
                return await GrpcFraming.ReadMessageAsync(_body, parser, _maxReceiveMessageSize, _linked.Token).ConfigureAwait(false);
            }
            catch (GrpcCallException ex)
            {
                throw Fail(ex);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                throw Translate(ex);
            }
        }

        /// <summary>After the body has ended: throws unless the trailers say OK.</summary>
        public void EnsureSucceeded()
        {
            if (_trailersOnly)
            {
                return;
            }

            if (_response is null || !TryGetStatus(_response.TrailingHeaders, out var status, out var detail))
            {
                throw Fail(new GrpcCallException(GrpcStatusCode.Internal, "The peer ended the response without a grpc-status trailer."));
            }

            if (status != GrpcStatusCode.OK)
            {
                throw Fail(new GrpcCallException(status, detail));
            }
        }

        public GrpcCallException Fail(GrpcCallException exception)
        {
            GrpcLog.CallFailed(_logger, _method, _address, exception.StatusCode, exception.Detail);
            return exception;
        }

        public async ValueTask DisposeAsync()
        {
            if (_body is not null)
            {
                await _body.DisposeAsync().ConfigureAwait(false);
            }

            // Disposing a response whose body was not read to the end resets the HTTP/2 stream, which is how
            // the peer learns that the call was cancelled.
            _response?.Dispose();
            _linked.Dispose();
            _deadline?.Dispose();
        }

        private Exception Translate(Exception ex)
        {
            if (_callerToken.IsCancellationRequested)
            {
                return new OperationCanceledException("The gRPC call was cancelled.", ex, _callerToken);
            }

            if (_deadline?.IsCancellationRequested == true)
            {
                return Fail(new GrpcCallException(GrpcStatusCode.DeadlineExceeded, "The deadline passed before the call completed.", ex));
            }

            var status = ex is HttpProtocolException protocol
                ? protocol.ErrorCode switch
                {
                    0x7 => GrpcStatusCode.Unavailable,       // REFUSED_STREAM
                    0x8 => GrpcStatusCode.Cancelled,         // CANCEL
                    0xB => GrpcStatusCode.ResourceExhausted, // ENHANCE_YOUR_CALM
                    _ => GrpcStatusCode.Internal,
                }
                : GrpcStatusCode.Unavailable;
            return Fail(new GrpcCallException(status, $"The call to {_address} failed: {ex.Message}", ex));
        }

        private static bool TryGetStatus(HttpHeaders headers, out GrpcStatusCode status, out string detail)
        {
            status = GrpcStatusCode.Unknown;
            detail = string.Empty;
            if (!headers.TryGetValues(GrpcProtocol.StatusHeader, out var statusValues))
            {
                return false;
            }

            var text = statusValues.FirstOrDefault();
            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code) && code >= 0)
            {
                // Codes outside the known range are kept as numbers; callers see them as unknown statuses.
                status = (GrpcStatusCode)code;
            }
            else
            {
                detail = $"Unparseable grpc-status '{text}'.";
                return true;
            }

            if (headers.TryGetValues(GrpcProtocol.MessageHeader, out var messageValues))
            {
                detail = GrpcProtocol.DecodeStatusMessage(messageValues.FirstOrDefault());
            }

            return true;
        }
    }
}
