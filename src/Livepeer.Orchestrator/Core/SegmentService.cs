using System.Buffers;
using System.Diagnostics;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Livepeer.Network;
using Livepeer.Payments;
using Livepeer.Protocol;
using Livepeer.Transcoding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Wire = Livepeer.Network.Wire;

namespace Livepeer.Orchestrator;

/// <summary>
/// <c>POST /segment</c> and <c>POST /payment</c> as go-livepeer's orchestrator serves them: the same checks in the same
/// order, with the same status codes and texts; then, for a segment, an early 200 and the protobuf
/// <c>TranscodeResult</c>. No input makes a handler throw: every bad header or body maps to its answer.
/// </summary>
internal sealed partial class SegmentService : IDisposable
{
    /// <summary>The content type of a body that is the URL of the segment rather than the segment.</summary>
    public const string UriContentType = "application/vnd+livepeer.uri";

    public const string InsufficientBalance = "Insufficient balance";
    public const string BadRequest = "BadRequest";
    public const string Forbidden = "Forbidden";

    /// <summary>How long go-livepeer lets a gateway-supplied segment URL take to download.</summary>
    public static readonly TimeSpan DownloadTimeout = TimeSpan.FromSeconds(8);

    private const int MaxUriBodyBytes = 8 * 1024;
    private const int ReadChunk = 64 * 1024;
    private const int InitialBufferLimit = 4 * 1024 * 1024;

    private readonly OrchestratorIdentity _identity;
    private readonly OrchestratorSessions _sessions;
    private readonly OrchestratorInfoFactory _infos;
    private readonly AuthTokenAuthority _tokens;
    private readonly OrchestratorStorage _storage;
    private readonly OrchestratorEndpoint _endpoint;
    private readonly IServiceProvider _services;
    private readonly LivepeerOrchestratorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lazy<HttpClient> _downloads;

    public SegmentService(
        OrchestratorIdentity identity,
        OrchestratorSessions sessions,
        OrchestratorInfoFactory infos,
        AuthTokenAuthority tokens,
        OrchestratorStorage storage,
        OrchestratorEndpoint endpoint,
        IOptions<LivepeerOrchestratorOptions> options,
        IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        _identity = identity;
        _sessions = sessions;
        _infos = infos;
        _tokens = tokens;
        _storage = storage;
        _endpoint = endpoint;
        _services = services;
        _options = options.Value;
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("Livepeer.Orchestrator.Core");
        _downloads = new Lazy<HttpClient>(CreateDownloadClient);
    }

    public Task HandleSegmentAsync(HttpContext context) => Guard(context, ServeSegmentAsync);

    public Task HandlePaymentAsync(HttpContext context) => Guard(context, ServePaymentAsync);

    /// <summary>A gateway that went away leaves nobody to answer; that is not a failure of the host.</summary>
    private static async Task Guard(HttpContext context, Func<HttpContext, Task> serve)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await serve(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (context.RequestAborted.IsCancellationRequested && ex is OperationCanceledException or IOException)
        {
            context.Abort();
        }
    }

    private async Task ServeSegmentAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var checkedRequest = await CheckHeadersAsync(context, isSegment: true).ConfigureAwait(false);
        if (checkedRequest is null)
        {
            OrchestratorCoreMetrics.Segment("rejected");
            return;
        }

        var (payment, segment, sender, manifestId, info) = checkedRequest.Value;

