using Livepeer.Protocol;

namespace Livepeer.Payments;

/// <summary>
/// Settings of the payment engine, bound from the configuration section <c>Livepeer:Payments</c>. The defaults are
/// go-livepeer's, so a gateway and an orchestrator configured with them interoperate with the network.
/// </summary>
public sealed class LivepeerPaymentsOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Livepeer:Payments";

    /// <summary>Orchestrator: the expected value each ticket must carry (go-livepeer <c>-ticketEV</c>). Default 8 gwei.</summary>
    public Wei TicketEV { get; set; } = new(8_000_000_000);

    /// <summary>Gateway: the largest EV accepted for one ticket (<c>-maxTicketEV</c>). Default 3,000 gwei.</summary>
    public Wei MaxTicketEV { get; set; } = new(3_000_000_000_000);

    /// <summary>Gateway: the largest EV of all the tickets of one payment (<c>-maxTotalEV</c>). Default 20,000 gwei.</summary>
    public Wei MaxTotalEV { get; set; } = new(20_000_000_000_000);

    /// <summary>Gateway: a ticket's face value may be at most the deposit divided by this (<c>-depositMultiplier</c>). Default 1.</summary>
    public int DepositMultiplier { get; set; } = 1;

    /// <summary>Orchestrator: a cap on the face value it asks for, 0 for none (<c>-maxFaceValue</c>).</summary>
    public Wei MaxFaceValue { get; set; } = Wei.Zero;

    /// <summary>
    /// The gas one redemption is priced at. Null picks go-livepeer's value for the network: 1,200,000 on Arbitrum,
    /// 350,000 elsewhere.
    /// </summary>
    public ulong? RedeemGas { get; set; }

    /// <summary>Orchestrator: the face value is the redemption's transaction cost times this. Default 100.</summary>
    public int TxCostMultiplier { get; set; } = 100;

    /// <summary>
    /// Orchestrator: a ticket is redeemed only when its face value and the sender's available funds exceed the
    /// redemption's gas cost times this margin; otherwise it is held for a later block. Default 1.0.
    /// </summary>
    public double RedemptionGasMargin { get; set; } = 1.0;

    /// <summary>Gas prices below this are raised to it when pricing tickets and redemptions. Default 0.</summary>
    public Wei MinGasPrice { get; set; } = Wei.Zero;

    /// <summary>
    /// Orchestrator: the SQLite file that keeps winning tickets until they are redeemed. Required for a ticket recipient
    /// that redeems its own tickets; not used with a remote redeemer.
    /// </summary>
    public string? DatabasePath { get; set; }

    /// <summary>
    /// Orchestrator: the address winning tickets pay (its on-chain orchestrator address, go-livepeer's
    /// <c>-ethOrchAddr</c>). The signer's address when not set.
    /// </summary>
    public EthAddress? RecipientAddress { get; set; }

    /// <summary>Orchestrator: the most tickets of one sender redeemed in one transaction. Default 20.</summary>
    public int MaxRedemptionBatchSize { get; set; } = 20;

    /// <summary>How often the chain (blocks, rounds, gas price) is polled. Default 5 seconds.</summary>
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The gas each redemption is priced at on <paramref name="network"/> when <see cref="RedeemGas"/> is not set.</summary>
    /// <param name="network">The network the engine runs on.</param>
    public ulong ResolveRedeemGas(LivepeerNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return RedeemGas ?? (TicketRedemptionOptions.IsArbitrum(network) ? TicketRedemptionOptions.ArbitrumRedeemGas : TicketRedemptionOptions.L1RedeemGas);
    }
}
