using System.Numerics;
using System.Text;
using Livepeer.Protocol;

namespace Livepeer.Protocol.Tests.Abi;

/// <summary>The examples of the Solidity "Contract ABI Specification".</summary>
[Category("Vectors")]
public sealed class AbiCodecVectorTests
{
    private static string Words(params string[] words) => string.Concat(words);

    [Test]
    public void EncodeCall_Baz_MatchesSpecification()
    {
        var baz = AbiFunction.Parse("baz(uint32,bool)");

        var data = baz.EncodeCall(69, true);

        Assert.That(Hex.Encode(data), Is.EqualTo("0xcdcd77c0"
            + "0000000000000000000000000000000000000000000000000000000000000045"
            + "0000000000000000000000000000000000000000000000000000000000000001"));
        Assert.That(baz.DecodeCall(data), Is.EqualTo(new object[] { new BigInteger(69), true }));
    }

    [Test]
    public void EncodeCall_BarBytes3Array_MatchesSpecification()
    {
        var bar = AbiFunction.Parse("bar(bytes3[2])");

        var data = bar.EncodeCall([new[] { Encoding.ASCII.GetBytes("abc"), Encoding.ASCII.GetBytes("def") }]);

        Assert.That(Hex.Encode(data), Is.EqualTo("0xfce353f6"
            + "6162630000000000000000000000000000000000000000000000000000000000"
            + "6465660000000000000000000000000000000000000000000000000000000000"));
        var decoded = (object?[])bar.DecodeCall(data)[0]!;
        Assert.That(decoded[0], Is.EqualTo(Encoding.ASCII.GetBytes("abc")));
        Assert.That(decoded[1], Is.EqualTo(Encoding.ASCII.GetBytes("def")));
    }

    [Test]
    public void EncodeCall_SamWithDynamicTypes_MatchesSpecification()
    {
        var sam = AbiFunction.Parse("sam(bytes,bool,uint[])");

        var data = sam.EncodeCall(Encoding.ASCII.GetBytes("dave"), true, new[] { 1, 2, 3 });

        Assert.That(sam.Signature, Is.EqualTo("sam(bytes,bool,uint256[])"));
        Assert.That(Hex.Encode(data), Is.EqualTo("0xa5643bf2" + Words(
            "0000000000000000000000000000000000000000000000000000000000000060",
            "0000000000000000000000000000000000000000000000000000000000000001",
            "00000000000000000000000000000000000000000000000000000000000000a0",
            "0000000000000000000000000000000000000000000000000000000000000004",
            "6461766500000000000000000000000000000000000000000000000000000000",
            "0000000000000000000000000000000000000000000000000000000000000003",
            "0000000000000000000000000000000000000000000000000000000000000001",
            "0000000000000000000000000000000000000000000000000000000000000002",
            "0000000000000000000000000000000000000000000000000000000000000003")));
        var decoded = sam.DecodeCall(data);
        Assert.That(decoded[0], Is.EqualTo(Encoding.ASCII.GetBytes("dave")));
        Assert.That(decoded[1], Is.True);
        Assert.That(decoded[2], Is.EqualTo(new object[] { new BigInteger(1), new BigInteger(2), new BigInteger(3) }));
    }