        // go-livepeer credits the payment before it reads the body, so a body that never arrives, is too large or does
        // not match its hash still earns the tickets' value while the gateway gets nothing. Reading and checking the
        // body first keeps the same answers but credits only segments that can be transcoded.
        var body = await ReadSegmentAsync(context).ConfigureAwait(false);
        if (body is null)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, BadRequest).ConfigureAwait(false);
            OrchestratorCoreMetrics.Segment("rejected");
            return;
        }

        if (!body.Value.Hash.AsSpan().SequenceEqual(segment.Hash))
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, Forbidden).ConfigureAwait(false);
            OrchestratorCoreMetrics.Segment("rejected");
            return;
        }

        if (!await AcceptPaymentAsync(context, payment, sender, manifestId).ConfigureAwait(false))
        {
            OrchestratorCoreMetrics.Segment("rejected");
            return;
        }

        if (!_identity.OffChain && payment.ExpectedPrice is { } expected && expected.PricePerUnit.Sign > 0
            && !_identity.Recipient.SufficientBalance(sender, manifestId))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, InsufficientBalance).ConfigureAwait(false);
            OrchestratorCoreMetrics.Segment("rejected");
            return;
        }

        var session = _sessions.GetOrStart(manifestId, sender);
        if (session is null)
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, OrchestratorProtocol.Capped).ConfigureAwait(false);
            OrchestratorCoreMetrics.Segment("rejected");
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/octet-stream";
        await context.Response.StartAsync(cancellationToken).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);

        var result = await TranscodeAsync(session, segment, sender, body.Value.Data, info, cancellationToken).ConfigureAwait(false);
        await context.Response.Body.WriteAsync(result.ToByteArray(), cancellationToken).ConfigureAwait(false);
    }

    private async Task ServePaymentAsync(HttpContext context)
    {
        var checkedRequest = await CheckHeadersAsync(context, isSegment: false).ConfigureAwait(false);
        if (checkedRequest is null)
        {
            return;
        }

        var (payment, _, sender, manifestId, _) = checkedRequest.Value;
        if (!await AcceptPaymentAsync(context, payment, sender, manifestId).ConfigureAwait(false))
        {
            return;
        }

        var reply = new Wire.PaymentResult { Info = checkedRequest.Value.Info };
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/octet-stream";
        await context.Response.Body.WriteAsync(reply.ToByteArray(), context.RequestAborted).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_downloads.IsValueCreated)
        {
            _downloads.Value.Dispose();
        }
    }

    /// <summary>Steps 1 to 3 of go-livepeer's checks, shared by both endpoints; null when an answer was written.</summary>
    private async Task<CheckedRequest?> CheckHeadersAsync(HttpContext context, bool isSegment)
    {
        var headers = context.Request.Headers;
        if (!PaymentHeader.TryDecode(headers[PaymentHeader.Name].ToString(), out var payment, out var paymentError))
        {
            await RefuseAsync(context, StatusCodes.Status402PaymentRequired, paymentError.Message).ConfigureAwait(false);
            return null;
        }

        if (!SegmentHeader.TryDecode(headers[SegmentHeader.Name].ToString(), out var segment, out var segmentError))
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, SegmentErrorText(segmentError)).ConfigureAwait(false);
            return null;
        }

        var sender = payment.Sender ?? EthAddress.Zero;
        if (CheckCredentials(segment, sender, isSegment) is { } credentialsError)
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, credentialsError).ConfigureAwait(false);
            return null;
        }

        // /segment keys the session and its balance by the auth token's session; /payment by the manifest it names.
        var manifestId = isSegment ? segment.AuthToken!.SessionId : segment.ManifestId;
        Wire.OrchestratorInfo info;
        try
        {
            var price = await _infos.PriceForAsync(sender, manifestId, context.RequestAborted).ConfigureAwait(false);
            info = await _infos.CreateAsync(sender, price, segment.AuthToken!, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PaymentException or NetworkException or ArgumentException or InvalidOperationException)
        {
            OrchestratorCoreLog.InfoFailed(_logger, sender.ToString(), ex);
            await RefuseAsync(context, StatusCodes.Status500InternalServerError, ex.Message).ConfigureAwait(false);
            return null;
        }

        return new CheckedRequest(payment, segment, sender, manifestId, info);
    }

    /// <summary>Step 4: the tickets (go-livepeer's <c>ProcessPayment</c>); false when a 400 was written.</summary>
    private async Task<bool> AcceptPaymentAsync(HttpContext context, TicketPayment payment, EthAddress sender, string manifestId)
    {
        if (_identity.OffChain)
        {
            // go-livepeer's ProcessPayment does nothing without a recipient.
            if (payment.Tickets.Count > 0)
            {
                OrchestratorOffChainLog.PaymentIgnored(_logger, context.Request.Path, sender.ToString(), payment.Tickets.Count);
            }

            return true;
        }

        var result = await _identity.Recipient.ReceivePaymentAsync(payment, manifestId, context.RequestAborted).ConfigureAwait(false);
        Record(result, sender, manifestId);
        if (result.Rejection is { } rejection)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, rejection.Message).ConfigureAwait(false);
            return false;
        }

        return true;
    }

    /// <summary>
    /// go-livepeer's <c>verifySegCreds</c>: signature (not off chain, where go's VerifySig always succeeds), capabilities,
    /// auth token, capacity; null when all pass.
    /// </summary>
    private string? CheckCredentials(SegmentCredentials segment, EthAddress sender, bool isSegment)
    {
        if (!_identity.OffChain && !WireSignatures.VerifySegment(segment, sender))
        {
            return NetworkException.WireText(NetworkErrorCode.SegmentSignature);
        }

        // A segment without capabilities comes from a gateway that predates them: it can only need the legacy set.
        if (!(segment.Capabilities ?? CapabilitySet.Legacy).IsCompatibleWith(_sessions.Capabilities))
        {
            return NetworkException.WireText(NetworkErrorCode.IncompatibleCapabilities);
        }

        if (_tokens.Check(segment.AuthToken) is { } tokenProblem)
        {
            return NetworkException.WireText(tokenProblem);
        }

        var manifestId = isSegment ? segment.AuthToken!.SessionId : segment.ManifestId;
        return _sessions.HasCapacity(manifestId) ? null : OrchestratorProtocol.Capped;
    }

    private static string SegmentErrorText(NetworkException error) => error.ErrorCode switch
    {
        NetworkErrorCode.SegmentEncoding or NetworkErrorCode.InvalidDuration => NetworkException.WireText(error.ErrorCode),
        _ => error.Message,
    };

    private void Record(PaymentResult result, EthAddress sender, string manifestId)
    {
        if (result.Rejection is { } rejection)
        {
            OrchestratorCoreMetrics.Payment("rejected");
            OrchestratorCoreLog.PaymentRefused(_logger, sender.ToString(), manifestId, rejection.Message);
        }
        else
        {
            OrchestratorCoreMetrics.Payment("accepted");
        }

        if (result.AcceptedTickets > 0)
        {
            OrchestratorCoreMetrics.Tickets.Add(result.AcceptedTickets);
            OrchestratorCoreMetrics.WinningTickets.Add(result.WonTickets);
            OrchestratorCoreMetrics.CreditedEv.Add((double)result.CreditedEv.Numerator / (double)result.CreditedEv.Denominator);
            OrchestratorCoreLog.PaymentReceived(_logger, sender.ToString(), manifestId, result.AcceptedTickets, result.WonTickets, result.CreditedEv.ToString());
        }
    }

    /// <summary>
    /// The segment's bytes and their Keccak-256: the body itself, hashed chunk by chunk while it arrives, or what its URL
    /// points at. Null when it cannot be had in time or is too large.
    /// </summary>
    private async Task<SegmentBody?> ReadSegmentAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = null;
        }

        var isUri = context.Request.ContentType is { } type
            && type.StartsWith(UriContentType, StringComparison.OrdinalIgnoreCase);
        using var timeout = new CancellationTokenSource(_options.SegmentReadTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, timeout.Token);
        try
        {
            var limit = isUri ? MaxUriBodyBytes : _options.MaxSegmentBytes;
            var hasher = isUri ? null : new Keccak256Hasher();
            var body = await ReadBoundedAsync(context.Request.Body, context.Request.ContentLength, limit, hasher, linked.Token).ConfigureAwait(false);
            if (body is null)
            {
                OrchestratorCoreLog.BodyReadFailed(_logger, $"the body is larger than {limit} bytes");
                return null;
            }

            if (hasher is not null)
            {
                return new SegmentBody(body.Value, hasher.GetHashAndReset());
            }

            var downloaded = await DownloadAsync(Encoding.UTF8.GetString(body.Value.Span), context.RequestAborted).ConfigureAwait(false);
            return downloaded is { } data ? new SegmentBody(data, Keccak256.Hash(data.Span)) : null;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or BadHttpRequestException)
        {
            OrchestratorCoreLog.BodyReadFailed(_logger, timeout.IsCancellationRequested ? "the upload took too long" : ex.Message);
            return null;
        }
    }

    /// <summary>
    /// Reads a body of at most <paramref name="limit"/> bytes, feeding each chunk to <paramref name="hasher"/> as it
    /// arrives so that hashing overlaps the upload. A declared length sizes the buffer exactly (one copy of the body,
    /// no growth); it is a hint only, so a body that runs past it still grows the buffer up to the limit.
    /// </summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBoundedAsync(Stream stream, long? declaredLength, long limit, Keccak256Hasher? hasher, CancellationToken cancellationToken)
    {
        if (declaredLength > limit)
        {
            return null;
        }

        // A peer could declare the maximum and send nothing, so a large declared length is not trusted with memory up front.
        var capacity = (int)Math.Min((declaredLength ?? ReadChunk) + 1, Math.Min(limit + 1, InitialBufferLimit));
        var buffer = new byte[Math.Max(capacity, 1)];
        var written = 0;
        while (true)
        {
            if (written == buffer.Length)
            {
                if (written > limit)
                {
                    return null;
                }

                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, limit + 1));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(written), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.AsMemory(0, written);
            }

            hasher?.AppendData(buffer.AsSpan(written, read));
            written += read;
            if (written > limit)
            {
                return null;
            }
        }
    }

    /// <summary>Fetches a segment from the URL a gateway sent: from this orchestrator's own store when it points there.</summary>
    private async Task<ReadOnlyMemory<byte>?> DownloadAsync(string text, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            OrchestratorCoreLog.BodyReadFailed(_logger, "the segment URL is not an absolute http(s) URL");
            return null;
        }

        var own = _endpoint.ServiceUri;
        if (string.Equals(uri.Authority, own.Authority, StringComparison.OrdinalIgnoreCase)
            && uri.AbsolutePath.StartsWith(OrchestratorStorage.RoutePrefix, StringComparison.Ordinal))
        {
            var path = Uri.UnescapeDataString(uri.AbsolutePath[OrchestratorStorage.RoutePrefix.Length..]);
            return _storage.TryGet(path, out var stored, out _) ? stored : null;
        }

        using var timeout = new CancellationTokenSource(DownloadTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _downloads.Value.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                OrchestratorCoreLog.BodyReadFailed(_logger, $"the segment URL answered {(int)response.StatusCode}");
                return null;
            }

            var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await ReadBoundedAsync(stream, response.Content.Headers.ContentLength, _options.MaxSegmentBytes, hasher: null, linked.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            OrchestratorCoreLog.BodyReadFailed(_logger, $"the segment could not be downloaded: {ex.Message}");
            return null;
        }
    }

    private async Task<Wire.TranscodeResult> TranscodeAsync(
        OrchestratorSession session,
        SegmentCredentials segment,
        EthAddress sender,
        ReadOnlyMemory<byte> body,
        Wire.OrchestratorInfo info,
        CancellationToken cancellationToken)
    {
        var reply = new Wire.TranscodeResult { Seq = segment.Sequence, Info = info };
        if (!session.TryEnter())
        {
            reply.Error = TranscodeErrors.GetMessage(TranscodeErrorCode.OrchestratorBusy);
            OrchestratorCoreMetrics.Segment("failed");
            return reply;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await session.Turn.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var dispatcher = _services.GetRequiredService<TranscoderDispatcher>();
                var transcoded = await dispatcher.TranscodeAsync(
                    new TranscodeSegment(body) { SequenceNumber = segment.Sequence, Duration = segment.Duration },
                    segment.Profiles,
                    new TranscodeOptions { SessionId = session.Id, ForceSessionReinit = segment.ForceSessionReinit },
                    cancellationToken).ConfigureAwait(false);
                reply.Data = await CompleteAsync(session, segment, sender, transcoded, cancellationToken).ConfigureAwait(false);
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                OrchestratorCoreMetrics.TranscodeDuration.Record(seconds);
                OrchestratorCoreMetrics.Segment("transcoded");
                OrchestratorCoreLog.SegmentTranscoded(_logger, segment.Sequence, session.Id, transcoded.Renditions.Count, transcoded.TotalPixels, seconds);
            }
            finally
            {
                session.Turn.Release();
            }
        }
        catch (TranscodingException ex)
        {
            reply.Error = ex.Message;
            OrchestratorCoreMetrics.Segment("failed");
            OrchestratorCoreLog.SegmentFailed(_logger, segment.Sequence, session.Id, ex.Message);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            reply.Error = TranscodeErrors.GetMessage(TranscodeErrorCode.Unknown);
            OrchestratorCoreMetrics.Segment("failed");
            OrchestratorCoreLog.SegmentCrashed(_logger, segment.Sequence, session.Id, ex);
        }
        finally
        {
            session.Leave(_time.GetUtcNow());
        }

        return reply;
    }

    /// <summary>Stores the renditions, charges their pixels, and signs them (off chain: neither charged nor signed).</summary>
    private async Task<Wire.TranscodeData> CompleteAsync(
        OrchestratorSession session,
        SegmentCredentials segment,
        EthAddress sender,
        TranscodeResult transcoded,
        CancellationToken cancellationToken)
    {
        var data = new Wire.TranscodeData();
        for (var i = 0; i < transcoded.Renditions.Count; i++)
        {
            var rendition = transcoded.Renditions[i];
            var mp4 = rendition.Profile.Format == VideoFormat.Mp4;
            var path = $"{session.Id}/{StorageName(rendition.Profile.Name, i)}/{segment.Sequence}{(mp4 ? ".mp4" : ".ts")}";
            var url = _storage.Put(path, rendition.Data, mp4 ? "video/mp4" : "video/mp2t");
            data.Segments.Add(new Wire.TranscodedSegmentData { Url = url.AbsoluteUri, Pixels = rendition.Pixels });
        }

        var pixels = transcoded.TotalPixels;
        if (!_identity.OffChain && _identity.Recipient.GetSessionPrice(sender, session.Id) is not null)
        {
            _identity.Recipient.DebitPixels(sender, session.Id, new BigInteger(pixels));
        }

        session.Count(pixels);
        if (_identity.OffChain)
        {
            // go-livepeer's Sign without a chain gives an empty signature.
            return data;
        }

        var message = WireSignatures.TranscodeDataMessage(transcoded.Renditions.Select(r => r.Data));
        var signature = await WireSignatures.SignTranscodeDataAsync(_identity.Signer, message, cancellationToken).ConfigureAwait(false);
        data.Sig = ByteString.CopyFrom(signature.ToArray());
        return data;
    }

    /// <summary>A rendition's folder: its profile name when that is a plain name, else a stable stand-in (URLs are opaque to gateways).</summary>
    private static string StorageName(string name, int index)
        => PlainName().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal)
            ? name
            : $"p{index}_{Convert.ToHexStringLower(Keccak256.Hash(Encoding.UTF8.GetBytes(name)).AsSpan(0, 4))}";

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex PlainName();

    /// <summary>go's <c>http.Error</c>: the status, plain text and the message with a newline.</summary>
    private async Task RefuseAsync(HttpContext context, int status, string text)
    {
        OrchestratorCoreLog.RequestRefused(_logger, context.Request.Path, status, text);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.XContentTypeOptions = "nosniff";
        await response.WriteAsync(text + "\n", context.RequestAborted).ConfigureAwait(false);
    }

    private static HttpClient CreateDownloadClient()
    {
        // go-livepeer's clients accept any certificate from these peers (self-signed orchestrator certificates).
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(2),
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        return new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    private readonly record struct CheckedRequest(
        TicketPayment Payment,
        SegmentCredentials Segment,
        EthAddress Sender,
        string ManifestId,
        Wire.OrchestratorInfo Info);
}

/// <summary>A segment's bytes and their Keccak-256.</summary>
internal readonly record struct SegmentBody(ReadOnlyMemory<byte> Data, byte[] Hash);
