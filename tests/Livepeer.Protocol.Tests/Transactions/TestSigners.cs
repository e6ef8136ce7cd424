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
