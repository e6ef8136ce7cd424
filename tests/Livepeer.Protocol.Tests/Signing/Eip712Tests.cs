using System.Numerics;
using Livepeer.Protocol;

namespace Livepeer.Protocol.Tests.Signing;

public sealed class Eip712Tests
{
    // The "Mail" example of EIP-712 (eth_signTypedData_v4 form, without httpOrigin).
    private const string MailJson = """
        {
          "types": {
            "EIP712Domain": [
              { "name": "name", "type": "string" },
              { "name": "version", "type": "string" },
              { "name": "chainId", "type": "uint256" },
              { "name": "verifyingContract", "type": "address" }
            ],
            "Person": [
              { "name": "name", "type": "string" },
              { "name": "wallet", "type": "address" }
            ],
            "Mail": [
              { "name": "from", "type": "Person" },
              { "name": "to", "type": "Person" },
              { "name": "contents", "type": "string" }
            ]
          },
          "primaryType": "Mail",
          "domain": {
            "name": "Ether Mail",
            "version": "1",
            "chainId": 1,
            "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"
          },
          "message": {
            "from": { "name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826" },
            "to": { "name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB" },
            "contents": "Hello, Bob!"
          }
        }
        """;

    [Category("Vectors")]
    [Test]
    public void EncodeTypeAndHashType_Mail_MatchEip()
    {
        var data = TypedData.Parse(MailJson);
        Assert.That(Eip712.EncodeType(data, "Mail"), Is.EqualTo("Mail(Person from,Person to,string contents)Person(string name,address wallet)"));
        Assert.That(Hex.Encode(Eip712.HashType(data, "Mail")), Is.EqualTo("0xa0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2"));
    }

    [Category("Vectors")]
    [Test]
    public void Hash_Mail_MatchesEipDomainStructAndDigest()
    {
        var data = TypedData.Parse(MailJson);
        Assert.That(Hex.Encode(Eip712.HashDomain(data)), Is.EqualTo("0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f"));
        Assert.That(Hex.Encode(Eip712.HashStruct(data, "Mail", data.Message)), Is.EqualTo("0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e"));
        Assert.That(Hex.Encode(Eip712.HashStruct(data, "Person", data.Message["from"])), Is.EqualTo("0xfc71e5fa27ff56c350aa531bc129ebdf613b772b6604664f5d8dbe21b85eb0c8"));
        Assert.That(Hex.Encode(Eip712.Hash(data)), Is.EqualTo("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2"));
    }

    [Category("Vectors")]
    [Test]
    public async Task SignAsync_MailWithCowKey_MatchesPublishedSignature()
    {
        using var cow = new PrivateKeySigner(Keccak256.Hash("cow"u8));
        Assert.That(cow.Address, Is.EqualTo(EthAddress.Parse("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826")));
        var data = TypedData.Parse(MailJson);
        var signature = await Eip712.SignAsync(cow, data);
        Assert.That(signature.V, Is.EqualTo(28));
        Assert.That(Hex.Encode(signature.R), Is.EqualTo("0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d"));
        Assert.That(Hex.Encode(signature.S), Is.EqualTo("0x07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562"));
        Assert.That(Eip712.RecoverSigner(data, signature), Is.EqualTo(cow.Address));
    }

    [Test]
    public void Hash_MailBuiltInCode_EqualsParsedJson()
    {
        var types = new Dictionary<string, IReadOnlyList<TypedDataMember>>
        {
            ["Person"] = [new("name", "string"), new("wallet", "address")],
            ["Mail"] = [new("from", "Person"), new("to", "Person"), new("contents", "string")],
        };
        // EIP712Domain is left out on purpose: it is inferred from the domain's fields in the standard order.
        var domain = new Dictionary<string, object?>
        {
            ["verifyingContract"] = EthAddress.Parse("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"),
            ["name"] = "Ether Mail",
            ["chainId"] = BigInteger.One,
            ["version"] = "1",
        };
        var message = new Dictionary<string, object?>
        {
            ["from"] = new Dictionary<string, object?> { ["name"] = "Cow", ["wallet"] = "0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826" },
            ["to"] = new Dictionary<string, object?> { ["name"] = "Bob", ["wallet"] = Hex.Decode("0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB") },
            ["contents"] = "Hello, Bob!",
        };
        var data = new TypedData(types, "Mail", domain, message);
        Assert.That(data.DomainMembers.Select(m => m.Name), Is.EqualTo(new[] { "name", "version", "chainId", "verifyingContract" }));
        Assert.That(Eip712.Hash(data), Is.EqualTo(Eip712.Hash(TypedData.Parse(MailJson))));
    }

