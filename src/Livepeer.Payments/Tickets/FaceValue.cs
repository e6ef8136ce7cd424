using System.Numerics;

namespace Livepeer.Payments;

/// <summary>
/// The recipient's face value rule (go-livepeer <c>recipient.faceValue</c>): enough to pay for the redemption many
/// times over, at least the EV times 100, never more than the sender's max float or the configured cap, and refused
/// when what is left cannot carry the EV or the redemption's gas.
/// </summary>
internal static class FaceValue
{
    /// <summary>The face value floor as a multiple of the EV.</summary>
    public const int EvMultiplier = 100;

    /// <summary>The gas price (3 gwei) that stands in for an unknown average when checking the face value against the redemption cost.</summary>
    public static readonly BigInteger AverageGasPrice = 3_000_000_000;

    private const string InsufficientReserve = "insufficient sender reserve";

    /// <summary>Computes the face value, or the rejection when the sender's reserve cannot back a ticket.</summary>
    /// <param name="expectedValue">The recipient's EV per ticket in wei.</param>
    /// <param name="gasPrice">The current gas price in wei (0 when unknown).</param>
    /// <param name="redeemGas">The gas one redemption takes.</param>
    /// <param name="txCostMultiplier">How many redemptions one winning ticket should pay for.</param>
    /// <param name="maxFloat">The most a winning ticket from this sender may pay now.</param>
    /// <param name="maxFaceValue">A cap on the face value; 0 for none.</param>
    /// <param name="faceValue">The face value when the method returns null.</param>
    /// <returns>Null on success, otherwise <see cref="TicketRejectionReason.MaxFloatBelowEv"/> or <see cref="TicketRejectionReason.FaceValueBelowTxCost"/>.</returns>
    public static TicketRejection? TryCompute(
        BigInteger expectedValue,
        BigInteger gasPrice,
        BigInteger redeemGas,
        BigInteger txCostMultiplier,
        BigInteger maxFloat,
        BigInteger maxFaceValue,
        out BigInteger faceValue)
    {
        var txCost = redeemGas * gasPrice;
        faceValue = txCost * txCostMultiplier;
        if (faceValue < expectedValue)
        {
            faceValue = expectedValue * EvMultiplier;
        }
        if (faceValue > maxFloat)
        {
            faceValue = maxFloat;
        }
        if (maxFaceValue.Sign > 0 && faceValue > maxFaceValue)
        {
            faceValue = maxFaceValue;
        }
        if (faceValue > Livepeer.Protocol.Uint256.MaxValue)
        {
            faceValue = Livepeer.Protocol.Uint256.MaxValue;
        }
        if (faceValue < expectedValue)
        {
            return new TicketRejection(
                TicketRejectionReason.MaxFloatBelowEv,
                $"{InsufficientReserve}: face value {faceValue} (max float {maxFloat}) is below the ticket EV {expectedValue}");
        }
        var averageTxCost = redeemGas * AverageGasPrice;
        if (faceValue < txCost && faceValue < averageTxCost)
        {
            return new TicketRejection(
                TicketRejectionReason.FaceValueBelowTxCost,
                $"{InsufficientReserve}: face value {faceValue} is below the redemption cost {txCost} and below {averageTxCost} at 3 gwei");
        }
        return null;
    }

    /// <summary>The transaction cost of one redemption: <c>redeemGas × gasPrice</c>.</summary>
    public static BigInteger TxCost(BigInteger redeemGas, BigInteger gasPrice) => redeemGas * gasPrice;
}
