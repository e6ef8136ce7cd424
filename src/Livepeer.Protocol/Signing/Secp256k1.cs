namespace Livepeer.Protocol;

/// <summary>
/// The secp256k1 operations the SDK needs. Two implementations give identical bytes: native libsecp256k1
/// through P/Invoke, used when it loads, and a managed one on the SDK's own curve arithmetic.
/// </summary>
internal abstract class Secp256k1
{
    /// <summary>Native when libsecp256k1 loads, otherwise managed.</summary>
    public static Secp256k1 Default => Native ?? Managed;

    /// <summary>The managed implementation; always available.</summary>
    internal static Secp256k1 Managed => ManagedSecp256k1.Instance;

    /// <summary>The libsecp256k1 implementation, or null when the library (with its recovery module) does not load.</summary>
    internal static Secp256k1? Native => NativeSecp256k1.Instance;

    /// <summary>A short name for diagnostics: "native" or "managed".</summary>
    public abstract string Name { get; }

    /// <summary>Derives the 64-byte uncompressed public key X‖Y. False if the key is zero or not below n.</summary>
    public abstract bool TryGetPublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey);

    /// <summary>RFC 6979 deterministic, low-S signature r‖s (64 bytes) plus the recovery id (0 or 1).</summary>
    public abstract bool TrySign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> digest, Span<byte> signature, out int recoveryId);

    /// <summary>Recovers the 64-byte public key X‖Y from a 32-byte digest, r‖s and the recovery id.</summary>
    public abstract bool TryRecover(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature, int recoveryId, Span<byte> publicKey);
}
