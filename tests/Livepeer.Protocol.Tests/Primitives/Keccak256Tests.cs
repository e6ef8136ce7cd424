using System.Text;
using Livepeer.Protocol;

namespace Livepeer.Protocol.Tests.Primitives;

[Category("Vectors")]
public sealed class Keccak256Tests
{
    [TestCase("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [TestCase("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    [TestCase("The quick brown fox jumps over the lazy dog", "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15")]
    public void Hash_PublishedVector_Matches(string input, string expected)
    {
        Assert.That(Hex.Encode(Keccak256.Hash(Encoding.ASCII.GetBytes(input)), prefix: false), Is.EqualTo(expected));
    }

    [Test]
    public void Hash_ReferenceWinningCheckPreimage_MatchesGoLivepeerValue()
    {
        // keccak256(uint256(10)) from go-livepeer's validator tests.
        Assert.That(Hex.Encode(Keccak256.Hash(Uint256.ToPadded(10)), prefix: false),
            Is.EqualTo("c65a7bb8d6351c1cf70c95a316cc6a92839c986682d98bc35f958f4883f9d2a8"));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(135)]
    [TestCase(136)]
    [TestCase(137)]
    [TestCase(272)]
    [TestCase(1000)]
    public void Append_InPieces_EqualsOneShot(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var oneShot = Keccak256.Hash(data);
        foreach (var chunk in new[] { 1, 7, 64, 135, 136, 200 })
        {
            var hasher = default(Keccak256);
            for (var offset = 0; offset < length; offset += chunk)
            {
                hasher.Append(data.AsSpan(offset, Math.Min(chunk, length - offset)));
            }
            var digest = new byte[32];
            hasher.Finish(digest);
            Assert.That(digest, Is.EqualTo(oneShot), $"chunk {chunk}");
        }
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(136)]
    [TestCase(1000)]
    [TestCase(70_001)]
    public void Hasher_InPieces_EqualsOneShotAndResets(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var oneShot = Keccak256.Hash(data);
        var hasher = new Keccak256Hasher();
        foreach (var chunk in new[] { 1, 135, 137, 4096, 65536 })
        {
            for (var offset = 0; offset < length; offset += chunk)
            {
                hasher.AppendData(data.AsSpan(offset, Math.Min(chunk, length - offset)));
            }

            Assert.That(hasher.Length, Is.EqualTo(length));
            Assert.That(hasher.GetHashAndReset(), Is.EqualTo(oneShot), $"chunk {chunk}");
            Assert.That(hasher.Length, Is.Zero);
        }
    }

    [Test]
    public void Hasher_ShortDestination_Throws()
        => Assert.Throws<ArgumentException>(() => new Keccak256Hasher().GetHashAndReset(new byte[31]));

    [Test]
    public void Hash_MillionA_MatchesKnownDigest()
    {
        var data = Encoding.ASCII.GetBytes(new string('a', 1_000_000));
        Assert.That(Hex.Encode(Keccak256.Hash(data), prefix: false),
            Is.EqualTo("fadae6b49f129bbb812be8407b7b2894f34aecf6dbd1f9b0f0c7e9853098fc96"));
    }

    [Test]
    public void Hash_IntoSpan_AllocatesNothing()
    {
        var data = new byte[232];
        Span<byte> digest = stackalloc byte[32];
        Keccak256.Hash(data, digest);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Keccak256.Hash(data, digest);
        }
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void Hash_IsNotNistSha3()
    {
        var nist = System.Security.Cryptography.SHA3_256.IsSupported
            ? System.Security.Cryptography.SHA3_256.HashData([])
            : Hex.Decode("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
        Assert.That(Keccak256.Hash([]), Is.Not.EqualTo(nist));
    }
}
