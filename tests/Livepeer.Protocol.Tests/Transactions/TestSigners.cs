using Livepeer.Protocol;

namespace Livepeer.Protocol.Tests.Transactions;

/// <summary>Returns a published signature, so serialisation can be checked without a secp256k1 backend.</summary>
internal sealed class FixedSigner(EthAddress address, EthSignature signature) : ISigner
{
    public EthAddress Address { get; } = address;

    public byte[]? LastDigest { get; private set; }

    public ValueTask<EthSignature> SignDigestAsync(ReadOnlyMemory<byte> digest, CancellationToken cancellationToken = default)
    {
        LastDigest = digest.ToArray();
        return ValueTask.FromResult(signature);
    }
}

/// <summary>
/// Signs with a real key through the library's secp256k1 backend. Until the signing branch provides
/// <c>Secp256k1.Default</c> (and <c>PrivateKeySigner</c>, which can replace this), the tests that use it fail
/// with NotImplementedException.
/// </summary>
internal sealed class BackendSigner : ISigner
{
    private readonly byte[] _key;

    public BackendSigner(string privateKeyHex)
    {
        _key = Hex.Decode(privateKeyHex);
        Span<byte> publicKey = stackalloc byte[64];
        if (!Secp256k1.Default.TryGetPublicKey(_key, publicKey))
        {
            throw new ArgumentException("Invalid private key.", nameof(privateKeyHex));
        }
        Address = EthAddress.FromPublicKey(publicKey);
    }

    public EthAddress Address { get; }

    public ValueTask<EthSignature> SignDigestAsync(ReadOnlyMemory<byte> digest, CancellationToken cancellationToken = default)
    {
        var rs = new byte[64];
        if (!Secp256k1.Default.TrySign(_key, digest.Span, rs, out var recoveryId))
        {
            throw new InvalidOperationException("Signing failed.");
        }
        return ValueTask.FromResult(EthSignature.Create(rs.AsSpan(0, 32), rs.AsSpan(32), (byte)(27 + recoveryId)));
    }
}
