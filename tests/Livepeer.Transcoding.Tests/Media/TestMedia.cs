using System.Diagnostics;
using System.Globalization;

namespace Livepeer.Transcoding.Tests.Media;

/// <summary>A generated source: its 2-second MPEG-TS segments and what went into them.</summary>
internal sealed record MediaSource(string Name, int Width, int Height, bool HasAudio, IReadOnlyList<string> Segments)
{
    public byte[] ReadSegment(int index) => File.ReadAllBytes(Segments[index]);

    public override string ToString() => Name;
}

/// <summary>
/// Test inputs, generated once per test run with ffmpeg (lavfi testsrc2 + a sine tone, H.264 + AAC, 30000/1001 fps,
/// a keyframe every 2 s, cut into 2 s MPEG-TS segments) and cached in a temp folder, plus bad inputs.
/// Durations and sizes are small because the machine running the tests has 2 shared cores.
/// </summary>
internal static class TestMedia
{
    private const string Version = "v1";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static MediaLibrary? _library;

    public static async Task<MediaLibrary> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _library ??= await GenerateAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    private static string MediaDirectory => Path.Combine(Path.GetTempPath(), $"livepeer-transcoding-media-{Environment.ProcessId}-{Version}");

    public static void DeleteGenerated()
    {
        if (Directory.Exists(MediaDirectory))
        {
            Directory.Delete(MediaDirectory, recursive: true);
        }
    }

    private static async Task<MediaLibrary> GenerateAsync()
    {
        var directory = MediaDirectory;
        Directory.CreateDirectory(directory);

        (string Name, int Width, int Height, double Seconds, bool Audio)[] plan =
        [
            ("landscape1080", 1920, 1080, 2, true),
            ("landscape720", 1280, 720, 4, true),
            ("fourThree480", 640, 480, 2, true),
            ("portrait960", 540, 960, 2, false),
        ];

        var sources = new Dictionary<string, MediaSource>();
        foreach (var (name, width, height, seconds, audio) in plan)
        {
            var pattern = Path.Combine(directory, name + "_%03d.ts");
            List<string> arguments = ["-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i", Invariant($"testsrc2=s={width}x{height}:r=30000/1001:d={seconds}")];
            if (audio)
            {
                arguments.AddRange(["-f", "lavfi", "-i", Invariant($"sine=frequency=440:sample_rate=48000:d={seconds}")]);
            }

            arguments.AddRange(["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-threads", "2",
                "-force_key_frames", "expr:gte(t,n_forced*2)", "-sc_threshold", "0"]);
            if (audio)
            {
                arguments.AddRange(["-c:a", "aac", "-b:a", "64k"]);
            }

            arguments.AddRange(["-f", "segment", "-segment_time", "2", "-segment_format", "mpegts", pattern]);
            await RunFFmpegAsync(arguments);
            var segments = Directory.GetFiles(directory, name + "_*.ts").Order(StringComparer.Ordinal).ToList();
            Assert.That(segments, Is.Not.Empty, $"ffmpeg produced no segments for {name}");
            sources[name] = new MediaSource(name, width, height, audio, segments);
        }

        var audioOnly = Path.Combine(directory, "audio_only.ts");
        await RunFFmpegAsync(["-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:d=2", "-c:a", "aac", "-f", "mpegts", audioOnly]);

        var highBitDepth = Path.Combine(directory, "yuv444p10.ts");
        await RunFFmpegAsync(["-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=320x240:r=30000/1001:d=1",
            "-pix_fmt", "yuv444p10le", "-c:v", "libx264", "-preset", "ultrafast", "-threads", "2", "-f", "mpegts", highBitDepth]);

        var firstSegment = await File.ReadAllBytesAsync(sources["landscape720"].Segments[0]);

        // Cut at an offset that is not a multiple of the 188-byte TS packet, in the middle of the video.
        var truncated = firstSegment.AsSpan(0, (firstSegment.Length * 2 / 5) | 1).ToArray();

        var garbage = new byte[64 * 1024];
        new Random(20_240_601).NextBytes(garbage);
        garbage[0] = 0x00; // never a TS sync byte, so no demuxer mistakes it for one

        return new MediaLibrary(sources, await File.ReadAllBytesAsync(audioOnly), await File.ReadAllBytesAsync(highBitDepth), truncated, garbage);
    }

    public static async Task RunFFmpegAsync(IReadOnlyList<string> arguments)
    {
        var (exitCode, _, stderr) = await RunToolAsync("ffmpeg", arguments, null);
        Assert.That(exitCode, Is.Zero, $"ffmpeg {string.Join(' ', arguments)} failed: {stderr}");
    }

    /// <summary>Runs a tool directly (not through the code under test) and returns exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToolAsync(string tool, IReadOnlyList<string> arguments, byte[]? stdin)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            try
            {
                await process.StandardInput.BaseStream.WriteAsync(stdin);
            }
            catch (IOException)
            {
            }
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The generated inputs.</summary>
internal sealed class MediaLibrary
{
    public MediaLibrary(IReadOnlyDictionary<string, MediaSource> sources, byte[] audioOnly, byte[] yuv444p10, byte[] truncated, byte[] garbage)
    {
        Sources = sources;
        AudioOnly = audioOnly;
        Yuv444p10 = yuv444p10;
        Truncated = truncated;
        Garbage = garbage;
    }

    public IReadOnlyDictionary<string, MediaSource> Sources { get; }

    public MediaSource Landscape1080 => Sources["landscape1080"];

    public MediaSource Landscape720 => Sources["landscape720"];

    public MediaSource FourThree480 => Sources["fourThree480"];

    public MediaSource Portrait960 => Sources["portrait960"];

    /// <summary>An MPEG-TS with an AAC stream and no video stream.</summary>
    public byte[] AudioOnly { get; }

    /// <summary>H.264 High 4:4:4 Predictive, 10-bit: decodable on a CPU, unsupported by NVDEC.</summary>
    public byte[] Yuv444p10 { get; }

    /// <summary>The first 720p segment cut off mid-video at an odd byte offset.</summary>
    public byte[] Truncated { get; }

    /// <summary>Pseudo-random bytes.</summary>
    public byte[] Garbage { get; }

    public static byte[] Empty => [];

    /// <summary>A stream that yields <paramref name="length"/> bytes of a repeated segment, for size-limit tests.</summary>
    public Stream Oversized(long length) => new RepeatingStream(Landscape720.ReadSegment(0), length);
}
