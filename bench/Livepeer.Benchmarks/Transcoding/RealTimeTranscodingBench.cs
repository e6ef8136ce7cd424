using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Livepeer.Transcoding;

namespace Livepeer.Benchmarks.Transcoding;

/// <summary>
/// Wall-clock measurements that BenchmarkDotNet does not fit: (a) one real segment through the SDK against the same
/// ffmpeg command run directly, interleaved; (b) how many concurrent real-time streams the CPU sustains. Every
/// transcode goes through <see cref="TranscoderPoolFactory"/>, i.e. through the engine seam the SDK uses.
/// </summary>
internal static class RealTimeTranscodingBench
{
    /// <summary>go-livepeer's common ladder (<c>cmd/livepeer_bench/transcodingOptions.json</c>).</summary>
    public const string LadderJson = """
        [
          {"name":"240p0","width":426,"height":240,"bitrate":250000,"fps":0,"profile":"h264constrainedhigh","gop":"1"},
          {"name":"360p0","width":640,"height":360,"bitrate":800000,"fps":0,"profile":"h264constrainedhigh","gop":"1"},
          {"name":"480p0","width":854,"height":480,"bitrate":1600000,"fps":0,"profile":"h264constrainedhigh","gop":"1"},
          {"name":"720p0","width":1280,"height":720,"bitrate":3000000,"fps":0,"profile":"h264constrainedhigh","gop":"1"}
        ]
        """;

    private const double RealTimeLimit = 0.8;
    private static readonly TimeSpan SegmentDuration = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = Settings.Parse(args);
        var ladder = TranscodingConfiguration.ParseProfiles(LadderJson);
        var overhead = await MeasureOverheadAsync(await File.ReadAllBytesAsync(settings.Segment), ladder, settings.Pairs, settings.WorkDirectory);
        var capacity = await MeasureCapacityAsync(settings, ladder);

        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("command", overhead.Command);
            writer.WriteStartArray("sdk_seconds");
            overhead.Sdk.ForEach(writer.WriteNumberValue);
            writer.WriteEndArray();
            writer.WriteStartArray("sdk_session_seconds");
            overhead.Session.ForEach(writer.WriteNumberValue);
            writer.WriteEndArray();
            writer.WriteStartArray("direct_seconds");
            overhead.Direct.ForEach(writer.WriteNumberValue);
            writer.WriteEndArray();
            writer.WriteStartArray("levels");
            foreach (var level in capacity.Levels)
            {
                writer.WriteStartObject();
                writer.WriteNumber("streams", level.Streams);
                writer.WriteNumber("worst_ratio", Math.Round(level.WorstRatio, 3));
                writer.WriteNumber("mean_ratio", Math.Round(level.MeanRatio, 3));
                writer.WriteNumber("failed_segments", level.Failed);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("capacity_streams", capacity.Streams);
            writer.WriteString("capacity_stop", capacity.StopReason);
            writer.WriteEndObject();
        }

