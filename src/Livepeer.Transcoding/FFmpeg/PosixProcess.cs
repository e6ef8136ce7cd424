using System.Runtime.InteropServices;

namespace Livepeer.Transcoding;

/// <summary>The few POSIX calls that .NET does not expose: signalling a whole process group.</summary>
internal static class PosixProcess
{
    private const int SigKill = 9;

    /// <summary>Sends SIGKILL to every process in group <paramref name="processGroupId"/>; false when none was left.</summary>
    public static bool KillGroup(int processGroupId)
    {
        if (OperatingSystem.IsWindows() || processGroupId <= 1)
        {
            return false;
        }

        return Kill(-processGroupId, SigKill) == 0;
    }

    // DllImport rather than LibraryImport: the signature is blittable, and LibraryImport would need unsafe code
    // enabled for the whole project.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
