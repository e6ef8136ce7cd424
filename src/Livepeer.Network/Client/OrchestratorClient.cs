using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Livepeer.Payments;
using Livepeer.Protocol;
using Livepeer.Transcoding;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wire = Livepeer.Network.Wire;

namespace Livepeer.Network;

/// <summary>
/// A gateway's connection to one orchestrator, speaking go-livepeer's wire: the <c>net.Orchestrator</c> gRPC calls
/// (<c>GetOrchestrator</c>, <c>Ping</c>, <c>EndTranscodingSession</c>) to the address it was created with, and the
/// HTTP requests (<c>/segment</c>, <c>/payment</c>, rendition downloads) to the orchestrator's advertised
/// <see cref="OrchestratorInfo.Transcoder"/>. It accepts the self-signed certificates orchestrators serve and speaks
/// cleartext HTTP/2 to <c>http://</c> addresses. Failures are <see cref="NetworkException"/>s: a
/// <see cref="GrpcCallException"/> for gRPC statuses, an <see cref="HttpCallException"/> for HTTP answers other than
/// 200, and <see cref="NetworkErrorCode.Timeout"/>, <see cref="NetworkErrorCode.ConnectionFailed"/>,
/// <see cref="NetworkErrorCode.TranscodeFailed"/> and <see cref="NetworkErrorCode.UnknownResponse"/> otherwise.
/// Thread-safe; one instance per orchestrator, sharing one handler between all of them, is the intended use.
/// </summary>
public sealed class OrchestratorClient : IDisposable
{
    /// <summary>The content type of a segment body (also used for MP4), as go-livepeer sends it.</summary>
    public const string SegmentContentType = "video/MP2T";

    /// <summary>The largest non-200 answer read for its error text.</summary>
    private const int MaxErrorTextBytes = 64 * 1024;

    private const string DownloadOperation = "Download";

    private readonly Uri _address;
    private readonly OrchestratorClientOptions _options;
    private readonly HttpMessageHandler? _ownedHandler;
    private readonly HttpMessageInvoker _http;
    private readonly HttpGrpcCallInvoker _grpc;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private volatile RequestSignature? _requestSignature;

    /// <summary>Creates a client with its own connection handler, built from <paramref name="options"/>.</summary>
    /// <param name="address">The orchestrator's service URI, <c>https://host:port</c> or <c>http://host:port</c> (cleartext HTTP/2).</param>
    /// <param name="options">Timeouts and limits; go-livepeer's defaults when null.</param>
    /// <param name="loggerFactory">Where to log; nowhere when null.</param>
    /// <param name="timeProvider">The clock for timeouts; the system clock when null.</param>
    public OrchestratorClient(Uri address, OrchestratorClientOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : this(address, null, options ?? new OrchestratorClientOptions(), loggerFactory, timeProvider, ownsHandler: true)
    {
    }

    /// <summary>
    /// Creates a client that sends through a given handler, which it does not dispose: one from
    /// <see cref="OrchestratorClientOptions.CreateHandler"/> shared by many clients, or one from
    /// <c>IHttpMessageHandlerFactory</c>. The handler must return responses as soon as their headers arrive (as
    /// <see cref="SocketsHttpHandler"/> does), speak HTTP/2 and accept orchestrators' self-signed certificates.
    /// </summary>
    /// <param name="address">The orchestrator's service URI.</param>
    /// <param name="handler">The handler to send through.</param>
    /// <param name="options">Timeouts and limits (the connect and certificate settings belong to the handler).</param>
    /// <param name="loggerFactory">Where to log; nowhere when null.</param>
    /// <param name="timeProvider">The clock for timeouts; the system clock when null.</param>
    public OrchestratorClient(Uri address, HttpMessageHandler handler, OrchestratorClientOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : this(address, handler ?? throw new ArgumentNullException(nameof(handler)), options ?? new OrchestratorClientOptions(), loggerFactory, timeProvider, ownsHandler: false)
    {
    }

    private OrchestratorClient(Uri address, HttpMessageHandler? handler, OrchestratorClientOptions options, ILoggerFactory? loggerFactory, TimeProvider? timeProvider, bool ownsHandler)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!IsHttpUri(address))
        {
            throw new ArgumentException($"An orchestrator address must be an absolute http:// or https:// URI; got '{address}'.", nameof(address));
        }

        options.Validate();
        loggerFactory ??= NullLoggerFactory.Instance;
        _address = new Uri(address.GetLeftPart(UriPartial.Authority));
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = loggerFactory.CreateLogger<OrchestratorClient>();
        var grpcOptions = options.ToGrpcOptions();
        if (ownsHandler)
        {
            _ownedHandler = grpcOptions.CreateHandler();
        }

        handler = _ownedHandler ?? handler ?? throw new ArgumentNullException(nameof(handler));

        _http = new HttpMessageInvoker(handler, disposeHandler: false);
        _grpc = new HttpGrpcCallInvoker(_address, handler, grpcOptions, disposeHandler: false, _timeProvider, loggerFactory.CreateLogger("Livepeer.Network.Grpc"));
    }

