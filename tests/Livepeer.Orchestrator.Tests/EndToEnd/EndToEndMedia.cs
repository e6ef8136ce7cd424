using System.Diagnostics;
using System.Globalization;

namespace Livepeer.Orchestrator.Tests.EndToEnd;

/// <summary>
/// Real media for the end-to-end tests, made with ffmpeg once per run: 20 seconds of lavfi testsrc2 at 320x240 and
/// 30 fps with a sine tone (H.264 + AAC), a keyframe every 2 seconds, cut into ten 2-second MPEG-TS segments as a
/// gateway's segmenter would. Small, because the machines running the tests have 2 shared cores.
/// </summary>
internal static class EndToEndMedia
{
    public const int SegmentCount = 10;
    public const int Width = 320;
    public const int Height = 240;
    public const int FramesPerSecond = 30;

    public static readonly TimeSpan SegmentDuration = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IReadOnlyList<byte[]>? _segments;

    private static string Folder => Path.Combine(Path.GetTempPath(), $"lp-orch-e2e-media-{Environment.ProcessId}");

    /// <summary>The ten segments, in stream order.</summary>
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

    /// <summary>Width, height and decoded frame count of the first video stream, straight from <c>ffprobe -count_frames</c>.</summary>
    public static async Task<(int Width, int Height, long Frames)> ProbeAsync(byte[] media)
    {
        var (exitCode, stdout, stderr) = await RunToolAsync(
            "ffprobe",
            ["-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries", "stream=width,height,nb_read_frames", "-of", "csv=p=0", "-i", "pipe:0"],
            media);
        Assert.That(exitCode, Is.Zero, $"ffprobe failed: {stderr}");
        var fields = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim().Split(',');
        Assert.That(fields, Has.Length.EqualTo(3), $"ffprobe printed '{stdout}'");
        return (
            int.Parse(fields[0], CultureInfo.InvariantCulture),
            int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[2], CultureInfo.InvariantCulture));
    }

    private static async Task<IReadOnlyList<byte[]>> GenerateAsync()
    {
        var folder = Folder;
        Directory.CreateDirectory(folder);
        var seconds = SegmentCount * (int)SegmentDuration.TotalSeconds;
        var keyframeEvery = (int)SegmentDuration.TotalSeconds;
        string[] arguments =
        [
            "-hide_banner", "-v", "error", "-y",
            "-f", "lavfi", "-i", Invariant($"testsrc2=s={Width}x{Height}:r={FramesPerSecond}:d={seconds}"),
            "-f", "lavfi", "-i", Invariant($"sine=frequency=440:sample_rate=48000:d={seconds}"),
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-threads", "2",
            "-force_key_frames", Invariant($"expr:gte(t,n_forced*{keyframeEvery})"), "-sc_threshold", "0",
            "-c:a", "aac", "-b:a", "64k",
            "-f", "segment", "-segment_time", Invariant($"{keyframeEvery}"), "-segment_format", "mpegts",
            Path.Combine(folder, "segment_%03d.ts"),
        ];
        var (exitCode, _, stderr) = await RunToolAsync("ffmpeg", arguments, stdin: null);
        Assert.That(exitCode, Is.Zero, $"ffmpeg could not make the test segments: {stderr}");

        var files = Directory.GetFiles(folder, "segment_*.ts").Order(StringComparer.Ordinal).ToList();
        Assert.That(files, Has.Count.GreaterThanOrEqualTo(SegmentCount), "ffmpeg made fewer segments than asked for");
        var segments = new List<byte[]>(SegmentCount);
        foreach (var file in files.Take(SegmentCount))
        {
            segments.Add(await File.ReadAllBytesAsync(file));
        }

        return segments;
    }

    /// <summary>Runs a tool directly, not through the code under test; killed when it overruns.</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunToolAsync(string tool, IReadOnlyList<string> arguments, byte[]? stdin)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            if (stdin is not null)
            {
                try
                {
                    await process.StandardInput.BaseStream.WriteAsync(stdin);
                }
                catch (IOException)
                {
                    // The tool stopped reading; its exit code and stderr say why.
                }
            }

            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(ToolTimeout);
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} did not finish within {ToolTimeout.TotalSeconds} s");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
