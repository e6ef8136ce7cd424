using System.Numerics;
using System.Security.Cryptography;
using Livepeer.Devnet;
using Livepeer.Protocol;

namespace Livepeer.Payments.Tests.Chain;

/// <summary>
/// One devnet per fixture, set up once with an active orchestrator (dev account 1, the only member of the pool) and a
/// funded broadcaster (dev account 2); each test runs on a snapshot that is reverted afterwards.
/// </summary>
[Category("Chain")]
internal abstract class PaymentsDevnetTestBase
{
    protected static readonly BigInteger AlwaysWins = BigInteger.Pow(2, 256) - 1;
    protected static readonly Wei Deposit = Wei.FromEther(1);
    protected static readonly Wei Reserve = Wei.FromEther(1);
    protected static readonly Wei SelfBond = Wei.FromEther(1000);

    private LocalDevnet? _devnet;
    private string? _snapshot;
    private string? _directory;
    private readonly List<IAsyncDisposable> _disposables = [];

    protected LocalDevnet Devnet => _devnet ?? throw new InvalidOperationException("The devnet did not start.");

    protected LivepeerProtocolClient Orchestrator { get; private set; } = null!;

    protected LivepeerProtocolClient Broadcaster { get; private set; } = null!;

    protected DevnetAccount OrchestratorAccount => Devnet.Accounts[1];

    protected DevnetAccount BroadcasterAccount => Devnet.Accounts[2];

    protected EthAddress OrchestratorAddress => OrchestratorAccount.Address;

    protected EthAddress BroadcasterAddress => BroadcasterAccount.Address;

    /// <summary>A folder for this test's files, deleted afterwards.</summary>
    protected string TestDirectory => _directory ?? throw new InvalidOperationException("No test is running.");

    [OneTimeSetUp]
    public async Task StartDevnet()
    {
        _devnet = await LocalDevnet.StartAsync();
        Orchestrator = await Devnet.ConnectAsync(OrchestratorAccount, FastSending());
        Broadcaster = await Devnet.ConnectAsync(BroadcasterAccount, FastSending());
        await Orchestrator.LivepeerToken.ApproveAsync(Orchestrator.BondingManager.Address, SelfBond);
        await Orchestrator.BondingManager.BondAsync(SelfBond, OrchestratorAddress);
        await Orchestrator.BondingManager.TranscoderAsync(100_000, 500_000);
        await Broadcaster.TicketBroker.FundDepositAndReserveAsync(Deposit, Reserve);
        await Devnet.AdvanceRoundAsync();
        Assert.That(await Orchestrator.BondingManager.IsActiveTranscoderAsync(OrchestratorAddress), Is.True, "the orchestrator is active");
    }

    [OneTimeTearDown]
    public async Task StopDevnet()
    {
        if (_devnet is not null)
        {
            await _devnet.DisposeAsync();
        }
    }

    [SetUp]
    public async Task TakeSnapshot()
    {
        _directory = Directory.CreateTempSubdirectory("livepeer-payments-").FullName;
        _snapshot = await Devnet.SnapshotAsync();
    }

    [TearDown]
    public async Task RevertSnapshot()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
        {
            await disposable.DisposeAsync();
        }
        _disposables.Clear();
        await Devnet.SetAutomineAsync(true);
        await Devnet.RevertAsync(_snapshot!);
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    protected void DisposeAfterTest(IAsyncDisposable disposable) => _disposables.Add(disposable);

    protected static TransactionSenderOptions FastSending() => new()
    {
        ReceiptPollInterval = TimeSpan.FromMilliseconds(10),
        ReceiptTimeout = TimeSpan.FromSeconds(20),
    };

    protected TicketRedemptionOptions RedemptionOptions(string name = "tickets.db") => new()
    {
        DatabasePath = Path.Combine(TestDirectory, name),
        PollInterval = TimeSpan.FromMilliseconds(100),
        RedeemGas = TicketRedemptionOptions.L1RedeemGas,
    };

