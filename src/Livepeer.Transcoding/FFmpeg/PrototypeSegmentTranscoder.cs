using System.Globalization;
using System.Text;

namespace Livepeer.Transcoding;

/// <summary>A rendition size for <see cref="PrototypeSegmentTranscoder"/>.</summary>
internal readonly record struct PrototypeRendition(int Width, int Height);

/// <summary>One rendition produced by <see cref="PrototypeSegmentTranscoder"/>.</summary>
internal sealed record PrototypeOutput(ReadOnlyMemory<byte> Bytes, int Width, int Height, long Frames, long Pixels);

/// <summary>
/// Proves the plumbing end to end and will be replaced by the composed engine: one ffmpeg per segment, the
/// segment on stdin, one decode split into N scaled libx264 encodes, audio copied into every output, MPEG-TS
/// outputs over the Unix-socket transport, and frames/pixels from ffmpeg's own per-stream totals.
/// </summary>
internal sealed class PrototypeSegmentTranscoder
{
    private readonly FFmpegProcessRunner _runner;
    private readonly string _ffmpeg;

    public PrototypeSegmentTranscoder(FFmpegProcessRunner runner, string ffmpegPath)
    {
        _runner = runner;
        _ffmpeg = ffmpegPath;
    }

    public string Preset { get; init; } = "veryfast";

    public long MaxOutputBytes { get; init; } = 1_000_000_000;

    public async Task<IReadOnlyList<PrototypeOutput>> TranscodeAsync(
        ReadOnlyMemory<byte> segment,
        IReadOnlyList<PrototypeRendition> renditions,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        Action<int>? started = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(renditions.Count, 1);
        var outputs = UnixSocketOutputTransport.Create(renditions.Count, MaxOutputBytes);
        await using var disposeOutputs = outputs.ConfigureAwait(false);

        var result = await _runner.RunAsync(
            new FFmpegProcessRequest(_ffmpeg, BuildArguments(renditions, outputs.OutputUrls, Preset))
            {
                InputBytes = segment,
                Outputs = outputs,
                Timeout = timeout,
                Started = started,
            },
            cancellationToken).ConfigureAwait(false);

        var produced = new PrototypeOutput[renditions.Count];
        for (var i = 0; i < produced.Length; i++)
        {
            var video = result.Statistics.VideoOutput(i)
                ?? throw new FFmpegException(FFmpegFailureKind.ProcessFailed, $"ffmpeg reported no video totals for output {i}.", 0, result.StderrTail);
            produced[i] = new PrototypeOutput(result.Outputs[i], video.Width, video.Height, video.Frames, video.Pixels);
        }

        return produced;
    }

    internal static List<string> BuildArguments(IReadOnlyList<PrototypeRendition> renditions, IReadOnlyList<string> outputUrls, string preset)
    {
        var graph = new StringBuilder();
        graph.Append(CultureInfo.InvariantCulture, $"[0:v:0]split={renditions.Count}");
        for (var i = 0; i < renditions.Count; i++)
        {
            graph.Append(CultureInfo.InvariantCulture, $"[s{i}]");
        }

        for (var i = 0; i < renditions.Count; i++)
        {
            graph.Append(CultureInfo.InvariantCulture, $";[s{i}]scale=w={renditions[i].Width}:h={renditions[i].Height},format=yuv420p[o{i}]");
        }

        // -v verbose is what makes ffmpeg print the per-stream "frames encoded; packets muxed" totals.
        List<string> arguments = ["-hide_banner", "-nostdin", "-nostats", "-v", "verbose", "-i", "pipe:0", "-filter_complex", graph.ToString()];
        for (var i = 0; i < renditions.Count; i++)
        {
            arguments.AddRange([
                "-map", $"[o{i}]", "-map", "0:a:0?",
                "-c:v", "libx264", "-preset", preset, "-threads", "2",
                "-c:a", "copy",
                "-f", "mpegts", outputUrls[i],
            ]);
        }

        return arguments;
    }
}
