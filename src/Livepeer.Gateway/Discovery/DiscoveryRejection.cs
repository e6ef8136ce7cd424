namespace Livepeer.Gateway;

/// <summary>Why an orchestrator's answer was not used in a discovery round.</summary>
internal enum DiscoveryRejectionReason
{
    /// <summary><c>GetOrchestrator</c> failed: refused, unreachable, or a malformed answer.</summary>
    Error,

    /// <summary>It did not answer before the round ended.</summary>
    Timeout,

    /// <summary>Its answer had no <c>transcoder</c> URI.</summary>
    NoTranscoder,

    /// <summary>Its address is in <see cref="LivepeerGatewayOptions.Blocklist"/>.</summary>
    Blocklisted,

    /// <summary>It sent no price, a zero <c>pixelsPerUnit</c>, or a negative price.</summary>
    InvalidPrice,

    /// <summary>On chain, it sent no address to pay.</summary>
    NoAddress,

    /// <summary>On chain, its ticket parameters failed the sender's validation.</summary>
    InvalidTicketParams,

    /// <summary>Its capabilities cannot take the job.</summary>
    IncompatibleCapabilities,

    /// <summary>The service URI registered on chain for its address is not the one dialled.</summary>
    IdentityMismatch,
}

/// <summary>One orchestrator left out of a discovery round, and why.</summary>
/// <param name="ServiceUri">The service URI dialled.</param>
/// <param name="Reason">The reason.</param>
/// <param name="Detail">A message for people.</param>
internal sealed record DiscoveryRejection(Uri ServiceUri, DiscoveryRejectionReason Reason, string Detail);
