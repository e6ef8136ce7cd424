using System.Numerics;
using Livepeer.Protocol;

namespace Livepeer.Protocol.Tests.Abi;

public sealed class AbiMemberTests
{
    private const string Erc20Json = """
        [
          {"type":"constructor","inputs":[{"name":"initialSupply","type":"uint256"}],"stateMutability":"nonpayable"},
          {"type":"function","name":"transfer","inputs":[{"name":"to","type":"address","internalType":"address"},{"name":"amount","type":"uint256"}],"outputs":[{"name":"","type":"bool"}],"stateMutability":"nonpayable"},
          {"type":"function","name":"balanceOf","inputs":[{"name":"account","type":"address"}],"outputs":[{"name":"","type":"uint256"}],"stateMutability":"view"},
          {"type":"function","name":"safeTransferFrom","inputs":[{"name":"from","type":"address"},{"name":"to","type":"address"},{"name":"id","type":"uint256"}],"outputs":[],"stateMutability":"nonpayable"},
          {"type":"function","name":"safeTransferFrom","inputs":[{"name":"from","type":"address"},{"name":"to","type":"address"},{"name":"id","type":"uint256"},{"name":"data","type":"bytes"}],"outputs":[],"stateMutability":"nonpayable"},
          {"type":"function","name":"getTicket","inputs":[],"outputs":[{"name":"ticket","type":"tuple","internalType":"struct Ticket","components":[{"name":"recipient","type":"address"},{"name":"faceValue","type":"uint256"},{"name":"extra","type":"tuple[]","components":[{"name":"note","type":"string"}]}]}],"stateMutability":"view"},
          {"type":"event","name":"Transfer","anonymous":false,"inputs":[{"name":"from","type":"address","indexed":true},{"name":"to","type":"address","indexed":true},{"name":"value","type":"uint256","indexed":false}]},
          {"type":"event","name":"Memo","anonymous":false,"inputs":[{"name":"text","type":"string","indexed":true},{"name":"body","type":"string","indexed":false}]},
          {"type":"error","name":"InsufficientBalance","inputs":[{"name":"available","type":"uint256"},{"name":"required","type":"uint256"}]},
          {"type":"fallback","stateMutability":"payable"},
          {"type":"receive","stateMutability":"payable"}
        ]
        """;

    private static readonly EthAddress From = EthAddress.Parse("0x1111111111111111111111111111111111111111");
    private static readonly EthAddress To = EthAddress.Parse("0x2222222222222222222222222222222222222222");

    private static byte[] Topic(EthAddress address)
    {
        var topic = new byte[32];
        address.WriteTo(topic.AsSpan(12));
        return topic;
    }

    [Test]
    public void Parse_HumanReadableWithNamesAndReturns_ReadsEverything()
    {
        var function = AbiFunction.Parse("function balanceOf(address owner) external view returns (uint256 balance)");

        Assert.That(function.Name, Is.EqualTo("balanceOf"));
        Assert.That(function.Signature, Is.EqualTo("balanceOf(address)"));
        Assert.That(function.SelectorHex, Is.EqualTo("0x70a08231"));
        Assert.That(function.Inputs[0].Name, Is.EqualTo("owner"));
        Assert.That(function.Outputs.Select(o => o.Type.CanonicalName), Is.EqualTo(new[] { "uint256" }));
        Assert.That(function.StateMutability, Is.EqualTo("view"));
        Assert.That(function.IsReadOnly, Is.True);
    }

    [Test]
    public void Parse_TupleParameterWithNames_BuildsCanonicalSignature()
    {
        var function = AbiFunction.Parse("redeem((address recipient, uint256 faceValue) memory ticket, bytes calldata sig, tuple(uint8 a)[] more)");

        Assert.That(function.Signature, Is.EqualTo("redeem((address,uint256),bytes,(uint8)[])"));
        Assert.That(function.Inputs[0].Type.ComponentNames, Is.EqualTo(new[] { "recipient", "faceValue" }));
    }

