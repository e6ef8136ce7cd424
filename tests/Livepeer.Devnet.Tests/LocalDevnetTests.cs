using System.Numerics;

namespace Livepeer.Devnet.Tests;

/// <summary>One devnet for the whole class; each test runs on a snapshot that is reverted afterwards.</summary>
[Category("Chain")]
public sealed class LocalDevnetTests
{
    private static readonly AbiFunction GetContract = AbiFunction.Parse("function getContract(bytes32 _id) view returns (address)");
    private static readonly AbiFunction Paused = AbiFunction.Parse("function paused() view returns (bool)");
    private static readonly AbiFunction TargetContractId = AbiFunction.Parse("function targetContractId() view returns (bytes32)");
    private static readonly AbiFunction CurrentRoundInitialized = AbiFunction.Parse("function currentRoundInitialized() view returns (bool)");
    private static readonly AbiFunction BalanceOf = AbiFunction.Parse("function balanceOf(address _account) view returns (uint256)");
    private static readonly AbiFunction HasRole = AbiFunction.Parse("function hasRole(bytes32 role, address account) view returns (bool)");
    private static readonly AbiFunction Unpause = AbiFunction.Parse("function unpause()");

    private readonly RecordingLoggerFactory _logs = new();
    private LocalDevnet? _started;
    private string? _snapshot;

    private LocalDevnet Devnet => _started ?? throw new InvalidOperationException("The devnet did not start.");

    [OneTimeSetUp]
    public async Task StartDevnet() => _started = await LocalDevnet.StartAsync(loggerFactory: _logs);

