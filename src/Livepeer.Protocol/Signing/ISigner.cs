namespace Livepeer.Protocol;

/// <summary>
/// Holds an account key and signs 32-byte digests with it. Implement this to keep the key elsewhere
/// (a remote signer, an HSM); use <c>PrivateKeySigner</c> for a key in memory.
/// </summary>
public interface ISigner
{
    /// <summary>The address of the signing account.</summary>
    EthAddress Address { get; }

    /// <summary>Signs a 32-byte digest as is (no prefix, no hashing): a low-S, RFC 6979 deterministic signature with v = 27/28.</summary>
    ValueTask<EthSignature> SignDigestAsync(ReadOnlyMemory<byte> digest, CancellationToken cancellationToken = default);
}
