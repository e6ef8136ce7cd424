using System.Numerics;
using Livepeer.Protocol;

namespace Livepeer.Payments;

/// <summary>The orchestrator's ticket settings (go-livepeer's <c>-ticketEV</c>, <c>-maxFaceValue</c>, redeem gas and multiplier).</summary>
public sealed class TicketRecipientOptions
{
    /// <summary>Gas of one redemption on an L1 network (and on unknown networks): 350 000.</summary>
    public const int RedeemGasL1 = 350_000;

    /// <summary>Gas of one redemption on Arbitrum One: 1 200 000.</summary>
    public const int RedeemGasL2 = 1_200_000;

    /// <summary>The default <see cref="ExpectedValue"/>: 8 000 000 000 wei.</summary>
    public static readonly BigInteger DefaultExpectedValue = 8_000_000_000;

    /// <summary>The address winning tickets pay (the orchestrator's on-chain address).</summary>
    public EthAddress Recipient { get; set; }

    /// <summary>The EV in wei every ticket must carry.</summary>
    public BigInteger ExpectedValue { get; set; } = DefaultExpectedValue;

    /// <summary>The gas one redemption takes; <see cref="RedeemGasL2"/> by default (the network runs on Arbitrum One).</summary>
    public BigInteger RedeemGas { get; set; } = RedeemGasL2;

    /// <summary>How many redemptions' gas one winning ticket should pay for.</summary>
    public int TxCostMultiplier { get; set; } = 100;

    /// <summary>A cap on the face value in wei; 0 for none.</summary>
    public BigInteger MaxFaceValue { get; set; }

    /// <summary>
    /// The 32-byte secret the recipient derives each parameter set's randomness from. Null (the default) draws a
    /// random one per process; a fixed one lets a restarted node accept tickets on parameters it issued before.
    /// Never log it.
    /// </summary>
    public byte[]? Secret { get; set; }

    internal void Validate()
    {
        if (Recipient.IsZero)
        {
            throw new PaymentException(PaymentErrorCode.InvalidConfiguration, "Recipient must be set to the orchestrator's address.");
        }
        if (ExpectedValue.Sign <= 0)
        {
            throw new PaymentException(PaymentErrorCode.InvalidConfiguration, "ExpectedValue must be positive.");
        }
        if (RedeemGas.Sign <= 0 || TxCostMultiplier <= 0)
        {
            throw new PaymentException(PaymentErrorCode.InvalidConfiguration, "RedeemGas and TxCostMultiplier must be positive.");
        }
        if (MaxFaceValue.Sign < 0)
        {
            throw new PaymentException(PaymentErrorCode.InvalidConfiguration, "MaxFaceValue cannot be negative.");
        }
        if (Secret is not null && Secret.Length != 32)
        {
            throw new PaymentException(PaymentErrorCode.InvalidConfiguration, "Secret must be 32 bytes.");
        }
    }
}
