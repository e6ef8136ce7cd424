using System.Globalization;

namespace Livepeer.Transcoding.Tests.Media;

/// <summary>Reads /proc to prove that no process started by a test is left behind (running, zombie or orphaned).</summary>
internal static class ProcessTable
{
    public static bool Exists(int pid) => Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Children of this test process whose command is one of <paramref name="names"/>.</summary>
    public static List<(int Pid, string Command, char State)> ChildrenNamed(params string[] names)
    {
        var found = new List<(int, string, char)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            var stat = ReadStat(pid);
            if (stat is { } s && s.ParentPid == Environment.ProcessId && names.Contains(s.Command))
            {
                found.Add((pid, s.Command, s.State));
            }
        }

        return found;
    }

    /// <summary>The process group of <paramref name="pid"/>, or null once it is gone.</summary>
    public static int? ProcessGroup(int pid) => ReadStat(pid)?.ProcessGroup;

    /// <summary>Whether any process's parent is <paramref name="pid"/> (used to look for orphans of a killed ffmpeg).</summary>
    public static bool AnyInGroup(int processGroup)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ReadStat(pid) is { } stat && stat.ProcessGroup == processGroup)
            {
                return true;
            }
        }

        return false;
    }

    private static (string Command, char State, int ParentPid, int ProcessGroup)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid pgrp ..."; comm may contain spaces, so split after the last ')'.
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }

        var fields = text[(close + 2)..].Split(' ');
        return (text[(open + 1)..close], fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture), int.Parse(fields[2], CultureInfo.InvariantCulture));
    }

    /// <summary>Waits a bounded time for a condition that depends on the kernel finishing a kill.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        for (var attempt = 0; attempt < 1000 && DateTime.UtcNow < deadline; attempt++)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(20);
        }

        return condition();
    }
}
