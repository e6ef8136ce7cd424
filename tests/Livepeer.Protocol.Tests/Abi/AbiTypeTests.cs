using Livepeer.Protocol;

namespace Livepeer.Protocol.Tests.Abi;

public sealed class AbiTypeTests
{
    [TestCase("uint", "uint256", false)]
    [TestCase("int", "int256", false)]
    [TestCase("uint8", "uint8", false)]
    [TestCase("int128", "int128", false)]
    [TestCase("address", "address", false)]
    [TestCase("bool", "bool", false)]
    [TestCase("bytes1", "bytes1", false)]
    [TestCase("bytes32", "bytes32", false)]
    [TestCase("bytes", "bytes", true)]
    [TestCase("string", "string", true)]
    [TestCase("uint[]", "uint256[]", true)]
    [TestCase("uint256[3]", "uint256[3]", false)]
    [TestCase("string[2]", "string[2]", true)]
    [TestCase("uint8[][4][]", "uint8[][4][]", true)]
    [TestCase("(uint,address)", "(uint256,address)", false)]
    [TestCase("(uint256,(bytes,bool))[2]", "(uint256,(bytes,bool))[2]", true)]
    [TestCase("()", "()", false)]
    public void Parse_ValidType_GivesCanonicalNameAndDynamism(string text, string canonical, bool dynamic)
    {
        var type = AbiType.Parse(text);

        Assert.That(type.CanonicalName, Is.EqualTo(canonical));
        Assert.That(type.IsDynamic, Is.EqualTo(dynamic));
        Assert.That(AbiType.Parse(canonical), Is.EqualTo(type));
    }

    [Test]
    public void Parse_NestedArray_ExposesStructure()
    {
        var type = AbiType.Parse("(uint64,bytes7)[5][]");

        Assert.That(type.Kind, Is.EqualTo(AbiTypeKind.DynamicArray));
        Assert.That(type.ElementType!.Kind, Is.EqualTo(AbiTypeKind.FixedArray));
        Assert.That(type.ElementType.Length, Is.EqualTo(5));
        var tuple = type.ElementType.ElementType!;
        Assert.That(tuple.Components.Select(c => (c.Kind, c.Size)), Is.EqualTo(new[] { (AbiTypeKind.UInt, 64), (AbiTypeKind.FixedBytes, 7) }));
    }

    [TestCase("")]
    [TestCase("uint7")]
    [TestCase("uint264")]
    [TestCase("uint0")]
    [TestCase("uint08")]
    [TestCase("int9")]
    [TestCase("bytes0")]
    [TestCase("bytes33")]
    [TestCase("byte")]
    [TestCase("address payable")]
    [TestCase("uint256[0]")]
    [TestCase("uint256[01]")]
    [TestCase("uint256[")]
    [TestCase("uint256]")]
    [TestCase("uint256[-1]")]
    [TestCase("uint256[99999999999]")]
    [TestCase("(uint256")]
    [TestCase("(uint256,)")]
    [TestCase("(,uint256)")]
    [TestCase("uint256 x")]
    [TestCase("tuple(uint256)")]
    [TestCase("fixed128x18")]
    [TestCase("function")]
    [TestCase("Uint256")]
    public void Parse_InvalidType_ThrowsInvalidAbiType(string text)
    {
        var ex = Assert.Throws<EthereumFormatException>(() => AbiType.Parse(text));

        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidAbiType));
        Assert.That(AbiType.TryParse(text, out _), Is.False);
    }

    [Test]
    public void Parse_TooDeeplyNested_ThrowsInvalidAbiType()
    {
        var deep = new string('(', 10_000) + "uint256" + new string(')', 10_000);
        var deepArray = "uint256" + string.Concat(Enumerable.Repeat("[]", 100));

        Assert.That(() => AbiType.Parse(deep), Throws.TypeOf<EthereumFormatException>().With.Property("ErrorCode").EqualTo(ProtocolErrorCode.InvalidAbiType));
        Assert.That(() => AbiType.Parse(deepArray), Throws.TypeOf<EthereumFormatException>().With.Property("ErrorCode").EqualTo(ProtocolErrorCode.InvalidAbiType));
    }

    [Test]
    public void Parse_HugeStaticArray_ThrowsInsteadOfOverflowing()
    {
        Assert.That(() => AbiType.Parse("uint256[1000000][1000000]"), Throws.TypeOf<EthereumFormatException>());
    }
}