    // Arrays, fixed arrays, nested struct arrays, signed ints, bytes and bytesN: the encoding is
    // rebuilt here by hand from the EIP's rules and compared with the library's.
    [Test]
    public void HashStruct_ArraysIntsAndBytes_MatchesHandEncoding()
    {
        var json = """
            {
              "types": {
                "Item": [ { "name": "id", "type": "uint8" }, { "name": "tags", "type": "string[]" } ],
                "Order": [
                  { "name": "items", "type": "Item[]" },
                  { "name": "amounts", "type": "int64[2]" },
                  { "name": "blob", "type": "bytes" },
                  { "name": "tag", "type": "bytes4" },
                  { "name": "ok", "type": "bool" }
                ]
              },
              "primaryType": "Order",
              "domain": { "chainId": "0x2a" },
              "message": {
                "items": [ { "id": 1, "tags": ["a", "b"] }, { "id": "255", "tags": [] } ],
                "amounts": [ -1, "0x10" ],
                "blob": "0xdeadbeef",
                "tag": "0x01020304",
                "ok": true
              }
            }
            """;
        var data = TypedData.Parse(json);
        Assert.That(Eip712.EncodeType(data, "Order"),
            Is.EqualTo("Order(Item[] items,int64[2] amounts,bytes blob,bytes4 tag,bool ok)Item(uint8 id,string[] tags)"));

        static byte[] Word(BigInteger value) => Uint256.ToPadded(value);
        static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
        var itemType = Keccak256.Hash("Item(uint8 id,string[] tags)"u8);
        var item1 = Keccak256.Hash(Concat(itemType, Word(1), Keccak256.Hash(Concat(Keccak256.Hash("a"u8), Keccak256.Hash("b"u8)))));
        var item2 = Keccak256.Hash(Concat(itemType, Word(255), Keccak256.Hash(ReadOnlySpan<byte>.Empty)));
        var tagWord = new byte[32];
        new byte[] { 1, 2, 3, 4 }.CopyTo(tagWord, 0);
        var expected = Keccak256.Hash(Concat(
            Eip712.HashType(data, "Order"),
            Keccak256.Hash(Concat(item1, item2)),
            Keccak256.Hash(Concat(Word(-1), Word(16))),
            Keccak256.Hash(Hex.Decode("0xdeadbeef")),
            tagWord,
            Word(1)));
        Assert.That(Eip712.HashStruct(data, "Order", data.Message), Is.EqualTo(expected));
        Assert.That(Word(-1), Is.EqualTo(Enumerable.Repeat((byte)0xff, 32).ToArray()));

        var domainType = Keccak256.Hash("EIP712Domain(uint256 chainId)"u8);
        Assert.That(Eip712.HashDomain(data), Is.EqualTo(Keccak256.Hash(Concat(domainType, Word(42)))));
    }

