using System.Numerics;

namespace Livepeer.Protocol;

/// <summary>LPT moved (or was minted, from the zero address, or burned, to it).</summary>
/// <param name="From">The account debited.</param>
/// <param name="To">The account credited.</param>
/// <param name="Value">The amount, in LPT's smallest unit (18 decimals).</param>
public sealed record TransferEvent(EthAddress From, EthAddress To, Wei Value) : ProtocolEvent;

/// <summary>An owner set a spender's allowance.</summary>
/// <param name="Owner">The token owner.</param>
/// <param name="Spender">The account allowed to spend.</param>
/// <param name="Value">The new allowance.</param>
public sealed record ApprovalEvent(EthAddress Owner, EthAddress Spender, Wei Value) : ProtocolEvent;

/// <summary>
/// The Livepeer Token (LPT), an ERC-20 with 18 decimals. Amounts use <see cref="Wei"/> for its smallest unit, as
/// ETH does. Bonding needs an <see cref="ApproveAsync"/> of the BondingManager proxy first.
/// </summary>
public sealed class LivepeerTokenClient : ContractClient
{
    private static readonly AbiFunction BalanceOfFunction = AbiFunction.Parse("function balanceOf(address account) view returns (uint256)");
    private static readonly AbiFunction AllowanceFunction = AbiFunction.Parse("function allowance(address owner, address spender) view returns (uint256)");
    private static readonly AbiFunction ApproveFunction = AbiFunction.Parse("function approve(address spender, uint256 amount) returns (bool)");
    private static readonly AbiFunction TransferFunction = AbiFunction.Parse("function transfer(address recipient, uint256 amount) returns (bool)");
    private static readonly AbiFunction TransferFromFunction = AbiFunction.Parse("function transferFrom(address sender, address recipient, uint256 amount) returns (bool)");
    private static readonly AbiFunction TotalSupplyFunction = AbiFunction.Parse("function totalSupply() view returns (uint256)");
    private static readonly AbiFunction NameFunction = AbiFunction.Parse("function name() view returns (string)");
    private static readonly AbiFunction SymbolFunction = AbiFunction.Parse("function symbol() view returns (string)");
    private static readonly AbiFunction DecimalsFunction = AbiFunction.Parse("function decimals() view returns (uint8)");

    internal LivepeerTokenClient(ProtocolContext context, EthAddress address)
        : base(context, "LivepeerToken", address)
    {
    }

    /// <summary>The token's ERC-20 events.</summary>
    internal static EventCatalog EventCatalog { get; } = new EventCatalog()
        .Add("Transfer(address indexed from, address indexed to, uint256 value)",
            (e, log) => new TransferEvent((EthAddress)e["from"]!, (EthAddress)e["to"]!, new Wei((BigInteger)e["value"]!)) { Log = log })
        .Add("Approval(address indexed owner, address indexed spender, uint256 value)",
            (e, log) => new ApprovalEvent((EthAddress)e["owner"]!, (EthAddress)e["spender"]!, new Wei((BigInteger)e["value"]!)) { Log = log });

    private protected override EventCatalog? Events => EventCatalog;

    /// <summary>The LPT held by <paramref name="account"/>.</summary>
    public async Task<Wei> BalanceOfAsync(EthAddress account, CancellationToken cancellationToken = default)
        => new(await CallAsync<BigInteger>(BalanceOfFunction, [account], BlockParameter.Latest, cancellationToken).ConfigureAwait(false));

    /// <summary>What <paramref name="spender"/> may still move from <paramref name="owner"/>.</summary>
    public async Task<Wei> AllowanceAsync(EthAddress owner, EthAddress spender, CancellationToken cancellationToken = default)
        => new(await CallAsync<BigInteger>(AllowanceFunction, [owner, spender], BlockParameter.Latest, cancellationToken).ConfigureAwait(false));

    /// <summary>Sets the caller's allowance for <paramref name="spender"/> to <paramref name="amount"/>.</summary>
    public Task<TransactionReceipt> ApproveAsync(EthAddress spender, Wei amount, CancellationToken cancellationToken = default)
        => SendAsync(ApproveFunction, [spender, amount], cancellationToken);

    /// <summary>Moves <paramref name="amount"/> from the caller to <paramref name="recipient"/>.</summary>
    public Task<TransactionReceipt> TransferAsync(EthAddress recipient, Wei amount, CancellationToken cancellationToken = default)
        => SendAsync(TransferFunction, [recipient, amount], cancellationToken);

    /// <summary>Moves <paramref name="amount"/> from <paramref name="sender"/> to <paramref name="recipient"/>, spending the caller's allowance.</summary>
    public Task<TransactionReceipt> TransferFromAsync(EthAddress sender, EthAddress recipient, Wei amount, CancellationToken cancellationToken = default)
        => SendAsync(TransferFromFunction, [sender, recipient, amount], cancellationToken);

    /// <summary>The LPT supply on this chain.</summary>
    public async Task<Wei> GetTotalSupplyAsync(CancellationToken cancellationToken = default)
        => new(await CallAsync<BigInteger>(TotalSupplyFunction, [], BlockParameter.Latest, cancellationToken).ConfigureAwait(false));

    /// <summary>The token name (<c>Livepeer Token</c>).</summary>
    public Task<string> GetNameAsync(CancellationToken cancellationToken = default)
        => CallAsync<string>(NameFunction, [], BlockParameter.Latest, cancellationToken);

    /// <summary>The token symbol (<c>LPT</c>).</summary>
    public Task<string> GetSymbolAsync(CancellationToken cancellationToken = default)
        => CallAsync<string>(SymbolFunction, [], BlockParameter.Latest, cancellationToken);

    /// <summary>The token's decimals (18).</summary>
    public async Task<byte> GetDecimalsAsync(CancellationToken cancellationToken = default)
    {
        var decimals = await CallAsync<BigInteger>(DecimalsFunction, [], BlockParameter.Latest, cancellationToken).ConfigureAwait(false);
        return (byte)decimals;
    }
}
