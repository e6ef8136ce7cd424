namespace Livepeer.Protocol;

/// <summary>Settings for <see cref="TransactionSender"/>.</summary>
public sealed class TransactionSenderOptions
{
    /// <summary>The gas estimate is multiplied by this margin to set the gas limit. Default 1.2.</summary>
    public double GasLimitMargin { get; set; } = 1.2;

    /// <summary>The highest max fee per gas the sender will offer. A suggestion above it is lowered to it; a base fee above it fails with <see cref="ProtocolErrorCode.FeeCapExceeded"/>. Null for no cap.</summary>
    public Wei? MaxFeePerGasCap { get; set; }

    /// <summary>The priority fee used when the node cannot suggest one. Default 0.01 gwei.</summary>
    public Wei FallbackPriorityFee { get; set; } = Wei.FromGwei(0.01m);

    /// <summary>The max fee is this many times the current base fee, plus the priority fee. Default 2.</summary>
    public int BaseFeeMultiplier { get; set; } = 2;

    /// <summary>Send legacy (EIP-155) transactions instead of EIP-1559 ones. Chains without a base fee get legacy ones anyway.</summary>
    public bool UseLegacyTransactions { get; set; }

    /// <summary>How much a replacement raises both fees, in percent. Nodes require at least 10. Default 15.</summary>
    public int ReplacementFeeIncreasePercent { get; set; } = 15;

    /// <summary>Confirmations to wait for in <see cref="TransactionSender.WaitForReceiptAsync"/>. Default 1 (mined).</summary>
    public int Confirmations { get; set; } = 1;

    /// <summary>How long <see cref="TransactionSender.WaitForReceiptAsync"/> waits. Default 5 minutes.</summary>
    public TimeSpan ReceiptTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the receipt is polled. Default 1 s.</summary>
    public TimeSpan ReceiptPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many times a send is retried with a fresh nonce after "nonce too low". Default 3.</summary>
    public int MaxNonceRetries { get; set; } = 3;

    internal void Validate()
    {
        if (double.IsNaN(GasLimitMargin) || GasLimitMargin < 1 || GasLimitMargin > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(GasLimitMargin), GasLimitMargin, "GasLimitMargin must be between 1 and 10.");
        }
        if (BaseFeeMultiplier is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(BaseFeeMultiplier), BaseFeeMultiplier, "BaseFeeMultiplier must be between 1 and 100.");
        }
        if (ReplacementFeeIncreasePercent is < 10 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(ReplacementFeeIncreasePercent), ReplacementFeeIncreasePercent, "ReplacementFeeIncreasePercent must be between 10 and 1000; nodes refuse replacements below 10%.");
        }
        if (Confirmations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Confirmations), Confirmations, "Confirmations must be at least 1.");
        }
        if (ReceiptTimeout <= TimeSpan.Zero || ReceiptPollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ReceiptTimeout), "ReceiptTimeout and ReceiptPollInterval must be positive.");
        }
        if (MaxNonceRetries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxNonceRetries), MaxNonceRetries, "MaxNonceRetries must be zero or more.");
        }
    }
}