    [TestCase("transfer(address,uint256")]
    [TestCase("transfer address,uint256)")]
    [TestCase("(address)")]
    [TestCase("transfer(address,uint256) returns")]
    [TestCase("transfer(address,uint256) garbage")]
    [TestCase("f(uint256 a b)")]
    public void Parse_MalformedSignature_ThrowsInvalidAbiType(string signature)
    {
        var ex = Assert.Throws<EthereumFormatException>(() => AbiFunction.Parse(signature));

        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidAbiType));
    }

    [Test]
    public void DecodeOutput_ReturnValues_AreDecoded()
    {
        var function = AbiFunction.Parse("balanceOf(address) returns (uint256, bool)");

        var output = function.EncodeOutput(new BigInteger(42), true);

        Assert.That(function.DecodeOutput(output), Is.EqualTo(new object[] { new BigInteger(42), true }));
    }

    [Test]
    public void ContractAbi_Parse_ReadsFunctionsEventsErrorsAndConstructor()
    {
        var abi = ContractAbi.Parse(Erc20Json);

        Assert.That(abi.Functions.Select(f => f.Signature), Is.EqualTo(new[]
        {
            "transfer(address,uint256)", "balanceOf(address)", "safeTransferFrom(address,address,uint256)",
            "safeTransferFrom(address,address,uint256,bytes)", "getTicket()",
        }));
        Assert.That(abi.Events.Select(e => e.Signature), Is.EqualTo(new[] { "Transfer(address,address,uint256)", "Memo(string,string)" }));
        Assert.That(abi.Errors.Single().Signature, Is.EqualTo("InsufficientBalance(uint256,uint256)"));
        Assert.That(abi.ConstructorInputs.Single().Name, Is.EqualTo("initialSupply"));
        Assert.That(abi.GetFunction("balanceOf").StateMutability, Is.EqualTo("view"));
        Assert.That(abi.GetFunction("getTicket").Outputs[0].Type.CanonicalName, Is.EqualTo("(address,uint256,(string)[])"));
    }

    [Test]
    public void ContractAbi_Parse_AcceptsArtifactObject()
    {
        var abi = ContractAbi.Parse("{\"contractName\":\"Token\",\"abi\":" + Erc20Json + ",\"bytecode\":\"0x\"}");

        Assert.That(abi.GetFunction("transfer").SelectorHex, Is.EqualTo("0xa9059cbb"));
    }

    [Test]
    public void ContractAbi_OverloadedName_NeedsSignature()
    {
        var abi = ContractAbi.Parse(Erc20Json);

        var ex = Assert.Throws<ArgumentException>(() => abi.GetFunction("safeTransferFrom"));
        Assert.That(ex!.Message, Does.Contain("safeTransferFrom(address,address,uint256,bytes)"));
        Assert.That(abi.GetFunction("safeTransferFrom(address,address,uint256,bytes)").Inputs, Has.Count.EqualTo(4));
        Assert.That(abi.GetFunction("safeTransferFrom(address from, address to, uint id)").Inputs, Has.Count.EqualTo(3));
        Assert.That(() => abi.GetFunction("approve"), Throws.TypeOf<KeyNotFoundException>());
    }

    [Test]
    public void ContractAbi_GetEventBySignatureWithIndexed_FindsIt()
    {
        var abi = ContractAbi.Parse(Erc20Json);

        Assert.That(abi.GetEvent("Transfer(address indexed from, address indexed to, uint256 value)").Name, Is.EqualTo("Transfer"));
        Assert.That(abi.GetError("InsufficientBalance(uint256,uint256)").Inputs, Has.Count.EqualTo(2));
    }

    [Test]
    public void ContractAbi_FindBySelectorAndTopic_ReturnsMember()
    {
        var abi = ContractAbi.Parse(Erc20Json);

        Assert.That(abi.FindFunction(Hex.Decode("a9059cbb"))!.Name, Is.EqualTo("transfer"));
        Assert.That(abi.FindEvent(Hex.Decode("ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"))!.Name, Is.EqualTo("Transfer"));
        Assert.That(abi.FindFunction(Hex.Decode("deadbeef")), Is.Null);
    }

    [TestCase("{}")]
    [TestCase("[1]")]
    [TestCase("[{\"type\":\"function\",\"inputs\":[]}]")]
    [TestCase("[{\"type\":\"function\",\"name\":\"f\",\"inputs\":[{\"name\":\"x\",\"type\":\"uint7\"}]}]")]
    [TestCase("[{\"type\":\"function\",\"name\":\"f\",\"inputs\":[{\"name\":\"x\",\"type\":\"tuple\"}]}]")]
    [TestCase("[{\"type\":\"banana\",\"name\":\"f\"}]")]
    [TestCase("[{\"type\":\"function\",\"name\":\"f\",")]
    public void ContractAbi_MalformedJson_ThrowsInvalidAbiType(string json)
    {
        var ex = Assert.Throws<EthereumFormatException>(() => ContractAbi.Parse(json));

        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidAbiType));
    }

    [Test]
    public void DecodeLog_Transfer_ReadsIndexedTopicsAndData()
    {
        var transfer = ContractAbi.Parse(Erc20Json).GetEvent("Transfer");
        var topics = new[] { transfer.Topic0.ToArray(), Topic(From), Topic(To) };
        var data = AbiCodec.Encode([AbiType.UInt256], [1000]);

        var log = transfer.DecodeLog(topics, data);

        Assert.That(log["from"], Is.EqualTo(From));
        Assert.That(log["to"], Is.EqualTo(To));
        Assert.That(log["value"], Is.EqualTo(new BigInteger(1000)));
        Assert.That(log.Values, Has.Count.EqualTo(3));
        Assert.That(() => log["nope"], Throws.TypeOf<KeyNotFoundException>());
    }

    [Test]
    public void DecodeLog_IndexedString_GivesItsHash()
    {
        var memo = ContractAbi.Parse(Erc20Json).GetEvent("Memo");
        var hash = Keccak256.Hash("hello"u8);

        var log = memo.DecodeLog([memo.Topic0.ToArray(), hash], AbiCodec.Encode([AbiType.String], ["body text"]));

        Assert.That(log["text"], Is.EqualTo(hash));
        Assert.That(log["body"], Is.EqualTo("body text"));
    }

    [Test]
    public void DecodeLog_AnonymousEvent_HasNoTopic0()
    {
        var anon = AbiEvent.Parse("event Ping(address indexed who, uint8 indexed level) anonymous");
        var level = new byte[32];
        level[31] = 3;

        var log = anon.DecodeLog([Topic(From), level], []);

        Assert.That(anon.Anonymous, Is.True);
        Assert.That(log.Values, Is.EqualTo(new object[] { From, new BigInteger(3) }));
    }

    [Test]
    public void DecodeLog_WrongTopic0OrCount_Throws()
    {
        var transfer = AbiEvent.Parse("Transfer(address indexed from, address indexed to, uint256 value)");
        var data = AbiCodec.Encode([AbiType.UInt256], [1]);

        Assert.That(() => transfer.DecodeLog([new byte[32], Topic(From), Topic(To)], data), Throws.TypeOf<EthereumFormatException>().With.Message.Contains("topic 0"));
        Assert.That(() => transfer.DecodeLog([transfer.Topic0.ToArray(), Topic(From)], data), Throws.TypeOf<EthereumFormatException>());
        Assert.That(() => transfer.DecodeLog([transfer.Topic0.ToArray(), Topic(From), new byte[31]], data), Throws.TypeOf<EthereumFormatException>());
    }

    [Test]
    public void DecodeLog_DirtyAddressTopic_Throws()
    {
        var transfer = AbiEvent.Parse("Transfer(address indexed from, address indexed to, uint256 value)");
        var dirty = Topic(From);
        dirty[0] = 1;

        Assert.That(
            () => transfer.DecodeLog([transfer.Topic0.ToArray(), dirty, Topic(To)], AbiCodec.Encode([AbiType.UInt256], [1])),
            Throws.TypeOf<EthereumFormatException>().With.Property("ErrorCode").EqualTo(ProtocolErrorCode.InvalidAbiData));
    }

    [Test]
    public void AbiEvent_TooManyIndexed_Throws()
    {
        Assert.That(() => AbiEvent.Parse("E(uint8 indexed a, uint8 indexed b, uint8 indexed c, uint8 indexed d)"), Throws.TypeOf<EthereumFormatException>());
    }
}