    /// <summary>The orchestrator's scheme and authority, where the gRPC calls go.</summary>
    public Uri Address => _address;

    /// <summary>
    /// Asks the orchestrator for its info for this gateway (<c>GetOrchestrator</c>): price, ticket parameters, auth
    /// token and capabilities. The request is signed with <see cref="WireSignatures.SignOrchestratorRequestAsync"/>;
    /// the signature is deterministic and kept for later calls with the same address.
    /// </summary>
    /// <param name="gateway">The gateway's signer.</param>
    /// <param name="capabilities">The job's capabilities; the orchestrator then prices exactly them. Null asks for the full price list.</param>
    /// <param name="ignoreCapacityCheck">Skips the orchestrator's live-video capacity check (for refreshes).</param>
    /// <param name="cancellationToken">Cancels the call (use it for shorter bounds than <see cref="OrchestratorClientOptions.GrpcTimeout"/>).</param>
    /// <returns>The orchestrator's info.</returns>
    /// <exception cref="GrpcCallException">The orchestrator refused (its message, e.g. <c>Invalid orchestrator request: OrchestratorCapped</c>), could not be reached, or did not answer in time.</exception>
    /// <exception cref="NetworkException">The answer holds a malformed field.</exception>
    public async Task<OrchestratorInfo> GetOrchestratorAsync(
        ISigner gateway,
        CapabilitySet? capabilities = null,
        bool ignoreCapacityCheck = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var cached = _requestSignature;
        if (cached is null || cached.Address != gateway.Address)
        {
            var signature = await WireSignatures.SignOrchestratorRequestAsync(gateway, cancellationToken).ConfigureAwait(false);
            cached = new RequestSignature(gateway.Address, signature.ToArray());
            _requestSignature = cached;
        }

        return await GetOrchestratorAsync(cached.Address, cached.Signature, capabilities, ignoreCapacityCheck, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>GetOrchestrator</c> with an address and signature made elsewhere, as a remote signer's
    /// <c>/sign-orchestrator-info</c> returns them.
    /// </summary>
    /// <param name="gateway">The gateway's address.</param>
    /// <param name="signature">Its signature over its EIP-55 address string (see <see cref="WireSignatures.SignOrchestratorRequestAsync"/>).</param>
    /// <param name="capabilities">The job's capabilities, or null.</param>
    /// <param name="ignoreCapacityCheck">Skips the orchestrator's live-video capacity check.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The orchestrator's info.</returns>
    /// <exception cref="GrpcCallException">The orchestrator refused, could not be reached, or did not answer in time.</exception>
    /// <exception cref="NetworkException">The answer holds a malformed field.</exception>
    public async Task<OrchestratorInfo> GetOrchestratorAsync(
        EthAddress gateway,
        ReadOnlyMemory<byte> signature,
        CapabilitySet? capabilities = null,
        bool ignoreCapacityCheck = false,
        CancellationToken cancellationToken = default)
    {
        var request = new Wire.OrchestratorRequest
        {
            Address = WireValues.ToBytes(gateway),
            Sig = ByteString.CopyFrom(signature.Span),
            IgnoreCapacityCheck = ignoreCapacityCheck,
        };
        if (capabilities is not null)
        {
            request.Capabilities = CapabilityMapping.ToWire(capabilities);
        }

        var reply = await CallAsync(OrchestratorMethods.GetOrchestrator, request, cancellationToken).ConfigureAwait(false);
        var info = Read("GetOrchestrator", _address, () => OrchestratorInfoMapping.FromWire(reply));
        ClientLog.OrchestratorInfoReceived(_logger, _address, info.Transcoder, info.PriceInfo?.ToString() ?? "none");
        return info;
    }

    /// <summary>Asks the orchestrator to sign a value (<c>Ping</c>); check the answer with <see cref="WireSignatures.VerifyPing"/>.</summary>
    /// <param name="value">The value to sign.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The orchestrator's signature over <c>keccak256(value)</c> (empty from an orchestrator without a key).</returns>
    /// <exception cref="GrpcCallException">The call failed.</exception>
    public async Task<byte[]> PingAsync(ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        var reply = await CallAsync(OrchestratorMethods.Ping, new Wire.PingPong { Value = ByteString.CopyFrom(value.Span) }, cancellationToken).ConfigureAwait(false);
        return reply.Value.ToByteArray();
    }

    /// <summary>Tells the orchestrator that the session of an auth token is no longer needed (<c>EndTranscodingSession</c>).</summary>
    /// <param name="authToken">The session's token, from its <see cref="OrchestratorInfo.AuthToken"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the orchestrator has answered.</returns>
    /// <exception cref="GrpcCallException">The call failed (e.g. the token was not issued by this orchestrator).</exception>
    public async Task EndTranscodingSessionAsync(AuthToken authToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authToken);
        var request = new Wire.EndTranscodingSessionRequest { AuthToken = SegmentMapping.ToWire(authToken) };
        await CallAsync(OrchestratorMethods.EndTranscodingSession, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a segment to <c>info.Transcoder + "/segment"</c> with its credentials and payment and waits for the
    /// renditions. The orchestrator answers 200 as soon as it has the upload and sends the result when transcoding is
    /// done: the upload must be accepted within max(<see cref="OrchestratorClientOptions.MinSegmentUploadTimeout"/>,
    /// ½ × duration) and the whole request complete within max(<see cref="OrchestratorClientOptions.MinSegmentTimeout"/>,
    /// 4 × duration).
    /// </summary>
    /// <param name="info">The orchestrator's current info (its <see cref="OrchestratorInfo.Transcoder"/> is the target).</param>
    /// <param name="signedSegment">The signed credentials, e.g. from <see cref="CreateSegmentCredentialsAsync"/>.</param>
    /// <param name="payment">The tickets for this segment; null sends an empty <c>Livepeer-Payment</c> header (no payments).</param>
    /// <param name="segment">The segment's bytes (MPEG-TS or MP4).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The renditions and the orchestrator's fresh info.</returns>
    /// <exception cref="HttpCallException">The orchestrator refused the segment; <see cref="HttpCallException.Detail"/> is its text.</exception>
    /// <exception cref="NetworkException">
    /// <see cref="NetworkErrorCode.TranscodeFailed"/> (the orchestrator's error text), <see cref="NetworkErrorCode.UnknownResponse"/>,
    /// <see cref="NetworkErrorCode.Timeout"/>, <see cref="NetworkErrorCode.ConnectionFailed"/>, or a malformed answer.
    /// </exception>
    public async Task<SegmentTranscodeResult> SubmitSegmentAsync(
        OrchestratorInfo info,
        SegmentCredentials signedSegment,
        TicketPayment? payment,
        ReadOnlyMemory<byte> segment,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(signedSegment);
        var uri = TranscoderUri(info, "/segment");
        var (uploadTimeout, totalTimeout) = SegmentTimeouts(_options, signedSegment.Duration);

        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ReadOnlyMemoryContent(segment) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(SegmentContentType);
        AddCredentialHeaders(request, signedSegment, payment);
        ClientLog.SegmentSending(_logger, signedSegment.Sequence, segment.Length, uri, uploadTimeout, totalTimeout);

        var started = _timeProvider.GetTimestamp();
        var body = await ExchangeAsync("Segment", request, uploadTimeout, totalTimeout, _options.MaxResponseSize, signedSegment.Sequence, cancellationToken).ConfigureAwait(false);
        var result = Read("Segment", uri, () => OrchestratorInfoMapping.FromWire(Parse(Wire.TranscodeResult.Parser, body, "TranscodeResult")));
        if (result.Error is { } error)
        {
            ClientLog.SegmentTranscodeFailed(_logger, signedSegment.Sequence, uri, error);
            throw new NetworkException(NetworkErrorCode.TranscodeFailed, error, isTransient: true);
        }

        ClientLog.SegmentTranscoded(_logger, signedSegment.Sequence, uri, result.Renditions.Count, _timeProvider.GetElapsedTime(started));
        return result;
    }

    /// <summary>
    /// Sends a payment without media to <c>info.Transcoder + "/payment"</c> (live AI, remote signers). The segment
    /// credentials are those of an empty segment (see <see cref="CreatePaymentCredentialsAsync"/>); the orchestrator
    /// credits the balance under their manifest id.
    /// </summary>
    /// <param name="info">The orchestrator's current info.</param>
    /// <param name="signedSegment">The signed empty-segment credentials.</param>
    /// <param name="payment">The tickets.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The orchestrator's fresh info (new ticket parameters, same auth token).</returns>
    /// <exception cref="HttpCallException">The orchestrator refused the payment; <see cref="HttpCallException.Detail"/> is its text.</exception>
    /// <exception cref="NetworkException"><see cref="NetworkErrorCode.Timeout"/>, <see cref="NetworkErrorCode.ConnectionFailed"/>,
    /// <see cref="NetworkErrorCode.UnknownResponse"/>, or a malformed answer.</exception>
    public async Task<OrchestratorInfo> SendPaymentAsync(
        OrchestratorInfo info,
        SegmentCredentials signedSegment,
        TicketPayment payment,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(signedSegment);
        ArgumentNullException.ThrowIfNull(payment);
        var uri = TranscoderUri(info, "/payment");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri);
        AddCredentialHeaders(request, signedSegment, payment);
        var body = await ExchangeAsync("Payment", request, _options.PaymentTimeout, _options.PaymentTimeout, _options.MaxResponseSize, sequence: null, cancellationToken).ConfigureAwait(false);
        var updated = Read("Payment", uri, () => OrchestratorInfoMapping.FromPaymentResult(Parse(Wire.PaymentResult.Parser, body, "PaymentResult")));
        ClientLog.PaymentSent(_logger, uri);
        return updated;
    }

    /// <summary>
    /// Downloads a rendition (or a perceptual hash) from the URL a transcode result gave, as go-livepeer's gateway
    /// does: a plain GET within <see cref="OrchestratorClientOptions.DownloadTimeout"/>, at most
    /// <see cref="OrchestratorClientOptions.MaxDownloadSize"/> bytes, any certificate accepted.
    /// </summary>
    /// <param name="url">The absolute http(s) URL.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="HttpCallException">The answer was not 200.</exception>
    /// <exception cref="NetworkException"><see cref="NetworkErrorCode.ResponseTooLarge"/>, <see cref="NetworkErrorCode.Timeout"/>,
    /// <see cref="NetworkErrorCode.ConnectionFailed"/>, or <see cref="NetworkErrorCode.InvalidField"/> for a URL that is not absolute http(s).</exception>
    public async Task<byte[]> DownloadRenditionAsync(string url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !IsHttpUri(uri))
        {
            throw new NetworkException(NetworkErrorCode.InvalidField, "A rendition URL must be an absolute http:// or https:// URL.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        var body = await ExchangeAsync(DownloadOperation, request, _options.DownloadTimeout, _options.DownloadTimeout, _options.MaxDownloadSize, sequence: null, cancellationToken).ConfigureAwait(false);
        ClientLog.RenditionDownloaded(_logger, LogUri(uri), body.Length);
        return body;
    }

    /// <summary>
    /// Builds and signs the credentials of a segment as go-livepeer's gateway does: keccak-256 of the bytes, the
    /// duration, the renditions (named: the names are signed), the job's capabilities and the orchestrator's auth token.
    /// </summary>
    /// <param name="gateway">The gateway's signer; it must be the payment's sender.</param>
    /// <param name="orchestrator">The orchestrator's current info, for its auth token.</param>
    /// <param name="manifestId">The stream id.</param>
    /// <param name="sequence">The segment's sequence number.</param>
    /// <param name="segment">The segment's bytes.</param>
    /// <param name="duration">The segment's duration (whole milliseconds travel).</param>
    /// <param name="profiles">The renditions wanted, in order.</param>
    /// <param name="capabilities">The job's capabilities, or null to send none.</param>
    /// <param name="cancellationToken">Cancels the signing.</param>
    /// <returns>The signed credentials. Flags outside the signature (<see cref="SegmentCredentials.CalculatePerceptualHash"/>,
    /// <see cref="SegmentCredentials.ForceSessionReinit"/>) can be set afterwards with <c>with</c>.</returns>
    public static async ValueTask<SegmentCredentials> CreateSegmentCredentialsAsync(
        ISigner gateway,
        OrchestratorInfo orchestrator,
        string manifestId,
        long sequence,
        ReadOnlyMemory<byte> segment,
        TimeSpan duration,
        IReadOnlyList<VideoProfile> profiles,
        CapabilitySet? capabilities = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(orchestrator);
        ArgumentNullException.ThrowIfNull(manifestId);
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        return await CreateHashedSegmentCredentialsAsync(
            gateway, orchestrator, manifestId, sequence, Keccak256.Hash(segment.Span), duration, profiles, capabilities, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="CreateSegmentCredentialsAsync(ISigner, OrchestratorInfo, string, long, ReadOnlyMemory{byte}, TimeSpan, IReadOnlyList{VideoProfile}, CapabilitySet?, CancellationToken)"/>
    /// with the segment's Keccak-256 already computed, so that a caller hashing it once can sign it for every attempt.
    /// </summary>
    internal static async ValueTask<SegmentCredentials> CreateHashedSegmentCredentialsAsync(
        ISigner gateway,
        OrchestratorInfo orchestrator,
        string manifestId,
        long sequence,
        byte[] segmentHash,
        TimeSpan duration,
        IReadOnlyList<VideoProfile> profiles,
        CapabilitySet? capabilities,
        CancellationToken cancellationToken)
    {
        var credentials = new SegmentCredentials
        {
            ManifestId = manifestId,
            Sequence = sequence,
            Hash = segmentHash,
            Duration = duration,
            Profiles = [.. profiles],
            Capabilities = capabilities,
            AuthToken = orchestrator.AuthToken,
        };
        return await WireSignatures.SignSegmentAsync(gateway, credentials, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds and signs the credentials of an empty segment for <see cref="SendPaymentAsync"/> (and AI requests):
    /// sequence 0, the hash of no bytes, no renditions, the orchestrator's auth token.</summary>
    /// <param name="gateway">The gateway's signer; it must be the payment's sender.</param>
    /// <param name="orchestrator">The orchestrator's current info, for its auth token.</param>
    /// <param name="manifestId">The id the payment is credited to.</param>
    /// <param name="capabilities">The job's capabilities (the orchestrator prices them), or null.</param>
    /// <param name="cancellationToken">Cancels the signing.</param>
    /// <returns>The signed credentials.</returns>
    public static async ValueTask<SegmentCredentials> CreatePaymentCredentialsAsync(
        ISigner gateway,
        OrchestratorInfo orchestrator,
        string manifestId,
        CapabilitySet? capabilities = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(orchestrator);
        var credentials = SegmentCredentials.ForEmptySegment(manifestId) with
        {
            Capabilities = capabilities,
            AuthToken = orchestrator.AuthToken,
        };
        return await WireSignatures.SignSegmentAsync(gateway, credentials, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the connection handler if this client created it.</summary>
    public void Dispose()
    {
        _grpc.Dispose();
        _http.Dispose();
        _ownedHandler?.Dispose();
    }

    private async Task<TResponse> CallAsync<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, TRequest request, CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        try
        {
            return await _grpc.UnaryCallAsync(method, request, _options.GrpcTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (GrpcCallException ex)
        {
            ClientLog.CallFailed(_logger, method.Name, _address, ex.ErrorCode, ex);
            throw;
        }
    }

    /// <summary>
    /// Sends a request and returns the body of a 200 answer. <paramref name="headersTimeout"/> bounds the time until
    /// the answer's headers (the upload, for a segment); <paramref name="totalTimeout"/> the whole exchange.
    /// </summary>
    private async Task<byte[]> ExchangeAsync(
        string operation,
        HttpRequestMessage request,
        TimeSpan headersTimeout,
        TimeSpan totalTimeout,
        long maxBodySize,
        long? sequence,
        CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        SetVersion(request, uri, operation);

        using var total = new CancellationTokenSource(totalTimeout, _timeProvider);
        using var headers = new CancellationTokenSource(headersTimeout, _timeProvider);
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, total.Token, headers.Token);
        using var receiving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, total.Token);
        var started = _timeProvider.GetTimestamp();
        var phase = "waiting for the answer";
        try
        {
            using var response = await _http.SendAsync(request, sending.Token).ConfigureAwait(false);

            // The answer has begun: the rest of the exchange runs under the total timeout only.
            headers.CancelAfter(Timeout.InfiniteTimeSpan);
            phase = "reading the answer";
            if (sequence is { } seq)
            {
                ClientLog.SegmentAccepted(_logger, seq, uri, _timeProvider.GetElapsedTime(started));
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                var text = await ReadErrorTextAsync(response, receiving.Token).ConfigureAwait(false);
                ClientLog.HttpRefused(_logger, operation, LogUri(uri), response.StatusCode, text);
                throw new HttpCallException(response.StatusCode, text, LogUri(uri));
            }

            return await ReadBodyAsync(response, maxBodySize, receiving.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or IOException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException($"{operation} request to {LogUri(uri)} was cancelled.", ex, cancellationToken);
            }

            NetworkException failure;
            if (headers.IsCancellationRequested && !total.IsCancellationRequested)
            {
                failure = new NetworkException(
                    NetworkErrorCode.Timeout,
                    $"{operation} request to {LogUri(uri)} was not accepted within {headersTimeout.TotalSeconds:0.###} s.",
                    isTransient: true,
                    ex);
            }
            else if (total.IsCancellationRequested)
            {
                failure = new NetworkException(
                    NetworkErrorCode.Timeout,
                    $"{operation} request to {LogUri(uri)} did not complete within {totalTimeout.TotalSeconds:0.###} s ({phase}).",
                    isTransient: true,
                    ex);
            }
            else if (ex is OperationCanceledException || ex.InnerException is TimeoutException)
            {
                // The handler's own connect timeout.
                failure = new NetworkException(NetworkErrorCode.Timeout, $"{operation} request to {LogUri(uri)} timed out connecting: {ex.Message}", isTransient: true, ex);
            }
            else
            {
                failure = new NetworkException(NetworkErrorCode.ConnectionFailed, $"{operation} request to {LogUri(uri)} failed ({phase}): {ex.Message}", isTransient: true, ex);
            }

            ClientLog.CallFailed(_logger, operation, LogUri(uri), failure.ErrorCode, failure);
            throw failure;
        }
        catch (NetworkException ex) when (ex is not HttpCallException)
        {
            ClientLog.CallFailed(_logger, operation, LogUri(uri), ex.ErrorCode, ex);
            throw;
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, long maxSize, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } declared && declared > maxSize)
        {
            throw TooLarge(declared, maxSize);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var capacity = (int)Math.Min(response.Content.Headers.ContentLength ?? 16 * 1024, maxSize);
            using var buffer = new MemoryStream(capacity);
            var chunk = new byte[81920];
            // Every read returns at least one byte, so the size cap also bounds the number of reads.
            for (var reads = 0L; reads <= maxSize; reads++)
            {
                var read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
                }

                if (buffer.Length + read > maxSize)
                {
                    throw TooLarge(buffer.Length + read, maxSize);
                }

                buffer.Write(chunk, 0, read);
            }

            throw TooLarge(buffer.Length, maxSize);
        }
    }

    private static async Task<string> ReadErrorTextAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxErrorTextBytes];
            var length = 0;
            while (length < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            return Encoding.UTF8.GetString(buffer, 0, length).Trim();
        }
    }

    private static NetworkException TooLarge(long size, long maxSize)
        => new(NetworkErrorCode.ResponseTooLarge, $"The answer has at least {size} bytes; at most {maxSize} are read.");

    private static T Parse<T>(MessageParser<T> parser, byte[] body, string name)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new NetworkException(NetworkErrorCode.MalformedMessage, $"The answer is not a valid {name} message: {ex.Message}", innerException: ex);
        }
    }

    private T Read<T>(string operation, Uri uri, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (NetworkException ex)
        {
            ClientLog.CallFailed(_logger, operation, LogUri(uri), ex.ErrorCode, ex);
            throw;
        }
    }

    private static void AddCredentialHeaders(HttpRequestMessage request, SegmentCredentials segment, TicketPayment? payment)
    {
        request.Headers.TryAddWithoutValidation(SegmentHeader.Name, SegmentHeader.Encode(segment));
        request.Headers.TryAddWithoutValidation(PaymentHeader.Name, payment is null ? string.Empty : PaymentHeader.Encode(payment));
    }

    private static Uri TranscoderUri(OrchestratorInfo info, string path)
    {
        // go-livepeer concatenates the strings; a trailing slash on the transcoder URI would make the path "//segment".
        var transcoder = (info.Transcoder ?? string.Empty).TrimEnd('/');
        if (!Uri.TryCreate(transcoder + path, UriKind.Absolute, out var uri) || !IsHttpUri(uri) || transcoder.Length == 0)
        {
            throw new NetworkException(NetworkErrorCode.InvalidField, $"The orchestrator's transcoder URI '{info.Transcoder}' is not an absolute http:// or https:// URI.");
        }

        return uri;
    }

    /// <summary>
    /// HTTP/2 by ALPN over TLS. Orchestrators on http:// serve HTTP/2 with prior knowledge (go-livepeer also HTTP/1.1,
    /// this SDK's orchestrator only HTTP/2), so requests to them go as h2c; a rendition URL on another cleartext host
    /// (an object store) goes as HTTP/1.1.
    /// </summary>
    private void SetVersion(HttpRequestMessage request, Uri uri, string operation)
    {
        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        }
        else if (operation != DownloadOperation || string.Equals(uri.Authority, _address.Authority, StringComparison.OrdinalIgnoreCase))
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
        else
        {
            request.Version = HttpVersion.Version11;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionOrHigher;
        }
    }

    private static bool IsHttpUri(Uri uri)
        => uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    // Object-store URLs can carry signed query strings; logs and messages keep the path only.
    private static Uri LogUri(Uri uri) => new(uri.GetLeftPart(UriPartial.Path));

    /// <summary>go-livepeer's segment timeouts: upload max(2 s, ½ × duration), total max(8 s, 4 × duration), both
    /// multiplied by the stream's multiplier when it is over 1.</summary>
    internal static (TimeSpan Upload, TimeSpan Total) SegmentTimeouts(OrchestratorClientOptions options, TimeSpan duration)
    {
        var multiplier = Math.Max(1, options.SegmentTimeoutMultiplier);
        duration = duration < TimeSpan.Zero ? TimeSpan.Zero : duration;
        return (Max(options.MinSegmentUploadTimeout, duration * 0.5) * multiplier, Max(options.MinSegmentTimeout, duration * 4) * multiplier);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed record RequestSignature(EthAddress Address, byte[] Signature);
}
