using System.Security.Cryptography;

namespace Livepeer.Protocol;

/// <summary>
/// An <see cref="ISigner"/> holding a secp256k1 private key in memory. The key is kept in a pinned array
/// (so the garbage collector leaves no stray copies) and zeroed on <see cref="Dispose"/>. It never appears
/// in <see cref="ToString"/> or in exception messages.
/// </summary>
public sealed class PrivateKeySigner : ISigner, IDisposable
{
    private const int KeySize = 32;

    private readonly byte[] _key;
    private volatile bool _disposed;

    /// <summary>Creates a signer from a 32-byte big-endian private key. The bytes are copied.</summary>
    /// <exception cref="EthereumFormatException">The key is not 32 bytes, or is zero or not below the group order (<see cref="ProtocolErrorCode.InvalidPrivateKey"/>).</exception>
    public PrivateKeySigner(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != KeySize)
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidPrivateKey, $"A private key is {KeySize} bytes, not {privateKey.Length}.");
        }
        _key = GC.AllocateArray<byte>(KeySize, pinned: true);
        privateKey.CopyTo(_key);
        Span<byte> publicKey = stackalloc byte[64];
        if (!Secp256k1.Default.TryGetPublicKey(_key, publicKey))
        {
            CryptographicOperations.ZeroMemory(_key);
            throw new EthereumFormatException(ProtocolErrorCode.InvalidPrivateKey, "The private key is zero or not below the secp256k1 group order.");
        }
        Address = EthAddress.FromPublicKey(publicKey);
    }

    /// <summary>Creates a signer from 64 hex digits, with or without <c>0x</c>; surrounding whitespace is ignored.</summary>
    /// <exception cref="EthereumFormatException">The text is not 32 bytes of hex, or the key is out of range (<see cref="ProtocolErrorCode.InvalidPrivateKey"/>).</exception>
    public static PrivateKeySigner FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        Span<byte> key = stackalloc byte[KeySize];
        try
        {
            if (!Hex.TryDecode(hex.AsSpan().Trim(), key))
            {
                // The text is a secret: the message describes it without quoting it.
                throw new EthereumFormatException(ProtocolErrorCode.InvalidPrivateKey, "A private key in hex is 64 hex digits, optionally prefixed with 0x.");
            }
            return new PrivateKeySigner(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Creates a signer with a new key from the operating system's cryptographic random number generator.</summary>
    public static PrivateKeySigner Generate()
    {
        Span<byte> key = stackalloc byte[KeySize];
        Span<byte> publicKey = stackalloc byte[64];
        try
        {
            do
            {
                RandomNumberGenerator.Fill(key);
            }
            while (!Secp256k1.Default.TryGetPublicKey(key, publicKey));
            return new PrivateKeySigner(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <inheritdoc/>
    public EthAddress Address { get; }

    /// <summary>Signs a 32-byte digest as is: RFC 6979 deterministic, low-S, v = 27/28.</summary>
    /// <exception cref="ArgumentException">The digest is not 32 bytes.</exception>
    /// <exception cref="ObjectDisposedException">The signer was disposed.</exception>
    public EthSignature SignDigest(ReadOnlySpan<byte> digest)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (digest.Length != 32)
        {
            throw new ArgumentException($"A digest is 32 bytes, not {digest.Length}.", nameof(digest));
        }
        Span<byte> signature = stackalloc byte[64];
        if (!Secp256k1.Default.TrySign(_key, digest, signature, out var recoveryId))
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            throw new LivepeerProtocolException(ProtocolErrorCode.InvalidPrivateKey, "The secp256k1 backend refused to sign with this key.");
        }
        if (recoveryId > 1)
        {
            // R's x overflowed n (probability about 2^-127): v cannot encode it, as in go-ethereum.
            throw new LivepeerProtocolException(ProtocolErrorCode.InvalidSignature, "The signature's recovery id does not fit v = 27/28; sign a different digest.");
        }
        return EthSignature.FromSigner(signature, recoveryId);
    }

    /// <summary>
    /// Prepares the nonce of one future signature (<see cref="Presignature"/>): k from the operating system's
    /// cryptographic random number generator, hedged with the key through HMAC-SHA256, and R = k·G on the
    /// constant-time path of the secp256k1 backend.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The signer was disposed.</exception>
    internal Presignature Presign()
    {
        const int MaxTries = 8;
        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<byte> seed = stackalloc byte[32];
        Span<byte> nonce = stackalloc byte[32];
        Span<byte> point = stackalloc byte[64];
        try
        {
            // Each try fails with probability about 2^-127 (k or R.x not below n).
            for (var i = 0; i < MaxTries; i++)
            {
                RandomNumberGenerator.Fill(seed);
                HMACSHA256.HashData(_key, seed, nonce);
                if (!Secp256k1Scalar.TryRead(nonce, out var k) || !Secp256k1.Default.TryGetPublicKey(nonce, point))
                {
                    continue;
                }
                var r = Secp256k1Scalar.Reduce(point[..32], out var overflowed);
                if (overflowed || r.IsZero)
                {
                    continue;
                }
                ObjectDisposedException.ThrowIf(_disposed, this);
                return new Presignature(this, Secp256k1Scalar.InvertBlinded(k), r, point[63] & 1);
            }
            throw new LivepeerProtocolException(ProtocolErrorCode.InvalidPrivateKey, "The secp256k1 backend refused every nonce.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
            CryptographicOperations.ZeroMemory(nonce);
        }
    }

    /// <summary>
    /// Signs a 32-byte digest as is with a nonce prepared by <see cref="Presign"/>: low-S, v = 27/28, valid for any
    /// verifier, but not the RFC 6979 signature <see cref="SignDigest(ReadOnlySpan{byte})"/> gives. The presignature is
    /// spent, whether or not signing succeeds.
    /// </summary>
    /// <exception cref="ArgumentException">The digest is not 32 bytes, or the presignature belongs to another signer.</exception>
    /// <exception cref="InvalidOperationException">The presignature was already used or discarded.</exception>
    /// <exception cref="ObjectDisposedException">The signer was disposed.</exception>
    internal EthSignature SignDigest(ReadOnlySpan<byte> digest, Presignature presignature)
    {
        ArgumentNullException.ThrowIfNull(presignature);
        if (!ReferenceEquals(presignature.Owner, this))
        {
            presignature.Discard();
            throw new ArgumentException("The presignature was made by another signer.", nameof(presignature));
        }
        if (!presignature.TryTake(out var inverse, out var r, out var parity))
        {
            throw new InvalidOperationException("A presignature signs one digest only; this one was already used or discarded.");
        }
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (digest.Length != 32)
        {
            throw new ArgumentException($"A digest is 32 bytes, not {digest.Length}.", nameof(digest));
        }
        if (!Secp256k1Scalar.TryRead(_key, out var d))
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            throw new LivepeerProtocolException(ProtocolErrorCode.InvalidPrivateKey, "The private key is zero or not below the secp256k1 group order.");
        }
        var e = Secp256k1Scalar.Reduce(digest, out _);
        var s = Secp256k1Scalar.Multiply(inverse, Secp256k1Scalar.Add(e, Secp256k1Scalar.Multiply(r, d)));
        if (s.IsZero)
        {
            // e = −r·d (mod n): no signature with this nonce; probability about 2^-256.
            return SignDigest(digest);
        }
        var recoveryId = parity;
        if (s.IsHigh)
        {
            s = Secp256k1Scalar.Negate(s);
            recoveryId ^= 1;
        }
        Span<byte> signature = stackalloc byte[64];
        r.WriteBytes(signature[..32]);
        s.WriteBytes(signature[32..]);
        return EthSignature.FromSigner(signature, recoveryId);
    }

    /// <inheritdoc/>
    public ValueTask<EthSignature> SignDigestAsync(ReadOnlyMemory<byte> digest, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<EthSignature>(SignDigest(digest.Span));
    }

    /// <summary>Copies the private key; used to write a keystore.</summary>
    internal void CopyPrivateKeyTo(Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _key.CopyTo(destination);
    }

    /// <summary>Names the type and the address, never the key.</summary>
    public override string ToString() => $"{nameof(PrivateKeySigner)}({Address})";

    /// <summary>Zeroes the key. Signing afterwards throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_key);
    }
}
