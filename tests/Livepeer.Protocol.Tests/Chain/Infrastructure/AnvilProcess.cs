using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Livepeer.Protocol.Tests.Chain.Infrastructure;

/// <summary>
/// A real anvil node on 127.0.0.1 and a free port, with the standard dev accounts, for the lifetime of
/// the instance. Disposing kills the process tree.
/// </summary>
internal sealed class AnvilProcess : IAsyncDisposable
{
    public const long ChainId = 31337;

    /// <summary>The public "test test … junk" mnemonic; its keys are known to everyone, so they hold nothing of value.</summary>
    public const string Mnemonic = "test test test test test test test test test test test junk";

    /// <summary>Private keys of accounts 0..9 derived from <see cref="Mnemonic"/> at m/44'/60'/0'/0/i.</summary>
    public static IReadOnlyList<string> DevPrivateKeys { get; } =
    [
        "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
        "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
        "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
        "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
        "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
        "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
        "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
        "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
    ];

    /// <summary>Addresses of accounts 0..9, lower-case, in the same order as <see cref="DevPrivateKeys"/>.</summary>
    public static IReadOnlyList<string> DevAddresses { get; } =
    [
        "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
        "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
        "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc",
        "0x90f79bf6eb2c4f870365e785982e1f101e93b906",
        "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65",
        "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc",
        "0x976ea74026e726554db657fa54763abd0c3a0aa9",
        "0x14dc79964da2c08b23698b3d3cc7ca32193d9955",
        "0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f",
        "0xa0ee7a142d267c1f36714e4a8f75612f20a79720",
    ];

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(500);
    private const int PortAttempts = 5;
    private const int OutputLinesKept = 50;

    private readonly Process _process;
    private readonly OutputTail _output;
    private readonly string _configPath;
    private int _disposed;

    private AnvilProcess(Process process, OutputTail output, int port, string configPath, AnvilRpc rpc)
    {
        _process = process;
        _output = output;
        _configPath = configPath;
        Port = port;
        RpcUri = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        Rpc = rpc;
    }

    public int Port { get; }

    /// <summary>The HTTP JSON-RPC endpoint.</summary>
    public Uri RpcUri { get; }

    /// <summary>Raw JSON-RPC for the fixture's own needs (mining, snapshots, impersonation).</summary>
    public AnvilRpc Rpc { get; }

    /// <summary>The file anvil wrote its accounts and keys to with <c>--config-out</c>.</summary>
    public string ConfigPath => _configPath;

    /// <summary>The command-line flags anvil is started with, apart from the port and the config file.</summary>
    public static IReadOnlyList<string> Flags { get; } =
    [
        "--host", "127.0.0.1",
        "--chain-id", ChainId.ToString(CultureInfo.InvariantCulture),
        "--accounts", "10",
        "--mnemonic", Mnemonic,
        "--quiet",
    ];

    /// <summary>
    /// Starts anvil and waits until it answers <c>eth_chainId</c>. A port picked free can be taken before
    /// anvil binds it, so a bind failure is retried on another port.
    /// </summary>
    public static Task<AnvilProcess> StartAsync(CancellationToken cancellationToken = default)
        => StartAsync(PickFreePort, cancellationToken);

