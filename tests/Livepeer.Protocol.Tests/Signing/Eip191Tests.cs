using System.Text;
using Livepeer.Protocol;

namespace Livepeer.Protocol.Tests.Signing;

public sealed class Eip191Tests
{
    // go-livepeer crypto/verify_test.go, as recorded in the wire reference §12.1.
    private static readonly EthAddress VectorAddress = EthAddress.Parse("0x3BadDb1eeE2105893136A3F96c8a963E9C6309d6");
    private static readonly byte[] VectorMessage = Hex.Decode("b7da355477356fc4c47fcabcf232dc77a6db9b07b7e48b76261cc55cc8fbabb3");
    private static readonly byte[] VectorSignature = Hex.Decode(
        "206443228e8f784bc3a122de0d85eb3ebff82d6a79cca26c7eeb907099a6404f6dff57bc6828f28bd6cd073c89d94cf3364204679ed8365fa45b5ee6af19a9841c");
    private static readonly byte[] HighSSignature = Hex.Decode(
        "e742ff452d41413616a5bf43fe15dd88294e983d3d36206c2712f39083d638bde0a0fc89be718fbc1033e1d30d78be1c68081562ed2e97af876f286f3453231d1b");

    [Category("Vectors")]
    [Test]
    public void HashMessage_HelloWorld_MatchesEthers()
    {
        Assert.That(Hex.Encode(Eip191.HashMessage("hello world"u8)),
            Is.EqualTo("0xd9eba16ed0ecae432b71fe008c98cc872bb4cc214d3220a36f365326cf807d68"));
    }

    [Category("Vectors")]
    [Test]
    public void HashMessage_PrefixByte_Is0x19NotU019E()
    {
        var expected = Keccak256.Hash([0x19, .. Encoding.ASCII.GetBytes("Ethereum Signed Message:\n3"), .. "abc"u8]);
        Assert.That(Eip191.HashMessage("abc"u8), Is.EqualTo(expected));
    }

    [Category("Vectors")]
    [Test]
    public void RecoverSigner_GoLivepeerVector_RecoversAddress()
    {
        Assert.That(Eip191.RecoverSigner(VectorMessage, VectorSignature), Is.EqualTo(VectorAddress));
        Assert.That(Eip191.Verify(VectorAddress, VectorMessage, VectorSignature), Is.True);
    }

    [Category("Vectors")]
    [Test]
    public void RecoverSigner_GoLivepeerHighS_RejectedAsSTooHigh()
    {
        var ex = Assert.Throws<EthereumFormatException>(() => Eip191.RecoverSigner(VectorMessage, HighSSignature));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidSignature));
        Assert.That(ex.Message, Does.Contain("signature s value too high"));
        Assert.That(Eip191.Verify(VectorAddress, VectorMessage, HighSSignature), Is.False);
    }

    [Category("Vectors")]
    [Test]
    public void RecoverSigner_64ByteSignature_RejectedAsWrongLength()
    {
        var ex = Assert.Throws<EthereumFormatException>(() => Eip191.RecoverSigner(VectorMessage, VectorSignature.AsSpan(0, 64)));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidSignature));
        Assert.That(ex.Message, Does.Contain("invalid signature length"));
        Assert.That(Eip191.Verify(VectorAddress, VectorMessage, VectorSignature.AsSpan(0, 64)), Is.False);
    }

    [Category("Vectors")]
    [TestCase((byte)0)]
    [TestCase((byte)1)]
    [TestCase((byte)26)]
    [TestCase((byte)29)]
    [TestCase((byte)255)]
    public void RecoverSigner_VOutside27And28_Rejected(byte v)
    {
        var signature = (byte[])VectorSignature.Clone();
        signature[64] = v;
        var ex = Assert.Throws<EthereumFormatException>(() => Eip191.RecoverSigner(VectorMessage, signature));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidSignature));
        Assert.That(ex.Message, Does.Contain("v value must be 27 or 28"));
        Assert.That(Eip191.Verify(VectorAddress, VectorMessage, signature), Is.False);
    }

    [Test]
    public async Task SignMessageAsync_ThenVerify_TrueForSignerFalseWhenTampered()
    {
        using var signer = PrivateKeySigner.Generate();
        var message = Encoding.UTF8.GetBytes("transcode segment 42");
        var signature = (await Eip191.SignMessageAsync(signer, message)).ToArray();

        Assert.That(Eip191.Verify(signer.Address, message, signature), Is.True);
        Assert.That(Eip191.RecoverSigner(message, signature), Is.EqualTo(signer.Address));

        var tampered = (byte[])message.Clone();
        tampered[0] ^= 1;
        Assert.That(Eip191.Verify(signer.Address, tampered, signature), Is.False);
        Assert.That(Eip191.Verify(VectorAddress, message, signature), Is.False);
    }

    [Test]
    public void Verify_MalformedSignatures_FalseWithoutThrowing()
    {
        var message = "m"u8.ToArray();
        var zeroRs = new byte[65];
        zeroRs[64] = 27;
        var overOrder = Enumerable.Repeat((byte)0xff, 65).ToArray();
        overOrder[64] = 28;
        var notOnCurve = (byte[])VectorSignature.Clone();
        notOnCurve.AsSpan(0, 32).Fill(0x01);
        foreach (var signature in new[] { [], new byte[1], zeroRs, overOrder, notOnCurve, new byte[66], VectorSignature.AsSpan(1).ToArray() })
        {
            Assert.That(() => Eip191.Verify(VectorAddress, message, signature), Is.False, Hex.Encode(signature));
        }
    }

    [Test]
    public void HashMessage_LongMessage_UsesDecimalLength()
    {
        var message = new byte[1234];
        var expected = Keccak256.Hash([.. "\u0019Ethereum Signed Message:\n1234"u8, .. message]);
        Assert.That(Eip191.HashMessage(message), Is.EqualTo(expected));
    }
}
