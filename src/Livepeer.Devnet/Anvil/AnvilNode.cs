using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Text.Json;
using Livepeer.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Devnet;

/// <summary>
/// A real anvil node on 127.0.0.1 and a free port, with anvil's ten default dev accounts, for the lifetime
/// of the instance. Disposing kills the process.
/// </summary>
public sealed class AnvilNode : IAsyncDisposable
{
    /// <summary>anvil's default chain id.</summary>
    public const ulong DefaultChainId = 31337;

    /// <summary>The public mnemonic anvil derives its dev accounts from. Its keys are known to everyone.</summary>
    public const string Mnemonic = "test test test test test test test test test test test junk";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(10);
    private const int PortAttempts = 5;
    private const int OutputLinesKept = 50;

    private readonly Process _process;
    private readonly OutputTail _output;
    private readonly ILogger _logger;
    private int _disposed;

    private AnvilNode(Process process, OutputTail output, int port, ulong chainId, string configPath, EthereumRpcClient rpc, ILogger logger)
    {
        _process = process;
        _output = output;
        _logger = logger;
        Port = port;
        ChainId = chainId;
        ConfigPath = configPath;
        RpcUri = LoopbackUri(port);
        Rpc = rpc;
    }

    /// <summary>
    /// Accounts 0 to 9 derived from <see cref="Mnemonic"/> at m/44'/60'/0'/0/i, each holding 10000 ETH on a
    /// fresh node.
    /// </summary>
    public static IReadOnlyList<DevnetAccount> DevAccounts { get; } =
    [
        Account(0, "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"),
        Account(1, "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"),
        Account(2, "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc", "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"),
        Account(3, "0x90f79bf6eb2c4f870365e785982e1f101e93b906", "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6"),
        Account(4, "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65", "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a"),
        Account(5, "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc", "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba"),
        Account(6, "0x976ea74026e726554db657fa54763abd0c3a0aa9", "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e"),
        Account(7, "0x14dc79964da2c08b23698b3d3cc7ca32193d9955", "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356"),
        Account(8, "0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f", "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97"),
        Account(9, "0xa0ee7a142d267c1f36714e4a8f75612f20a79720", "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6"),
    ];

    /// <summary>The TCP port anvil listens on.</summary>
    public int Port { get; }

    /// <summary>The HTTP JSON-RPC endpoint (<c>http://127.0.0.1:&lt;port&gt;/</c>).</summary>
    public Uri RpcUri { get; }

    /// <summary>The chain id.</summary>
    public ulong ChainId { get; }

    /// <summary>A JSON-RPC client for the node; anvil's own methods go through <see cref="EthereumRpcClient.SendAsync(string, IReadOnlyList{object?}, CancellationToken)"/>.</summary>
    public EthereumRpcClient Rpc { get; }

    /// <summary>The file anvil wrote its accounts and keys to with <c>--config-out</c>; deleted on dispose.</summary>
    internal string ConfigPath { get; }

    /// <summary>
    /// Starts anvil and waits until it answers <c>eth_chainId</c>. A port picked free can be taken before anvil
    /// binds it, so a bind failure is retried on another port.
    /// </summary>
    /// <exception cref="LivepeerDevnetException">With <see cref="DevnetErrorCode.AnvilNotFound"/> or <see cref="DevnetErrorCode.AnvilStartFailed"/>.</exception>
    public static Task<AnvilNode> StartAsync(AnvilNodeOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
        => StartAsync(options, PickFreePort, loggerFactory, cancellationToken);

    internal static async Task<AnvilNode> StartAsync(AnvilNodeOptions? options, Func<int> pickPort, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pickPort);
        options ??= new AnvilNodeOptions();
        options.Validate();
        var binary = DevnetDependencies.ResolveAnvil(options.AnvilPath);
        var logger = (ILogger?)loggerFactory?.CreateLogger<AnvilNode>() ?? NullLogger.Instance;
        string? lastFailure = null;
        for (var attempt = 1; attempt <= PortAttempts; attempt++)
        {
            var port = pickPort();
            var (node, failure, portInUse) = await TryStartAsync(binary, port, options, loggerFactory, logger, cancellationToken).ConfigureAwait(false);
            if (node is not null)
            {
                Log.AnvilStarted(logger, node.RpcUri, node.ChainId, node._process.Id);
                return node;
            }
            lastFailure = failure;
            if (!portInUse)
            {
                break;
            }
            Log.AnvilPortTaken(logger, port);
        }
        throw new LivepeerDevnetException(DevnetErrorCode.AnvilStartFailed, $"anvil ({binary}) did not start: {lastFailure}");
    }

