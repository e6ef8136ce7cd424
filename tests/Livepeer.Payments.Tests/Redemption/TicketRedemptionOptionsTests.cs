using Livepeer.Protocol;

namespace Livepeer.Payments.Tests.Redemption;

internal sealed class TicketRedemptionOptionsTests
{
    private static TicketRedemptionOptions Valid() => new() { DatabasePath = "/tmp/x.db" };

    [Test]
    public void Validate_Defaults_Pass() => Assert.DoesNotThrow(() => Valid().Validate());

    [TestCase("arbitrum-one", TicketRedemptionOptions.ArbitrumRedeemGas)]
    [TestCase("local-devnet", TicketRedemptionOptions.L1RedeemGas)]
    public void RedeemGasFor_Unset_FollowsTheNetwork(string network, ulong expected)
    {
        var preset = LivepeerNetwork.Custom(EthAddress.Parse("0xD8E8328501E9645d16Cf49539efC04f734606ee4"), 42161, name: network);

        Assert.Multiple(() =>
        {
            Assert.That(Valid().RedeemGasFor(preset), Is.EqualTo(expected));
            Assert.That(new TicketRedemptionOptions { RedeemGas = 7 }.RedeemGasFor(preset), Is.EqualTo(7UL), "a configured value wins");
        });
    }

    [TestCase(nameof(TicketRedemptionOptions.DatabasePath))]
    [TestCase(nameof(TicketRedemptionOptions.PollInterval))]
    [TestCase(nameof(TicketRedemptionOptions.RedeemGas))]
    [TestCase(nameof(TicketRedemptionOptions.RedemptionGasMargin))]
    [TestCase(nameof(TicketRedemptionOptions.TicketValidityPeriod))]
    [TestCase(nameof(TicketRedemptionOptions.MaxBatchSize))]
    public void Validate_BadSetting_NamesIt(string setting)
    {
        var options = Valid();
        switch (setting)
        {
            case nameof(TicketRedemptionOptions.DatabasePath): options.DatabasePath = " "; break;
            case nameof(TicketRedemptionOptions.PollInterval): options.PollInterval = TimeSpan.Zero; break;
            case nameof(TicketRedemptionOptions.RedeemGas): options.RedeemGas = 0; break;
            case nameof(TicketRedemptionOptions.RedemptionGasMargin): options.RedemptionGasMargin = double.NaN; break;
            case nameof(TicketRedemptionOptions.TicketValidityPeriod): options.TicketValidityPeriod = 0; break;
            default: options.MaxBatchSize = 0; break;
        }

        var ex = Assert.Throws<PaymentException>(options.Validate);

        Assert.Multiple(() =>
        {
            Assert.That(ex!.ErrorCode, Is.EqualTo(PaymentErrorCode.InvalidConfiguration));
            Assert.That(ex.Message, Does.Contain(setting));
        });
    }
}
