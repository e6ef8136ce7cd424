using System.Globalization;

namespace Livepeer.Transcoding;

/// <summary>
/// An output frame rate as a rational number. A numerator of 0 means passthrough: the source timing is kept and no
/// <c>fps</c> filter is added. A denominator of 0 is read as 1, as LPMS does.
/// </summary>
public readonly record struct FrameRate
{
    /// <summary>Creates a frame rate.</summary>
    /// <param name="numerator">Frames per <paramref name="denominator"/> seconds; 0 for passthrough.</param>
    /// <param name="denominator">The denominator; 0 is read as 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A part is negative.</exception>
    public FrameRate(int numerator, int denominator = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numerator);
        ArgumentOutOfRangeException.ThrowIfNegative(denominator);
        Num = numerator;
        den = denominator == 1 ? 0 : denominator;
    }

    // A denominator of 1 is stored as 0 so that 30/0 and 30/1 (and default) compare equal.
    private readonly int den;

    /// <summary>Passthrough: keep the source frame timing.</summary>
    public static FrameRate Passthrough => default;

    /// <summary>The numerator (frames per <see cref="Den"/> seconds); 0 for passthrough.</summary>
    public int Num { get; }

    /// <summary>The denominator, never 0.</summary>
    public int Den => den == 0 ? 1 : den;

    /// <summary>True when the source frame timing is kept.</summary>
    public bool IsPassthrough => Num == 0;

    /// <summary>The frame rate as a number of frames per second; 0 for passthrough.</summary>
    public double FramesPerSecond => (double)Num / Den;

    /// <summary>Returns <c>30</c> for 30/1, <c>30000/1001</c> otherwise, and <c>passthrough</c> for 0.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => IsPassthrough
        ? "passthrough"
        : Den == 1 ? Num.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{Num}/{Den}");
}