    /// <summary>Takes an <c>evm_snapshot</c> of the chain and returns its id.</summary>
    public async Task<string> SnapshotAsync(CancellationToken cancellationToken = default)
    {
        var result = await Rpc.SendAsync("evm_snapshot", [], cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.String
            ? result.GetString()!
            : throw new LivepeerDevnetException(DevnetErrorCode.NodeCallFailed, $"evm_snapshot returned {result.GetRawText()}, not an id.");
    }

    /// <summary>
    /// Reverts the chain to <paramref name="snapshotId"/>. anvil consumes the snapshot, so take a new one to
    /// revert again.
    /// </summary>
    /// <exception cref="LivepeerDevnetException">With <see cref="DevnetErrorCode.NodeCallFailed"/> when the snapshot is unknown or already used.</exception>
    public async Task RevertAsync(string snapshotId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(snapshotId);
        var result = await Rpc.SendAsync("evm_revert", [snapshotId], cancellationToken).ConfigureAwait(false);
        if (result.ValueKind != JsonValueKind.True)
        {
            throw new LivepeerDevnetException(DevnetErrorCode.NodeCallFailed, $"evm_revert to snapshot {snapshotId} was refused: it is unknown or was already used.");
        }
    }

    /// <summary>Mines <paramref name="blocks"/> empty blocks at once (<c>anvil_mine</c>).</summary>
    public async Task MineAsync(ulong blocks = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(blocks);
        await Rpc.SendAsync("anvil_mine", [new BigInteger(blocks)], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Turns mining of each transaction as it arrives on or off (<c>evm_setAutomine</c>).</summary>
    public async Task SetAutomineAsync(bool enabled, CancellationToken cancellationToken = default)
        => await Rpc.SendAsync("evm_setAutomine", [enabled], cancellationToken).ConfigureAwait(false);

    /// <summary>Sets an account's ETH balance (<c>anvil_setBalance</c>).</summary>
    public async Task SetBalanceAsync(EthAddress account, Wei balance, CancellationToken cancellationToken = default)
        => await Rpc.SendAsync("anvil_setBalance", [account, balance.Value], cancellationToken).ConfigureAwait(false);

    /// <summary>Kills anvil and deletes its config file. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        Rpc.Dispose();
        await StopAsync(_process).ConfigureAwait(false);
        Log.AnvilStopped(_logger, RpcUri);
        _process.Dispose();
        TryDelete(ConfigPath);
    }

    /// <summary>A port that was free a moment ago; anvil may still lose it to another process.</summary>
    internal static int PickFreePort()
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

    private static DevnetAccount Account(int index, string address, string privateKey) => new(index, EthAddress.Parse(address), privateKey);

    private static Uri LoopbackUri(int port) => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");

    private static async Task<(AnvilNode? Node, string Failure, bool PortInUse)> TryStartAsync(
        string binary, int port, AnvilNodeOptions options, ILoggerFactory? loggerFactory, ILogger logger, CancellationToken cancellationToken)
    {
        var configPath = Path.Combine(Path.GetTempPath(), $"anvil-{Guid.NewGuid():N}.json");
        var startInfo = new ProcessStartInfo(binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])[
            "--host", "127.0.0.1",
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--chain-id", options.ChainId.ToString(CultureInfo.InvariantCulture),
            "--accounts", DevAccounts.Count.ToString(CultureInfo.InvariantCulture),
            "--mnemonic", Mnemonic,
            "--config-out", configPath,
            "--quiet"])
        {
            startInfo.ArgumentList.Add(argument);
        }

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
            throw new LivepeerDevnetException(DevnetErrorCode.AnvilNotFound, $"anvil at {binary} could not be started: {ex.Message}. {DevnetDependencies.BootstrapHint}", innerException: ex);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var rpc = EthereumRpcClient.Create(LoopbackUri(port), loggerFactory: loggerFactory);
        var node = new AnvilNode(process, output, port, options.ChainId, configPath, rpc, logger);
        try
        {
            var failure = await node.WaitUntilReadyAsync(options.StartTimeout, cancellationToken).ConfigureAwait(false);
            if (failure is null)
            {
                return (node, string.Empty, false);
            }
            await node.DisposeAsync().ConfigureAwait(false);
            return (null, failure, failure.Contains("Address already in use", StringComparison.OrdinalIgnoreCase));
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Null when anvil answers with the expected chain id; otherwise why it did not.</summary>
    private async Task<string?> WaitUntilReadyAsync(TimeSpan startTimeout, CancellationToken cancellationToken)
    {
        // The node's own client retries; the probe must not, so that the exit check below gets its turn.
        using var probe = EthereumRpcClient.Create(RpcUri, new EthereumRpcClientOptions { MaxRetries = 0, RequestTimeout = ProbeTimeout });
        var elapsed = Stopwatch.StartNew();
        var lastError = "no answer yet";
        while (elapsed.Elapsed < startTimeout)
        {
            if (_process.HasExited)
            {
                // Let the asynchronous readers drain what the process printed before it died.
                await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                return $"it exited with code {_process.ExitCode}: {_output}";
            }
            try
            {
                var chainId = await probe.GetChainIdAsync(cancellationToken).ConfigureAwait(false);
                return chainId == ChainId ? null : $"it answered eth_chainId {chainId}, expected {ChainId}.";
            }
            catch (LivepeerProtocolException ex) when (ex.IsTransient)
            {
                lastError = ex.Message;
            }
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
        return $"no answer to eth_chainId on port {Port} within {startTimeout.TotalSeconds} s ({lastError}). Output: {_output}";
    }

    private static async Task StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            using var timeout = new CancellationTokenSource(KillTimeout);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // The process was never started or has already been reaped.
        }
        catch (OperationCanceledException)
        {
            // A process that survives SIGKILL for 10 s is beyond our control; do not hang the caller.
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
