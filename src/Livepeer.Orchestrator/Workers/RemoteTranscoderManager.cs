using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Livepeer.Network;
using Livepeer.Transcoding;
using Wire = Livepeer.Network.Wire;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Orchestrator;

/// <summary>
/// The orchestrator side of standalone transcoders: accepts RegisterTranscoder streams, sends each task down the
/// chosen transcoder's stream with its input in <see cref="OrchestratorStorage"/>, and completes the task when the
/// transcoder posts to <c>/transcodeResults</c>.
/// </summary>
internal sealed class RemoteTranscoderManager : ITranscoderWorkerRegistry, IDisposable
{
    private static readonly ByteString ZeroHash = ByteString.CopyFrom(new byte[32]);

    private readonly ConcurrentDictionary<long, RemoteTranscoder> _workers = new();
    private readonly ConcurrentDictionary<long, PendingTask> _tasks = new();
    private readonly Func<string?> _secret;
    private readonly Func<string> _orchestratorId;
    private readonly OrchestratorStorage _storage;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _maxResultBytes;
    private readonly CancellationTokenSource _stopping = new();
    private long _nextWorkerId;
    private long _nextTaskId;

    /// <param name="secret">The current transcoder secret; null refuses every registration.</param>
    /// <param name="storage">Where task inputs are put for the transcoders to download.</param>
    /// <param name="orchestratorId">The <c>orchId</c> sent with each task (the orchestrator's address, when known).</param>
    /// <param name="maxResultBytes">The largest result upload accepted.</param>
    /// <param name="time">The clock for result timeouts.</param>
    /// <param name="logger">Where registrations, removals and failed tasks are logged.</param>
    public RemoteTranscoderManager(
        Func<string?> secret,
        OrchestratorStorage storage,
        Func<string>? orchestratorId = null,
        long maxResultBytes = 300_000_000,
        TimeProvider? time = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxResultBytes);
        _secret = secret;
        _storage = storage;
        _orchestratorId = orchestratorId ?? (() => string.Empty);
        _maxResultBytes = maxResultBytes;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The least time a task waits for its result (go-livepeer's 8 s); lowered by tests.</summary>
    internal TimeSpan MinimumResultTimeout { get; set; } = TranscoderProtocol.MinimumResultTimeout;

    /// <summary>The registered transcoders, oldest first.</summary>
    public IReadOnlyList<RemoteTranscoder> Workers => [.. _workers.Values.Where(w => w.IsAvailable).OrderBy(w => w.Id)];

    public IReadOnlyList<TranscoderWorkerStatus> GetWorkers() =>
        [.. Workers.Select(w => new TranscoderWorkerStatus(w.Address, w.Capacity, w.Load, w.Capabilities, w.RegisteredAt))];

    /// <summary>Ends every stream, so that a stopping host is not held open by its transcoders.</summary>
    public void Stop()
    {
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed already: nothing is left to stop.
        }

        foreach (var worker in _workers.Values)
        {
            worker.Close("orchestrator stopping");
        }
    }

    public void Dispose()
    {
        Stop();
        _stopping.Dispose();
    }

    /// <summary>
    /// Serves one RegisterTranscoder call: checks the secret and capacity with go-livepeer's messages, then keeps the
    /// stream open and writes the transcoder's tasks to it until either side ends it.
    /// </summary>
    public async Task RegisterAsync(Wire.RegisterRequest request, IGrpcStreamWriter<Wire.NotifySegment> responses, GrpcServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responses);
        ArgumentNullException.ThrowIfNull(context);
        var address = FormatAddress(context.HttpContext.Connection);
        if (!SecretMatches(request.Secret))
        {
            WorkersLog.RegistrationRefused(_logger, address, TranscoderProtocol.InvalidSecret);
            throw new GrpcCallException(GrpcStatusCode.Unknown, TranscoderProtocol.InvalidSecret);
        }

        if (request.Capacity <= 0)
        {
            WorkersLog.RegistrationRefused(_logger, address, TranscoderProtocol.ZeroCapacity);
            throw new GrpcCallException(GrpcStatusCode.Unknown, TranscoderProtocol.ZeroCapacity);
        }

        CapabilitySet capabilities;
        try
        {
            // A transcoder from before capability discovery sends none and is assumed to have the default set.
            capabilities = request.Capabilities is null ? CapabilitySet.DefaultTranscoder : CapabilityMapping.FromWire(request.Capabilities);
        }
        catch (NetworkException e)
        {
            WorkersLog.RegistrationRefused(_logger, address, e.Message);
            throw new GrpcCallException(GrpcStatusCode.InvalidArgument, e.Message);
        }

