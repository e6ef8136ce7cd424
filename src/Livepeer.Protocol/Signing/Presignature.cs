namespace Livepeer.Protocol;

/// <summary>
/// One ECDSA nonce prepared before its digest is known: k⁻¹, r and the parity of R = k·G, from
/// <see cref="PrivateKeySigner.Presign"/>. The costly part of a signature, k·G, is done ahead (between segments, or
/// while a segment is still being hashed); <see cref="PrivateKeySigner.SignDigest(ReadOnlySpan{byte}, Presignature)"/>
/// then needs only a few multiplications mod n. A presignature signs one digest: a second use throws, since two
/// signatures with one nonce give away the key.
/// </summary>
internal sealed class Presignature
{
    private readonly object _gate = new();
    private Secp256k1Scalar _inverse;
    private Secp256k1Scalar _r;
    private int _parity;
    private bool _spent;

    internal Presignature(PrivateKeySigner owner, Secp256k1Scalar inverse, Secp256k1Scalar r, int parity)
    {
        Owner = owner;
        _inverse = inverse;
        _r = r;
        _parity = parity;
    }

    /// <summary>The signer whose key it is for.</summary>
    internal PrivateKeySigner Owner { get; }

    /// <summary>True once used or discarded.</summary>
    internal bool IsSpent
    {
        get
        {
            lock (_gate)
            {
                return _spent;
            }
        }
    }

    /// <summary>Forgets the nonce without signing.</summary>
    internal void Discard() => _ = TryTake(out _, out _, out _);

    /// <summary>Takes the nonce for its one signature; false when it was already used or discarded.</summary>
    internal bool TryTake(out Secp256k1Scalar inverse, out Secp256k1Scalar r, out int parity)
    {
        lock (_gate)
        {
            inverse = _inverse;
            r = _r;
            parity = _parity;
            var fresh = !_spent;
            _spent = true;
            _inverse = default;
            _r = default;
            _parity = 0;
            return fresh;
        }
    }
}
