using System.Numerics;

namespace Livepeer.Payments;

/// <summary>One transcoded output of a segment: its size and frame rate (a rate of 0 means pass-through).</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="FramerateNumerator">Frames per <paramref name="FramerateDenominator"/> seconds; 0 counts as 60 fps.</param>
/// <param name="FramerateDenominator">0 counts as 1.</param>
public readonly record struct OutputRendition(int Width, int Height, int FramerateNumerator, int FramerateDenominator = 1);

/// <summary>
/// What a gateway expects a segment to cost before it sends it (go-livepeer <c>estimateFee</c>), so that it pays
/// enough tickets up front.
/// </summary>
public static class FeeEstimator
{
    /// <summary>The frame rate a pass-through output is assumed to have.</summary>
    public const int PassthroughFramerate = 60;

    /// <summary>
    /// 1.02 as Go's float64 holds it, converted exactly (2296835809958953 / 2251799813685248). Using the decimal 1.02
    /// instead would change the ticket count at the edges.
    /// </summary>
    public static readonly BigRational EstimateMultiplier = new(2296835809958953, 2251799813685248);

    /// <summary>Σ width × height × ⌈fps⌉ × ⌈duration in seconds⌉ over the outputs.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The duration or a size or rate is negative.</exception>
    public static BigInteger EstimatePixels(IEnumerable<OutputRendition> outputs, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var seconds = CeilingDivide(duration.Ticks, TimeSpan.TicksPerSecond);
        var pixels = BigInteger.Zero;
        foreach (var output in outputs)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(output.Width, nameof(outputs));
            ArgumentOutOfRangeException.ThrowIfNegative(output.Height, nameof(outputs));
            ArgumentOutOfRangeException.ThrowIfNegative(output.FramerateNumerator, nameof(outputs));
            ArgumentOutOfRangeException.ThrowIfNegative(output.FramerateDenominator, nameof(outputs));
            long numerator = output.FramerateNumerator == 0 ? PassthroughFramerate : output.FramerateNumerator;
            long denominator = output.FramerateDenominator == 0 ? 1 : output.FramerateDenominator;
            var fps = CeilingDivide(numerator, denominator);
            pixels += (BigInteger)output.Width * output.Height * fps * seconds;
        }
        return pixels;
    }

    /// <summary>The estimated fee in wei: pixels × 1.02 × price.</summary>
    public static BigRational EstimateFee(IEnumerable<OutputRendition> outputs, TimeSpan duration, PixelPrice price)
        => EstimatePixels(outputs, duration) * EstimateMultiplier * price.ToRational();

    /// <summary>The credit a request needs: the larger of its fee and the EV of one ticket.</summary>
    public static BigRational MinCredit(BigRational fee, BigRational ticketEv) => BigRational.Max(fee, ticketEv);

    private static long CeilingDivide(long numerator, long denominator) => (numerator + denominator - 1) / denominator;
}
