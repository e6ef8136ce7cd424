using Livepeer.Protocol;

namespace Livepeer.Devnet;

/// <summary>
/// The addresses of a devnet's protocol contracts. Proxied contracts have a proxy (the address to call, with
/// the target's ABI) and a target (the implementation the Controller registers as <c>&lt;Name&gt;Target</c>).
/// </summary>
/// <param name="Controller">The Controller: the registry and pause switch.</param>
/// <param name="Minter">The Minter.</param>
/// <param name="LivepeerToken">The LivepeerToken (LPT).</param>
/// <param name="TicketBroker">The TicketBroker proxy, also registered as <c>JobsManager</c>.</param>
/// <param name="TicketBrokerTarget">The TicketBroker implementation.</param>
/// <param name="BondingManager">The BondingManager proxy.</param>
/// <param name="BondingManagerTarget">The BondingManager implementation, linked against <paramref name="SortedDoublyLL"/>.</param>
/// <param name="SortedDoublyLL">The SortedDoublyLL library.</param>
/// <param name="RoundsManager">The RoundsManager proxy.</param>
/// <param name="RoundsManagerTarget">The RoundsManager implementation.</param>
/// <param name="ServiceRegistry">The ServiceRegistry proxy.</param>
/// <param name="ServiceRegistryTarget">The ServiceRegistry implementation.</param>
/// <param name="L2LPTDataCache">A GenericMock standing in for the L2LPTDataCache the Minter reads (it reports an L1 circulating supply of 0).</param>
public sealed record DevnetContracts(
    EthAddress Controller,
    EthAddress Minter,
    EthAddress LivepeerToken,
    EthAddress TicketBroker,
    EthAddress TicketBrokerTarget,
    EthAddress BondingManager,
    EthAddress BondingManagerTarget,
    EthAddress SortedDoublyLL,
    EthAddress RoundsManager,
    EthAddress RoundsManagerTarget,
    EthAddress ServiceRegistry,
    EthAddress ServiceRegistryTarget,
    EthAddress L2LPTDataCache)
{
    /// <summary>
    /// Every name registered in the Controller (<c>setContractInfo(keccak256(name), address, 0)</c>) and the
    /// address it resolves to.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, EthAddress>> Registrations =>
    [
        new("Minter", Minter),
        new("LivepeerToken", LivepeerToken),
        new("TicketBrokerTarget", TicketBrokerTarget),
        new("TicketBroker", TicketBroker),
        new("JobsManager", TicketBroker),
        new("BondingManagerTarget", BondingManagerTarget),
        new("BondingManager", BondingManager),
        new("RoundsManagerTarget", RoundsManagerTarget),
        new("RoundsManager", RoundsManager),
        new("ServiceRegistryTarget", ServiceRegistryTarget),
        new("ServiceRegistry", ServiceRegistry),
        new("L2LPTDataCache", L2LPTDataCache),
    ];
}
