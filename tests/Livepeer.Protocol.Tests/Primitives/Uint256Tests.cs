using System.Numerics;
using Livepeer.Protocol;

namespace Livepeer.Protocol.Tests.Primitives;

public sealed class Uint256Tests
{
    [Test]
    public void ToPadded_SmallValue_IsRightAlignedBigEndian()
    {
        var word = Uint256.ToPadded(0x1234);
        Assert.That(word, Has.Length.EqualTo(32));
        Assert.That(word[30..], Is.EqualTo(new byte[] { 0x12, 0x34 }));
        Assert.That(word[..30], Is.All.EqualTo(0));
    }

    [Test]
    public void ToPadded_Negative_IsTwosComplement()
    {
        Assert.That(Uint256.ToPadded(-1), Is.All.EqualTo(0xff));
        Assert.That(Uint256.ReadSigned(Uint256.ToPadded(-42)), Is.EqualTo(new BigInteger(-42)));
    }

    [Test]
    public void ToPadded_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Uint256.ToPadded(Uint256.MaxValue + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Uint256.ToPadded(-(BigInteger.One << 255) - 1));
        Assert.That(Uint256.ReadUnsigned(Uint256.ToPadded(Uint256.MaxValue)), Is.EqualTo(Uint256.MaxValue));
    }

    [Test]
    public void ToMinimal_ZeroIsEmpty_AndNoSignByte()
    {
        Assert.That(Uint256.ToMinimal(0), Is.Empty);
        Assert.That(Uint256.ToMinimal(0x80), Is.EqualTo(new byte[] { 0x80 }));
        Assert.That(Uint256.ToMinimal(0x0100), Is.EqualTo(new byte[] { 0x01, 0x00 }));
        Assert.That(Uint256.ReadUnsigned([]), Is.EqualTo(BigInteger.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => Uint256.ToMinimal(-1));
    }
}
