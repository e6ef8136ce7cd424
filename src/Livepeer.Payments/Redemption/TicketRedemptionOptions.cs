using Livepeer.Protocol;

namespace Livepeer.Payments;

/// <summary>Settings of the orchestrator's (or a redeemer's) winning-ticket store, sender monitor and redemption queue.</summary>
public sealed class TicketRedemptionOptions
{
    /// <summary>The redemption gas go-livepeer assumes on Arbitrum One (the same value as <see cref="TicketRecipientOptions.RedeemGasL2"/>).</summary>
    public const ulong ArbitrumRedeemGas = TicketRecipientOptions.RedeemGasL2;

    /// <summary>The redemption gas go-livepeer assumes on L1 and unknown networks (the same value as <see cref="TicketRecipientOptions.RedeemGasL1"/>).</summary>
    public const ulong L1RedeemGas = TicketRecipientOptions.RedeemGasL1;

    /// <summary>The SQLite file that holds the winning tickets. Required. Keep it on durable storage and back it up: it is money.</summary>
    public string DatabasePath { get; set; } = string.Empty;

    /// <summary>The ticket recipient served (the orchestrator's on-chain address); the redemption key's address when null.</summary>
    public EthAddress? Recipient { get; set; }

    /// <summary>How often the chain is polled for new blocks, rounds, the gas price and TicketBroker events. Default 5 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The gas one redemption is assumed to take, for the worth-it check. When null (the default),
    /// <see cref="ArbitrumRedeemGas"/> on Arbitrum networks and <see cref="L1RedeemGas"/> elsewhere, as go-livepeer does.
    /// </summary>
    public ulong? RedeemGas { get; set; }

    /// <summary>
    /// A ticket is redeemed only when its face value and the sender's available funds exceed the redemption gas × gas price × this margin. Default 1 (go-livepeer's rule).
    /// </summary>
    public double RedemptionGasMargin { get; set; } = 1.0;

    /// <summary>The lowest gas price assumed, whatever the node reports. Default 0.</summary>
    public Wei MinimumGasPrice { get; set; } = Wei.Zero;

    /// <summary>How many rounds a ticket stays redeemable; read from the TicketBroker when null (the default).</summary>
    public ulong? TicketValidityPeriod { get; set; }

    /// <summary>The most tickets of one sender redeemed in one <c>batchRedeemWinningTickets</c> transaction. Default 20.</summary>
    public int MaxBatchSize { get; set; } = 20;

    /// <summary>How long a sender's cached funds are kept without use. Default 2 days (go-livepeer's <c>smTTL</c>).</summary>
    public TimeSpan SenderCacheTtl { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How often unused sender entries are dropped. Default 10 min.</summary>
    public TimeSpan SenderCacheCleanupInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Checks the settings.</summary>
    /// <exception cref="PaymentException">With <see cref="PaymentErrorCode.InvalidConfiguration"/>, naming the setting.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            throw Invalid($"{nameof(DatabasePath)} is required: the file that keeps winning tickets until they are redeemed.");
        }
        if (PollInterval <= TimeSpan.Zero)
        {
            throw Invalid($"{nameof(PollInterval)} must be positive, not {PollInterval}.");
        }
        if (RedeemGas == 0UL)
        {
            throw Invalid($"{nameof(RedeemGas)} must be positive.");
        }
        if (!double.IsFinite(RedemptionGasMargin) || RedemptionGasMargin <= 0 || RedemptionGasMargin > 1_000_000)
        {
            throw Invalid($"{nameof(RedemptionGasMargin)} must be a positive factor (at most 1e6), not {RedemptionGasMargin}.");
        }
        if (MinimumGasPrice < Wei.Zero)
        {
            throw Invalid($"{nameof(MinimumGasPrice)} cannot be negative.");
        }
        if (TicketValidityPeriod == 0)
        {
            throw Invalid($"{nameof(TicketValidityPeriod)} must be at least 1 round when set.");
        }
        if (MaxBatchSize is < 1 or > 500)
        {
            throw Invalid($"{nameof(MaxBatchSize)} must be between 1 and 500, not {MaxBatchSize}.");
        }
        if (SenderCacheTtl <= TimeSpan.Zero || SenderCacheCleanupInterval <= TimeSpan.Zero)
        {
            throw Invalid($"{nameof(SenderCacheTtl)} and {nameof(SenderCacheCleanupInterval)} must be positive.");
        }
    }

    /// <summary>The redemption gas for <paramref name="network"/>: <see cref="RedeemGas"/>, or go-livepeer's value for the network.</summary>
    internal ulong RedeemGasFor(LivepeerNetwork network)
        => RedeemGas ?? (IsArbitrum(network) ? ArbitrumRedeemGas : L1RedeemGas);

    /// <summary>go-livepeer's test for an Arbitrum network: its name starts with <c>arbitrum</c>. The one rule for every redeem-gas default.</summary>
    internal static bool IsArbitrum(LivepeerNetwork network)
        => network.Name.StartsWith("arbitrum", StringComparison.OrdinalIgnoreCase);

    private static PaymentException Invalid(string message) => new(PaymentErrorCode.InvalidConfiguration, "TicketRedemptionOptions: " + message);
}
