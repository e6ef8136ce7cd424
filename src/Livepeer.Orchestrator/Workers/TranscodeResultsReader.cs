using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Livepeer.Orchestrator;

/// <summary>One rendition as a transcoder uploaded it.</summary>
/// <param name="Data">The encoded media.</param>
/// <param name="ContentType">The part's content type (<c>video/mp2t</c> or <c>video/mp4</c>).</param>
/// <param name="Pixels">The encoded pixels the transcoder reports (the part's <c>Pixels</c> header).</param>
/// <param name="PerceptualHash">The MPEG-7 signature that followed the part, when one was requested.</param>
internal sealed record RemoteRendition(ReadOnlyMemory<byte> Data, string ContentType, long Pixels, ReadOnlyMemory<byte>? PerceptualHash);

/// <summary>What a transcoder answered for one task: renditions, or its error text.</summary>
internal sealed record RemoteTaskOutcome(IReadOnlyList<RemoteRendition> Renditions, long DecodedPixels, string? Error)
{
    public static RemoteTaskOutcome Failed(string error, long decodedPixels = 0) => new([], decodedPixels, error);
}

/// <summary>A result body that cannot be read; the upload gets 400 with <see cref="Exception.Message"/>.</summary>
internal sealed class InvalidTranscodeResultsException(string message) : Exception(message);

/// <summary>
/// Reads the body of <c>POST /transcodeResults</c>: <c>multipart/mixed</c> with one part per rendition (each with
/// <c>Pixels</c>), where an <c>application/octet-stream</c> part is the perceptual hash of the rendition before it;
/// or the error text under <c>livepeer/transcoding-error</c>.
/// </summary>
internal static class TranscodeResultsReader
{
    /// <summary>Error texts are short; a longer body is cut here.</summary>
    public const int MaxErrorBytes = 64 * 1024;

    /// <summary>A rendition and its hash per output, with room to spare; more parts than this is not a result.</summary>
    public const int MaxParts = 4 * Livepeer.Transcoding.TranscodeLimits.MaxOutputs;

    public static async Task<RemoteTaskOutcome> ReadAsync(string? contentType, Stream body, long decodedPixels, long maxPartBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType) || !mediaType.MediaType.HasValue)
        {
            throw new InvalidTranscodeResultsException("missing or malformed Content-Type");
        }

        var type = mediaType.MediaType.Value!;
        if (type.Equals(TranscoderProtocol.TranscodingErrorContentType, StringComparison.OrdinalIgnoreCase))
        {
            var text = await ReadTextAsync(body, cancellationToken).ConfigureAwait(false);
            return RemoteTaskOutcome.Failed(text.Length > 0 ? text : "remote transcoder reported an empty error", decodedPixels);
        }

        if (!type.Equals("multipart/mixed", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidTranscodeResultsException($"unsupported Content-Type '{type}'");
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 70)
        {
            throw new InvalidTranscodeResultsException("multipart/mixed without a valid boundary");
        }

        var reader = new MultipartReader(boundary, body) { BodyLengthLimit = maxPartBytes };
        var renditions = new List<RemoteRendition>();
        try
        {
            var parts = 0;
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                if (++parts > MaxParts)
                {
                    throw new InvalidTranscodeResultsException($"more than {MaxParts} parts");
                }

                var partType = section.ContentType;
                var data = await ReadAllAsync(section.Body, maxPartBytes, cancellationToken).ConfigureAwait(false);
                if (partType is not null && partType.StartsWith(TranscoderProtocol.PerceptualHashContentType, StringComparison.OrdinalIgnoreCase))
                {
                    if (renditions.Count == 0)
                    {
                        throw new InvalidTranscodeResultsException("a perceptual hash part came before any rendition");
                    }

                    renditions[^1] = renditions[^1] with { PerceptualHash = data };
                    continue;
                }

                var pixelsText = section.Headers?.TryGetValue(TranscoderProtocol.PixelsHeader, out var values) == true ? values.ToString() : null;
                if (!long.TryParse(pixelsText, NumberStyles.None, CultureInfo.InvariantCulture, out var pixels))
                {
                    throw new InvalidTranscodeResultsException($"rendition {renditions.Count} has no valid Pixels header");
                }

                renditions.Add(new RemoteRendition(data, partType ?? TranscoderProtocol.MpegTsContentType, pixels, null));
            }
        }
        catch (InvalidDataException e)
        {
            throw new InvalidTranscodeResultsException("malformed multipart body: " + e.Message);
        }
        catch (IOException e) when (e.InnerException is null && !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidTranscodeResultsException("malformed multipart body: " + e.Message);
        }

        return new RemoteTaskOutcome(renditions, decodedPixels, null);
    }

    private static async Task<string> ReadTextAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxErrorBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, length).Trim();
    }

    private static async Task<byte[]> ReadAllAsync(Stream part, long maxBytes, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        while (true)
        {
            var read = await part.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return copy.ToArray();
            }

            if (copy.Length + read > maxBytes)
            {
                throw new InvalidTranscodeResultsException($"a part is larger than {maxBytes} bytes");
            }

            copy.Write(buffer, 0, read);
        }
    }
}
