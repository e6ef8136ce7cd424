using System.Numerics;

namespace Livepeer.Payments;

/// <summary>
/// A price in wei per pixel, as the wire's <c>PriceInfo</c> carries it: <see cref="PricePerUnit"/> wei for every
/// <see cref="PixelsPerUnit"/> pixels. The recipient hashes the reduced fraction into its secret, so 2400/2 and
/// 1200/1 are the same price there.
/// </summary>
/// <param name="PricePerUnit">Wei charged per unit.</param>
/// <param name="PixelsPerUnit">Pixels in one unit; 0 makes the price invalid.</param>
public readonly record struct PixelPrice(BigInteger PricePerUnit, BigInteger PixelsPerUnit)
{
    /// <summary>Free: 0 wei per pixel (0/1).</summary>
    public static PixelPrice Zero => new(BigInteger.Zero, BigInteger.One);

    /// <summary>True when <see cref="PixelsPerUnit"/> is not 0, so that the price is a number.</summary>
    public bool IsValid => !PixelsPerUnit.IsZero;

    /// <summary>The price as an exact fraction of wei per pixel.</summary>
    /// <exception cref="InvalidOperationException"><see cref="PixelsPerUnit"/> is 0.</exception>
    public BigRational ToRational()
        => IsValid
            ? new BigRational(PricePerUnit, PixelsPerUnit)
            : throw new InvalidOperationException("A price with 0 pixels per unit is not a number.");

    /// <summary>The same price as a reduced fraction with a positive denominator (2400/2 becomes 1200/1, 0 becomes 0/1).</summary>
    /// <exception cref="InvalidOperationException"><see cref="PixelsPerUnit"/> is 0.</exception>
    public PixelPrice Reduce()
    {
        var rational = ToRational();
        return new PixelPrice(rational.Numerator, rational.Denominator);
    }

    /// <summary>What <paramref name="pixels"/> pixels cost at this price, in wei.</summary>
    public BigRational Cost(BigInteger pixels) => ToRational() * pixels;

    /// <inheritdoc/>
    public override string ToString() => $"{PricePerUnit}/{PixelsPerUnit} wei/pixel";
}
