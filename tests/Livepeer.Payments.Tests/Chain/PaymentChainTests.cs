using System.Text.Json;

namespace Livepeer.Payments.Tests.Chain;

internal sealed class PaymentChainTests
{
    [TestCase("0x0", 0UL)]
    [TestCase("0x1312d00", 20_000_000UL)]
    [TestCase("0xffffffffffffffff", ulong.MaxValue)]
    public void ParseL1BlockNumber_ArbitrumBlock_ReadsTheHexField(string field, ulong expected)
    {
        using var block = JsonDocument.Parse($$"""{"number":"0x10","l1BlockNumber":"{{field}}"}""");

        Assert.That(ArbitrumL1BlockSource.ParseL1BlockNumber(block.RootElement), Is.EqualTo(expected));
    }

    [TestCase("""{"number":"0x10"}""")]
    [TestCase("""{"l1BlockNumber":12}""")]
    [TestCase("""{"l1BlockNumber":"12"}""")]
    [TestCase("""{"l1BlockNumber":"0x"}""")]
    [TestCase("""{"l1BlockNumber":"0x10000000000000000"}""")]
    [TestCase("null")]
    public void ParseL1BlockNumber_MissingOrMalformed_ThrowsChainUnavailable(string json)
    {
        using var block = JsonDocument.Parse(json);

        var ex = Assert.Throws<PaymentException>(() => ArbitrumL1BlockSource.ParseL1BlockNumber(block.RootElement));

        Assert.That(ex!.ErrorCode, Is.EqualTo(PaymentErrorCode.ChainUnavailable));
    }
}
