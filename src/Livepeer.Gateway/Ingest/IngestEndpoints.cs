using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Livepeer.Protocol;
using Livepeer.Transcoding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Livepeer.Gateway;

/// <summary>The request handlers of the HTTP push ingest (go-livepeer's <c>/live</c>) and HLS playback (<c>/stream</c>).</summary>
internal sealed class IngestEndpoints(IngestStreamStore store, IOptions<LivepeerGatewayOptions> options, TimeProvider time, ILogger<IngestEndpoints> logger)
{
    private const string NoSessions = "No sessions available";
    private const int ReadChunk = 81_920;
    private const int ServerLimitSlack = 1 << 20;

    private static readonly byte[] CrLf = "\r\n"u8.ToArray();

    /// <summary>go-livepeer's per-attempt segment timeout floor (<c>HTTPTimeout</c>) and multiplier of the duration.</summary>
    private static readonly TimeSpan AttemptFloor = TimeSpan.FromSeconds(8);
    private const int AttemptDurationMultiplier = 4;

    /// <summary><c>POST|PUT /live/{manifestId}/{file}</c>.</summary>
    public async Task PushAsync(HttpContext context)
    {
        var manifestId = RouteValue(context, "manifestId");
        var file = RouteValue(context, "file");
        var settings = options.Value;
        if (!PushRequest.TryParse(context.Request, manifestId, file, settings.DefaultProfiles, out var push, out var error))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, error).ConfigureAwait(false);
            return;
        }

        store.Touch(push!.StreamId);
        var (data, hash, status, bodyError) = await ReadBodyAsync(context, settings.MaxIngestSegmentBytes).ConfigureAwait(false);
        if (bodyError is not null)
        {
            await RefuseAsync(context, status, bodyError).ConfigureAwait(false);
            return;
        }

        IngestLog.SegmentPushed(logger, push.StreamId, push.Sequence, data.Length, push.Duration, push.Profiles.Count);
        if (push.SliceFrom is not null || push.SliceTo is not null)
        {
            IngestLog.ClipIgnored(logger, push.StreamId, push.Sequence, push.SliceFrom, push.SliceTo);
        }

        var segment = new SourceSegment(push.Sequence, data, push.Duration) { Format = push.Format }.WithDataHash(hash!);
        var timeout = Deadline(push, settings);
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, context.RequestAborted);
        TranscodedSegment result;
        var started = time.GetTimestamp();
        try
        {
            var gateway = context.RequestServices.GetRequiredService<ILivepeerGateway>();
            result = await gateway.TranscodeSegmentAsync(push.StreamId, segment, push.Profiles, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            IngestLog.SegmentTimedOut(logger, push.StreamId, push.Sequence, timeout);
            await WriteTextAsync(context, StatusCodes.Status500InternalServerError, Invariant($"Segment {push.Sequence} timed out after {timeout.TotalSeconds:0.#} s.")).ConfigureAwait(false);
            return;
        }
        catch (GatewayException e)
        {
            var (code, text) = e.ErrorCode switch
            {
                GatewayErrorCode.NoOrchestrators => (StatusCodes.Status503ServiceUnavailable, NoSessions),
                GatewayErrorCode.IdentityMismatch => (StatusCodes.Status503ServiceUnavailable, e.Message),
                GatewayErrorCode.SegmentRejected => (StatusCodes.Status422UnprocessableEntity, e.Message),
                GatewayErrorCode.InvalidRequest => (StatusCodes.Status400BadRequest, e.Message),
                _ => (StatusCodes.Status500InternalServerError, e.Message),
            };
            IngestLog.SegmentFailed(logger, push.StreamId, push.Sequence, e.ErrorCode, code, e.Message);
            await WriteTextAsync(context, code, text).ConfigureAwait(false);
            return;
        }
#pragma warning disable CA1031 // A failure of one segment is answered 500 and must not take the host down.
        catch (Exception e)
#pragma warning restore CA1031
        {
            IngestLog.SegmentError(logger, push.StreamId, push.Sequence, e);
            await WriteTextAsync(context, StatusCodes.Status500InternalServerError, "Internal error while transcoding the segment.").ConfigureAwait(false);
            return;
        }

        IngestLog.SegmentTranscoded(logger, push.StreamId, push.Sequence, result.Orchestrator, time.GetElapsedTime(started));
        store.Record(push.StreamId, result, push.Duration);
        if (push.WantsMultipart)
        {
            await WriteMultipartAsync(context, push.Sequence, result.Renditions).ConfigureAwait(false);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentLength = 0;
        }
    }

    /// <summary><c>GET /stream/{file}</c>: the master playlist <c>{manifestId}.m3u8</c>.</summary>
    public Task MasterAsync(HttpContext context)
    {
        var file = RouteValue(context, "file");
        return TryStripPlaylist(file, out var streamId) && store.TryGetMaster(streamId, out var playlist)
            ? WritePlaylistAsync(context, playlist)
            : WriteTextAsync(context, StatusCodes.Status404NotFound, "Stream not found.");
    }

    /// <summary><c>GET /stream/{manifestId}/{file}</c>: the media playlist <c>{rendition}.m3u8</c>.</summary>
    public Task MediaAsync(HttpContext context)
    {
        var streamId = RouteValue(context, "manifestId");
        var file = RouteValue(context, "file");
        return TryStripPlaylist(file, out var rendition) && store.TryGetMedia(streamId, rendition, out var playlist)
            ? WritePlaylistAsync(context, playlist)
            : WriteTextAsync(context, StatusCodes.Status404NotFound, "Rendition not found.");
    }

    /// <summary><c>GET /stream/{manifestId}/{rendition}/{file}</c>: one segment, <c>{seq}.ts</c> or <c>{seq}.mp4</c>.</summary>
    public async Task SegmentAsync(HttpContext context)
    {
        var streamId = RouteValue(context, "manifestId");
        var rendition = RouteValue(context, "rendition");
        var file = RouteValue(context, "file");
        if (!HlsNames.TryParseSegmentFile(file, out var sequence, out var format, out _)
            || !store.TryGetSegment(streamId, rendition, sequence, format, out var data))
        {
            await WriteTextAsync(context, StatusCodes.Status404NotFound, "Segment not found.").ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = HlsNames.MediaType(format);
        response.ContentLength = data.Length;
        await response.Body.WriteAsync(data, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// A bound on the whole push, so a request never hangs: go-livepeer's per-attempt timeout, max(8 s, 4 ×
    /// duration) × <c>timeoutMultiplier</c>, for each attempt, plus one discovery round.
    /// </summary>
    internal static TimeSpan Deadline(PushRequest push, LivepeerGatewayOptions settings)
    {
        var perAttempt = push.Duration * AttemptDurationMultiplier;
        if (perAttempt < AttemptFloor)
        {
            perAttempt = AttemptFloor;
        }

        return settings.DiscoveryCutoff + (perAttempt * push.TimeoutMultiplier * Math.Max(1, settings.MaxAttempts));
    }

    /// <summary>
    /// Reads the pushed segment, hashing it (Keccak-256, which the segment's signature covers) as it arrives, so that the
    /// hash is ready when the last byte is.
    /// </summary>
    private static async Task<(ReadOnlyMemory<byte> Data, byte[]? Hash, int Status, string? Error)> ReadBodyAsync(HttpContext context, int limit)
    {
        var request = context.Request;
        if (request.ContentLength is long declared && declared > limit)
        {
            return (default, null, StatusCodes.Status413PayloadTooLarge, Invariant($"The segment is {declared} bytes; at most {limit} bytes are accepted."));
        }

        // The server's own limit (30 MB in Kestrel) would cut in before ours; it stays as a backstop a little above
        // ours, because Kestrel counts the chunked bytes it has looked ahead at, not only those read.
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = (long)limit + ServerLimitSlack;
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Clamp(request.ContentLength ?? ReadChunk, 1, limit + 1L));
        var hasher = new Keccak256Hasher();
        try
        {
            // Each pass reads at least one byte and the total stops at limit + 1, so the loop is bounded.
            while (true)
            {
                var read = await request.Body.ReadAsync(buffer.GetMemory(ReadChunk), context.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                {
                    return (default, null, StatusCodes.Status413PayloadTooLarge, TooLarge(limit));
                }

                hasher.AppendData(buffer.WrittenSpan[^read..]);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (default, null, StatusCodes.Status413PayloadTooLarge, TooLarge(limit));
        }
        catch (BadHttpRequestException e)
        {
            return (default, null, e.StatusCode, $"The segment could not be read: {e.Message}");
        }

        return buffer.WrittenCount == 0
            ? (default, null, StatusCodes.Status400BadRequest, "The segment is empty.")
            : (buffer.WrittenMemory, hasher.GetHashAndReset(), StatusCodes.Status200OK, null);
    }

    private static string TooLarge(int limit) => Invariant($"The segment is larger than {limit} bytes, the most accepted.");

    private static async Task WriteMultipartAsync(HttpContext context, long sequence, IReadOnlyList<TranscodedRendition> renditions)
    {
        var boundary = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var heads = new byte[renditions.Count][];
        long length = 0;
        for (var i = 0; i < renditions.Count; i++)
        {
            var rendition = renditions[i];
            var fileName = string.Create(CultureInfo.InvariantCulture, $"{rendition.Profile.Name}_{sequence}{HlsNames.Extension(rendition.Profile.Format)}");
            var head = new StringBuilder()
                .Append("--").Append(boundary).Append("\r\n")
                .Append("Content-Type: ").Append(HlsNames.MediaType(rendition.Profile.Format)).Append("; name=\"").Append(fileName).Append("\"\r\n")
                .Append(CultureInfo.InvariantCulture, $"Content-Length: {rendition.Data.Length}\r\n")
                .Append("Content-Disposition: attachment; filename=\"").Append(fileName).Append("\"\r\n")
                .Append("Rendition-Name: ").Append(rendition.Profile.Name).Append("\r\n\r\n");
            heads[i] = Encoding.ASCII.GetBytes(head.ToString());
            length += heads[i].Length + rendition.Data.Length + 2;
        }

        var close = Encoding.ASCII.GetBytes("--" + boundary + "--\r\n");
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = PushRequest.MultipartMixed + "; boundary=" + boundary;
        response.ContentLength = length + close.Length;
        var body = response.Body;
        var token = context.RequestAborted;
        for (var i = 0; i < renditions.Count; i++)
        {
            await body.WriteAsync(heads[i], token).ConfigureAwait(false);
            await body.WriteAsync(renditions[i].Data, token).ConfigureAwait(false);
            await body.WriteAsync(CrLf, token).ConfigureAwait(false);
        }

        await body.WriteAsync(close, token).ConfigureAwait(false);
    }

    private Task RefuseAsync(HttpContext context, int status, string reason)
    {
        IngestLog.PushRefused(logger, context.Request.Path.ToString(), status, reason);
        return WriteTextAsync(context, status, reason);
    }

    private static Task WriteTextAsync(HttpContext context, int status, string text)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        var bytes = Encoding.UTF8.GetBytes(text);
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    private static Task WritePlaylistAsync(HttpContext context, string playlist)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = HlsNames.PlaylistMediaType;
        response.Headers.CacheControl = "no-cache";
        var bytes = Encoding.UTF8.GetBytes(playlist);
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    private static bool TryStripPlaylist(string file, out string name)
    {
        name = string.Empty;
        if (!file.EndsWith(HlsNames.PlaylistExtension, StringComparison.Ordinal))
        {
            return false;
        }

        name = file[..^HlsNames.PlaylistExtension.Length];
        return name.Length > 0;
    }

    private static string RouteValue(HttpContext context, string key) =>
        context.Request.RouteValues[key] as string ?? string.Empty;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
