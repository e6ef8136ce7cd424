using System.Diagnostics;
using System.Numerics;
using Livepeer.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Devnet;

/// <summary>
/// A local Livepeer network: anvil on 127.0.0.1 with the genuine protocol contracts deployed from their
/// hardhat artifacts, the dev accounts funded with LPT, and the first round initialized. Disposing kills anvil.
/// </summary>
/// <remarks>
/// Every transaction the devnet sends itself comes from <see cref="Deployer"/> (dev account 0), which owns
/// the Controller and may mint LPT. Senders from <see cref="CreateSender"/> share the devnet's nonce
/// manager, which <see cref="RevertAsync"/> re-reads after the chain moves back.
/// </remarks>
public sealed class LocalDevnet : IAsyncDisposable
{
    private static readonly TimeSpan ReceiptPollInterval = TimeSpan.FromMilliseconds(10);

    private readonly AnvilNode _node;
    private readonly NonceManager _nonces;
    private readonly TransactionSenderOptions _senderOptions;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly ILogger _logger;
    private readonly List<PrivateKeySigner> _signers = [];
    private readonly TransactionSender _deployerSender;
    private readonly DevnetDeployer _deployment;
    private DevnetContracts? _contracts;
    private int _disposed;

    private LocalDevnet(AnvilNode node, ContractArtifacts artifacts, LocalDevnetOptions options, ILoggerFactory? loggerFactory)
    {
        _node = node;
        _loggerFactory = loggerFactory;
        _logger = (ILogger?)loggerFactory?.CreateLogger<LocalDevnet>() ?? NullLogger.Instance;
        _nonces = new NonceManager(node.Rpc, loggerFactory);
        _senderOptions = new TransactionSenderOptions
        {
            ReceiptPollInterval = ReceiptPollInterval,
            ReceiptTimeout = options.TransactionTimeout,
        };
        Artifacts = artifacts;
        _deployerSender = CreateSender(Deployer);
        _deployment = new DevnetDeployer(_deployerSender, artifacts, _logger);
    }

    /// <summary>The HTTP JSON-RPC endpoint.</summary>
    public Uri RpcUri => _node.RpcUri;

    /// <summary>The chain id.</summary>
    public ulong ChainId => _node.ChainId;

    /// <summary>A JSON-RPC client for the node, disposed with the devnet.</summary>
    public EthereumRpcClient Rpc => _node.Rpc;

    /// <summary>The addresses of the deployed contracts.</summary>
    public DevnetContracts Contracts => _contracts ?? throw new InvalidOperationException("The devnet is not deployed yet.");

    /// <summary>The devnet as a <see cref="LivepeerNetwork"/>, for <see cref="LivepeerProtocolClient.ConnectAsync"/> and options.</summary>
    public LivepeerNetwork Network => LivepeerNetwork.Custom(Contracts.Controller, ChainId, name: "local-devnet");

    /// <summary>Connects typed protocol clients to the devnet, writing as <paramref name="account"/> (read-only when null).</summary>
    public Task<LivepeerProtocolClient> ConnectAsync(DevnetAccount? account = null, TransactionSenderOptions? senderOptions = null, CancellationToken cancellationToken = default)
        => LivepeerProtocolClient.ConnectAsync(Rpc, Network, account is null ? null : CreateSender(account, senderOptions), loggerFactory: null, cancellationToken);

    /// <summary>The artifacts the contracts were deployed from; their ABIs describe the deployed code.</summary>
    public ContractArtifacts Artifacts { get; }

    /// <summary>anvil's ten dev accounts. The keys are public: never use them on a real network.</summary>
    public IReadOnlyList<DevnetAccount> Accounts => AnvilNode.DevAccounts;

    /// <summary>Dev account 0, which deployed the contracts, owns the Controller and may mint LPT.</summary>
    public DevnetAccount Deployer => AnvilNode.DevAccounts[0];

