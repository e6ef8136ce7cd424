using System.Numerics;
using System.Text;
using Livepeer.Protocol;

namespace Livepeer.Protocol.Tests.Rlp;

public sealed class RlpTests
{
    private const string Lorem = "Lorem ipsum dolor sit amet, consectetur adipisicing elit";

    private static RlpItem Str(string s) => RlpItem.FromBytes(Encoding.ASCII.GetBytes(s));

    private static IEnumerable<TestCaseData> Vectors()
    {
        yield return new TestCaseData(Str("dog"), "83646f67").SetName("Encode_Dog");
        yield return new TestCaseData(RlpItem.List(Str("cat"), Str("dog")), "c88363617483646f67").SetName("Encode_CatDogList");
        yield return new TestCaseData(Str(string.Empty), "80").SetName("Encode_EmptyString");
        yield return new TestCaseData(RlpItem.List(), "c0").SetName("Encode_EmptyList");
        yield return new TestCaseData(RlpItem.FromUnsigned(0), "80").SetName("Encode_IntegerZero");
        yield return new TestCaseData(RlpItem.FromBytes([0x00]), "00").SetName("Encode_ByteZero");
        yield return new TestCaseData(RlpItem.FromBytes([0x0f]), "0f").SetName("Encode_Byte15");
        yield return new TestCaseData(RlpItem.FromUnsigned(15), "0f").SetName("Encode_Integer15");
        yield return new TestCaseData(RlpItem.FromUnsigned(1024), "820400").SetName("Encode_Integer1024");
        yield return new TestCaseData(
            RlpItem.List(RlpItem.List(), RlpItem.List(RlpItem.List()), RlpItem.List(RlpItem.List(), RlpItem.List(RlpItem.List()))),
            "c7c0c1c0c3c0c1c0").SetName("Encode_SetTheoreticThree");
        yield return new TestCaseData(Str(Lorem), "b838" + Convert.ToHexStringLower(Encoding.ASCII.GetBytes(Lorem))).SetName("Encode_Lorem56Chars");
    }

    [Category("Vectors")]
    [TestCaseSource(nameof(Vectors))]
    public void Encode_PublishedVector_MatchesAndDecodesBack(RlpItem item, string expectedHex)
    {
        var encoded = item.Encode();

        Assert.That(Convert.ToHexStringLower(encoded), Is.EqualTo(expectedHex));
        var decoded = Protocol.Rlp.Decode(encoded);
        Assert.That(decoded.ToString(), Is.EqualTo(item.ToString()));
        Assert.That(decoded.Encode(), Is.EqualTo(encoded));
    }

    [Category("Vectors")]
    [Test]
    public void EncodeUnsigned_ZeroAndValues_AreMinimal()
    {
        Assert.That(Convert.ToHexStringLower(Protocol.Rlp.EncodeUnsigned(0UL)), Is.EqualTo("80"));
        Assert.That(Convert.ToHexStringLower(Protocol.Rlp.EncodeUnsigned(127UL)), Is.EqualTo("7f"));
        Assert.That(Convert.ToHexStringLower(Protocol.Rlp.EncodeUnsigned(128UL)), Is.EqualTo("8180"));
        Assert.That(Convert.ToHexStringLower(Protocol.Rlp.EncodeUnsigned(BigInteger.Parse("1000000000000000000"))), Is.EqualTo("880de0b6b3a7640000"));
        Assert.That(() => Protocol.Rlp.EncodeUnsigned(BigInteger.MinusOne), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Encode_LongList_UsesLongForm()
    {
        var items = Enumerable.Range(0, 60).Select(_ => RlpItem.FromBytes([1])).ToArray();

        var encoded = RlpItem.List(items).Encode();

        Assert.That(encoded[..2], Is.EqualTo(new byte[] { 0xf8, 60 }));
        Assert.That(Protocol.Rlp.Decode(encoded).Items, Has.Count.EqualTo(60));
    }

    [Test]
    public void Encode_LargeString_UsesTwoLengthBytes()
    {
        var encoded = Protocol.Rlp.EncodeBytes(new byte[1024]);

        Assert.That(encoded[..3], Is.EqualTo(new byte[] { 0xb9, 0x04, 0x00 }));
        Assert.That(Protocol.Rlp.Decode(encoded).Bytes.Length, Is.EqualTo(1024));
    }

    [TestCase("8100", Description = "a single byte below 0x80 wrapped in a prefix")]
    [TestCase("817f", Description = "a single byte below 0x80 wrapped in a prefix")]
    [TestCase("b800", Description = "long form for a short length")]
    [TestCase("b837" + "00", Description = "long form for a length of 55")]
    [TestCase("b90038" + "00", Description = "leading zero in the length")]
    [TestCase("f800", Description = "long list form for a short length")]
    [TestCase("83646f", Description = "truncated string")]
    [TestCase("c88363617483646f", Description = "truncated list")]
    [TestCase("c383646f67", Description = "child longer than its list")]
    [TestCase("83646f6700", Description = "trailing byte")]
    [TestCase("", Description = "empty input")]
    [TestCase("bb", Description = "missing length bytes")]
    [TestCase("bfffffffffffffffff", Description = "8-byte length far beyond the input")]
    [TestCase("ffffffffffffffffff", Description = "8-byte list length far beyond the input")]
    public void Decode_NonCanonicalOrMalformed_ThrowsInvalidRlp(string hex)
    {
        var ex = Assert.Throws<EthereumFormatException>(() => Protocol.Rlp.Decode(Convert.FromHexString(hex)));

        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidRlp));
    }

    [TestCase(60, false)]
    [TestCase(100, true)]
    public void Decode_Nesting_IsLimited(int depth, bool throws)
    {
        var nested = RlpItem.List();
        for (var i = 0; i < depth; i++)
        {
            nested = RlpItem.List(nested);
        }
        var encoded = nested.Encode();

        if (throws)
        {
            var ex = Assert.Throws<EthereumFormatException>(() => Protocol.Rlp.Decode(encoded));
            Assert.That(ex!.Message, Does.Contain("deeper"));
        }
        else
        {
            Assert.That(Protocol.Rlp.Decode(encoded).Encode(), Is.EqualTo(encoded));
        }
    }

    [Test]
    public void ToUnsigned_LeadingZero_Throws()
    {
        var item = Protocol.Rlp.Decode(Convert.FromHexString("820001"));

        var ex = Assert.Throws<EthereumFormatException>(() => item.ToUnsigned("nonce"));

        Assert.That(ex!.Message, Does.Contain("nonce"));
        Assert.That(Protocol.Rlp.Decode(Convert.FromHexString("820400")).ToUInt64("n"), Is.EqualTo(1024UL));
        Assert.That(() => Protocol.Rlp.Decode(Convert.FromHexString("89010000000000000000")).ToUInt64("n"), Throws.TypeOf<EthereumFormatException>());
    }

    [Test]
    public void Items_OnByteString_ThrowsInvalidRlp()
    {
        var item = Protocol.Rlp.Decode(Convert.FromHexString("83646f67"));

        Assert.That(() => item.Items, Throws.TypeOf<EthereumFormatException>());
        Assert.That(() => Protocol.Rlp.Decode(Convert.FromHexString("c0")).Bytes, Throws.TypeOf<EthereumFormatException>());
    }
}
