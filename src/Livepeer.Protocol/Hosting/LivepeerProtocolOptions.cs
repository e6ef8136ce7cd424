namespace Livepeer.Protocol;

/// <summary>
/// Settings for <c>AddLivepeerProtocol</c>, bound from the configuration section <c>Livepeer:Protocol</c>.
/// </summary>
public sealed class LivepeerProtocolOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Livepeer:Protocol";

    /// <summary>The JSON-RPC endpoint (an Arbitrum One node for the production network). Required.</summary>
    public string? RpcUrl { get; set; }

    /// <summary><c>ArbitrumOne</c> (the default) or <c>Custom</c>, which needs <see cref="ControllerAddress"/> and <see cref="ChainId"/>.</summary>
    public string Network { get; set; } = "ArbitrumOne";

    /// <summary>The Controller of a custom network.</summary>
    public string? ControllerAddress { get; set; }

    /// <summary>The chain id of a custom network.</summary>
    public ulong? ChainId { get; set; }

    /// <summary>The AI ServiceRegistry of a custom network (Arbitrum One has a built-in one).</summary>
    public string? AIServiceRegistryAddress { get; set; }

    /// <summary>A V3 keystore file holding the account key. Without a key the protocol is read-only.</summary>
    public string? KeystorePath { get; set; }

    /// <summary>The keystore password. Prefer <see cref="KeystorePasswordFile"/>; never logged.</summary>
    public string? KeystorePassword { get; set; }

    /// <summary>A file whose first line is the keystore password.</summary>
    public string? KeystorePasswordFile { get; set; }

    /// <summary>A raw private key (hex), for development only; never logged. Use a keystore in production.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>JSON-RPC client settings.</summary>
    public EthereumRpcClientOptions Rpc { get; set; } = new();

    /// <summary>Transaction settings (fee cap, confirmations, …).</summary>
    public TransactionSenderOptions Transactions { get; set; } = new();

    /// <summary>The network these options describe.</summary>
    /// <exception cref="InvalidOperationException">The network settings are incomplete; the message names the setting.</exception>
    public LivepeerNetwork ResolveNetwork()
    {
        if (string.Equals(Network, "ArbitrumOne", StringComparison.OrdinalIgnoreCase))
        {
            return LivepeerNetwork.ArbitrumOne;
        }
        if (!string.Equals(Network, "Custom", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{SectionName}:Network must be ArbitrumOne or Custom, not '{Network}'.");
        }
        if (!EthAddress.TryParse(ControllerAddress, out var controller) || controller.IsZero)
        {
            throw new InvalidOperationException($"{SectionName}:ControllerAddress must be a non-zero address for a Custom network.");
        }
        if (ChainId is not { } chainId)
        {
            throw new InvalidOperationException($"{SectionName}:ChainId is required for a Custom network.");
        }
        EthAddress? ai = null;
        if (AIServiceRegistryAddress is not null)
        {
            ai = EthAddress.TryParse(AIServiceRegistryAddress, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"{SectionName}:AIServiceRegistryAddress is not an address.");
        }
        return LivepeerNetwork.Custom(controller, chainId, ai);
    }
}
