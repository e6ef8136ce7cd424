using Livepeer.Protocol;

namespace Livepeer.Protocol.Tests.Signing;

public sealed class PrivateKeySignerTests
{
    private const string AnvilKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private static readonly EthAddress AnvilAddress = EthAddress.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

    [Category("Vectors")]
    [Test]
    public void FromHex_AnvilDevKey_HasKnownAddress()
    {
        using var signer = PrivateKeySigner.FromHex(AnvilKey);
        Assert.That(signer.Address, Is.EqualTo(AnvilAddress));
        Assert.That(signer.Address.ToString(), Is.EqualTo("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"));
    }

    // viem and ethers: signing keccak256("\x19Ethereum Signed Message:\n11hello world") with anvil account 0.
    [Category("Vectors")]
    [Test]
    public void SignDigest_AnvilKeyHelloWorld_MatchesPublishedSignature()
    {
        using var signer = PrivateKeySigner.FromHex(AnvilKey);
        var digest = Hex.Decode("0xd9eba16ed0ecae432b71fe008c98cc872bb4cc214d3220a36f365326cf807d68");
        var signature = signer.SignDigest(digest);
        Assert.That(signature.ToString(), Is.EqualTo(
            "0xa461f509887bd19e312c0c58467ce8ff8e300d3c1a90b608a760c5b80318eaf15fe57c96f9175d6cd4daad4663763baa7e78836e067d0163e9a2ccf2ff753f5b1b"));
    }

    [Test]
    public void SignDigest_SameKeyAndDigest_IsDeterministicLowSAndRecovers()
    {
        using var signer = PrivateKeySigner.Generate();
        for (var i = 0; i < 20; i++)
        {
            var digest = Keccak256.Hash(BitConverter.GetBytes(i));
            var first = signer.SignDigest(digest);
            var second = signer.SignDigest(digest);
            Assert.That(second.ToArray(), Is.EqualTo(first.ToArray()));
            Assert.That(Uint256.ReadUnsigned(first.S), Is.LessThanOrEqualTo(EthSignature.HalfCurveOrder));
            Assert.That(first.V, Is.EqualTo(27).Or.EqualTo(28));
            Assert.That(first.RecoverAddress(digest), Is.EqualTo(signer.Address));
        }
    }

    [Test]
    public async Task SignDigestAsync_Digest_EqualsSynchronousSignature()
    {
        using var signer = PrivateKeySigner.FromHex(AnvilKey);
        var digest = Keccak256.Hash("async"u8);
        var signature = await signer.SignDigestAsync(digest);
        Assert.That(signature, Is.EqualTo(signer.SignDigest(digest)));
    }

    [Test]
    public async Task SignDigestAsync_CancelledToken_Throws()
    {
        using var signer = PrivateKeySigner.Generate();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAsync<OperationCanceledException>(async () => await signer.SignDigestAsync(new byte[32], cancelled.Token));
    }

    [Test]
    public void SignDigest_DigestNot32Bytes_Throws()
    {
        using var signer = PrivateKeySigner.Generate();
        Assert.Throws<ArgumentException>(() => signer.SignDigest(new byte[31]));
    }

    [Test]
    public void Generate_TwoSigners_HaveDifferentAddresses()
    {
        using var a = PrivateKeySigner.Generate();
        using var b = PrivateKeySigner.Generate();
        Assert.That(a.Address, Is.Not.EqualTo(b.Address));
        Assert.That(a.Address.IsZero, Is.False);
    }

    [Test]
    public void ToString_AnvilKey_ShowsAddressNotKey()
    {
        using var signer = PrivateKeySigner.FromHex(AnvilKey);
        var text = signer.ToString();
        Assert.That(text, Does.Contain(AnvilAddress.ToString()));
        Assert.That(text, Does.Not.Contain("ac0974bec39a17e3"));
    }

    [Test]
    public void Dispose_ThenSign_ThrowsObjectDisposed()
    {
        var signer = PrivateKeySigner.FromHex(AnvilKey);
        signer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => signer.SignDigest(new byte[32]));
        Assert.That(signer.Address, Is.EqualTo(AnvilAddress));
    }

    [TestCase("0x0000000000000000000000000000000000000000000000000000000000000000")]
    [TestCase("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")]
    [TestCase("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff")]
    [TestCase("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ffzz")]
    [TestCase("")]
    public void FromHex_InvalidKey_ThrowsInvalidPrivateKeyWithoutEchoingIt(string hex)
    {
        var ex = Assert.Throws<EthereumFormatException>(() => PrivateKeySigner.FromHex(hex));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidPrivateKey));
        if (hex.Length > 10)
        {
            Assert.That(ex.Message, Does.Not.Contain(hex[2..12]));
        }
    }

    [Test]
    public void Constructor_WrongLength_ThrowsInvalidPrivateKey()
    {
        var ex = Assert.Throws<EthereumFormatException>(() => _ = new PrivateKeySigner(new byte[33]));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidPrivateKey));
    }
}
