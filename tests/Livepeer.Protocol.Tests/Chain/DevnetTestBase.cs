using Livepeer.Devnet;
using Microsoft.Extensions.Options;

namespace Livepeer.Protocol.Tests.Chain;

/// <summary>One devnet per fixture; each test runs on a snapshot that is reverted afterwards.</summary>
[Category("Chain")]
internal abstract class DevnetTestBase
{
    private LocalDevnet? _devnet;
    private string? _snapshot;

    protected LocalDevnet Devnet => _devnet ?? throw new InvalidOperationException("The devnet did not start.");

    [OneTimeSetUp]
    public async Task StartDevnet()
    {
        _devnet = await LocalDevnet.StartAsync();
        await OnDevnetStartedAsync();
    }

    /// <summary>Runs once after the devnet started, before the first snapshot.</summary>
    protected virtual Task OnDevnetStartedAsync() => Task.CompletedTask;

    [OneTimeTearDown]
    public async Task StopDevnet()
    {
        if (_devnet is not null)
        {
            await _devnet.DisposeAsync();
        }
    }

    [SetUp]
    public async Task TakeSnapshot() => _snapshot = await Devnet.SnapshotAsync();

    [TearDown]
    public async Task RevertSnapshot()
    {
        await Devnet.SetAutomineAsync(true);
        await Devnet.RevertAsync(_snapshot!);
    }

    protected static TransactionSenderOptions FastSending() => new()
    {
        ReceiptPollInterval = TimeSpan.FromMilliseconds(10),
        ReceiptTimeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>Options that describe the devnet as a Custom network, as a deployment would configure it.</summary>
    protected LivepeerProtocolOptions DevnetOptions(DevnetAccount? account = null) => new()
    {
        RpcUrl = Devnet.RpcUri.ToString(),
        Network = "Custom",
        ControllerAddress = Devnet.Contracts.Controller.ToString(),
        ChainId = Devnet.ChainId,
        PrivateKey = account?.PrivateKey,
    };

    protected LivepeerProtocolConnector Connector(DevnetAccount? account)
        => new(Options.Create(DevnetOptions()), Devnet.Rpc, account is null ? null : Devnet.CreateSender(account, FastSending()));

    /// <summary>Mines onto the first block of the next round without initialising it.</summary>
    protected async Task<ulong> MineToNextRoundAsync()
    {
        var protocol = await Devnet.ConnectAsync();
        var start = await protocol.RoundsManager.GetCurrentRoundStartBlockAsync();
        var length = await protocol.RoundsManager.GetRoundLengthAsync();
        var head = await Devnet.Rpc.GetBlockNumberAsync();
        if (start + length > head)
        {
            await Devnet.MineAsync(start + length - head);
        }
        return await protocol.RoundsManager.GetCurrentRoundAsync();
    }

    /// <summary>Fails the test instead of hanging when <paramref name="task"/> does not finish in time.</summary>
    protected static Task<T> Bounded<T>(Task<T> task, double seconds = 20) => task.WaitAsync(TimeSpan.FromSeconds(seconds));

    /// <inheritdoc cref="Bounded{T}(Task{T}, double)"/>
    protected static Task Bounded(Task task, double seconds = 20) => task.WaitAsync(TimeSpan.FromSeconds(seconds));
}
