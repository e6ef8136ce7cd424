using System.Numerics;
using Livepeer.Protocol;

namespace Livepeer.Protocol.Tests.Abi;

public sealed class RevertDecoderTests
{
    private static readonly AbiError ErrorString = AbiError.Parse("Error(string)");

    [Test]
    public void Decode_ErrorString_GivesReasonInMessage()
    {
        var data = ErrorString.Encode("ERC20: transfer amount exceeds balance");

        var revert = RevertDecoder.Decode(data);

        Assert.That(Hex.Encode(data.AsSpan(0, 4)), Is.EqualTo("0x08c379a0"));
        Assert.That(revert.Kind, Is.EqualTo(RevertKind.Error));
        Assert.That(revert.Reason, Is.EqualTo("ERC20: transfer amount exceeds balance"));
        Assert.That(revert.Message, Is.EqualTo("execution reverted: ERC20: transfer amount exceeds balance"));
        Assert.That(revert.ErrorCode, Is.EqualTo(ProtocolErrorCode.ExecutionReverted));
        Assert.That(revert.RevertData, Is.EqualTo(data));
    }

    [Test]
    public void Decode_PublishedErrorStringBytes_GivesReason()
    {
        // What a node returns for require(false, "Not enough Ether provided.").
        var data = Hex.Decode("0x08c379a0"
            + "0000000000000000000000000000000000000000000000000000000000000020"
            + "000000000000000000000000000000000000000000000000000000000000001a"
            + "4e6f7420656e6f7567682045746865722070726f76696465642e000000000000");

        Assert.That(RevertDecoder.Decode(data).Reason, Is.EqualTo("Not enough Ether provided."));
    }

    [TestCase(0x11, "overflow")]
    [TestCase(0x12, "division")]
    [TestCase(0x01, "assert")]
    [TestCase(0x32, "out of bounds")]
    [TestCase(0x99, "unknown")]
    public void Decode_Panic_GivesCodeAndDescription(int code, string description)
    {
        var data = AbiError.Parse("Panic(uint256)").Encode(code);

        var revert = RevertDecoder.Decode(data);

        Assert.That(Hex.Encode(data.AsSpan(0, 4)), Is.EqualTo("0x4e487b71"));
        Assert.That(revert.Kind, Is.EqualTo(RevertKind.Panic));
        Assert.That(revert.PanicCode, Is.EqualTo(new BigInteger(code)));
        Assert.That(revert.Message, Does.Contain($"0x{code:x2}").And.Contain(description));
    }

    [Test]
    public void DescribePanic_OutOfRangeCodes_AreUnknown()
    {
        Assert.That(RevertDecoder.DescribePanic(BigInteger.MinusOne << 100), Is.EqualTo("unknown panic code"));
        Assert.That(RevertDecoder.DescribePanic((BigInteger.One << 256) - 1), Is.EqualTo("unknown panic code"));
        Assert.That(RevertDecoder.DescribePanic(0x41), Does.Contain("memory"));
    }

    [Test]
    public void Decode_CustomErrorWithArguments_GivesNameAndValues()
    {
        var error = AbiError.Parse("error InsufficientBalance(uint256 available, uint256 required)");
        var data = error.Encode(5, 10);

        var revert = RevertDecoder.Decode(data, [AbiError.Parse("Other(address)"), error]);

        Assert.That(revert.Kind, Is.EqualTo(RevertKind.Custom));
        Assert.That(revert.ErrorName, Is.EqualTo("InsufficientBalance"));
        Assert.That(revert.ErrorArguments, Is.EqualTo(new object[] { new BigInteger(5), new BigInteger(10) }));
        Assert.That(revert.Message, Is.EqualTo("execution reverted: InsufficientBalance(available: 5, required: 10)"));
    }

    [Test]
    public void Decode_CustomErrorUnknownToCaller_IsUnknownWithHex()
    {
        var data = AbiError.Parse("InsufficientBalance(uint256,uint256)").Encode(5, 10);

        var revert = RevertDecoder.Decode(data);

        Assert.That(revert.Kind, Is.EqualTo(RevertKind.Unknown));
        Assert.That(revert.Message, Does.Contain(Hex.Encode(data)));
    }

    [Test]
    public void Decode_Empty_IsEmpty()
    {
        var revert = RevertDecoder.Decode([]);

        Assert.That(revert.Kind, Is.EqualTo(RevertKind.Empty));
        Assert.That(revert.Message, Does.StartWith("execution reverted"));
        Assert.That(revert.RevertData, Is.Empty);
    }

    [TestCase("0xdeadbeef")]
    [TestCase("0x01")]
    [TestCase("0x08c379a0")]
    [TestCase("0x08c379a0000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000000000000000000000000000000000ffffffff")]
    [TestCase("0x4e487b71ff")]
    public void Decode_GarbageOrMalformed_IsUnknownWithRawHex(string hex)
    {
        var data = Hex.Decode(hex);

        var revert = RevertDecoder.Decode(data);

        Assert.That(revert.Kind, Is.EqualTo(RevertKind.Unknown));
        Assert.That(revert.Message, Does.Contain(hex));
        Assert.That(revert.RevertData, Is.EqualTo(data));
    }

    [Test]
    public void Decode_ReasonWithControlCharacters_KeepsThemOutOfMessage()
    {
        var revert = RevertDecoder.Decode(ErrorString.Encode("line1\nline2"));

        Assert.That(revert.Reason, Is.EqualTo("line1\nline2"));
        Assert.That(revert.Message, Does.Not.Contain("\n"));
    }

    [Test]
    public void ContractAbi_DecodeRevert_UsesItsErrors()
    {
        var abi = ContractAbi.Parse("""[{"type":"error","name":"TicketExpired","inputs":[{"name":"round","type":"uint256"}]}]""");

        var revert = abi.DecodeRevert(abi.GetError("TicketExpired").Encode(7));

        Assert.That(revert.Message, Is.EqualTo("execution reverted: TicketExpired(round: 7)"));
    }
}