    /// <summary>Starts anvil on the ports <paramref name="pickPort"/> gives, trying the next one while a port turns out to be taken.</summary>
    public static async Task<AnvilProcess> StartAsync(Func<int> pickPort, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pickPort);
        var binary = TestDependencies.AnvilPath;
        string? lastFailure = null;
        for (var attempt = 1; attempt <= PortAttempts; attempt++)
        {
            var port = pickPort();
            var (anvil, failure, portInUse) = await TryStartAsync(binary, port, cancellationToken);
            if (anvil is not null)
            {
                return anvil;
            }
            lastFailure = failure;
            if (!portInUse)
            {
                break;
            }
        }
        throw new InvalidOperationException($"anvil ({binary}) did not start after {PortAttempts} port(s) at most: {lastFailure}");
    }

    /// <summary>Takes an <c>evm_snapshot</c> and returns its id.</summary>
    public async Task<string> SnapshotAsync(CancellationToken cancellationToken = default)
    {
        var result = await Rpc.CallAsync("evm_snapshot", [], cancellationToken);
        return result.GetString() ?? throw new InvalidOperationException("evm_snapshot returned no id.");
    }

    /// <summary>
    /// Reverts to <paramref name="snapshotId"/>. anvil consumes the snapshot, so take a new one after this
    /// to revert again.
    /// </summary>
    public async Task RevertAsync(string snapshotId, CancellationToken cancellationToken = default)
    {
        var result = await Rpc.CallAsync("evm_revert", [snapshotId], cancellationToken);
        if (result.ValueKind != JsonValueKind.True)
        {
            throw new InvalidOperationException($"evm_revert to {snapshotId} was refused (unknown or already used snapshot).");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        Rpc.Dispose();
        await StopAsync(_process);
        _process.Dispose();
        TryDelete(_configPath);
    }

    private static async Task<(AnvilProcess? Anvil, string Failure, bool PortInUse)> TryStartAsync(string binary, int port, CancellationToken cancellationToken)
    {
        var configPath = Path.Combine(Path.GetTempPath(), $"anvil-{Guid.NewGuid():N}.json");
        var startInfo = new ProcessStartInfo(binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        foreach (var flag in Flags)
        {
            startInfo.ArgumentList.Add(flag);
        }
        startInfo.ArgumentList.Add("--port");
        startInfo.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        startInfo.ArgumentList.Add("--config-out");
        startInfo.ArgumentList.Add(configPath);

        var output = new OutputTail(OutputLinesKept);
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException($"anvil at {binary} could not be started: {ex.Message}. {TestDependencies.BootstrapHint}", ex);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var rpc = new AnvilRpc(new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"), TimeSpan.FromSeconds(5));
        var anvil = new AnvilProcess(process, output, port, configPath, rpc);
        try
        {
            var failure = await WaitUntilReadyAsync(anvil, cancellationToken);
            if (failure is null)
            {
                return (anvil, string.Empty, false);
            }
            await anvil.DisposeAsync();
            var portInUse = failure.Contains("Address already in use", StringComparison.OrdinalIgnoreCase);
            return (null, failure, portInUse);
        }
        catch
        {
            await anvil.DisposeAsync();
            throw;
        }
    }

    /// <summary>Null when anvil answers with the expected chain id; otherwise why it did not.</summary>
    private static async Task<string?> WaitUntilReadyAsync(AnvilProcess anvil, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        string lastError = "no answer yet";
        while (deadline.Elapsed < StartTimeout)
        {
            if (anvil._process.HasExited)
            {
                // Let the asynchronous readers drain what the process printed before it died.
                await anvil._process.WaitForExitAsync(cancellationToken);
                return $"exited with code {anvil._process.ExitCode}: {anvil._output}";
            }
            try
            {
                // A short probe timeout: something else holding the port may accept and never answer,
                // and the exit check above must get its turn.
                using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                probe.CancelAfter(ProbeTimeout);
                var chainId = await anvil.Rpc.CallQuantityAsync("eth_chainId", [], probe.Token);
                if (chainId != ChainId)
                {
                    return $"answered eth_chainId {chainId}, expected {ChainId}.";
                }
                return null;
            }
            catch (HttpRequestException ex)
            {
                lastError = ex.Message;
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                lastError = ex.Message;
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
        return $"no answer to eth_chainId on port {anvil.Port} within {StartTimeout.TotalSeconds} s ({lastError}). Output: {anvil._output}";
    }

    public static int PickFreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static async Task StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // The process was never started or has already been reaped.
        }
        catch (OperationCanceledException)
        {
            // A process that survives SIGKILL for 10 s is beyond the fixture's control; do not hang the run.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The last lines anvil printed, kept for error messages.</summary>
    private sealed class OutputTail(int capacity)
    {
        private readonly Queue<string> _lines = new();

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (_lines)
            {
                _lines.Enqueue(line);
                while (_lines.Count > capacity)
                {
                    _lines.Dequeue();
                }
            }
        }

        public override string ToString()
        {
            lock (_lines)
            {
                return _lines.Count == 0 ? "(no output)" : string.Join(" | ", _lines);
            }
        }
    }
}
