using System.Diagnostics;
using NUnit.Framework;

namespace Livepeer.Tests.Shared;

/// <summary>
/// A node script a test started, with <c>NODE_PATH</c> set to the test cache's modules (@grpc/grpc-js and
/// @grpc/proto-loader); killed with its children when disposed. Compiled into each test project that runs node peers.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;

    private NodeProcess(Process process)
    {
        _process = process;
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public static NodeProcess Start(string nodeModules, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["NODE_PATH"] = nodeModules;
        try
        {
            return new NodeProcess(Process.Start(info) ?? throw new InvalidOperationException("node did not start."));
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Ignore($"node is not on PATH: {ex.Message}");
            throw;
        }
    }

    /// <summary>Reads stdout until a line starts with <paramref name="prefix"/> and returns the rest of that line.</summary>
    public async Task<string> ReadLineAsync(string prefix, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        for (var lines = 0; lines < 100; lines++)
        {
            var line = await _process.StandardOutput.ReadLineAsync(cts.Token)
                ?? throw new InvalidOperationException($"node exited before printing '{prefix}': {await StderrAsync()}");
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line[prefix.Length..];
            }
        }

        throw new InvalidOperationException($"node printed no '{prefix}' line.");
    }

    /// <summary>The port of the script's <c>LISTENING &lt;port&gt;</c> line.</summary>
    public async Task<int> ReadListeningPortAsync(TimeSpan timeout)
        => int.Parse(await ReadLineAsync("LISTENING ", timeout), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Everything the script prints until it exits; the exit code must be 0 (else its stderr is the failure).</summary>
    public async Task<string> ReadToEndAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var output = await _process.StandardOutput.ReadToEndAsync(cts.Token);
        await _process.WaitForExitAsync(cts.Token);
        Assert.That(_process.ExitCode, Is.Zero, await StderrAsync());
        return output;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cts.Token);
        }

        _process.Dispose();
    }

    private async Task<string> StderrAsync() => _process.HasExited ? await _stderr : "(node still running)";
}
