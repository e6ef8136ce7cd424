namespace Livepeer.Transcoding;

/// <summary>A directory only the current user can enter, for sockets that must not be reachable by others.</summary>
internal static class PrivateTempDirectory
{
    public static string Create()
    {
        // Short names: a Unix socket path must fit in 108 bytes.
        var path = Path.Combine(Path.GetTempPath(), "lpff-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6)));
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    public static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