        var capacity = (int)Math.Min(request.Capacity, int.MaxValue);
        var worker = new RemoteTranscoder(this, Interlocked.Increment(ref _nextWorkerId), address, capacity, capabilities, _time.GetUtcNow());
        _workers[worker.Id] = worker;
        WorkersLog.Registered(_logger, address, capacity);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, worker.Closed, _stopping.Token);
        try
        {
            // Ends when the transcoder goes away (the call is cancelled), when it is removed, or when the host stops.
            await foreach (var message in worker.Outbox.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                await responses.WriteAsync(message, stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when ((e is OperationCanceledException or IOException) && stop.IsCancellationRequested)
        {
            // The stream ended; the transcoder is removed below.
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            worker.Close("stream write failed: " + e.Message);
        }
        finally
        {
            Remove(worker, context.CancellationToken.IsCancellationRequested ? "stream closed by the transcoder" : worker.CloseReason);
        }
    }

    /// <summary>Sends one segment to <paramref name="worker"/> and waits for its renditions.</summary>
    /// <exception cref="RemoteTranscoderLostException">The transcoder went away first; the segment can go elsewhere.</exception>
    /// <exception cref="TranscodingException">The transcoder reported an error, or took longer than max(8 s, 4 × duration).</exception>
    public async Task<TranscodeResult> TranscodeAsync(
        RemoteTranscoder worker,
        TranscodeSegment segment,
        IReadOnlyList<VideoProfile> profiles,
        TranscodeOptions? options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(profiles);
        if (!worker.IsAvailable)
        {
            throw new RemoteTranscoderLostException(worker.Address);
        }

        var started = _time.GetTimestamp();
        var taskId = Interlocked.Increment(ref _nextTaskId);
        var sessionId = options?.SessionId;
        var path = InputPath(sessionId, segment.SequenceNumber, taskId);
        var url = _storage.Put(path, segment.Data, TranscoderProtocol.MpegTsContentType);
        var pending = new PendingTask(worker);
        _tasks[taskId] = pending;
        try
        {
            var duration = segment.Duration is { } d && d > TimeSpan.Zero ? d : SegmentMapping.DefaultDuration;
            var notify = new Wire.NotifySegment
            {
                Url = url.AbsoluteUri,
                TaskId = taskId,
                OrchId = _orchestratorId(),
                SegData = BuildSegData(segment, profiles, options, duration),
                Profiles = TranscodingMapping.InvalidLegacyProfiles,
            };
            if (!worker.TrySend(notify))
            {
                throw new RemoteTranscoderLostException(worker.Address);
            }

            WorkersLog.TaskSent(_logger, taskId, segment.SequenceNumber, sessionId, worker.Address);
            var timeout = duration * TranscoderProtocol.ResultTimeoutMultiplier;
            if (timeout < MinimumResultTimeout)
            {
                timeout = MinimumResultTimeout;
            }

            RemoteTaskOutcome outcome;
            using (var timer = new CancellationTokenSource(timeout, _time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token))
            {
                try
                {
                    outcome = await pending.Completion.Task.WaitAsync(linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    // go-livepeer drops a transcoder that misses a deadline; its other tasks fail over.
                    WorkersLog.TaskTimedOut(_logger, worker.Address, taskId, timeout.TotalSeconds);
                    worker.Close("result timeout");
                    throw new TranscodingException(TranscodeErrorCode.Timeout);
                }
            }

            if (outcome.Error is { } error)
            {
                WorkersLog.TaskFailed(_logger, taskId, worker.Address, error);
                throw TranscodeErrors.TryGetCode(error, out var code)
                    ? new TranscodingException(code)
                    : new TranscodingException(TranscodeErrorCode.Unknown, error);
            }

            return ToResult(outcome, profiles, _time.GetElapsedTime(started));
        }
        finally
        {
            _tasks.TryRemove(taskId, out _);
            _storage.Remove(path);
        }
    }

    /// <summary>Tells <paramref name="worker"/> to end a session: a message with no URL and only the session id.</summary>
    public void SendTeardown(RemoteTranscoder worker, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        worker.TrySend(new Wire.NotifySegment
        {
            OrchId = _orchestratorId(),
            SegData = new Wire.SegData { AuthToken = new Wire.AuthToken { SessionId = sessionId } },
        });
    }

    /// <summary>Serves <c>POST /transcodeResults</c>.</summary>
    public async Task HandleResultsAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var remote = context.Connection.RemoteIpAddress?.ToString();
        if (!string.Equals(request.Headers.Authorization.ToString(), TranscoderProtocol.AuthorizationValue, StringComparison.Ordinal)
            || !SecretMatches(request.Headers[TranscoderProtocol.CredentialsHeader].ToString()))
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, "invalid credentials", remote).ConfigureAwait(false);
            return;
        }

        if (!long.TryParse(request.Headers[TranscoderProtocol.TaskIdHeader].ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var taskId))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "invalid TaskId", remote).ConfigureAwait(false);
            return;
        }

        if (!long.TryParse(request.Headers[TranscoderProtocol.PixelsHeader].ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var decodedPixels))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "invalid Pixels", remote).ConfigureAwait(false);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = _maxResultBytes;
        }

        _tasks.TryGetValue(taskId, out var pending);
        RemoteTaskOutcome outcome;
        try
        {
            outcome = await TranscodeResultsReader.ReadAsync(request.ContentType, request.Body, decodedPixels, _maxResultBytes, context.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidTranscodeResultsException e)
        {
            // The transcoder answered, but with nothing usable: fail the task now rather than at its deadline.
            pending?.Completion.TrySetResult(RemoteTaskOutcome.Failed("invalid transcode results: " + e.Message, decodedPixels));
            await RefuseAsync(context, StatusCodes.Status400BadRequest, e.Message, remote).ConfigureAwait(false);
            return;
        }
        catch (BadHttpRequestException e)
        {
            pending?.Completion.TrySetResult(RemoteTaskOutcome.Failed("invalid transcode results: " + e.Message, decodedPixels));
            await RefuseAsync(context, e.StatusCode, e.Message, remote).ConfigureAwait(false);
            return;
        }

        if (pending is null || !pending.Completion.TrySetResult(outcome))
        {
            WorkersLog.ResultForUnknownTask(_logger, taskId);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("OK", context.RequestAborted).ConfigureAwait(false);
    }

    private void Remove(RemoteTranscoder worker, string reason)
    {
        worker.Close(reason);
        _workers.TryRemove(worker.Id, out _);
        var inFlight = 0;
        foreach (var pending in _tasks.Values)
        {
            if (ReferenceEquals(pending.Worker, worker)
                && pending.Completion.TrySetException(new RemoteTranscoderLostException(worker.Address)))
            {
                inFlight++;
            }
        }

        WorkersLog.Removed(_logger, worker.Address, reason, inFlight);
    }

    private bool SecretMatches(string? presented)
    {
        var secret = _secret();
        if (secret is null || presented is null)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(presented));
    }

    private async Task RefuseAsync(HttpContext context, int statusCode, string reason, string? remote)
    {
        WorkersLog.ResultRefused(_logger, remote, statusCode, reason);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(reason, context.RequestAborted).ConfigureAwait(false);
    }

    private static Wire.SegData BuildSegData(TranscodeSegment segment, IReadOnlyList<VideoProfile> profiles, TranscodeOptions? options, TimeSpan duration)
    {
        var sessionId = options?.SessionId ?? string.Empty;
        var segData = new Wire.SegData
        {
            ManifestId = WireValues.ToUtf8(sessionId),
            Seq = segment.SequenceNumber,
            // The transcoder downloads the input from us, so the hash and our storage details are left out.
            Hash = ZeroHash,
            Duration = (int)Math.Min(duration.TotalMilliseconds, int.MaxValue),
            Profiles = TranscodingMapping.InvalidLegacyProfiles,
            ForceSessionReinit = options?.ForceSessionReinit ?? false,
            AuthToken = new Wire.AuthToken { SessionId = sessionId },
        };
        foreach (var profile in profiles)
        {
            segData.FullProfiles3.Add(TranscodingMapping.ToWire(profile));
        }

        return segData;
    }

    private static TranscodeResult ToResult(RemoteTaskOutcome outcome, IReadOnlyList<VideoProfile> profiles, TimeSpan elapsed)
    {
        if (outcome.Renditions.Count == 0 && profiles.Count > 0)
        {
            throw new TranscodingException(TranscodeErrorCode.ZeroSegments);
        }

        if (outcome.Renditions.Count != profiles.Count)
        {
            throw new TranscodingException(TranscodeErrorCode.MismatchedSegments);
        }

        var renditions = new TranscodedRendition[profiles.Count];
        for (var i = 0; i < renditions.Length; i++)
        {
            var profile = profiles[i];
            var part = outcome.Renditions[i];
            // The upload reports pixels, not the encoded size; the profile's size stands in, and frames follow from it.
            long frameArea = (long)profile.Width * profile.Height;
            var frames = frameArea > 0 ? part.Pixels / frameArea : 0;
            renditions[i] = new TranscodedRendition(profile, part.Data, profile.Width, profile.Height, frames, part.Pixels);
        }

        return new TranscodeResult(renditions, DecodedFrames: 0, elapsed);
    }

    /// <summary>Where a task's input lives in storage: under its session, or under a task folder when it has none.</summary>
    private static string InputPath(string? sessionId, long sequence, long taskId)
    {
        var folder = sessionId is { Length: > 0 } && IsSafePathSegment(sessionId)
            ? sessionId
            : sessionId is { Length: > 0 }
                ? "session-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sessionId)))[..16]
                : "tasks";
        return string.Create(CultureInfo.InvariantCulture, $"{folder}/source/{sequence}-{taskId}.ts");
    }

    private static bool IsSafePathSegment(string value)
        => value.Length <= 128
            && value[0] != '.'
            && !value.Contains("..", StringComparison.Ordinal)
            && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static string FormatAddress(ConnectionInfo connection)
        => connection.RemoteIpAddress is { } ip
            ? string.Create(CultureInfo.InvariantCulture, $"{ip}:{connection.RemotePort}")
            : "unknown";

    private sealed class PendingTask(RemoteTranscoder worker)
    {
        public RemoteTranscoder Worker { get; } = worker;

        public TaskCompletionSource<RemoteTaskOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
