using System.Diagnostics;
using System.Globalization;

namespace LocalNetwork;

/// <summary>One source segment on disk.</summary>
internal sealed record ClipSegment(long Sequence, string Path, TimeSpan Duration);

/// <summary>
/// The test clip: 20 seconds of ffmpeg's testsrc2 pattern with a 440 Hz tone, H.264 and AAC, cut into 2-second MPEG-TS
/// segments that each start on a keyframe, as an encoder pushing to a gateway would send them.
/// </summary>
internal sealed record SourceClip(IReadOnlyList<ClipSegment> Segments)
{
    public const int Seconds = 20;
    public const int SegmentSeconds = 2;

    public TimeSpan Duration => Segments.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Duration);

    public static async Task<SourceClip> CreateAsync(string directory, CancellationToken cancellationToken)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
        Directory.CreateDirectory(directory);
        var list = Path.Combine(directory, "segments.csv");
        string[] arguments =
        [
            "-hide_banner", "-loglevel", "error", "-nostdin",
            "-f", "lavfi", "-i", $"testsrc2=size=640x360:rate=30:duration={Seconds}",
            "-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=48000:duration={Seconds}",
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-b:v", "1M",
            // A keyframe exactly every 2 s and nowhere else, so that every segment starts with one.
            "-g", "60", "-keyint_min", "60", "-sc_threshold", "0",
            "-force_key_frames", $"expr:gte(t,n_forced*{SegmentSeconds})",
            "-c:a", "aac", "-b:a", "64k",
            "-f", "segment", "-segment_time", SegmentSeconds.ToString(CultureInfo.InvariantCulture), "-segment_format", "mpegts",
            "-segment_list", list, "-segment_list_type", "csv", "-reset_timestamps", "0",
            Path.Combine(directory, "%03d.ts"),
        ];
        await RunToolAsync("ffmpeg", arguments, TimeSpan.FromSeconds(60), cancellationToken);

        // Each line of the list: file name, start time, end time.
        var segments = new List<ClipSegment>();
        foreach (var line in await File.ReadAllLinesAsync(list, cancellationToken))
        {
            var fields = line.Split(',');
            if (fields.Length < 3)
            {
                continue;
            }
            var start = double.Parse(fields[1], CultureInfo.InvariantCulture);
            var end = double.Parse(fields[2], CultureInfo.InvariantCulture);
            segments.Add(new ClipSegment(segments.Count, Path.Combine(directory, fields[0]), TimeSpan.FromSeconds(end - start)));
        }

        if (segments.Count != Seconds / SegmentSeconds)
        {
            throw new DemoException($"ffmpeg cut the clip into {segments.Count} segments, expected {Seconds / SegmentSeconds} (see {list})");
        }
        return new SourceClip(segments);
    }

    /// <summary>Runs ffmpeg or ffprobe and returns its standard output; a missing tool or a non-zero exit is a <see cref="DemoException"/>.</summary>
    public static async Task<string> RunToolAsync(string tool, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new DemoException($"{tool} did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new DemoException($"{tool} was not found on PATH ({ex.Message}); install ffmpeg (scripts/bootstrap-test-deps.sh does)", ex);
        }

        using (process)
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            limit.CancelAfter(timeout);
            var output = process.StandardOutput.ReadToEndAsync(limit.Token);
            var errors = process.StandardError.ReadToEndAsync(limit.Token);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                throw new DemoException($"{tool} took longer than {timeout.TotalSeconds:0} s");
            }

            if (process.ExitCode != 0)
            {
                throw new DemoException($"{tool} exited with code {process.ExitCode}: {(await errors).Trim()}");
            }
            return await output;
        }
    }
}
