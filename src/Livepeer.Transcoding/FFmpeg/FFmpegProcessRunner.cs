using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Transcoding;

/// <summary>
/// Runs ffmpeg/ffprobe as a child process: arguments as a list, input on stdin, outputs through an
/// <see cref="IFFmpegOutputTransport"/>, stderr kept as a bounded tail plus parsed statistics. On Linux the child
/// starts in its own session (<c>setsid</c>), so a timeout or cancellation kills its whole process group; the
/// process is always waited for, so it leaves neither a zombie nor an orphan.
/// </summary>
internal sealed class FFmpegProcessRunner
{
    private static readonly TimeSpan ReapGrace = TimeSpan.FromSeconds(10);
    private static readonly Lazy<string?> SetsidPath = new(() => OperatingSystem.IsLinux() ? FFmpegToolLocator.TryFindOnPath("setsid") : null);

    private readonly ILogger _logger;

    public FFmpegProcessRunner(ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
    }

    public async Task<FFmpegProcessResult> RunAsync(FFmpegProcessRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        if (request.InputBytes is { } bytes && bytes.Length > request.MaxInputBytes)
        {
            throw new FFmpegException(FFmpegFailureKind.InputTooLarge, $"The input is {bytes.Length} bytes; the limit is {request.MaxInputBytes}.");
        }

        var collector = new FFmpegStderrCollector(request.StderrTailChars);
        using var process = new Process { StartInfo = CreateStartInfo(request) };
        var stopwatch = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new FFmpegException(FFmpegFailureKind.ToolNotFound, $"{request.Executable} could not be started: {ex.Message}", innerException: ex);
        }

        var pid = process.Id;
        var toolName = Path.GetFileNameWithoutExtension(request.Executable);
        FFmpegLog.ProcessStarted(_logger, toolName, pid, request.Arguments.Count);
        request.Started?.Invoke(pid);

        using var timeout = new CancellationTokenSource();
        using var abort = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, abort.Token);
        if (request.Timeout != Timeout.InfiniteTimeSpan)
        {
            timeout.CancelAfter(request.Timeout);
        }

        var stderrTask = PumpLinesAsync(process.StandardError, collector.OnLine);
        var stdoutTask = PumpLinesAsync(process.StandardOutput, request.StdoutLine);
        var inputTask = AbortOnFault(WriteInputAsync(process.StandardInput.BaseStream, request, linked.Token), abort);
        var receiveTask = request.Outputs is null ? Task.CompletedTask : AbortOnFault(request.Outputs.ReceiveAsync(linked.Token), abort);

        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            var reason = cancellationToken.IsCancellationRequested ? "cancelled" : timeout.IsCancellationRequested ? "timeout" : "limit";
            await KillAndReapAsync(process, pid, reason).ConfigureAwait(false);
            request.Outputs?.OnProcessExited();
            await DrainQuietlyAsync(stderrTask, stdoutTask, inputTask, receiveTask).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (timeout.IsCancellationRequested)
            {
                throw new FFmpegException(FFmpegFailureKind.Timeout, $"{toolName} did not finish within {request.Timeout.TotalMilliseconds:0} ms and was killed.", stderrTail: collector.Tail);
            }

            throw FirstFault(inputTask, receiveTask) ?? new FFmpegException(FFmpegFailureKind.ProcessFailed, $"{toolName} was stopped.", stderrTail: collector.Tail);
        }

        request.Outputs?.OnProcessExited();
        try
        {
            // After exit the pipes and sockets reach EOF at once, unless something inherited them; bound the wait.
            await Task.WhenAll(stderrTask, stdoutTask, receiveTask).WaitAsync(ReapGrace, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            PosixProcess.KillGroup(pid);
            throw new FFmpegException(FFmpegFailureKind.OutputTransport, $"{toolName} exited but its outputs did not close.", process.ExitCode, collector.Tail);
        }
        catch (FFmpegException)
        {
            throw;
        }

        await DrainQuietlyAsync(inputTask).ConfigureAwait(false);
        if (inputTask.IsFaulted && inputTask.Exception?.InnerException is FFmpegException inputFailure)
        {
            throw inputFailure;
        }

        stopwatch.Stop();
        var exitCode = process.ExitCode;
        FFmpegLog.ProcessExited(_logger, toolName, pid, exitCode, stopwatch.Elapsed.TotalMilliseconds);
        var tail = collector.Tail;
        if (exitCode != 0)
        {
            var kind = FFmpegErrorClassifier.Classify(tail);
            FFmpegLog.ProcessFailed(_logger, toolName, pid, exitCode, kind);
            throw new FFmpegException(kind, $"{toolName} exited with code {exitCode}: {FFmpegErrorClassifier.LastMessage(tail)}", exitCode, tail);
        }

        return new FFmpegProcessResult(
            pid,
            exitCode,
            tail,
            collector.Statistics,
            request.Outputs?.Outputs ?? [],
            stopwatch.Elapsed);
    }

    private static ProcessStartInfo CreateStartInfo(FFmpegProcessRequest request)
    {
        var info = new ProcessStartInfo
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // setsid makes the child the leader of a new process group (it does not fork, because a child of this
        // process is never a group leader), so the group can be killed as a whole.
        if (SetsidPath.Value is { } setsid)
        {
            info.FileName = setsid;
            info.ArgumentList.Add("--wait");
            info.ArgumentList.Add(request.Executable);
        }
        else
        {
            info.FileName = request.Executable;
        }

        foreach (var argument in request.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    private static async Task PumpLinesAsync(StreamReader reader, Action<string>? onLine)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            onLine?.Invoke(line);
        }
    }

    private static async Task WriteInputAsync(Stream stdin, FFmpegProcessRequest request, CancellationToken cancellationToken)
    {
        try
        {
            if (request.InputBytes is { } bytes)
            {
                await stdin.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            }
            else if (request.InputStream is { } source)
            {
                await CopyBoundedAsync(source, stdin, request.MaxInputBytes, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            // ffmpeg closed stdin early (it failed, or needed only part of the input); its exit status tells which.
        }
        finally
        {
            try
            {
                await stdin.DisposeAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task CopyBoundedAsync(Stream source, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    throw new FFmpegException(FFmpegFailureKind.InputTooLarge, $"The input exceeded the limit of {maxBytes} bytes.");
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task AbortOnFault(Task task, CancellationTokenSource abort)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (FFmpegException)
        {
            await abort.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task KillAndReapAsync(Process process, int pid, string reason)
    {
        FFmpegLog.ProcessKilled(_logger, pid, reason);
        PosixProcess.KillGroup(pid);
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // Already gone.
        }

        try
        {
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(ReapGrace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            FFmpegLog.ProcessNotReaped(_logger, pid);
        }
    }

    private static async Task DrainQuietlyAsync(params Task[] tasks)
    {
        try
        {
            await Task.WhenAll(tasks).WaitAsync(ReapGrace).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or FFmpegException or TimeoutException or System.Net.Sockets.SocketException)
        {
            // Their faults are read from the tasks themselves where they matter.
        }
    }

    private static FFmpegException? FirstFault(params Task[] tasks)
    {
        foreach (var task in tasks)
        {
            if (task.IsFaulted && task.Exception?.InnerException is FFmpegException failure)
            {
                return failure;
            }
        }

        return null;
    }
}
