using System.Numerics;
using Livepeer.Protocol;

namespace Livepeer.Protocol.Tests.Signing;

public sealed class Secp256k1Tests
{
    private static readonly BigInteger N = EthSignature.CurveOrder;

    private static Secp256k1 NativeBackend =>
        Secp256k1.Native ?? throw new AssertionException(
            "libsecp256k1 did not load. Install it (Debian/Ubuntu: apt-get install libsecp256k1-1) so the native backend can be tested.");

    [Test]
    public void Native_LibraryInstalled_LoadsAndIsDefault()
    {
        var native = NativeBackend;
        Assert.That(native.Name, Is.EqualTo("native"));
        Assert.That(Secp256k1.Default, Is.SameAs(native));
        Assert.That(Secp256k1.Managed.Name, Is.EqualTo("managed"));
    }

    [Test]
    public void TrySign_RandomKeysAndDigests_NativeAndManagedAgreeByteForByte()
    {
        var native = NativeBackend;
        var managed = Secp256k1.Managed;
        var random = new Random(20240601);
        Span<byte> key = stackalloc byte[32];
        Span<byte> digest = stackalloc byte[32];
        Span<byte> nativeSignature = stackalloc byte[64];
        Span<byte> managedSignature = stackalloc byte[64];
        Span<byte> nativePublicKey = stackalloc byte[64];
        Span<byte> managedPublicKey = stackalloc byte[64];
        Span<byte> recovered = stackalloc byte[64];
        var flippedIds = 0;
        for (var i = 0; i < 300; i++)
        {
            random.NextBytes(key);
            random.NextBytes(digest);
            Assert.That(native.TryGetPublicKey(key, nativePublicKey), Is.True);
            Assert.That(managed.TryGetPublicKey(key, managedPublicKey), Is.True);
            Assert.That(managedPublicKey.ToArray(), Is.EqualTo(nativePublicKey.ToArray()), $"public key, case {i}");

            Assert.That(native.TrySign(key, digest, nativeSignature, out var nativeId), Is.True);
            Assert.That(managed.TrySign(key, digest, managedSignature, out var managedId), Is.True);
            Assert.That(managedSignature.ToArray(), Is.EqualTo(nativeSignature.ToArray()), $"signature, case {i}");
            Assert.That(managedId, Is.EqualTo(nativeId), $"recovery id, case {i}");
            Assert.That(Uint256.ReadUnsigned(managedSignature[32..]), Is.LessThanOrEqualTo(EthSignature.HalfCurveOrder));
            flippedIds += nativeId;

            Assert.That(managed.TryRecover(digest, nativeSignature, nativeId, recovered), Is.True);
            Assert.That(recovered.ToArray(), Is.EqualTo(nativePublicKey.ToArray()), $"managed recovers native, case {i}");
            Assert.That(native.TryRecover(digest, managedSignature, managedId, recovered), Is.True);
            Assert.That(recovered.ToArray(), Is.EqualTo(nativePublicKey.ToArray()), $"native recovers managed, case {i}");
        }
        // Both recovery ids occur; a backend that always reported 0 would fail above half the time anyway.
        Assert.That(flippedIds, Is.InRange(100, 200));
    }

