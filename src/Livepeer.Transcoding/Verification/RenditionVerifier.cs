using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Transcoding;

/// <summary>
/// Counts what a rendition really contains, with ffprobe, for the gateway's checks of an orchestrator's result
/// (go-livepeer's <c>-localVerify</c>): the encoded pixels are Σ width × height over every decoded frame, read frame
/// by frame so that a size change inside the segment is counted exactly. Bad input is reported as a
/// <see cref="RenditionStatus"/>, never thrown.
/// </summary>
public sealed class RenditionVerifier
{
    private readonly RenditionVerifierOptions _options;
    private readonly ILogger _logger;
    private readonly FFmpegProcessRunner _runner;

    /// <summary>Creates a verifier.</summary>
    /// <param name="options">Tool path and limits; defaults when null.</param>
    /// <param name="logger">Receives measurement outcomes; may be null.</param>
    public RenditionVerifier(RenditionVerifierOptions? options = null, ILogger<RenditionVerifier>? logger = null)
    {
        _options = options ?? new RenditionVerifierOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _runner = new FFmpegProcessRunner(_logger);
    }

    /// <summary>Decodes the rendition and counts its frames and pixels exactly.</summary>
    /// <param name="rendition">The rendition's bytes (MPEG-TS or MP4).</param>
    /// <param name="cancellationToken">Stops ffprobe.</param>
    /// <returns>The counts, or a status saying why there are none.</returns>
    /// <exception cref="InvalidOperationException">ffprobe cannot be found.</exception>
    public Task<RenditionMeasurement> CountPixelsAsync(ReadOnlyMemory<byte> rendition, CancellationToken cancellationToken = default)
    {
        if (rendition.IsEmpty)
        {
            return Task.FromResult(RenditionMeasurement.Failed(RenditionStatus.Empty, "The rendition is empty."));
        }

        return rendition.Length > _options.MaxRenditionBytes
            ? Task.FromResult(TooLarge())
            : CountFramesAsync(rendition, null, cancellationToken);
    }

