using System.Numerics;
using Livepeer.Protocol;

namespace Livepeer.Protocol.Tests.Abi;

public sealed class AbiCodecTests
{
    private static readonly EthAddress Alice = EthAddress.Parse("0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f");

    private static byte[] Word(string hex) => Hex.Decode(hex.PadLeft(64, '0'));

    [Test]
    public void Encode_RoundTrip_ComplexNestedValues()
    {
        var types = new[]
        {
            AbiType.Parse("int8"), AbiType.Parse("int256"), AbiType.Parse("uint64"), AbiType.Address,
            AbiType.Parse("(uint256,string,bytes)[]"), AbiType.Parse("bytes32[2]"), AbiType.Parse("(bool,(address,uint8[]))"),
            AbiType.Parse("string[][2]"),
        };
        var hash = Keccak256.Hash("x"u8);
        object?[] values =
        [
            -128, BigInteger.MinusOne << 255, ulong.MaxValue, Alice,
            new object[] { new object[] { 1, "a", new byte[] { 1 } }, new object?[] { 2, "ü€", Array.Empty<byte>() } },
            new[] { hash, new byte[32] },
            (true, (Alice, new byte[] { 7, 8 })),
            new[] { new[] { "x", "" }, Array.Empty<string>() },
        ];

        var encoded = AbiCodec.Encode(types, values);
        var decoded = AbiCodec.Decode(types, encoded);

        Assert.That(decoded[0], Is.EqualTo(new BigInteger(-128)));
        Assert.That(decoded[1], Is.EqualTo(BigInteger.MinusOne << 255));
        Assert.That(decoded[2], Is.EqualTo(new BigInteger(ulong.MaxValue)));
        Assert.That(decoded[3], Is.EqualTo(Alice));
        Assert.That(decoded[4], Is.EqualTo(new object[]
        {
            new object[] { BigInteger.One, "a", new byte[] { 1 } },
            new object[] { new BigInteger(2), "ü€", Array.Empty<byte>() },
        }));
        Assert.That(decoded[5], Is.EqualTo(new object[] { hash, new byte[32] }));
        Assert.That(decoded[6], Is.EqualTo(new object[] { true, new object[] { Alice, new object[] { new BigInteger(7), new BigInteger(8) } } }));
        Assert.That(decoded[7], Is.EqualTo(new object[] { new object[] { "x", "" }, Array.Empty<object>() }));
        Assert.That(AbiCodec.Encode(types, decoded), Is.EqualTo(encoded));
    }

    [Test]
    public void Encode_WeiAndListValues_AreAccepted()
    {
        var encoded = AbiCodec.Encode([AbiType.UInt256, AbiType.Parse("address[]")], [Wei.FromGwei(1), new List<EthAddress> { Alice }]);

        var decoded = AbiCodec.Decode([AbiType.UInt256, AbiType.Parse("address[]")], encoded);

        Assert.That(decoded[0], Is.EqualTo(new BigInteger(1_000_000_000)));
        Assert.That(decoded[1], Is.EqualTo(new object[] { Alice }));
    }

