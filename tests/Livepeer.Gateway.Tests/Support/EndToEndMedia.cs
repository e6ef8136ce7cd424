using System.Diagnostics;
using System.Globalization;
using Livepeer.Transcoding;

namespace Livepeer.Gateway.Tests;

/// <summary>
/// Real source media for the gateway's end-to-end tests, made by one ffmpeg run per test process: 30 seconds of
/// testsrc2 at 320x180 and 30 fps, H.264 with a keyframe every second, cut into 1-second MPEG-TS segments. Tiny,
/// so that four orchestrators transcoding them on two shared cores keep up.
/// </summary>
internal static class EndToEndMedia
{
    public const int SegmentCount = 30;
    public const int FramesPerSegment = 30;

    public static readonly TimeSpan SegmentDuration = TimeSpan.FromSeconds(1);

    /// <summary>Two small renditions; a 16:9 source keeps their exact sizes.</summary>
    public static readonly VideoProfile[] Profiles = [VideoProfile.P144p30fps16x9, VideoProfile.P240p30fps16x9];

    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IReadOnlyList<byte[]>? _segments;

    private static string Folder => Path.Combine(Path.GetTempPath(), $"lp-gw-e2e-media-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The pixels one rendition of <paramref name="profile"/> holds when it has every frame of a segment.</summary>
    public static long PixelsOf(VideoProfile profile) => (long)profile.Width * profile.Height * FramesPerSegment;

    /// <summary>The segments in stream order (made on first use).</summary>
    public static async Task<IReadOnlyList<byte[]>> GetSegmentsAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _segments ??= await GenerateAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    public static SourceSegment Segment(IReadOnlyList<byte[]> segments, int sequence) => new(sequence, segments[sequence], SegmentDuration);

    public static void DeleteGenerated()
    {
        try
        {
            if (Directory.Exists(Folder))
            {
                Directory.Delete(Folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A temp folder; nothing depends on it being gone.
        }
    }

    /// <summary>Frames, size and pixels of a rendition counted frame by frame with ffprobe, independently of the gateway.</summary>
    public static Task<RenditionMeasurement> MeasureAsync(ReadOnlyMemory<byte> rendition) => new RenditionVerifier().CountPixelsAsync(rendition);

    private static async Task<IReadOnlyList<byte[]>> GenerateAsync()
    {
        var folder = Folder;
        Directory.CreateDirectory(folder);
        var seconds = SegmentCount * (int)SegmentDuration.TotalSeconds;
        string[] arguments =
        [
            "-hide_banner", "-v", "error", "-y", "-nostdin",
            "-f", "lavfi", "-i", Invariant($"testsrc2=s=320x180:r={FramesPerSegment}:d={seconds}"),
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-threads", "1",
            "-g", Invariant($"{FramesPerSegment}"), "-keyint_min", Invariant($"{FramesPerSegment}"), "-sc_threshold", "0",
            "-force_key_frames", "expr:gte(t,n_forced*1)",
            "-f", "segment", "-segment_time", "1", "-segment_format", "mpegts",
            Path.Combine(folder, "segment_%03d.ts"),
        ];
        var (exitCode, stderr) = await RunAsync("ffmpeg", arguments);
        Assert.That(exitCode, Is.Zero, $"ffmpeg could not make the test segments: {stderr}");

        var files = Directory.GetFiles(folder, "segment_*.ts").Order(StringComparer.Ordinal).ToList();
        Assert.That(files, Has.Count.EqualTo(SegmentCount), "ffmpeg cut the clip into one segment per second");
        var segments = new List<byte[]>(SegmentCount);
        foreach (var file in files)
        {
            segments.Add(await File.ReadAllBytesAsync(file));
        }

        return segments;
    }

    private static async Task<(int ExitCode, string Stderr)> RunAsync(string tool, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ToolTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} did not finish within {ToolTimeout.TotalSeconds} s");
        }

        await stdout;
        return (process.ExitCode, await stderr);
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