    /// <summary>
    /// Starts anvil on 127.0.0.1 and a free port, deploys and wires the protocol contracts, mints LPT to the
    /// dev accounts, unpauses the protocol and initializes the first round.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="LivepeerDevnetException">
    /// anvil or the artifacts are missing (<see cref="DevnetErrorCode.AnvilNotFound"/>, <see cref="DevnetErrorCode.ArtifactsNotFound"/>),
    /// anvil did not start, or a deployment step failed (<see cref="DevnetErrorCode.DeploymentFailed"/>, naming the step and the revert reason).
    /// </exception>
    public static async Task<LocalDevnet> StartAsync(LocalDevnetOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        options ??= new LocalDevnetOptions();
        options.Validate();
        var elapsed = Stopwatch.StartNew();
        // Find the artifacts before starting anvil, so that a missing folder leaves no process behind.
        var artifacts = ContractArtifacts.Open(options.ArtifactsPath);
        var node = await AnvilNode.StartAsync(
            new AnvilNodeOptions { AnvilPath = options.AnvilPath, ChainId = options.ChainId, StartTimeout = options.StartTimeout },
            loggerFactory,
            cancellationToken).ConfigureAwait(false);
        var devnet = new LocalDevnet(node, artifacts, options, loggerFactory);
        try
        {
            devnet._contracts = await devnet._deployment.DeployAsync(options, cancellationToken).ConfigureAwait(false);
            var round = await devnet.AdvanceRoundAsync(cancellationToken).ConfigureAwait(false);
            Log.DevnetReady(devnet._logger, devnet.RpcUri, elapsed.ElapsedMilliseconds, devnet.Contracts.Controller, round);
            return devnet;
        }
        catch
        {
            await devnet.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// A transaction sender for <paramref name="account"/> that shares the devnet's nonce manager. It polls for
    /// receipts every 10 ms unless <paramref name="options"/> says otherwise.
    /// </summary>
    public TransactionSender CreateSender(DevnetAccount account, TransactionSenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        var signer = account.CreateSigner();
        lock (_signers)
        {
            _signers.Add(signer);
        }
        return new TransactionSender(Rpc, signer, options ?? _senderOptions, _nonces, _loggerFactory);
    }

    /// <summary>Mines <paramref name="blocks"/> empty blocks at once.</summary>
    public Task MineAsync(ulong blocks = 1, CancellationToken cancellationToken = default) => _node.MineAsync(blocks, cancellationToken);

    /// <summary>RoundsManager <c>currentRound()</c>: the round the head block lies in, initialized or not.</summary>
    public async Task<ulong> CurrentRoundAsync(CancellationToken cancellationToken = default)
        => (ulong)await ReadAsync<BigInteger>(Contracts.RoundsManager, ProtocolFunctions.CurrentRound, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Mines up to the first block of the next round, then calls RoundsManager <c>initializeRound()</c> from the
    /// deployer. Returns the new round. Needs automine on, since it waits for the transaction to be mined.
    /// </summary>
    /// <exception cref="LivepeerDevnetException">With <see cref="DevnetErrorCode.DeploymentFailed"/> when <c>initializeRound</c> reverts.</exception>
    public async Task<ulong> AdvanceRoundAsync(CancellationToken cancellationToken = default)
    {
        var roundsManager = Contracts.RoundsManager;
        var start = await ReadAsync<BigInteger>(roundsManager, ProtocolFunctions.CurrentRoundStartBlock, cancellationToken).ConfigureAwait(false);
        var length = await ReadAsync<BigInteger>(roundsManager, ProtocolFunctions.RoundLength, cancellationToken).ConfigureAwait(false);
        var head = await Rpc.GetBlockNumberAsync(cancellationToken).ConfigureAwait(false);
        // Mine onto the next round's first block, so that initializeRound's gas estimate already sees the new round.
        var toMine = start + length - head;
        if (toMine > 0)
        {
            await MineAsync((ulong)toMine, cancellationToken).ConfigureAwait(false);
        }
        var receipts = await _deployment.RunStageAsync(
            "initialize round",
            [new DeployStep("RoundsManager.initializeRound", new TransactionRequest { To = roundsManager, Data = ProtocolFunctions.InitializeRound.EncodeCall() })],
            cancellationToken).ConfigureAwait(false);
        var round = await CurrentRoundAsync(cancellationToken).ConfigureAwait(false);
        Log.RoundInitialized(_logger, round, receipts[0].BlockNumber);
        return round;
    }

    /// <summary>Calls <see cref="AdvanceRoundAsync"/> <paramref name="rounds"/> times and returns the last round.</summary>
    public async Task<ulong> AdvanceRoundsAsync(int rounds, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var round = 0UL;
        for (var i = 0; i < rounds; i++)
        {
            round = await AdvanceRoundAsync(cancellationToken).ConfigureAwait(false);
        }
        return round;
    }

    /// <summary>Takes a snapshot of the whole chain and returns its id.</summary>
    public Task<string> SnapshotAsync(CancellationToken cancellationToken = default) => _node.SnapshotAsync(cancellationToken);

    /// <summary>
    /// Reverts the chain to <paramref name="snapshotId"/> and re-reads the dev accounts' nonces. anvil consumes
    /// the snapshot, so take a new one to revert again.
    /// </summary>
    /// <exception cref="LivepeerDevnetException">With <see cref="DevnetErrorCode.NodeCallFailed"/> when the snapshot is unknown or already used.</exception>
    public async Task RevertAsync(string snapshotId, CancellationToken cancellationToken = default)
    {
        await _node.RevertAsync(snapshotId, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(Accounts.Select(a => _nonces.ResyncAsync(a.Address, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets <paramref name="account"/>'s ETH balance to <paramref name="eth"/> and mints <paramref name="lpt"/>
    /// to it from the deployer.
    /// </summary>
    public async Task FundAsync(EthAddress account, Wei eth, Wei lpt, CancellationToken cancellationToken = default)
    {
        await _node.SetBalanceAsync(account, eth, cancellationToken).ConfigureAwait(false);
        if (lpt > Wei.Zero)
        {
            await _deployerSender.SendAndWaitAsync(
                new TransactionRequest { To = Contracts.LivepeerToken, Data = ProtocolFunctions.Mint.EncodeCall(account, lpt) },
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Makes <paramref name="account"/> an active orchestrator: approves and self-bonds <paramref name="selfBond"/> LPT
    /// (minted to it first when its balance is short), declares it a transcoder with a 10% reward cut and 50% fee
    /// share, registers <paramref name="serviceUri"/> in ServiceRegistry when given, and advances a round so that it
    /// is in the active set. Returns clients that write as that account.
    /// </summary>
    public async Task<LivepeerProtocolClient> ActivateOrchestratorAsync(
        DevnetAccount account,
        Wei selfBond,
        Uri? serviceUri = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var client = await ConnectAsync(account, FastSending, cancellationToken).ConfigureAwait(false);
        var balance = await client.LivepeerToken.BalanceOfAsync(account.Address, cancellationToken).ConfigureAwait(false);
        if (balance < selfBond)
        {
            await FundAsync(account.Address, Wei.FromEther(1000), selfBond - balance, cancellationToken).ConfigureAwait(false);
        }

        await client.LivepeerToken.ApproveAsync(client.BondingManager.Address, selfBond, cancellationToken).ConfigureAwait(false);
        await client.BondingManager.BondAsync(selfBond, account.Address, cancellationToken).ConfigureAwait(false);
        await client.BondingManager.TranscoderAsync(100_000, 500_000, cancellationToken).ConfigureAwait(false);
        if (serviceUri is not null)
        {
            await client.ServiceRegistry.SetServiceUriAsync(serviceUri.ToString().TrimEnd('/'), cancellationToken).ConfigureAwait(false);
        }

        await AdvanceRoundAsync(cancellationToken).ConfigureAwait(false);
        return client;
    }

    /// <summary>
    /// Gives <paramref name="account"/> a TicketBroker deposit and reserve, so that it can pay orchestrators as a
    /// gateway. Returns clients that write as that account.
    /// </summary>
    public async Task<LivepeerProtocolClient> FundGatewayAsync(DevnetAccount account, Wei deposit, Wei reserve, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var client = await ConnectAsync(account, FastSending, cancellationToken).ConfigureAwait(false);
        await client.TicketBroker.FundDepositAndReserveAsync(deposit, reserve, cancellationToken).ConfigureAwait(false);
        return client;
    }

    /// <summary>Transaction settings for the devnet's instant blocks: receipts polled every 10 ms.</summary>
    private static TransactionSenderOptions FastSending => new()
    {
        ReceiptPollInterval = TimeSpan.FromMilliseconds(10),
        ReceiptTimeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>Turns mining of each transaction as it arrives on or off. With it off, mine with <see cref="MineAsync"/>.</summary>
    public Task SetAutomineAsync(bool enabled, CancellationToken cancellationToken = default) => _node.SetAutomineAsync(enabled, cancellationToken);

    /// <summary>Kills anvil. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _node.DisposeAsync().ConfigureAwait(false);
        lock (_signers)
        {
            foreach (var signer in _signers)
            {
                signer.Dispose();
            }
            _signers.Clear();
        }
    }

    /// <summary>Runs further stages of transactions from the deployer, with the deployment's error handling.</summary>
    internal DevnetDeployer Deployment => _deployment;

    private async Task<T> ReadAsync<T>(EthAddress contract, AbiFunction function, CancellationToken cancellationToken)
    {
        var output = await Rpc.CallAsync(new CallRequest { To = contract, Data = function.EncodeCall() }, BlockParameter.Latest, cancellationToken).ConfigureAwait(false);
        return (T)function.DecodeOutput(output)[0]!;
    }
}
