namespace Livepeer.Transcoding;

/// <summary>One ffmpeg/ffprobe invocation: the executable, its arguments as a list (never a shell line), input and limits.</summary>
internal sealed class FFmpegProcessRequest
{
    public FFmpegProcessRequest(string executable, IReadOnlyList<string> arguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(executable);
        ArgumentNullException.ThrowIfNull(arguments);
        Executable = executable;
        Arguments = arguments;
    }

    public string Executable { get; }

    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Bytes written to stdin (for <c>-i pipe:0</c>); takes precedence over <see cref="InputStream"/>.</summary>
    public ReadOnlyMemory<byte>? InputBytes { get; init; }

    /// <summary>A stream copied to stdin; read only up to <see cref="MaxInputBytes"/>.</summary>
    public Stream? InputStream { get; init; }

    /// <summary>Larger input fails with <see cref="FFmpegFailureKind.InputTooLarge"/>.</summary>
    public long MaxInputBytes { get; init; } = long.MaxValue;

    /// <summary>Wall-clock limit for the whole run, after which the process group is killed.</summary>
    public TimeSpan Timeout { get; init; } = System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>Where the outputs named in <see cref="Arguments"/> are received; owned by the caller.</summary>
    public IFFmpegOutputTransport? Outputs { get; init; }

    /// <summary>Receives each stdout line (ffprobe results); stdout is drained and dropped when null.</summary>
    public Action<string>? StdoutLine { get; init; }

    /// <summary>How many characters of stderr to keep for error reports.</summary>
    public int StderrTailChars { get; init; } = 16 * 1024;

    /// <summary>Called with the process id right after start (diagnostics and tests).</summary>
    public Action<int>? Started { get; init; }
}

/// <summary>A finished, successful run.</summary>
/// <param name="ProcessId">The id the process had.</param>
/// <param name="ExitCode">Always 0 here; failures throw.</param>
/// <param name="StderrTail">The last part of stderr.</param>
/// <param name="Statistics">Per-stream totals parsed from stderr (needs <c>-v verbose</c> or more).</param>
/// <param name="Outputs">The bytes of each output, in the order of the transport's URLs; empty without a transport.</param>
/// <param name="Elapsed">Wall time from start to exit.</param>
internal sealed record FFmpegProcessResult(
    int ProcessId,
    int ExitCode,
    string StderrTail,
    FFmpegRunStatistics Statistics,
    IReadOnlyList<ReadOnlyMemory<byte>> Outputs,
    TimeSpan Elapsed);
