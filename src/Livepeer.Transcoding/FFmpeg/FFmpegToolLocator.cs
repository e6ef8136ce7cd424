namespace Livepeer.Transcoding;

/// <summary>Finds <c>ffmpeg</c>, <c>ffprobe</c> and helper tools: a configured path wins, else the first match on PATH.</summary>
internal static class FFmpegToolLocator
{
    public static string Resolve(string toolName, string? configuredPath)
    {
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            return File.Exists(configuredPath)
                ? Path.GetFullPath(configuredPath)
                : throw new FFmpegException(FFmpegFailureKind.ToolNotFound, $"The configured {toolName} path '{configuredPath}' does not exist.");
        }

        return TryFindOnPath(toolName)
            ?? throw new FFmpegException(FFmpegFailureKind.ToolNotFound, $"{toolName} was not found on PATH; install it or configure its path.");
    }

    public static string? TryFindOnPath(string toolName)
    {
        var path = Environment.GetEnvironmentVariable("PATH");
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var candidate = Path.Combine(directory, toolName);
            if (File.Exists(candidate))
            {
                return candidate;
            }

            if (OperatingSystem.IsWindows() && File.Exists(candidate + ".exe"))
            {
                return candidate + ".exe";
            }
        }

        return null;
    }
}