    [Test]
    public void EncodeCall_FWithDynamicTypes_MatchesSpecification()
    {
        var f = AbiFunction.Parse("f(uint,uint32[],bytes10,bytes)");

        var data = f.EncodeCall(0x123, new[] { 0x456, 0x789 }, Encoding.ASCII.GetBytes("1234567890"), Encoding.ASCII.GetBytes("Hello, world!"));

        Assert.That(Hex.Encode(data), Is.EqualTo("0x8be65246" + Words(
            "0000000000000000000000000000000000000000000000000000000000000123",
            "0000000000000000000000000000000000000000000000000000000000000080",
            "3132333435363738393000000000000000000000000000000000000000000000",
            "00000000000000000000000000000000000000000000000000000000000000e0",
            "0000000000000000000000000000000000000000000000000000000000000002",
            "0000000000000000000000000000000000000000000000000000000000000456",
            "0000000000000000000000000000000000000000000000000000000000000789",
            "000000000000000000000000000000000000000000000000000000000000000d",
            "48656c6c6f2c20776f726c642100000000000000000000000000000000000000")));
        var decoded = f.DecodeCall(data);
        Assert.That(decoded[0], Is.EqualTo(new BigInteger(0x123)));
        Assert.That(decoded[1], Is.EqualTo(new object[] { new BigInteger(0x456), new BigInteger(0x789) }));
        Assert.That(decoded[2], Is.EqualTo(Encoding.ASCII.GetBytes("1234567890")));
        Assert.That(decoded[3], Is.EqualTo(Encoding.ASCII.GetBytes("Hello, world!")));
    }

    [Test]
    public void EncodeCall_GWithNestedArrays_MatchesSpecification()
    {
        var g = AbiFunction.Parse("g(uint[][],string[])");

        var data = g.EncodeCall(new[] { new[] { 1, 2 }, new[] { 3 } }, new[] { "one", "two", "three" });

        Assert.That(Hex.Encode(data), Is.EqualTo("0x2289b18c" + Words(
            "0000000000000000000000000000000000000000000000000000000000000040",
            "0000000000000000000000000000000000000000000000000000000000000140",
            "0000000000000000000000000000000000000000000000000000000000000002",
            "0000000000000000000000000000000000000000000000000000000000000040",
            "00000000000000000000000000000000000000000000000000000000000000a0",
            "0000000000000000000000000000000000000000000000000000000000000002",
            "0000000000000000000000000000000000000000000000000000000000000001",
            "0000000000000000000000000000000000000000000000000000000000000002",
            "0000000000000000000000000000000000000000000000000000000000000001",
            "0000000000000000000000000000000000000000000000000000000000000003",
            "0000000000000000000000000000000000000000000000000000000000000003",
            "0000000000000000000000000000000000000000000000000000000000000060",
            "00000000000000000000000000000000000000000000000000000000000000a0",
            "00000000000000000000000000000000000000000000000000000000000000e0",
            "0000000000000000000000000000000000000000000000000000000000000003",
            "6f6e650000000000000000000000000000000000000000000000000000000000",
            "0000000000000000000000000000000000000000000000000000000000000003",
            "74776f0000000000000000000000000000000000000000000000000000000000",
            "0000000000000000000000000000000000000000000000000000000000000005",
            "7468726565000000000000000000000000000000000000000000000000000000")));
        var decoded = g.DecodeCall(data);
        Assert.That(decoded[0], Is.EqualTo(new object[]
        {
            new object[] { new BigInteger(1), new BigInteger(2) },
            new object[] { new BigInteger(3) },
        }));
        Assert.That(decoded[1], Is.EqualTo(new object[] { "one", "two", "three" }));
    }

    [Test]
    public void Selector_Transfer_IsA9059cbb()
    {
        Assert.That(AbiFunction.Parse("transfer(address,uint256)").SelectorHex, Is.EqualTo("0xa9059cbb"));
    }

    [Test]
    public void Topic0_TransferEvent_MatchesErc20()
    {
        var transfer = AbiEvent.Parse("event Transfer(address indexed from, address indexed to, uint256 value)");

        Assert.That(transfer.Topic0Hex, Is.EqualTo("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"));
    }

    [Test]
    public void EncodePacked_SpecificationExample_MatchesBytes()
    {
        // abi.encodePacked(int16(-1), bytes1(0x42), uint16(0x03), string("Hello, world!")) from the specification.
        var packed = AbiCodec.EncodePacked(
            [AbiType.Int(16), AbiType.FixedBytes(1), AbiType.UInt(16), AbiType.String],
            [-1, new byte[] { 0x42 }, 3, "Hello, world!"]);

        Assert.That(Hex.Encode(packed), Is.EqualTo("0xffff42000348656c6c6f2c20776f726c6421"));
    }
}