    [TestCase("\"Mail\": [ { \"name\": \"from\", \"type\": \"Persn\" } ]", "Persn")]
    [TestCase("\"Mail\": [ { \"name\": \"from\", \"type\": \"uint7\" } ]", "uint7")]
    [TestCase("\"Mail\": [ { \"name\": \"from\", \"type\": \"bytes33\" } ]", "bytes33")]
    [TestCase("\"Mail\": [ { \"name\": \"from\", \"type\": \"uint\" } ]", "uint")]
    [TestCase("\"Mail\": [ { \"name\": \"from\", \"type\": \"string[x]\" } ]", "string[x]")]
    public void Hash_UnknownOrMalformedType_ThrowsInvalidTypedData(string typesBody, string badType)
    {
        var json = $$"""{ "types": { {{typesBody}} }, "primaryType": "Mail", "domain": {}, "message": { "from": 1 } }""";
        var data = TypedData.Parse(json);
        var ex = Assert.Throws<EthereumFormatException>(() => Eip712.Hash(data));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidTypedData));
        Assert.That(ex.Message, Does.Contain(badType));
    }

    [TestCase("""{ "from": { "name": "Cow" }, "to": { "name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB" }, "contents": "x" }""", "wallet")]
    [TestCase("""{ "from": { "name": "Cow", "wallet": "0x1234" }, "to": { "name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB" }, "contents": "x" }""", "message.from.wallet")]
    [TestCase("""{ "from": "Cow", "to": { "name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB" }, "contents": "x" }""", "message.from")]
    [TestCase("""{ "from": { "name": 5, "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB" }, "to": { "name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB" }, "contents": "x" }""", "message.from.name")]
    public void Hash_MissingOrWrongField_ThrowsInvalidTypedDataNamingIt(string message, string named)
    {
        var json = MailJson[..MailJson.IndexOf("\"message\"", StringComparison.Ordinal)] + "\"message\": " + message + " }";
        var ex = Assert.Throws<EthereumFormatException>(() => Eip712.Hash(TypedData.Parse(json)));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidTypedData));
        Assert.That(ex.Message, Does.Contain(named));
    }

    [TestCase("uint8", "256")]
    [TestCase("uint8", "-1")]
    [TestCase("int8", "128")]
    [TestCase("int8", "-129")]
    [TestCase("uint256", "1.5")]
    [TestCase("bytes2", "\"0x010203\"")]
    [TestCase("bool", "1")]
    [TestCase("uint16[2]", "[1]")]
    public void Hash_ValueDoesNotFitType_ThrowsInvalidTypedData(string type, string value)
    {
        var json = $$"""{ "types": { "T": [ { "name": "v", "type": "{{type}}" } ] }, "primaryType": "T", "domain": {}, "message": { "v": {{value}} } }""";
        var ex = Assert.Throws<EthereumFormatException>(() => Eip712.Hash(TypedData.Parse(json)));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidTypedData));
    }

    [TestCase("uint8", "255")]
    [TestCase("int8", "-128")]
    [TestCase("int8", "127")]
    [TestCase("uint256", "\"0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\"")]
    public void Hash_BoundaryValues_Accepted(string type, string value)
    {
        var json = $$"""{ "types": { "T": [ { "name": "v", "type": "{{type}}" } ] }, "primaryType": "T", "domain": {}, "message": { "v": {{value}} } }""";
        Assert.That(Eip712.Hash(TypedData.Parse(json)), Has.Length.EqualTo(32));
    }

    [TestCase("not json")]
    [TestCase("[]")]
    [TestCase("""{ "primaryType": "T", "message": {} }""")]
    [TestCase("""{ "types": {}, "message": {} }""")]
    [TestCase("""{ "types": { "T": [ { "name": "v" } ] }, "primaryType": "T", "message": {} }""")]
    [TestCase("""{ "types": { "T": [] }, "primaryType": "T" }""")]
    public void Parse_MalformedJson_ThrowsInvalidTypedData(string json)
    {
        var ex = Assert.Throws<EthereumFormatException>(() => TypedData.Parse(json));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidTypedData));
    }

    [Test]
    public void Hash_PrimaryTypeNotDefined_ThrowsInvalidTypedData()
    {
        var data = TypedData.Parse("""{ "types": { "T": [] }, "primaryType": "U", "domain": {}, "message": {} }""");
        var ex = Assert.Throws<EthereumFormatException>(() => Eip712.Hash(data));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidTypedData));
        Assert.That(ex.Message, Does.Contain("'U'"));
    }

    [Test]
    public void Hash_RecursiveType_EncodesOnceAndHashes()
    {
        var json = """
            {
              "types": { "Node": [ { "name": "value", "type": "uint256" }, { "name": "children", "type": "Node[]" } ] },
              "primaryType": "Node",
              "domain": {},
              "message": { "value": 1, "children": [ { "value": 2, "children": [] } ] }
            }
            """;
        var data = TypedData.Parse(json);
        Assert.That(Eip712.EncodeType(data, "Node"), Is.EqualTo("Node(uint256 value,Node[] children)"));
        Assert.That(Eip712.Hash(data), Has.Length.EqualTo(32));
    }
}
