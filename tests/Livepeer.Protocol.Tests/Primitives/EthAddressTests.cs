using Livepeer.Protocol;

namespace Livepeer.Protocol.Tests.Primitives;

public sealed class EthAddressTests
{
    // The test vectors from EIP-55.
    [Category("Vectors")]
    [TestCase("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [TestCase("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [TestCase("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [TestCase("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    [TestCase("0x52908400098527886E0F7030069857D2E4169EE7")]
    [TestCase("0x8617E340B3D01FA5F11F306F4090FD50E238070D")]
    [TestCase("0xde709f2102306220921060314715629080e2fb77")]
    [TestCase("0x27b1fdb04752bbc536007a920d24acb045561c26")]
    public void ToString_Eip55Vector_RoundTrips(string checksummed)
    {
        var address = EthAddress.Parse(checksummed.ToLowerInvariant());
        var expected = checksummed.Any(char.IsUpper) && checksummed.Skip(2).Any(char.IsLower)
            ? checksummed
            : null;
        if (expected is not null)
        {
            Assert.That(address.ToString(), Is.EqualTo(expected));
        }
        Assert.That(EthAddress.Parse(address.ToString()), Is.EqualTo(address));
    }

    [Category("Vectors")]
    [Test]
    public void ToString_AllCapsAndAllLowerVectors_Checksum()
    {
        Assert.That(EthAddress.Parse("0x52908400098527886e0f7030069857d2e4169ee7").ToString(), Is.EqualTo("0x52908400098527886E0F7030069857D2E4169EE7"));
        Assert.That(EthAddress.Parse("0xDE709F2102306220921060314715629080E2FB77").ToString(), Is.EqualTo("0xde709f2102306220921060314715629080e2fb77"));
    }

    [Test]
    public void Parse_BadChecksum_ThrowsTypedError()
    {
        var ex = Assert.Throws<EthereumFormatException>(() => EthAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidAddressChecksum));
        Assert.That(ex.Message, Does.Contain("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));
    }

    [TestCase("0x1234")]
    [TestCase("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00")]
    [TestCase("0xzzAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [TestCase("")]
    public void Parse_Malformed_ThrowsInvalidAddress(string text)
    {
        var ex = Assert.Throws<EthereumFormatException>(() => EthAddress.Parse(text));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidAddress));
        Assert.That(EthAddress.TryParse(text, out _), Is.False);
    }

    [Test]
    public void Bytes_RoundTrip()
    {
        var bytes = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();
        var address = new EthAddress(bytes);
        Assert.That(address.ToArray(), Is.EqualTo(bytes));
        Assert.That(address.ToLowerHex(), Is.EqualTo("0x0102030405060708090a0b0c0d0e0f1011121314"));
        Assert.That(address.IsZero, Is.False);
        Assert.That(EthAddress.Zero.IsZero, Is.True);
    }
}
