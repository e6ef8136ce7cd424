using System.Diagnostics;
using System.Threading.Channels;

namespace Livepeer.Payments.Tests.Fault;

/// <summary>The FaultHost child process: started with <c>dotnet Livepeer.Payments.FaultHost.dll</c>, read line by line, killed with SIGKILL.</summary>
internal sealed class FaultHostProcess : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _transcript = [];

    private FaultHostProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data is null ? null : "stderr: " + e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string HostPath => Path.Combine(AppContext.BaseDirectory, "Livepeer.Payments.FaultHost.dll");

    public string Transcript
    {
        get { lock (_transcript) { return string.Join('\n', _transcript); } }
    }

    public static FaultHostProcess Start(params string[] arguments)
    {
        Assert.That(File.Exists(HostPath), Is.True, $"the fault host is built next to the tests ({HostPath})");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return new FaultHostProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
    }

    /// <summary>Waits for a line that starts with <paramref name="marker"/>; fails on timeout or exit.</summary>
    public async Task WaitForAsync(string marker, double seconds = 30)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            while (await _lines.Reader.WaitToReadAsync(cts.Token))
            {
                while (_lines.Reader.TryRead(out var line))
                {
                    if (line.StartsWith(marker, StringComparison.Ordinal))
                    {
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        Assert.Fail($"The fault host did not print {marker} within {seconds} s. Output:\n{Transcript}");
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(double seconds = 60)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The fault host did not exit within {seconds} s. Output:\n{Transcript}");
        }
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no finally block, no flush, no dispose runs in the child.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            KillHard();
        }
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            _lines.Writer.TryComplete();
            return;
        }
        lock (_transcript)
        {
            _transcript.Add(line);
        }
        _lines.Writer.TryWrite(line);
    }
}
