using Livepeer.Protocol;

namespace Livepeer.Payments;

/// <summary>
/// The one place where the host's <see cref="LivepeerPaymentsOptions"/> become the components' options, so that each
/// setting has one home: the redemption gas, for instance, prices both the recipient's face values and the queue's
/// worth-it check, and the poll interval drives the clock, the gas price and the queue.
/// </summary>
internal static class PaymentsOptionsMapping
{
    public static TicketSenderOptions ToSenderOptions(LivepeerPaymentsOptions options) => new()
    {
        MaxTicketEv = options.MaxTicketEV.Value,
        MaxTotalEv = options.MaxTotalEV.Value,
        DepositMultiplier = options.DepositMultiplier,
    };

    public static TicketRecipientOptions ToRecipientOptions(LivepeerPaymentsOptions options, LivepeerNetwork network, EthAddress recipient) => new()
    {
        Recipient = recipient,
        ExpectedValue = options.TicketEV.Value,
        RedeemGas = options.ResolveRedeemGas(network),
        TxCostMultiplier = options.TxCostMultiplier,
        MaxFaceValue = options.MaxFaceValue.Value,
    };

    public static TicketRedemptionOptions ToRedemptionOptions(LivepeerPaymentsOptions options, LivepeerNetwork network, EthAddress recipient) => new()
    {
        DatabasePath = options.DatabasePath ?? string.Empty,
        Recipient = recipient,
        PollInterval = options.PollingInterval,
        RedeemGas = options.ResolveRedeemGas(network),
        RedemptionGasMargin = options.RedemptionGasMargin,
        MinimumGasPrice = options.MinGasPrice,
        MaxBatchSize = options.MaxRedemptionBatchSize,
    };
}
