using System.Numerics;

namespace Livepeer.Protocol;

/// <summary>The Minter set the round's mintable tokens (during <c>initializeRound</c>).</summary>
/// <param name="CurrentMintableTokens">The LPT that rewards may mint this round.</param>
/// <param name="CurrentInflation">The round's inflation, on the base <see cref="MinterClient.PercDivisor"/>.</param>
public sealed record SetCurrentRewardTokensEvent(Wei CurrentMintableTokens, BigInteger CurrentInflation) : ProtocolEvent;

/// <summary>
/// The Minter: LPT inflation, and the custody of bonded LPT and senders' ETH. Its percentages are on the base
/// <see cref="PercDivisor"/> (1e9, LIP-40), not the 1e6 that the rest of the protocol uses: an inflation of
/// 218 500 is 0.02185 % per round and a target bonding rate of 500 000 000 is 50 %.
/// </summary>
public sealed class MinterClient : ContractClient
{
    /// <summary>The base of the Minter's percentages: 1 000 000 000 is 100 %.</summary>
    public const int PercDivisor = 1_000_000_000;

    private static readonly AbiFunction InflationFunction = AbiFunction.Parse("function inflation() view returns (uint256)");
    private static readonly AbiFunction InflationChangeFunction = AbiFunction.Parse("function inflationChange() view returns (uint256)");
    private static readonly AbiFunction TargetBondingRateFunction = AbiFunction.Parse("function targetBondingRate() view returns (uint256)");
    private static readonly AbiFunction CurrentMintableTokensFunction = AbiFunction.Parse("function currentMintableTokens() view returns (uint256)");
    private static readonly AbiFunction CurrentMintedTokensFunction = AbiFunction.Parse("function currentMintedTokens() view returns (uint256)");
    private static readonly AbiFunction GetGlobalTotalSupplyFunction = AbiFunction.Parse("function getGlobalTotalSupply() view returns (uint256)");

    internal MinterClient(ProtocolContext context, EthAddress address)
        : base(context, "Minter", address)
    {
    }

    /// <summary>The Minter's events.</summary>
    internal static EventCatalog EventCatalog { get; } = new EventCatalog()
        .Add("SetCurrentRewardTokens(uint256 currentMintableTokens, uint256 currentInflation)",
            (e, log) => new SetCurrentRewardTokensEvent(new Wei((BigInteger)e["currentMintableTokens"]!), (BigInteger)e["currentInflation"]!) { Log = log });

    private protected override EventCatalog? Events => EventCatalog;

    /// <summary>The inflation per round, on the base <see cref="PercDivisor"/>.</summary>
    public Task<BigInteger> GetInflationAsync(CancellationToken cancellationToken = default)
        => CallAsync<BigInteger>(InflationFunction, [], BlockParameter.Latest, cancellationToken);

    /// <summary>How much the inflation moves each round towards the target bonding rate, on the base <see cref="PercDivisor"/>.</summary>
    public Task<BigInteger> GetInflationChangeAsync(CancellationToken cancellationToken = default)
        => CallAsync<BigInteger>(InflationChangeFunction, [], BlockParameter.Latest, cancellationToken);

    /// <summary>The bonding rate the inflation steers towards, on the base <see cref="PercDivisor"/>.</summary>
    public Task<BigInteger> GetTargetBondingRateAsync(CancellationToken cancellationToken = default)
        => CallAsync<BigInteger>(TargetBondingRateFunction, [], BlockParameter.Latest, cancellationToken);

    /// <summary>The LPT that reward calls may mint in the current round.</summary>
    public async Task<Wei> GetCurrentMintableTokensAsync(CancellationToken cancellationToken = default)
        => new(await CallAsync<BigInteger>(CurrentMintableTokensFunction, [], BlockParameter.Latest, cancellationToken).ConfigureAwait(false));

    /// <summary>The LPT minted so far in the current round.</summary>
    public async Task<Wei> GetCurrentMintedTokensAsync(CancellationToken cancellationToken = default)
        => new(await CallAsync<BigInteger>(CurrentMintedTokensFunction, [], BlockParameter.Latest, cancellationToken).ConfigureAwait(false));

    /// <summary>The LPT supply the inflation applies to: the L2 supply plus the L1 supply not bridged.</summary>
    public async Task<Wei> GetGlobalTotalSupplyAsync(CancellationToken cancellationToken = default)
        => new(await CallAsync<BigInteger>(GetGlobalTotalSupplyFunction, [], BlockParameter.Latest, cancellationToken).ConfigureAwait(false));
}
