using System.Numerics;
using Livepeer.Protocol;

namespace Livepeer.Payments;

/// <summary>
/// The exact arithmetic of probabilistic tickets: win probabilities are numerators over 2²⁵⁶−1 (not 2²⁵⁶), and the
/// expected value of a ticket is <c>faceValue × winProb / (2²⁵⁶−1)</c>.
/// </summary>
public static class TicketMath
{
    /// <summary>2²⁵⁶−1: the denominator of every win probability, and the win probability of a certain win.</summary>
    public static BigInteger MaxWinProb => Uint256.MaxValue;

    /// <summary>The expected value in wei of one ticket with this face value and win probability.</summary>
    public static BigRational ExpectedValue(BigInteger faceValue, BigInteger winProb)
        => new(faceValue * winProb, Uint256.MaxValue);

    /// <summary>The win probability as a fraction between 0 and 1.</summary>
    public static BigRational WinProbability(BigInteger winProb) => new(winProb, Uint256.MaxValue);

    /// <summary>
    /// The win probability a recipient asks for so that a ticket of <paramref name="faceValue"/> is worth at least
    /// <paramref name="expectedValue"/>: 0 for a zero face value, 2²⁵⁶−1 when the face value equals the EV, otherwise
    /// <c>EV × ⌈(2²⁵⁶−1) / faceValue⌉</c>. Rounding up keeps the real EV just above the target, as go-livepeer does.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative.</exception>
    public static BigInteger WinProbForExpectedValue(BigInteger faceValue, BigInteger expectedValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(faceValue);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedValue);
        if (faceValue.IsZero)
        {
            return BigInteger.Zero;
        }
        if (faceValue == expectedValue)
        {
            return Uint256.MaxValue;
        }
        var quotient = BigInteger.DivRem(Uint256.MaxValue, faceValue, out var remainder);
        return remainder.IsZero ? expectedValue * quotient : expectedValue * (quotient + BigInteger.One);
    }
}
