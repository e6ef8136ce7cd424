namespace Livepeer.Protocol;

/// <summary>Where the protocol lives: the chain and the Controller every other address is resolved from.</summary>
/// <param name="Name">A name for logs and messages.</param>
/// <param name="ChainId">The chain id the JSON-RPC endpoint must report.</param>
/// <param name="Controller">The Controller address.</param>
/// <param name="AIServiceRegistry">The AI ServiceRegistry, which the Controller does not list; null when the network has none.</param>
public sealed record LivepeerNetwork(string Name, ulong ChainId, EthAddress Controller, EthAddress? AIServiceRegistry = null)
{
    /// <summary>Arbitrum One's chain id.</summary>
    public const ulong ArbitrumOneChainId = 42161;

    /// <summary>The production network on Arbitrum One.</summary>
    public static LivepeerNetwork ArbitrumOne { get; } = new(
        "arbitrum-one",
        ArbitrumOneChainId,
        EthAddress.Parse("0xD8E8328501E9645d16Cf49539efC04f734606ee4"),
        EthAddress.Parse("0x04C0b249740175999E5BF5c9ac1dA92431EF34C5"));

    /// <summary>A deployment of the protocol at another Controller (a testnet, a fork, a local devnet).</summary>
    public static LivepeerNetwork Custom(EthAddress controller, ulong chainId, EthAddress? aiServiceRegistry = null, string name = "custom")
    {
        if (controller.IsZero)
        {
            throw new ArgumentException("The Controller address must not be the zero address.", nameof(controller));
        }
        return new LivepeerNetwork(name, chainId, controller, aiServiceRegistry);
    }
}