        await File.WriteAllBytesAsync(settings.Output, json.ToArray());
        return 0;
    }

    private static async Task<(string Command, List<double> Sdk, List<double> Direct, List<double> Session)> MeasureOverheadAsync(byte[] segment, IReadOnlyList<VideoProfile> ladder, int pairs, string workDirectory)
    {
        await using var pool = await CreatePoolAsync(cpuSlots: 1);
        var transcode = new TranscodeSegment(segment) { Duration = SegmentDuration };

        // The warm-up run also tells us the exact command the SDK started.
        var warmup = pool.TranscodeAsync(transcode, ladder, new TranscodeOptions());
        var command = await CaptureChildCommandAsync(warmup) ?? throw new InvalidOperationException("Did not see the ffmpeg the SDK started.");
        await warmup;
        Log($"the SDK ran: {Quote(command)}");
        var direct = DirectCommand(command, workDirectory);
        Log($"run directly: {Quote(direct)}");
        await RunDirectAsync(direct, segment, workDirectory);

        List<double> sdkSeconds = [];
        List<double> directSeconds = [];
        List<double> sessionSeconds = [];
        // Session mode: consecutive segments of one stream, so the engine's session mode can start the next process
        // while the previous segment is handed back; its first segment warms the session and is not measured.
        var session = new TranscodeOptions { SessionId = "overhead-session" };
        await pool.TranscodeAsync(transcode, ladder, session);
        for (var i = 0; i < pairs; i++)
        {
            // Rotate which goes first, so that a slow phase of a noisy machine does not favour one side.
            for (var step = 0; step < 3; step++)
            {
                var stopwatch = Stopwatch.StartNew();
                switch ((step + i) % 3)
                {
                    case 0:
                        await pool.TranscodeAsync(transcode, ladder, new TranscodeOptions());
                        sdkSeconds.Add(stopwatch.Elapsed.TotalSeconds);
                        break;
                    case 1:
                        directSeconds.Add(await RunDirectAsync(direct, segment, workDirectory));
                        break;
                    default:
                        await pool.TranscodeAsync(transcode, ladder, session);
                        sessionSeconds.Add(stopwatch.Elapsed.TotalSeconds);
                        break;
                }
            }

            Log($"round {i + 1}/{pairs}: sdk {sdkSeconds[^1]:0.000} s, sdk session {sessionSeconds[^1]:0.000} s, direct {directSeconds[^1]:0.000} s");
        }

        return (Quote(command), sdkSeconds, directSeconds, sessionSeconds);
    }

    private static async Task<(List<Level> Levels, int Streams, string StopReason)> MeasureCapacityAsync(Settings settings, IReadOnlyList<VideoProfile> ladder)
    {
        var segments = await Task.WhenAll(settings.StreamSegments.Select(path => File.ReadAllBytesAsync(path)));
        var budget = Stopwatch.StartNew();
        var levels = new List<Level>();
        var capacity = 0;
        for (var streams = 1; streams <= settings.MaxStreams; streams++)
        {
            if (budget.Elapsed > settings.Budget)
            {
                return (levels, capacity, "time budget spent");
            }

            // One slot per stream, so that the pool does not serialise the streams and the CPU is what is measured.
            await using var pool = await CreatePoolAsync(cpuSlots: streams);
            var start = Stopwatch.GetTimestamp();
            var runs = await Task.WhenAll(Enumerable.Range(0, streams).Select(s => RunStreamAsync(pool, $"stream-{streams}-{s}", segments, ladder, start)));
            var level = new Level(streams, runs.Max(r => r.Ratio), runs.Sum(r => r.Transcode) / runs.Sum(r => r.Source), runs.Sum(r => r.Failed));
            levels.Add(level);
            Log($"{streams} stream(s): worst real-time ratio {level.WorstRatio:0.000}, mean {level.MeanRatio:0.000}, failed segments {level.Failed}");
            if (level.Failed > 0 || level.WorstRatio > RealTimeLimit)
            {
                return (levels, capacity, $"{streams} stream(s) exceed {RealTimeLimit}");
            }

            capacity = streams;
        }

        return (levels, capacity, "maximum concurrency tried");
    }

    private static async Task<(double Ratio, double Transcode, double Source, int Failed)> RunStreamAsync(ITranscoder pool, string sessionId, byte[][] segments, IReadOnlyList<VideoProfile> ladder, long start)
    {
        double transcode = 0;
        var failed = 0;
        for (var i = 0; i < segments.Length; i++)
        {
            // A live stream: segment i exists only from i × 2 s on.
            var wait = (SegmentDuration * i) - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var stopwatch = Stopwatch.StartNew();
            try
            {
                await pool.TranscodeAsync(new TranscodeSegment(segments[i]) { SequenceNumber = i, Duration = SegmentDuration }, ladder, new TranscodeOptions { SessionId = sessionId });
            }
            catch (TranscodingException ex)
            {
                failed++;
                Log($"{sessionId} segment {i}: {ex.Message}");
            }

            transcode += stopwatch.Elapsed.TotalSeconds;
        }

        var source = segments.Length * SegmentDuration.TotalSeconds;
        return (transcode / source, transcode, source, failed);
    }

    /// <summary>The single place the benchmark creates the SDK's transcoder: the public factory over the engine seam.</summary>
    private static Task<ITranscoderPool> CreatePoolAsync(int cpuSlots)
    {
        var options = new LivepeerTranscodingOptions { Devices = "none", SegmentTimeout = TimeSpan.FromMinutes(10), MaxSessions = 64 };
        options.MaxConcurrentPerDevice.Cpu = cpuSlots;
        return TranscoderPoolFactory.CreateAsync(options);
    }

    /// <summary>Watches /proc for the ffmpeg this process starts and returns its argument vector.</summary>
    private static async Task<string[]?> CaptureChildCommandAsync(Task running)
    {
        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        for (var polls = 0; polls < 100_000 && !running.IsCompleted; polls++)
        {
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                try
                {
                    var status = File.ReadAllLines(Path.Combine(directory, "status"));
                    if (status.Contains("Name:\tffmpeg") && status.Contains("PPid:\t" + self))
                    {
                        var raw = await File.ReadAllTextAsync(Path.Combine(directory, "cmdline"));
                        return raw.TrimEnd('\0').Split('\0');
                    }
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }

            await Task.Delay(2);
        }

        return null;
    }

    /// <summary>The SDK's command with its Unix-socket outputs pointed at files, which is how one runs it by hand.</summary>
    private static string[] DirectCommand(string[] command, string workDirectory)
    {
        var output = 0;
        return command.Select(argument => argument.StartsWith("unix:", StringComparison.Ordinal)
            ? Path.Combine(workDirectory, $"direct-{output++}.ts")
            : argument).ToArray();
    }

    private static async Task<double> RunDirectAsync(string[] command, byte[] segment, string workDirectory)
    {
        foreach (var file in Directory.EnumerateFiles(workDirectory, "direct-*.ts"))
        {
            File.Delete(file);
        }

        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(segment);
        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(limit.Token);
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        await stdout;
        var errors = await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The direct ffmpeg run failed ({process.ExitCode}): {errors[^Math.Min(errors.Length, 2000)..]}");
        }

        return elapsed;
    }

    private static string Quote(IEnumerable<string> command)
    {
        var text = new StringBuilder();
        foreach (var argument in command)
        {
            text.Append(text.Length == 0 ? string.Empty : " ");
            text.Append(argument.Any(c => char.IsWhiteSpace(c) || c is ';' or '[' or ']' or '?' or '*') ? $"'{argument}'" : argument);
        }

        return text.ToString();
    }

    private static void Log(string message) => Console.Error.WriteLine($"[bench] {message}");

    private sealed record Level(int Streams, double WorstRatio, double MeanRatio, int Failed);

    private sealed record Settings(string Segment, IReadOnlyList<string> StreamSegments, int Pairs, int MaxStreams, TimeSpan Budget, string WorkDirectory, string Output)
    {
        public static Settings Parse(string[] args)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                values[args[i]] = args[i + 1];
            }

            string Get(string name) => values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"missing {name}");
            return new Settings(
                Get("--segment"),
                Get("--stream-segments").Split(',', StringSplitOptions.RemoveEmptyEntries),
                int.Parse(Get("--pairs"), CultureInfo.InvariantCulture),
                int.Parse(Get("--max-streams"), CultureInfo.InvariantCulture),
                TimeSpan.FromSeconds(int.Parse(Get("--budget-seconds"), CultureInfo.InvariantCulture)),
                Get("--work"),
                Get("--out"));
        }
    }
}
