using Livepeer.Protocol;

namespace Livepeer.Protocol.Tests.Signing;

public sealed class PresignatureTests
{
    [Test]
    public void SignDigest_Presigned_IsLowSAndRecoversOnBothBackends()
    {
        using var signer = PrivateKeySigner.Generate();
        Span<byte> publicKey = stackalloc byte[64];
        for (var i = 0; i < 50; i++)
        {
            var digest = Keccak256.Hash(BitConverter.GetBytes(i));
            var signature = signer.SignDigest(digest, signer.Presign());

            Assert.That(Uint256.ReadUnsigned(signature.S), Is.LessThanOrEqualTo(EthSignature.HalfCurveOrder));
            Assert.That(signature.V, Is.EqualTo(27).Or.EqualTo(28));
            Assert.That(signature.RecoverAddress(digest), Is.EqualTo(signer.Address));
            var rs = signature.ToArray().AsSpan(0, 64);
            Assert.That(Secp256k1.Managed.TryRecover(digest, rs, signature.V - 27, publicKey), Is.True);
            Assert.That(EthAddress.FromPublicKey(publicKey), Is.EqualTo(signer.Address));
        }
    }

    [Test]
    public void SignDigest_SameDigestTwoPresignatures_DifferentNoncesBothValid()
    {
        using var signer = PrivateKeySigner.Generate();
        var digest = Keccak256.Hash("same"u8);
        var signatures = Enumerable.Range(0, 20).Select(_ => signer.SignDigest(digest, signer.Presign())).ToList();

        Assert.That(signatures.Select(s => Convert.ToHexString(s.ToArray(), 0, 32)).Distinct().Count(), Is.EqualTo(signatures.Count));
        Assert.That(signatures.Select(s => s.RecoverAddress(digest)), Is.All.EqualTo(signer.Address));
        Assert.That(signatures, Has.None.EqualTo(signer.SignDigest(digest)), "not the RFC 6979 signature");
    }

    [Test]
    public void SignDigest_PresignatureUsedTwice_SecondThrows()
    {
        using var signer = PrivateKeySigner.Generate();
        var presignature = signer.Presign();
        _ = signer.SignDigest(Keccak256.Hash("first"u8), presignature);

        Assert.That(presignature.IsSpent, Is.True);
        Assert.Throws<InvalidOperationException>(() => signer.SignDigest(Keccak256.Hash("second"u8), presignature));
    }

    [Test]
    public void SignDigest_DiscardedPresignature_Throws()
    {
        using var signer = PrivateKeySigner.Generate();
        var presignature = signer.Presign();
        presignature.Discard();

        Assert.Throws<InvalidOperationException>(() => signer.SignDigest(Keccak256.Hash("x"u8), presignature));
    }

    [Test]
    public void SignDigest_AnotherSignersPresignature_ThrowsAndSpendsIt()
    {
        using var owner = PrivateKeySigner.Generate();
        using var other = PrivateKeySigner.Generate();
        var presignature = owner.Presign();

        var error = Assert.Throws<ArgumentException>(() => other.SignDigest(Keccak256.Hash("x"u8), presignature));
        Assert.That(error!.Message, Does.Contain("another signer"));
        Assert.That(presignature.IsSpent, Is.True);
    }

    [Test]
    public void SignDigest_WrongDigestLength_Throws()
    {
        using var signer = PrivateKeySigner.Generate();
        Assert.Throws<ArgumentException>(() => signer.SignDigest(new byte[31], signer.Presign()));
    }

    [Test]
    public void PresignAndSign_DisposedSigner_ThrowObjectDisposed()
    {
        var signer = PrivateKeySigner.Generate();
        var presignature = signer.Presign();
        signer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => signer.Presign());
        Assert.Throws<ObjectDisposedException>(() => signer.SignDigest(Keccak256.Hash("x"u8), presignature));
    }

    [Test]
    public void SignDigest_RacingCallersOnOnePresignature_ExactlyOneSigns()
    {
        using var signer = PrivateKeySigner.Generate();
        for (var round = 0; round < 20; round++)
        {
            var presignature = signer.Presign();
            var signed = 0;
            var refused = 0;
            Parallel.For(0, 8, i =>
            {
                try
                {
                    var digest = Keccak256.Hash(BitConverter.GetBytes(i));
                    Assert.That(signer.SignDigest(digest, presignature).RecoverAddress(digest), Is.EqualTo(signer.Address));
                    Interlocked.Increment(ref signed);
                }
                catch (InvalidOperationException)
                {
                    Interlocked.Increment(ref refused);
                }
            });

            Assert.That((signed, refused), Is.EqualTo((1, 7)));
        }
    }
}
