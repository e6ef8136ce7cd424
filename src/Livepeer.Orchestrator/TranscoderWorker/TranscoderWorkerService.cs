using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Text;
using Livepeer.Network;
using Livepeer.Transcoding;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Wire = Livepeer.Network.Wire;

namespace Livepeer.Orchestrator;

/// <summary>
/// The standalone transcoder: keeps a RegisterTranscoder stream open to the orchestrator (reconnecting with
/// exponential back-off), transcodes each segment it is sent with the local <see cref="ITranscoder"/>, and posts the
/// renditions (or the error text) to the orchestrator's <c>/transcodeResults</c>.
/// </summary>
internal sealed class TranscoderWorkerService : BackgroundService
{
    private static readonly MediaTypeHeaderValue ErrorContentType = new(TranscoderProtocol.TranscodingErrorContentType);

    private readonly LivepeerTranscoderWorkerOptions _options;
    private readonly ITranscoder _transcoder;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Uri _orchestrator;
    private readonly CapabilitySet _capabilities;
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private long _teardowns;

    public TranscoderWorkerService(
        IOptions<LivepeerTranscoderWorkerOptions> options,
        ITranscoder transcoder,
        TimeProvider? time = null,
        ILogger<TranscoderWorkerService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(transcoder);
        _options = options.Value;
        _transcoder = transcoder;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _orchestrator = new Uri((_options.OrchestratorUri ?? throw new OptionsValidationException(
            LivepeerTranscoderWorkerOptions.SectionName, typeof(LivepeerTranscoderWorkerOptions), ["OrchestratorUri is required."])).GetLeftPart(UriPartial.Authority));
        _capabilities = _options.Capabilities ?? CapabilitySet.DefaultTranscoder;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunAsync(stoppingToken);

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> is cancelled. Throws <see cref="TranscoderWorkerException"/> when
    /// the orchestrator refuses the registration for good (<c>invalid secret</c>, <c>zero capacity</c>).
    /// </summary>
    internal async Task RunAsync(CancellationToken cancellationToken)
    {
        using var handler = CreateHandler();
        using var http = new HttpMessageInvoker(handler, disposeHandler: false);
        using var grpc = new HttpGrpcCallInvoker(_orchestrator, handler, new GrpcClientOptions(), disposeHandler: false, _time, _logger);
        var request = new Wire.RegisterRequest
        {
            Secret = _options.Secret ?? string.Empty,
            Capacity = _options.Capacity,
            Capabilities = CapabilityMapping.ToWire(_capabilities),
        };

        var delay = _options.InitialReconnectDelay;
        try
        {
            // Runs for the life of the host: each pass is one registration, separated by a growing wait.
            for (var attempt = 1; !cancellationToken.IsCancellationRequested; attempt++)
            {
                TranscoderWorkerLog.Registering(_logger, _orchestrator, _options.Capacity, attempt);
                var started = _time.GetTimestamp();
                string reason;
                try
                {
                    await foreach (var notify in grpc.ServerStreamingCallAsync(TranscoderProtocol.RegisterTranscoder, request, timeout: null, cancellationToken).ConfigureAwait(false))
                    {
                        Start(notify, http, cancellationToken);
                    }

                    reason = "closed by the orchestrator";
                }
                catch (GrpcCallException e) when (FatalCode(e.Detail) is { } code)
                {
                    TranscoderWorkerLog.Refused(_logger, _orchestrator, e.Detail);
                    throw new TranscoderWorkerException(code, e.Detail, e);
                }
                catch (GrpcCallException e)
                {
                    reason = e.Message;
                }

                // A registration that held for a while was healthy: start the back-off over.
                if (_time.GetElapsedTime(started) >= _options.MaxReconnectDelay)
                {
                    delay = _options.InitialReconnectDelay;
                }

                var wait = Jitter(delay);
                TranscoderWorkerLog.Disconnected(_logger, _orchestrator, reason, wait.TotalMilliseconds);
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                delay = delay * 2 < _options.MaxReconnectDelay ? delay * 2 : _options.MaxReconnectDelay;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await WaitForRunningAsync().ConfigureAwait(false);
            TranscoderWorkerLog.Stopped(_logger);
        }
    }

    private static TranscoderWorkerErrorCode? FatalCode(string detail)
    {
        // Older go-livepeer orchestrators capitalise these messages.
        if (string.Equals(detail, TranscoderProtocol.InvalidSecret, StringComparison.OrdinalIgnoreCase))
        {
            return TranscoderWorkerErrorCode.InvalidSecret;
        }

        if (string.Equals(detail, TranscoderProtocol.ZeroCapacity, StringComparison.OrdinalIgnoreCase))
        {
            return TranscoderWorkerErrorCode.ZeroCapacity;
        }

        return null;
    }

    private static TimeSpan Jitter(TimeSpan delay)
        => TimeSpan.FromTicks((long)(delay.Ticks * (0.75 + (Random.Shared.NextDouble() * 0.5))));

    private void Start(Wire.NotifySegment notify, HttpMessageInvoker http, CancellationToken cancellationToken)
    {
        var key = notify.TaskId;
        if (IsTeardown(notify))
        {
            // Teardowns have no task id; keep them apart from tasks in the running set.
            key = -Interlocked.Increment(ref _teardowns);
        }

        var task = Task.Run(() => HandleAsync(notify, http, cancellationToken), CancellationToken.None);
        _running[key] = task;
        _ = task.ContinueWith(t => _running.TryRemove(new KeyValuePair<long, Task>(key, t)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private static bool IsTeardown(Wire.NotifySegment notify)
        => notify.Url.Length == 0 && notify.SegData?.AuthToken?.SessionId is { Length: > 0 };

    private async Task HandleAsync(Wire.NotifySegment notify, HttpMessageInvoker http, CancellationToken cancellationToken)
    {
        if (IsTeardown(notify))
        {
            var sessionId = notify.SegData.AuthToken.SessionId;
            try
            {
                await _transcoder.EndSessionAsync(sessionId, cancellationToken).ConfigureAwait(false);
                TranscoderWorkerLog.SessionTornDown(_logger, sessionId);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                TranscoderWorkerLog.TeardownFailed(_logger, sessionId, e);
            }

            return;
        }

        TranscodeResult? result = null;
        string? error = null;
        try
        {
            var segment = SegmentMapping.FromWire(notify.SegData ?? throw new NetworkException(NetworkErrorCode.InvalidField, "the task carries no segData"));
            var sessionId = segment.AuthToken?.SessionId is { Length: > 0 } s ? s : segment.ManifestId is { Length: > 0 } m ? m : null;
            TranscoderWorkerLog.TaskReceived(_logger, notify.TaskId, segment.Sequence, sessionId, segment.Profiles.Count, notify.Url);
            if (segment.Capabilities is { } required && !required.IsCompatibleWith(_capabilities))
            {
                throw new TranscodingException(TranscodeErrorCode.Unknown, "incompatible segment capabilities");
            }

            var data = await DownloadAsync(http, notify.Url, cancellationToken).ConfigureAwait(false);
            result = await _transcoder.TranscodeAsync(
                new TranscodeSegment(data) { SequenceNumber = segment.Sequence, Duration = segment.Duration },
                segment.Profiles,
                new TranscodeOptions { SessionId = sessionId, ForceSessionReinit = segment.ForceSessionReinit },
                cancellationToken).ConfigureAwait(false);
            if (result.Renditions.Count != segment.Profiles.Count)
            {
                throw new TranscodingException(TranscodeErrorCode.Unknown, "segment / profile mismatch");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the orchestrator sees the stream end and moves the task elsewhere.
            return;
        }
        catch (Exception e)
        {
            error = e.Message;
            result = null;
            TranscoderWorkerLog.TaskFailed(_logger, notify.TaskId, error);
        }

        await PostResultAsync(http, notify.TaskId, result, error, cancellationToken).ConfigureAwait(false);
    }

    private async Task<byte[]> DownloadAsync(HttpMessageInvoker http, string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new TranscodingException(TranscodeErrorCode.InvalidInput, "TranscoderInvalidInput");
        }

        using var timeout = new CancellationTokenSource(_options.DownloadTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        SetVersion(request, uri);
        try
        {
            using var response = await http.SendAsync(request, linked.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new HttpRequestException($"segment download from {uri} failed: HTTP {(int)response.StatusCode}", null, response.StatusCode);
            }

            if (response.Content.Headers.ContentLength > TranscodeLimits.MaxSegmentBytes)
            {
                throw new TranscodingException(TranscodeErrorCode.InputTooLarge);
            }

            var body = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                using var copy = new MemoryStream();
                var buffer = new byte[81920];
                while (await body.ReadAsync(buffer, linked.Token).ConfigureAwait(false) is var read and > 0)
                {
                    if (copy.Length + read > TranscodeLimits.MaxSegmentBytes)
                    {
                        throw new TranscodingException(TranscodeErrorCode.InputTooLarge);
                    }

                    copy.Write(buffer, 0, read);
                }

                return copy.ToArray();
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"segment download from {uri} took longer than {_options.DownloadTimeout.TotalSeconds:0.#} s");
        }
    }

    private async Task PostResultAsync(HttpMessageInvoker http, long taskId, TranscodeResult? result, string? error, CancellationToken cancellationToken)
    {
        var uri = new Uri(_orchestrator, TranscoderProtocol.ResultsPath);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri);
        SetVersion(request, uri);
        request.Headers.TryAddWithoutValidation("Authorization", TranscoderProtocol.AuthorizationValue);
        request.Headers.TryAddWithoutValidation(TranscoderProtocol.CredentialsHeader, _options.Secret);
        request.Headers.TryAddWithoutValidation(TranscoderProtocol.TaskIdHeader, taskId.ToString(CultureInfo.InvariantCulture));
        // The decoded input pixels: the engine reports decoded frames but not the input size, so this stays 0,
        // which go-livepeer's orchestrator accepts (it only records it).
        request.Headers.TryAddWithoutValidation(TranscoderProtocol.PixelsHeader, "0");
        request.Content = result is null ? ErrorContent(error ?? "unknown error") : RenditionsContent(result);

        using var timeout = new CancellationTokenSource(_options.UploadTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await http.SendAsync(request, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
                TranscoderWorkerLog.ResultPostFailed(_logger, taskId, $"HTTP {(int)response.StatusCode}: {Truncate(body)}");
                return;
            }

            TranscoderWorkerLog.ResultPosted(_logger, taskId, result?.Renditions.Count ?? 0, result?.TotalPixels ?? 0);
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            TranscoderWorkerLog.ResultPostFailed(_logger, taskId, e.Message);
        }
    }

    private static ByteArrayContent ErrorContent(string error)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(error));
        content.Headers.ContentType = ErrorContentType;
        return content;
    }

    private static MultipartContent RenditionsContent(TranscodeResult result)
    {
        var multipart = new MultipartContent("mixed", "lp" + Guid.NewGuid().ToString("N"));
        foreach (var rendition in result.Renditions)
        {
            var part = new ReadOnlyMemoryContent(rendition.Data);
            part.Headers.ContentType = new MediaTypeHeaderValue(rendition.Profile.Format == VideoFormat.Mp4 ? TranscoderProtocol.Mp4ContentType : TranscoderProtocol.MpegTsContentType);
            part.Headers.ContentLength = rendition.Data.Length;
            part.Headers.TryAddWithoutValidation(TranscoderProtocol.PixelsHeader, rendition.Pixels.ToString(CultureInfo.InvariantCulture));
            multipart.Add(part);
        }

        return multipart;
    }

    /// <summary>
    /// HTTP/2 to the orchestrator as go-livepeer's transcoder uses it: negotiated over TLS, with prior knowledge over
    /// http:// (the orchestrator's cleartext port speaks h2c). Other hosts (external object stores) get HTTP/1.1.
    /// </summary>
    private void SetVersion(HttpRequestMessage request, Uri uri)
    {
        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        }
        else if (Uri.Compare(uri, _orchestrator, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
        else
        {
            request.Version = HttpVersion.Version11;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        }
    }

    private static SocketsHttpHandler CreateHandler() => new()
    {
        ConnectTimeout = GrpcClientOptions.DefaultConnectTimeout,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        EnableMultipleHttp2Connections = true,
        AutomaticDecompression = DecompressionMethods.None,
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        SslOptions = new SslClientAuthenticationOptions
        {
            // Orchestrators serve a self-signed certificate; go-livepeer's transcoder skips verification too.
            RemoteCertificateValidationCallback = static (_, _, _, _) => true,
        },
    };

    private async Task WaitForRunningAsync()
    {
        var running = _running.Values.ToArray();
        if (running.Length == 0)
        {
            return;
        }

        try
        {
            await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(10), _time).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Tasks that outlive the stop are abandoned; the orchestrator times them out.
        }
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200];
}
