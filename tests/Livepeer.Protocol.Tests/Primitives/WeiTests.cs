using System.Numerics;
using Livepeer.Protocol;

namespace Livepeer.Protocol.Tests.Primitives;

public sealed class WeiTests
{
    [TestCase("1", EtherUnit.Ether, "1000000000000000000")]
    [TestCase("1.5", EtherUnit.Ether, "1500000000000000000")]
    [TestCase("0.000000000000000001", EtherUnit.Ether, "1")]
    [TestCase("30", EtherUnit.Gwei, "30000000000")]
    [TestCase("1.5 ether", EtherUnit.Wei, "1500000000000000000")]
    [TestCase("2gwei", EtherUnit.Wei, "2000000000")]
    [TestCase("42 wei", EtherUnit.Ether, "42")]
    [TestCase(".5", EtherUnit.Gwei, "500000000")]
    public void Parse_WithUnit_GivesWei(string text, EtherUnit unit, string expected)
    {
        Assert.That(Wei.Parse(text, unit).Value, Is.EqualTo(BigInteger.Parse(expected)));
    }

    [TestCase("-1")]
    [TestCase("1.5")]
    [TestCase("abc")]
    [TestCase("1e18")]
    [TestCase("")]
    [TestCase("0.0000000001 gwei")]
    [TestCase("1.2.3")]
    public void Parse_Invalid_ThrowsTypedError(string text)
    {
        var ex = Assert.Throws<EthereumFormatException>(() => Wei.Parse(text));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidAmount));
    }

    [Test]
    public void Parse_AboveUint256_Throws()
    {
        Assert.Throws<EthereumFormatException>(() => Wei.Parse((Uint256.MaxValue + 1).ToString()));
        Assert.That(Wei.Parse(Uint256.MaxValue.ToString()).Value, Is.EqualTo(Uint256.MaxValue));
    }

    [Test]
    public void ToString_Units_AreExactAndTrimmed()
    {
        var wei = Wei.Parse("1500000000000000000");
        Assert.That(wei.ToString(EtherUnit.Ether), Is.EqualTo("1.5"));
        Assert.That(wei.ToString(EtherUnit.Gwei), Is.EqualTo("1500000000"));
        Assert.That(new Wei(1).ToString(EtherUnit.Ether), Is.EqualTo("0.000000000000000001"));
        Assert.That(wei.ToString("ether", null), Is.EqualTo("1.5 ether"));
        Assert.That(Wei.FromGwei(2.5m).Value, Is.EqualTo(new BigInteger(2_500_000_000)));
    }

    [Test]
    public void Arithmetic_Works_AndNegativeResultThrows()
    {
        Wei a = 10, b = 3;
        Assert.That((a + b).Value, Is.EqualTo(new BigInteger(13)));
        Assert.That((a - b).Value, Is.EqualTo(new BigInteger(7)));
        Assert.That(a > b, Is.True);
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = b - a);
    }
}
