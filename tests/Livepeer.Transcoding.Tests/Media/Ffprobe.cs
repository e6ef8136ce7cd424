using System.Globalization;

namespace Livepeer.Transcoding.Tests.Media;

/// <summary>Independent counts straight from ffprobe, for comparing with what the code under test reports.</summary>
internal static class Ffprobe
{
    /// <summary>Width, height and decoded frame count of the first video stream (<c>-count_frames</c>).</summary>
    public static async Task<(int Width, int Height, long Frames)> CountFramesAsync(byte[] media)
    {
        var (exitCode, stdout, stderr) = await TestMedia.RunToolAsync("ffprobe",
            ["-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries", "stream=width,height,nb_read_frames", "-of", "csv=p=0", "-i", "pipe:0"], media);
        Assert.That(exitCode, Is.Zero, stderr);
        var fields = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim().Split(',');
        return (int.Parse(fields[0], CultureInfo.InvariantCulture), int.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[2], CultureInfo.InvariantCulture));
    }

    /// <summary>The MD5 of every audio packet's payload, as ffmpeg's md5 muxer computes it over a stream copy.</summary>
    public static async Task<string> AudioPacketsMd5Async(byte[] media)
    {
        var (exitCode, stdout, stderr) = await TestMedia.RunToolAsync("ffmpeg",
            ["-hide_banner", "-v", "error", "-i", "pipe:0", "-map", "0:a", "-c", "copy", "-f", "md5", "-"], media);
        Assert.That(exitCode, Is.Zero, stderr);
        return stdout.Trim();
    }

    /// <summary>Number of audio packets in the file.</summary>
    public static async Task<long> AudioPacketsAsync(byte[] media)
    {
        var (exitCode, stdout, stderr) = await TestMedia.RunToolAsync("ffprobe",
            ["-v", "error", "-select_streams", "a:0", "-count_packets", "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", "-i", "pipe:0"], media);
        Assert.That(exitCode, Is.Zero, stderr);
        return long.Parse(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim(), CultureInfo.InvariantCulture);
    }
}
