using Livepeer.Protocol;

namespace Livepeer.Gateway;

/// <summary>
/// The key the gateway signs <c>GetOrchestrator</c> requests and segments with: the payments key on chain, a key made
/// for the process off chain (orchestrators off chain do not check signatures, but the fields must be present).
/// </summary>
/// <param name="Signer">The signer.</param>
/// <param name="OnChain">Whether the gateway pays with tickets.</param>
internal sealed record GatewayAccount(ISigner Signer, bool OnChain);
