namespace Livepeer.Protocol;

/// <summary>An address published a service URI.</summary>
/// <param name="Address">The address (an orchestrator) that set it.</param>
/// <param name="ServiceUri">The URI as stored; the contract does not validate it.</param>
public sealed record ServiceUriUpdateEvent(EthAddress Address, string ServiceUri) : ProtocolEvent;

/// <summary>
/// A ServiceRegistry: where orchestrators publish the URI of their endpoint. The same code runs twice on Arbitrum
/// One: the ServiceRegistry in the Controller (transcoding) and the standalone AIServiceRegistry at
/// <see cref="ArbitrumOneAIServiceRegistry"/> (AI), which the Controller does not list. Neither ties an entry to
/// stake; check the address against the BondingManager.
/// </summary>
public sealed class ServiceRegistryClient : ContractClient
{
    /// <summary>The contract name of the transcoding registry in the Controller.</summary>
    public const string ServiceRegistryName = "ServiceRegistry";

    /// <summary>The name this SDK gives the AI registry (it is not registered in the Controller).</summary>
    public const string AIServiceRegistryName = "AIServiceRegistry";

    private static readonly AbiFunction GetServiceUriFunction = AbiFunction.Parse("function getServiceURI(address _addr) view returns (string)");
    private static readonly AbiFunction SetServiceUriFunction = AbiFunction.Parse("function setServiceURI(string _serviceURI)");

    internal ServiceRegistryClient(ProtocolContext context, EthAddress address)
        : this(context, address, ServiceRegistryName)
    {
    }

    /// <summary>Creates a client for either registry; <paramref name="contractName"/> names it in errors.</summary>
    internal ServiceRegistryClient(ProtocolContext context, EthAddress address, string contractName)
        : base(context, contractName, address)
    {
    }

    /// <summary>The AIServiceRegistry on Arbitrum One, a constant because the Controller does not list it.</summary>
    public static EthAddress ArbitrumOneAIServiceRegistry { get; } = EthAddress.Parse("0x04C0b249740175999E5BF5c9ac1dA92431EF34C5");

    /// <summary>The registry's events.</summary>
    internal static EventCatalog EventCatalog { get; } = new EventCatalog()
        .Add("ServiceURIUpdate(address indexed addr, string serviceURI)",
            (e, log) => new ServiceUriUpdateEvent((EthAddress)e["addr"]!, (string)e["serviceURI"]!) { Log = log });

    private protected override EventCatalog? Events => EventCatalog;

    /// <summary>The URI <paramref name="address"/> published, or the empty string when it published none.</summary>
    public Task<string> GetServiceUriAsync(EthAddress address, CancellationToken cancellationToken = default)
        => CallAsync<string>(GetServiceUriFunction, [address], BlockParameter.Latest, cancellationToken);

    /// <summary>Publishes the caller's service URI (for an orchestrator, its public <c>https://host:port</c>).</summary>
    public Task<TransactionReceipt> SetServiceUriAsync(string serviceUri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(serviceUri);
        return SendAsync(SetServiceUriFunction, [serviceUri], cancellationToken);
    }
}
