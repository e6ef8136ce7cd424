using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Livepeer.Gateway.Tests;

/// <summary>Runs the real ffmpeg and ffprobe for the ingest tests.</summary>
internal static class IngestFFmpeg
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>A 2-second 640x360 testsrc2 MPEG-TS segment whose timestamps start at <paramref name="index"/> × 2 s, so consecutive ones play as one stream.</summary>
    public static async Task<byte[]> MakeSourceSegmentAsync(string directory, int index)
    {
        var path = Path.Combine(directory, $"source{index}.ts");
        await RunAsync("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=2",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-pix_fmt", "yuv420p",
            "-output_ts_offset", (index * 2).ToString(CultureInfo.InvariantCulture), "-f", "mpegts", path).ConfigureAwait(false);
        return await File.ReadAllBytesAsync(path).ConfigureAwait(false);
    }

    /// <summary>Scales a segment to each size with one ffmpeg run, keeping its timestamps; MPEG-TS or fragmented MP4 out.</summary>
    public static async Task<byte[][]> ScaleAsync(string directory, ReadOnlyMemory<byte> source, IReadOnlyList<(int Width, int Height, int Bitrate, bool Mp4)> outputs)
    {
        var id = Guid.NewGuid().ToString("N");
        var input = Path.Combine(directory, id + ".in");
        await File.WriteAllBytesAsync(input, source.ToArray()).ConfigureAwait(false);
        var args = new List<string> { "-hide_banner", "-loglevel", "error", "-y", "-copyts", "-i", input };
        var paths = new string[outputs.Count];
        for (var i = 0; i < outputs.Count; i++)
        {
            var (width, height, bitrate, mp4) = outputs[i];
            paths[i] = Path.Combine(directory, $"{id}.{i}" + (mp4 ? ".mp4" : ".ts"));
            args.AddRange(["-map", "0:v", "-vf", $"scale={width}:{height}", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]);
            if (bitrate > 0)
            {
                args.AddRange(["-b:v", bitrate.ToString(CultureInfo.InvariantCulture)]);
            }

            args.AddRange(mp4 ? ["-movflags", "frag_keyframe+empty_moov+default_base_moof", "-f", "mp4"] : ["-f", "mpegts"]);
            args.Add(paths[i]);
        }

        await RunAsync("ffmpeg", [.. args]).ConfigureAwait(false);
        var results = new byte[outputs.Count][];
        for (var i = 0; i < outputs.Count; i++)
        {
            results[i] = await File.ReadAllBytesAsync(paths[i]).ConfigureAwait(false);
            File.Delete(paths[i]);
        }

        File.Delete(input);
        return results;
    }

    /// <summary>ffprobe's JSON for the format and streams of a file or URL.</summary>
    public static async Task<JsonDocument> ProbeAsync(string target)
    {
        var output = await RunAsync("ffprobe", "-v", "error", "-show_entries", "format=duration:stream=codec_type,codec_name,width,height", "-of", "json", target).ConfigureAwait(false);
        return JsonDocument.Parse(output);
    }

    /// <summary>ffprobe's JSON for the bytes of one file.</summary>
    public static async Task<JsonDocument> ProbeBytesAsync(string directory, ReadOnlyMemory<byte> data, string extension)
    {
        var path = Path.Combine(directory, Guid.NewGuid().ToString("N") + extension);
        await File.WriteAllBytesAsync(path, data.ToArray()).ConfigureAwait(false);
        try
        {
            return await ProbeAsync(path).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} ran longer than {Timeout}.");
        }

        var error = await stderr.ConfigureAwait(false);
        var output = await stdout.ConfigureAwait(false);
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {error}");
    }
}