    /// <summary>A redeemer for the orchestrator whose background work is not started: tests drive it pass by pass.</summary>
    protected async Task<LocalTicketRedeemer> CreateRedeemerAsync(
        TicketRedemptionOptions? options = null,
        IGasPriceSource? gasPrice = null,
        LivepeerProtocolClient? protocol = null,
        TimeProvider? timeProvider = null)
    {
        var redeemer = await LocalTicketRedeemer.CreateAsync(
            protocol ?? Orchestrator,
            options ?? RedemptionOptions(),
            gasPrice: gasPrice ?? new FixedGasPrice(Wei.FromGwei(1)),
            timeProvider: timeProvider);
        DisposeAfterTest(redeemer);
        return redeemer;
    }

    /// <summary>Polls the redeemer's clock and runs one queue pass at the chain's head.</summary>
    protected static async Task<RedemptionPass> PassAsync(LocalTicketRedeemer redeemer)
    {
        await redeemer.PollingClock.PollOnceAsync();
        return await redeemer.Queue.RunOnceAsync(redeemer.Clock.LastSeenL1Block);
    }

    /// <summary>
    /// A ticket from the broadcaster to <paramref name="recipient"/> (the orchestrator by default), created in the last
    /// initialised round, whose parameters expire at the current head (so it is due at once) and that always wins.
    /// </summary>
    protected async Task<SignedTicket> CreateTicketAsync(
        Wei faceValue,
        BigInteger senderNonce,
        EthAddress? recipient = null,
        BigInteger? winProb = null,
        ulong? paramsExpirationBlock = null,
        ISigner? signer = null,
        Func<ulong, Task<(ulong Round, byte[] Hash)>>? auxData = null)
    {
        var reader = Broadcaster;
        var round = await reader.RoundsManager.GetLastInitializedRoundAsync();
        var (creationRound, blockHash) = auxData is null ? (round, await reader.RoundsManager.GetBlockHashForRoundAsync(round)) : await auxData(round);
        var recipientRand = new BigInteger(RandomNumberGenerator.GetBytes(31), isUnsigned: true, isBigEndian: true);
        var ticket = new Ticket(
            recipient ?? OrchestratorAddress,
            BroadcasterAddress,
            faceValue,
            winProb ?? AlwaysWins,
            senderNonce,
            Ticket.HashRecipientRand(recipientRand),
            Ticket.CreateAuxData(creationRound, blockHash));
        var signature = await Eip191.SignMessageAsync(signer ?? Broadcaster.Sender!.Signer, ticket.ComputeHash());
        var expiration = paramsExpirationBlock ?? await Devnet.Rpc.GetBlockNumberAsync();
        return new SignedTicket(ticket, signature, recipientRand, expiration);
    }

    protected async Task<IReadOnlyList<WinningTicketRedeemedEvent>> RedeemedEventsAsync(ulong fromBlock = 0)
    {
        var logs = await Devnet.Rpc.GetLogsAsync(new LogFilter
        {
            FromBlock = BlockParameter.At(fromBlock),
            ToBlock = BlockParameter.Latest,
            Addresses = [Orchestrator.TicketBroker.Address],
        });
        return [.. logs.Select(l => ProtocolEvents.TryDecode(l, out var e) ? e : null).OfType<WinningTicketRedeemedEvent>()];
    }

    /// <summary>Fails the test instead of hanging when <paramref name="task"/> does not finish in time.</summary>
    protected static Task<T> Bounded<T>(Task<T> task, double seconds = 20) => task.WaitAsync(TimeSpan.FromSeconds(seconds));

    /// <inheritdoc cref="Bounded{T}(Task{T}, double)"/>
    protected static Task Bounded(Task task, double seconds = 20) => task.WaitAsync(TimeSpan.FromSeconds(seconds));

    /// <summary>Waits until <paramref name="condition"/> holds, polling every 50 ms, for at most <paramref name="seconds"/>.</summary>
    protected static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, double seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {seconds} s waiting for {what}.");
            }
            await Task.Delay(50);
        }
    }
}

/// <summary>A gas price the test sets.</summary>
internal sealed class FixedGasPrice(Wei price) : IGasPriceSource
{
    public BigInteger CurrentGasPrice { get; set; } = price.Value;
}