    [TestCase("uint8", 256)]
    [TestCase("uint8", -1)]
    [TestCase("int8", 128)]
    [TestCase("int8", -129)]
    [TestCase("uint32", 4294967296L)]
    public void Encode_IntegerOutOfRange_ThrowsInvalidAbiDataNamingParameter(string type, long value)
    {
        var function = new AbiFunction("set", [new AbiParameter("level", AbiType.Parse(type))]);

        var ex = Assert.Throws<EthereumFormatException>(() => function.EncodeCall(value));

        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidAbiData));
        Assert.That(ex.Message, Does.Contain("'level'").And.Contain(type));
    }

    [Test]
    public void Encode_WrongClrType_ThrowsInvalidAbiTypeNamingParameter()
    {
        var function = AbiFunction.Parse("function transfer(address to, uint256 amount)");

        var ex = Assert.Throws<EthereumFormatException>(() => function.EncodeCall(Alice, "ten"));

        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidAbiType));
        Assert.That(ex.Message, Does.Contain("'amount'"));
    }

    [Test]
    public void Encode_WrongArgumentCountOrFixedLength_Throws()
    {
        var function = AbiFunction.Parse("f(uint256[2] pair)");

        Assert.That(() => function.EncodeCall(), Throws.TypeOf<EthereumFormatException>());
        var ex = Assert.Throws<EthereumFormatException>(() => function.EncodeCall(new[] { 1, 2, 3 }));
        Assert.That(ex!.Message, Does.Contain("'pair'"));
    }

    [Test]
    public void Encode_FixedBytesOfWrongLength_ThrowsInvalidAbiData()
    {
        var ex = Assert.Throws<EthereumFormatException>(() => AbiCodec.Encode([AbiType.Bytes32], [new byte[31]]));

        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidAbiData));
    }

    [Test]
    public void Decode_TruncatedWord_ThrowsInvalidAbiData()
    {
        var ex = Assert.Throws<EthereumFormatException>(() => AbiCodec.Decode([AbiType.UInt256, AbiType.UInt256], new byte[63]));

        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidAbiData));
    }

    [Test]
    public void Decode_DirtyHighBitsOfUint8_Throws()
    {
        Assert.That(() => AbiCodec.Decode([AbiType.UInt(8)], Word("0100")), Throws.TypeOf<EthereumFormatException>());
        Assert.That(AbiCodec.Decode([AbiType.UInt(8)], Word("ff"))[0], Is.EqualTo(new BigInteger(255)));
    }

    [Test]
    public void Decode_BadSignExtension_Throws()
    {
        var minusOne = Hex.Decode(new string('f', 64));
        var notExtended = Word("ff");

        Assert.That(AbiCodec.Decode([AbiType.Int(8)], minusOne)[0], Is.EqualTo(BigInteger.MinusOne));
        Assert.That(() => AbiCodec.Decode([AbiType.Int(8)], notExtended), Throws.TypeOf<EthereumFormatException>());
    }

    [Test]
    public void Decode_AddressWithHighBits_Throws()
    {
        var word = Word("01" + new string('0', 22) + "9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f");

        var ex = Assert.Throws<EthereumFormatException>(() => AbiCodec.Decode([AbiType.Address], word));

        Assert.That(ex!.Message, Does.Contain("address"));
    }

    [TestCase("2")]
    [TestCase("100")]
    public void Decode_BoolNotZeroOrOne_Throws(string hex)
    {
        Assert.That(() => AbiCodec.Decode([AbiType.Bool], Word(hex)), Throws.TypeOf<EthereumFormatException>());
    }

    [Test]
    public void Decode_FixedBytesWithDirtyPadding_Throws()
    {
        var word = Word("6162630000000000000000000000000000000000000000000000000000000001");

        Assert.That(() => AbiCodec.Decode([AbiType.FixedBytes(3)], word), Throws.TypeOf<EthereumFormatException>());
    }

    [Test]
    public void Decode_OffsetPastEnd_ThrowsNamingParameter()
    {
        var parameters = new[] { new AbiParameter("memo", AbiType.String) };

        var ex = Assert.Throws<EthereumFormatException>(() => AbiCodec.Decode(parameters, Word("1000")));

        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidAbiData));
        Assert.That(ex.Message, Does.Contain("'memo'").And.Contain("offset"));
    }

    [Test]
    public void Decode_HugeLength_FailsFastWithoutAllocating()
    {
        var data = Word("20").Concat(Hex.Decode(new string('f', 64))).ToArray();
        var before = GC.GetAllocatedBytesForCurrentThread();

        Assert.That(() => AbiCodec.Decode([AbiType.Bytes], data), Throws.TypeOf<EthereumFormatException>());
        Assert.That(() => AbiCodec.Decode([AbiType.Parse("uint256[]")], Word("20").Concat(Word("7fffffff")).ToArray()), Throws.TypeOf<EthereumFormatException>());
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(1_000_000));
    }

    [Test]
    public void Decode_AliasedOffsets_AreBoundedAndRejected()
    {
        // bytes[] of 2000 elements whose offsets all point at the same 32 KiB payload: 64 MiB if copied each time.
        const int count = 2000;
        const int payload = 32 * 1024;
        var data = new byte[32 + 32 + count * 32 + 32 + payload];
        data[31] = 0x20;
        Word(count.ToString("x")).CopyTo(data, 32);
        var sharedOffset = count * 32;
        for (var i = 0; i < count; i++)
        {
            Word(sharedOffset.ToString("x")).CopyTo(data, 64 + i * 32);
        }
        Word(payload.ToString("x")).CopyTo(data, 64 + sharedOffset);

        var ex = Assert.Throws<EthereumFormatException>(() => AbiCodec.Decode([AbiType.Parse("bytes[]")], data));

        Assert.That(ex!.Message, Does.Contain("same bytes"));
    }

    [Test]
    public void Decode_EmptyString_IsEmpty()
    {
        var encoded = AbiCodec.Encode([AbiType.String], [string.Empty]);

        Assert.That(encoded, Has.Length.EqualTo(64));
        Assert.That(AbiCodec.Decode([AbiType.String], encoded)[0], Is.EqualTo(string.Empty));
    }

    [Test]
    public void EncodePacked_AddressUintAndArray_UsesNaturalWidthsAndPaddedElements()
    {
        var packed = AbiCodec.EncodePacked(
            [AbiType.Address, AbiType.UInt(32), AbiType.Bool, AbiType.Parse("uint8[]"), AbiType.Bytes],
            [Alice, 0x01020304, true, new[] { 5, 6 }, new byte[] { 0xaa }]);

        Assert.That(Hex.Encode(packed), Is.EqualTo("0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f" + "01020304" + "01"
            + "0000000000000000000000000000000000000000000000000000000000000005"
            + "0000000000000000000000000000000000000000000000000000000000000006" + "aa"));
    }

    [TestCase("(uint256,uint256)")]
    [TestCase("uint256[][]")]
    [TestCase("string[]")]
    public void EncodePacked_UnsupportedType_ThrowsInvalidAbiType(string type)
    {
        var ex = Assert.Throws<EthereumFormatException>(() => AbiCodec.EncodePacked([AbiType.Parse(type)], [Array.Empty<object>()]));

        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidAbiType));
    }
}