    [Test]
    public void TrySign_ConcurrentCallersOnOneContext_SameBytesAsManaged()
    {
        var native = NativeBackend;
        var inputs = Enumerable.Range(0, 64).Select(i => (Key: Keccak256.Hash(BitConverter.GetBytes(i)), Digest: Keccak256.Hash(BitConverter.GetBytes(~i)))).ToArray();
        var expected = inputs.Select(input =>
        {
            var signature = new byte[64];
            Assert.That(Secp256k1.Managed.TrySign(input.Key, input.Digest, signature, out _), Is.True);
            return signature;
        }).ToArray();
        var mismatches = 0;
        Parallel.For(0, inputs.Length * 20, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var (key, digest) = inputs[i % inputs.Length];
            Span<byte> signature = stackalloc byte[64];
            if (!native.TrySign(key, digest, signature, out _) || !signature.SequenceEqual(expected[i % inputs.Length]))
            {
                Interlocked.Increment(ref mismatches);
            }
        });
        Assert.That(mismatches, Is.Zero);
    }

    [TestCase("0000000000000000000000000000000000000000000000000000000000000001", "0000000000000000000000000000000000000000000000000000000000000000")]
    [TestCase("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [TestCase("0000000000000000000000000000000000000000000000000000000000000002", "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")]
    public void TrySign_EdgeKeysAndDigests_BackendsAgree(string keyHex, string digestHex)
    {
        var key = Hex.Decode(keyHex);
        var digest = Hex.Decode(digestHex);
        var nativeSignature = new byte[64];
        var managedSignature = new byte[64];
        Assert.That(NativeBackend.TrySign(key, digest, nativeSignature, out var nativeId), Is.True);
        Assert.That(Secp256k1.Managed.TrySign(key, digest, managedSignature, out var managedId), Is.True);
        Assert.That(managedSignature, Is.EqualTo(nativeSignature));
        Assert.That(managedId, Is.EqualTo(nativeId));
    }

    [TestCase("0000000000000000000000000000000000000000000000000000000000000000")]
    [TestCase("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")]
    [TestCase("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364142")]
    [TestCase("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [TestCase("00")]
    public void TryGetPublicKeyAndTrySign_InvalidKey_ReturnFalse(string keyHex)
    {
        var key = Hex.Decode(keyHex);
        var digest = new byte[32];
        foreach (var backend in new[] { NativeBackend, Secp256k1.Managed })
        {
            Assert.That(backend.TryGetPublicKey(key, new byte[64]), Is.False, backend.Name);
            Assert.That(backend.TrySign(key, digest, new byte[64], out _), Is.False, backend.Name);
        }
    }

    [Test]
    public void TryRecover_MalformedInput_ReturnsFalseOnBothBackends()
    {
        var digest = new byte[32];
        digest[0] = 1;
        var signature = new byte[64];
        Assert.That(NativeBackend.TrySign(Hex.Decode("0000000000000000000000000000000000000000000000000000000000000007"), digest, signature, out var id), Is.True);

        var rZero = (byte[])signature.Clone();
        rZero.AsSpan(0, 32).Clear();
        var sZero = (byte[])signature.Clone();
        sZero.AsSpan(32).Clear();
        var rAtOrder = (byte[])signature.Clone();
        Uint256.WritePadded(N, rAtOrder);
        foreach (var backend in new[] { NativeBackend, Secp256k1.Managed })
        {
            var output = new byte[64];
            Assert.That(backend.TryRecover(digest, signature, id, output), Is.True, backend.Name);
            Assert.That(backend.TryRecover(digest, signature, 4, output), Is.False, $"{backend.Name}: id 4");
            Assert.That(backend.TryRecover(digest, signature, -1, output), Is.False, $"{backend.Name}: id -1");
            Assert.That(backend.TryRecover(digest, rZero, id, output), Is.False, $"{backend.Name}: r = 0");
            Assert.That(backend.TryRecover(digest, sZero, id, output), Is.False, $"{backend.Name}: s = 0");
            Assert.That(backend.TryRecover(digest, rAtOrder, id, output), Is.False, $"{backend.Name}: r = n");
            Assert.That(backend.TryRecover(digest, signature.AsSpan(0, 63), id, output), Is.False, $"{backend.Name}: 63 bytes");
            Assert.That(backend.TryRecover(digest.AsSpan(0, 31), signature, id, output), Is.False, $"{backend.Name}: 31-byte digest");
        }
    }

    [Test]
    public void TryRecover_RecoveryIdsTwoAndThree_AgreeBetweenBackends()
    {
        // For a small r, x = r + n is below p and ids 2 and 3 name real points when x is on the curve;
        // for r = n − 1, x is above p and no point exists.
        var digest = Keccak256.Hash("ids 2 and 3"u8);
        var signature = new byte[64];
        signature[63] = 9;
        var recovered = 0;
        foreach (var r in Enumerable.Range(1, 20).Select(i => new BigInteger(i)).Append(N - 1))
        {
            Uint256.WritePadded(r, signature);
            for (var id = 2; id < 4; id++)
            {
                var native = new byte[64];
                var managed = new byte[64];
                var nativeOk = NativeBackend.TryRecover(digest, signature, id, native);
                var managedOk = Secp256k1.Managed.TryRecover(digest, signature, id, managed);
                Assert.That(managedOk, Is.EqualTo(nativeOk), $"r = {r}, id {id}");
                Assert.That(managed, Is.EqualTo(native), $"r = {r}, id {id}");
                recovered += nativeOk ? 1 : 0;
                if (r == N - 1)
                {
                    Assert.That(nativeOk, Is.False, "r + n is not below p");
                }
            }
        }
        Assert.That(recovered, Is.GreaterThan(0));
    }
}
