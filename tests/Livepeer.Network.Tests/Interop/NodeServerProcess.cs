using System.Diagnostics;

namespace Livepeer.Network.Tests.Interop;

/// <summary>A node server script this test started, reporting its port on stdout; killed (with its children) when disposed.</summary>
internal sealed class NodeServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Dictionary<string, string> _lines = new(StringComparer.Ordinal);

    private NodeServerProcess(Process process) => _process = process;

    /// <summary>Where @grpc/grpc-js and @grpc/proto-loader are installed; the test is ignored when they are not.</summary>
    public static string RequireNodeModules()
    {
        var modules = Environment.GetEnvironmentVariable("LIVEPEER_GRPC_NODE_MODULES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "livepeer-sdk", "npm", "node_modules");
        if (!File.Exists(Path.Combine(modules, "@grpc", "grpc-js", "package.json")) ||
            !File.Exists(Path.Combine(modules, "@grpc", "proto-loader", "package.json")))
        {
            Assert.Ignore($"@grpc/grpc-js and @grpc/proto-loader are not installed in '{modules}'; run scripts/bootstrap-test-deps.sh and source the env file.");
        }

        return modules;
    }

    public static NodeServerProcess Start(string nodeModules, IEnumerable<string> arguments)
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
            return new NodeServerProcess(Process.Start(info) ?? throw new InvalidOperationException("node did not start."));
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Ignore($"node is not on PATH: {ex.Message}");
            throw;
        }
    }

    /// <summary>Reads stdout until the <c>LISTENING &lt;port&gt;</c> line, keeping every <c>KEY value</c> line before it.</summary>
    public async Task<int> ReadListeningPortAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        for (var count = 0; count < 100; count++)
        {
            var line = await _process.StandardOutput.ReadLineAsync(cts.Token)
                ?? throw new InvalidOperationException($"node exited before listening: {await _process.StandardError.ReadToEndAsync(cts.Token)}");
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0)
            {
                _lines[line[..space]] = line[(space + 1)..];
            }

            if (line.StartsWith("LISTENING ", StringComparison.Ordinal))
            {
                return int.Parse(line.AsSpan("LISTENING ".Length), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("node printed no LISTENING line.");
    }

    /// <summary>The value of a <c>KEY value</c> line printed before LISTENING.</summary>
    public string Line(string key) => _lines[key];

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
}
