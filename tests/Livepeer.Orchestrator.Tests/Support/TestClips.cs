using System.Diagnostics;

namespace Livepeer.Orchestrator.Tests;

/// <summary>Small real video for tests that transcode with ffmpeg.</summary>
internal static class TestClips
{
    /// <summary>One second of 320x180 testsrc2 at 30 fps, H.264 in MPEG-TS, one keyframe.</summary>
    public static async Task<byte[]> OneSecond320x180Async()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lp-orch-clip-{Environment.ProcessId}-{Guid.NewGuid():N}.ts");
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=320x180:r=30:d=1",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "30", "-threads", "2", "-f", "mpegts", path,
        })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, stderr);
        try
        {
            return await File.ReadAllBytesAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
