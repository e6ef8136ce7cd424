namespace Livepeer.Transcoding;

/// <summary>
/// A failed ffmpeg/ffprobe run. Internal on purpose: the transcoding engine maps <see cref="Kind"/> onto the
/// package's public error codes and keeps <see cref="StderrTail"/> for diagnostics.
/// </summary>
internal sealed class FFmpegException : Exception
{
    public FFmpegException(FFmpegFailureKind kind, string message, int? exitCode = null, string stderrTail = "", Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        ExitCode = exitCode;
        StderrTail = stderrTail;
    }

    public FFmpegFailureKind Kind { get; }

    /// <summary>The exit status, when the process ran to an exit of its own.</summary>
    public int? ExitCode { get; }

    /// <summary>The last bytes of stderr, unparsed.</summary>
    public string StderrTail { get; }
}