    [OneTimeTearDown]
    public async Task StopDevnet()
    {
        if (_started is not null)
        {
            await _started.DisposeAsync();
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

    [Test]
    public async Task StartAsync_Defaults_DeploysCodeAtEveryAddressOnLoopback()
    {
        var contracts = Devnet.Contracts;
        EthAddress[] all =
        [
            contracts.Controller, contracts.Minter, contracts.LivepeerToken, contracts.TicketBroker, contracts.TicketBrokerTarget,
            contracts.BondingManager, contracts.BondingManagerTarget, contracts.SortedDoublyLL, contracts.RoundsManager,
            contracts.RoundsManagerTarget, contracts.ServiceRegistry, contracts.ServiceRegistryTarget, contracts.L2LPTDataCache,
        ];

        Assert.That(all, Is.Unique);
        foreach (var address in all)
        {
            Assert.That(await Devnet.Rpc.GetCodeAsync(address), Is.Not.Empty, address.ToString());
        }
        Assert.That(Devnet.RpcUri.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(await Devnet.Rpc.GetChainIdAsync(), Is.EqualTo(Devnet.ChainId).And.EqualTo(31337UL));
        Assert.That(Devnet.Deployer, Is.EqualTo(Devnet.Accounts[0]));
    }

    [Test]
    public void StartAsync_WithLogger_LogsEachDeployStageAndReadiness()
    {
        var devnetEntries = _logs.Entries.Where(e => e.EventId.Id is >= 8000 and < 9000).ToList();
        var stages = devnetEntries.Where(e => e.EventId.Id == 8011).Select(e => e.Message).ToList();
        var ready = devnetEntries.Single(e => e.EventId.Id == 8012);
        TestContext.Out.WriteLine(string.Join(Environment.NewLine, devnetEntries.Select(e => e.Message)));

        Assert.That(stages, Has.Count.GreaterThanOrEqualTo(5));
        Assert.That(stages.Take(4), Has.Some.Contains("register contracts").And.Some.Contains("unpause"));
        Assert.That(stages[4], Does.Contain("initialize round"));
        Assert.That(ready.Message, Does.Contain(Devnet.Contracts.Controller.ToString()));
        Assert.That(devnetEntries.Select(e => e.Message), Has.None.Contains(Devnet.Deployer.PrivateKey[2..]), "keys are never logged");
    }

    [Test]
    public async Task Controller_EveryRegisteredName_ResolvesToTheDeployedAddress()
    {
        var registrations = Devnet.Contracts.Registrations;

        Assert.That(registrations.Select(r => r.Key), Is.SupersetOf(new[]
        {
            "Minter", "LivepeerToken", "TicketBroker", "TicketBrokerTarget", "JobsManager", "BondingManager", "BondingManagerTarget",
            "RoundsManager", "RoundsManagerTarget", "ServiceRegistry", "ServiceRegistryTarget", "L2LPTDataCache",
        }));
        foreach (var (name, address) in registrations)
        {
            Assert.That(await Read<EthAddress>(Devnet.Contracts.Controller, GetContract, Keccak256.Hash(name)), Is.EqualTo(address), name);
        }
        Assert.That(await Read<EthAddress>(Devnet.Contracts.Controller, GetContract, Keccak256.Hash("JobsManager")), Is.EqualTo(Devnet.Contracts.TicketBroker));
    }

    [TestCase("BondingManager")]
    [TestCase("TicketBroker")]
    [TestCase("RoundsManager")]
    [TestCase("ServiceRegistry")]
    public async Task Proxy_TargetContractId_NamesTheRegisteredTarget(string name)
    {
        var registrations = Devnet.Contracts.Registrations.ToDictionary(r => r.Key, r => r.Value);

        var id = await Read<byte[]>(registrations[name], TargetContractId);

        Assert.That(id, Is.EqualTo(Keccak256.Hash(name + "Target")));
        Assert.That(await Read<EthAddress>(Devnet.Contracts.Controller, GetContract, id), Is.EqualTo(registrations[name + "Target"]));
        Assert.That(registrations[name + "Target"], Is.Not.EqualTo(registrations[name]));
    }

    [Test]
    public async Task Parameters_ReadThroughTheProxies_AreTheOptionDefaults()
    {
        var defaults = new LocalDevnetOptions();
        var contracts = Devnet.Contracts;

        Assert.That(await ReadUint(contracts.RoundsManager, "function roundLength() view returns (uint256)"), Is.EqualTo(new BigInteger(defaults.RoundLength)).And.EqualTo(new BigInteger(50)));
        Assert.That(await ReadUint(contracts.RoundsManager, "function roundLockAmount() view returns (uint256)"), Is.EqualTo(new BigInteger(100_000)));
        Assert.That(await ReadUint(contracts.BondingManager, "function unbondingPeriod() view returns (uint64)"), Is.EqualTo(new BigInteger(2)));
        Assert.That(await ReadUint(contracts.BondingManager, "function getTranscoderPoolMaxSize() view returns (uint256)"), Is.EqualTo(new BigInteger(10)));
        Assert.That(await ReadUint(contracts.TicketBroker, "function unlockPeriod() view returns (uint256)"), Is.EqualTo(new BigInteger(2)));
        Assert.That(await ReadUint(contracts.TicketBroker, "function ticketValidityPeriod() view returns (uint256)"), Is.EqualTo(new BigInteger(2)));
        Assert.That(await ReadUint(contracts.Minter, "function targetBondingRate() view returns (uint256)"), Is.EqualTo(new BigInteger(500_000_000)));
        Assert.That(await ReadUint(contracts.Minter, "function inflationChange() view returns (uint256)"), Is.EqualTo(new BigInteger(3)));
    }

    [Test]
    public async Task Controller_AfterStart_IsUnpausedAndOwnedByTheDeployer()
    {
        Assert.That(await Read<bool>(Devnet.Contracts.Controller, Paused), Is.False);
        Assert.That(await Read<EthAddress>(Devnet.Contracts.Controller, AbiFunction.Parse("function owner() view returns (address)")), Is.EqualTo(Devnet.Deployer.Address));
    }

    [Test]
    public async Task Accounts_AfterStart_HoldLptAndEth()
    {
        foreach (var account in Devnet.Accounts)
        {
            Assert.That(await Read<BigInteger>(Devnet.Contracts.LivepeerToken, BalanceOf, account.Address), Is.EqualTo(Wei.FromEther(10_000).Value), $"LPT of {account}");
            Assert.That(await Devnet.Rpc.GetBalanceAsync(account.Address), Is.GreaterThan(Wei.FromEther(9_000)), $"ETH of {account}");
        }
        var minterRole = Keccak256.Hash("MINTER_ROLE");
        Assert.That(await Read<bool>(Devnet.Contracts.LivepeerToken, HasRole, minterRole, Devnet.Contracts.Minter), Is.True);
        Assert.That(await Read<bool>(Devnet.Contracts.LivepeerToken, HasRole, minterRole, Devnet.Deployer.Address), Is.True);
    }

    [Test]
    public async Task AdvanceRoundAsync_InitializedRound_MovesToTheNextInitializedRound()
    {
        var before = await Devnet.CurrentRoundAsync();
        Assert.That(await Read<bool>(Devnet.Contracts.RoundsManager, CurrentRoundInitialized), Is.True, "StartAsync initializes the first round");

        var advanced = await Devnet.AdvanceRoundAsync();

        Assert.That(before, Is.GreaterThanOrEqualTo(1UL));
        Assert.That(advanced, Is.EqualTo(before + 1));
        Assert.That(await Devnet.CurrentRoundAsync(), Is.EqualTo(before + 1));
        Assert.That(await Read<bool>(Devnet.Contracts.RoundsManager, CurrentRoundInitialized), Is.True);
        Assert.That(await ReadUint(Devnet.Contracts.RoundsManager, "function lastInitializedRound() view returns (uint256)"), Is.EqualTo(new BigInteger(advanced)));
    }

    [Test]
    public async Task AdvanceRoundsAsync_Three_MovesThreeRounds()
    {
        var before = await Devnet.CurrentRoundAsync();

        var after = await Devnet.AdvanceRoundsAsync(3);

        Assert.That(after, Is.EqualTo(before + 3));
        Assert.That(await Read<bool>(Devnet.Contracts.RoundsManager, CurrentRoundInitialized), Is.True);
    }

    [Test]
    public async Task RevertAsync_AfterAdvancingRounds_RestoresRoundBlockAndNonces()
    {
        var round = await Devnet.CurrentRoundAsync();
        var block = await Devnet.Rpc.GetBlockNumberAsync();
        var snapshot = await Devnet.SnapshotAsync();
        await Devnet.AdvanceRoundsAsync(2);
        Assert.That(await Devnet.CurrentRoundAsync(), Is.EqualTo(round + 2));

        await Devnet.RevertAsync(snapshot);

        Assert.That(await Devnet.CurrentRoundAsync(), Is.EqualTo(round));
        Assert.That(await Devnet.Rpc.GetBlockNumberAsync(), Is.EqualTo(block));
        // The deployer's nonce went back with the chain; its next transaction must still land.
        Assert.That(await Devnet.AdvanceRoundAsync(), Is.EqualTo(round + 1));
    }

    [Test]
    public async Task MineAsync_TenBlocks_HeadMovesByTen()
    {
        var before = await Devnet.Rpc.GetBlockNumberAsync();

        await Devnet.MineAsync(10);

        Assert.That(await Devnet.Rpc.GetBlockNumberAsync(), Is.EqualTo(before + 10));
    }

    [Test]
    public async Task FundAsync_FreshAccount_SetsEthAndMintsLpt()
    {
        using var fresh = PrivateKeySigner.Generate();

        await Devnet.FundAsync(fresh.Address, Wei.FromEther(2), Wei.FromEther(150));

        Assert.That(await Devnet.Rpc.GetBalanceAsync(fresh.Address), Is.EqualTo(Wei.FromEther(2)));
        Assert.That(await Read<BigInteger>(Devnet.Contracts.LivepeerToken, BalanceOf, fresh.Address), Is.EqualTo(Wei.FromEther(150).Value));
    }

    [Test]
    public async Task SetAutomineAsync_Off_TransactionWaitsForAMinedBlock()
    {
        var sender = Devnet.CreateSender(Devnet.Accounts[4]);
        await Devnet.SetAutomineAsync(false);

        var sent = await sender.SendAsync(new TransactionRequest { To = Devnet.Accounts[5].Address, Value = new Wei(1), GasLimit = 21_000 });
        Assert.That(await Devnet.Rpc.GetTransactionReceiptAsync(sent.Hash), Is.Null);

        await Devnet.MineAsync();
        Assert.That((await sender.WaitForReceiptAsync(sent)).Succeeded, Is.True);
    }

    [Test]
    public async Task RunStageAsync_StepReverts_ErrorNamesTheStepAndTheReason()
    {
        // The Controller is already unpaused, so unpausing it again reverts.
        var step = new DeployStep("unpause the Controller twice", new TransactionRequest { To = Devnet.Contracts.Controller, Data = Unpause.EncodeCall() });

        var error = await Assert.ThrowsAsync<LivepeerDevnetException>(() => Devnet.Deployment.RunStageAsync("test stage", [step], CancellationToken.None));

        Assert.That(error!.ErrorCode, Is.EqualTo(DevnetErrorCode.DeploymentFailed));
        Assert.That(error.Step, Is.EqualTo("unpause the Controller twice"));
        Assert.That(error.Message, Does.Contain("unpause the Controller twice").And.Contain("reverted"));
        Assert.That(error.InnerException, Is.InstanceOf<ContractRevertException>());
    }

    [Test]
    public async Task ActivateOrchestratorAsync_FreshAccount_IsActiveWithServiceUri()
    {
        var account = Devnet.Accounts[5];
        var serviceUri = new Uri("https://127.0.0.1:8935");

        var client = await Devnet.ActivateOrchestratorAsync(account, Wei.FromEther(100), serviceUri);

        Assert.That(await client.BondingManager.IsActiveTranscoderAsync(account.Address), Is.True);
        Assert.That(await client.ServiceRegistry.GetServiceUriAsync(account.Address), Is.EqualTo("https://127.0.0.1:8935"));
        Assert.That((await client.BondingManager.GetTranscoderAsync(account.Address)).FeeShare, Is.EqualTo(new BigInteger(500_000)));
    }

    [Test]
    public async Task FundGatewayAsync_SetsDepositAndReserve()
    {
        var account = Devnet.Accounts[6];

        var client = await Devnet.FundGatewayAsync(account, Wei.FromEther(2), Wei.FromEther(1));

        var sender = await client.TicketBroker.GetSenderInfoAsync(account.Address);
        Assert.That(sender.Deposit, Is.EqualTo(Wei.FromEther(2)));
        Assert.That(sender.Reserve.FundsRemaining, Is.EqualTo(Wei.FromEther(1)));
    }

    private async Task<T> Read<T>(EthAddress contract, AbiFunction function, params object?[] arguments)
    {
        var output = await Devnet.Rpc.CallAsync(new CallRequest { To = contract, Data = function.EncodeCall(arguments) });
        return (T)function.DecodeOutput(output)[0]!;
    }

    private Task<BigInteger> ReadUint(EthAddress contract, string signature) => Read<BigInteger>(contract, AbiFunction.Parse(signature));
}