    /// <summary>Decodes a rendition read from <paramref name="rendition"/> and counts its frames and pixels exactly.</summary>
    /// <param name="rendition">A readable stream positioned at the start of the rendition; it is not disposed.</param>
    /// <param name="cancellationToken">Stops ffprobe.</param>
    /// <returns>The counts, or a status saying why there are none.</returns>
    /// <exception cref="InvalidOperationException">ffprobe cannot be found.</exception>
    public Task<RenditionMeasurement> CountPixelsAsync(Stream rendition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rendition);
        return CountFramesAsync(null, rendition, cancellationToken);
    }

    /// <summary>Checks that the rendition holds exactly <paramref name="claimedPixels"/> encoded pixels.</summary>
    /// <param name="rendition">The rendition's bytes.</param>
    /// <param name="claimedPixels">The pixel count reported for it.</param>
    /// <param name="cancellationToken">Stops ffprobe.</param>
    /// <returns>The comparison; <see cref="PixelVerification.Matches"/> is false for unreadable renditions.</returns>
    /// <exception cref="InvalidOperationException">ffprobe cannot be found.</exception>
    public async Task<PixelVerification> VerifyPixelsAsync(ReadOnlyMemory<byte> rendition, long claimedPixels, CancellationToken cancellationToken = default)
    {
        var measurement = await CountPixelsAsync(rendition, cancellationToken).ConfigureAwait(false);
        return new PixelVerification(claimedPixels, measurement);
    }

    /// <summary>
    /// A quick look without decoding: the stream's width and height, the number of video packets (one per frame
    /// in H.264 MPEG-TS) and the span of their timestamps. <see cref="RenditionMeasurement.Pixels"/> is
    /// packets × width × height, which is exact only when the size does not change mid-stream.
    /// </summary>
    /// <param name="rendition">The rendition's bytes.</param>
    /// <param name="cancellationToken">Stops ffprobe.</param>
    /// <returns>The summary, or a status saying why there is none.</returns>
    /// <exception cref="InvalidOperationException">ffprobe cannot be found.</exception>
    public async Task<RenditionMeasurement> InspectAsync(ReadOnlyMemory<byte> rendition, CancellationToken cancellationToken = default)
    {
        if (rendition.IsEmpty)
        {
            return RenditionMeasurement.Failed(RenditionStatus.Empty, "The rendition is empty.");
        }

        if (rendition.Length > _options.MaxRenditionBytes)
        {
            return TooLarge();
        }

        var accumulator = new TimestampSpan();
        int width = 0, height = 0;
        long packets = 0;
        var failure = await RunProbeAsync(
            ["-hide_banner", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height:packet=pts_time,duration_time", "-of", "compact", "-i", "pipe:0"],
            rendition,
            null,
            line =>
            {
                if (line.StartsWith("packet|", StringComparison.Ordinal))
                {
                    packets++;
                    accumulator.Add(Field(line, "pts_time"), Field(line, "duration_time"));
                }
                else if (line.StartsWith("stream|", StringComparison.Ordinal) && width == 0)
                {
                    width = (int)(Field(line, "width") ?? 0);
                    height = (int)(Field(line, "height") ?? 0);
                }
            },
            cancellationToken).ConfigureAwait(false);

        if (failure is not null)
        {
            return failure;
        }

        return packets == 0 || width == 0
            ? RenditionMeasurement.Failed(RenditionStatus.NoVideo, "The rendition has no video packets.")
            : new RenditionMeasurement(RenditionStatus.Ok, width, height, packets, packets * width * height, accumulator.Duration, false, null);
    }

    private async Task<RenditionMeasurement> CountFramesAsync(ReadOnlyMemory<byte>? bytes, Stream? stream, CancellationToken cancellationToken)
    {
        var accumulator = new TimestampSpan();
        int firstWidth = 0, firstHeight = 0;
        long frames = 0, pixels = 0;
        var sizeChanged = false;
        var failure = await RunProbeAsync(
            ["-hide_banner", "-v", "error", "-select_streams", "v:0", "-show_entries", "frame=width,height,best_effort_timestamp_time,pkt_duration_time", "-of", "compact", "-i", "pipe:0"],
            bytes,
            stream,
            line =>
            {
                if (!line.StartsWith("frame|", StringComparison.Ordinal))
                {
                    return;
                }

                var width = (long)(Field(line, "width") ?? 0);
                var height = (long)(Field(line, "height") ?? 0);
                if (frames == 0)
                {
                    (firstWidth, firstHeight) = ((int)width, (int)height);
                }
                else if (width != firstWidth || height != firstHeight)
                {
                    sizeChanged = true;
                }

                frames++;
                pixels += width * height;
                accumulator.Add(Field(line, "best_effort_timestamp_time"), Field(line, "pkt_duration_time"));
            },
            cancellationToken).ConfigureAwait(false);

        var measurement = failure
            ?? (frames == 0
                ? RenditionMeasurement.Failed(RenditionStatus.NoVideo, "The rendition has no decodable video frame.")
                : new RenditionMeasurement(RenditionStatus.Ok, firstWidth, firstHeight, frames, pixels, accumulator.Duration, sizeChanged, null));
        FFmpegLog.RenditionMeasured(_logger, measurement.Frames, measurement.Pixels, measurement.Status);
        return measurement;
    }

    private async Task<RenditionMeasurement?> RunProbeAsync(IReadOnlyList<string> arguments, ReadOnlyMemory<byte>? bytes, Stream? stream, Action<string> onLine, CancellationToken cancellationToken)
    {
        string ffprobe;
        try
        {
            ffprobe = FFmpegToolLocator.Resolve("ffprobe", _options.FFprobePath);
        }
        catch (FFmpegException ex)
        {
            throw new InvalidOperationException(ex.Message, ex);
        }

        try
        {
            await _runner.RunAsync(
                new FFmpegProcessRequest(ffprobe, arguments)
                {
                    InputBytes = bytes,
                    InputStream = stream,
                    MaxInputBytes = _options.MaxRenditionBytes,
                    Timeout = _options.Timeout,
                    StdoutLine = onLine,
                    StderrTailChars = 4096,
                },
                cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (FFmpegException ex)
        {
            return ex.Kind switch
            {
                FFmpegFailureKind.InputTooLarge => TooLarge(),
                FFmpegFailureKind.Timeout => RenditionMeasurement.Failed(RenditionStatus.TimedOut, ex.Message),
                FFmpegFailureKind.ToolNotFound => throw new InvalidOperationException(ex.Message, ex),
                _ => RenditionMeasurement.Failed(RenditionStatus.Unreadable, FFmpegErrorClassifier.LastMessage(ex.StderrTail) is { Length: > 0 } last ? last : ex.Message),
            };
        }
    }

    private RenditionMeasurement TooLarge() =>
        RenditionMeasurement.Failed(RenditionStatus.TooLarge, $"The rendition exceeds {_options.MaxRenditionBytes} bytes.");

    private static double? Field(string line, string name)
    {
        var span = line.AsSpan();
        foreach (var range in span.Split('|'))
        {
            var part = span[range];
            if (part.Length > name.Length && part[name.Length] == '=' && part.StartsWith(name, StringComparison.Ordinal))
            {
                return double.TryParse(part[(name.Length + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
            }
        }

        return null;
    }

    /// <summary>The presentation span covered by timestamped items: last end minus first start.</summary>
    private sealed class TimestampSpan
    {
        private double _start = double.MaxValue;
        private double _end = double.MinValue;

        public void Add(double? timestamp, double? duration)
        {
            if (timestamp is { } t)
            {
                _start = Math.Min(_start, t);
                _end = Math.Max(_end, t + (duration ?? 0));
            }
        }

        public TimeSpan Duration => _end > _start ? TimeSpan.FromSeconds(_end - _start) : TimeSpan.Zero;
    }
}
