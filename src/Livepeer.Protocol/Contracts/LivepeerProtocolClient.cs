using Microsoft.Extensions.Logging;

namespace Livepeer.Protocol;

/// <summary>
/// Typed clients for every protocol contract of one network. <see cref="ConnectAsync"/> checks the chain,
/// resolves each address once through the Controller (<c>getContract(keccak256(name))</c>), and caches it.
/// </summary>
public sealed class LivepeerProtocolClient
{
    private LivepeerProtocolClient(LivepeerNetwork network, EthereumRpcClient rpc, TransactionSender? sender)
    {
        Network = network;
        Rpc = rpc;
        Sender = sender;
    }

    /// <summary>The network connected to.</summary>
    public LivepeerNetwork Network { get; }

    /// <summary>The JSON-RPC client in use.</summary>
    public EthereumRpcClient Rpc { get; }

    /// <summary>The sender for writes; null for a read-only client.</summary>
    public TransactionSender? Sender { get; }

    /// <summary>The Controller.</summary>
    public ControllerClient Controller { get; private set; } = null!;

    /// <summary>BondingManager: staking, delegation, rewards and fees.</summary>
    public BondingManagerClient BondingManager { get; private set; } = null!;

    /// <summary>TicketBroker: deposits, reserves and winning tickets.</summary>
    public TicketBrokerClient TicketBroker { get; private set; } = null!;

    /// <summary>RoundsManager: the protocol clock.</summary>
    public RoundsManagerClient RoundsManager { get; private set; } = null!;

    /// <summary>Minter: inflation and minted LPT.</summary>
    public MinterClient Minter { get; private set; } = null!;

    /// <summary>ServiceRegistry: orchestrators' transcoding service URIs.</summary>
    public ServiceRegistryClient ServiceRegistry { get; private set; } = null!;

    /// <summary>The AI ServiceRegistry, when the network has one.</summary>
    public ServiceRegistryClient? AIServiceRegistry { get; private set; }

    /// <summary>LivepeerToken (LPT).</summary>
    public LivepeerTokenClient LivepeerToken { get; private set; } = null!;

    /// <summary>BondingVotes, when the Controller lists it.</summary>
    public BondingVotesClient? BondingVotes { get; private set; }

    /// <summary>LivepeerGovernor, when the Controller lists it.</summary>
    public LivepeerGovernorClient? LivepeerGovernor { get; private set; }

    /// <summary>Treasury, when the Controller lists it.</summary>
    public TreasuryClient? Treasury { get; private set; }

    /// <summary>The addresses of the contracts found, for log filters.</summary>
    public IReadOnlyList<EthAddress> ContractAddresses { get; private set; } = [];

    /// <summary>
    /// Connects to <paramref name="network"/> through <paramref name="rpc"/>. Writes need a <paramref name="sender"/>.
    /// </summary>
    /// <exception cref="LivepeerProtocolException">With <see cref="ProtocolErrorCode.WrongChain"/> when the endpoint serves another chain.</exception>
    /// <exception cref="ContractCallException">The Controller has no code, or a required contract is not registered.</exception>
    public static async Task<LivepeerProtocolClient> ConnectAsync(
        EthereumRpcClient rpc,
        LivepeerNetwork network,
        TransactionSender? sender = null,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(network);
        var chainId = await rpc.GetChainIdAsync(cancellationToken).ConfigureAwait(false);
        if (chainId != network.ChainId)
        {
            throw new LivepeerProtocolException(ProtocolErrorCode.WrongChain,
                $"The JSON-RPC endpoint serves chain {chainId}, but the {network.Name} network is on chain {network.ChainId}.");
        }
        var context = new ProtocolContext(rpc, sender, loggerFactory);
        var client = new LivepeerProtocolClient(network, rpc, sender)
        {
            Controller = new ControllerClient(context, network.Controller),
        };
        var controllerCode = await rpc.GetCodeAsync(network.Controller, BlockParameter.Latest, cancellationToken).ConfigureAwait(false);
        if (controllerCode.Length == 0)
        {
            throw new ContractCallException("Controller", "getContract", ProtocolErrorCode.NoContractCode,
                $"There is no contract at the Controller address {network.Controller} on chain {chainId}; check the {network.Name} Controller address.");
        }

        var required = new[] { "BondingManager", "TicketBroker", "RoundsManager", "Minter", "ServiceRegistry", "LivepeerToken" };
        var optional = new[] { "BondingVotes", "LivepeerGovernor", "Treasury" };
        var lookups = required.Concat(optional)
            .Select(name => client.Controller.GetContractAsync(name, cancellationToken))
            .ToArray();
        var addresses = await Task.WhenAll(lookups).ConfigureAwait(false);
        var byName = required.Concat(optional).Zip(addresses).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        foreach (var name in required)
        {
            if (byName[name].IsZero)
            {
                throw new ContractCallException("Controller", "getContract", ProtocolErrorCode.UnknownContract,
                    $"The Controller at {network.Controller} has no contract registered as '{name}'; is this a Livepeer Controller?");
            }
        }

        client.RoundsManager = new RoundsManagerClient(context, byName["RoundsManager"]);
        client.BondingManager = new BondingManagerClient(context, byName["BondingManager"])
        {
            CurrentRoundSource = client.RoundsManager.GetCurrentRoundAsync,
        };
        client.TicketBroker = new TicketBrokerClient(context, byName["TicketBroker"]);
        client.Minter = new MinterClient(context, byName["Minter"]);
        client.ServiceRegistry = new ServiceRegistryClient(context, byName["ServiceRegistry"]);
        client.LivepeerToken = new LivepeerTokenClient(context, byName["LivepeerToken"]);
        client.AIServiceRegistry = network.AIServiceRegistry is { } ai ? new ServiceRegistryClient(context, ai, ServiceRegistryClient.AIServiceRegistryName) : null;
        client.BondingVotes = byName["BondingVotes"].IsZero ? null : new BondingVotesClient(context, byName["BondingVotes"]);
        client.LivepeerGovernor = byName["LivepeerGovernor"].IsZero ? null : new LivepeerGovernorClient(context, byName["LivepeerGovernor"]);
        client.Treasury = byName["Treasury"].IsZero ? null : new TreasuryClient(context, byName["Treasury"]);
        client.ContractAddresses = [network.Controller, .. addresses.Where(a => !a.IsZero).Distinct(), .. network.AIServiceRegistry is { } r ? new[] { r } : []];
        return client;
    }

    /// <summary>A watcher for this network's contract events.</summary>
    public EventWatcher CreateEventWatcher(EventWatcherOptions? options = null, ILoggerFactory? loggerFactory = null)
        => new(Rpc, options, loggerFactory);
}
