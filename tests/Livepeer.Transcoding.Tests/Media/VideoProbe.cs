using System.Globalization;

namespace Livepeer.Transcoding.Tests.Media;

/// <summary>One decoded video frame as ffprobe reports it.</summary>
internal sealed record ProbedFrame(int Width, int Height, bool KeyFrame, string PictureType, double Time);

/// <summary>The first video stream of a file, from one independent ffprobe run.</summary>
internal sealed record ProbedVideo(string FrameRate, string PixelFormat, IReadOnlyList<ProbedFrame> Frames, long PacketBytes)
{
    /// <summary>Time from the first frame to the end of the last one, assuming constant frame spacing.</summary>
    public double Duration => Frames.Count < 2 ? 0 : (Frames[^1].Time - Frames[0].Time) * Frames.Count / (Frames.Count - 1);

    public double BitsPerSecond => Duration > 0 ? PacketBytes * 8 / Duration : 0;

    public IEnumerable<int> KeyFrameIndices => Frames.Select((frame, index) => (frame, index)).Where(x => x.frame.KeyFrame).Select(x => x.index);
}

internal static class VideoProbe
{
    /// <summary>Decodes every frame and reads every packet of the first video stream with ffprobe.</summary>
    public static async Task<ProbedVideo> ProbeAsync(byte[] media)
    {
        var (exitCode, stdout, stderr) = await TestMedia.RunToolAsync("ffprobe",
            ["-v", "error", "-select_streams", "v:0",
             "-show_entries", "stream=r_frame_rate,pix_fmt:frame=width,height,key_frame,pict_type,best_effort_timestamp_time:packet=size",
             "-of", "compact", "-i", "pipe:0"], media);
        Assert.That(exitCode, Is.Zero, stderr);

        var frames = new List<ProbedFrame>();
        long packetBytes = 0;
        string frameRate = "", pixelFormat = "";
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('|');
            var values = fields.Skip(1).Select(f => f.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
            switch (fields[0])
            {
                case "packet":
                    packetBytes += long.Parse(values["size"], CultureInfo.InvariantCulture);
                    break;
                case "frame":
                    frames.Add(new ProbedFrame(
                        int.Parse(values["width"], CultureInfo.InvariantCulture),
                        int.Parse(values["height"], CultureInfo.InvariantCulture),
                        values["key_frame"] == "1",
                        values["pict_type"],
                        double.Parse(values["best_effort_timestamp_time"], CultureInfo.InvariantCulture)));
                    break;
                case "stream":
                    frameRate = values["r_frame_rate"];
                    pixelFormat = values["pix_fmt"];
                    break;
            }
        }

        return new ProbedVideo(frameRate, pixelFormat, frames, packetBytes);
    }
}
