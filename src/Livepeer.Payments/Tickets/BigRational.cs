using System.Globalization;
using System.Numerics;

namespace Livepeer.Payments;

/// <summary>
/// An exact fraction of two integers, always reduced, with a positive denominator. Ticket EVs, balances and fees are
/// kept this way (as go-livepeer keeps them in <c>big.Rat</c>) so that both sides of a payment agree to the wei.
/// </summary>
public readonly struct BigRational : IEquatable<BigRational>, IComparable<BigRational>, IComparable
{
    private readonly BigInteger _numerator;

    // Stored minus one so that default(BigRational) is 0/1 rather than an invalid 0/0.
    private readonly BigInteger _denominatorMinusOne;

    /// <summary>Creates <paramref name="numerator"/> / <paramref name="denominator"/>, reduced.</summary>
    /// <exception cref="DivideByZeroException">The denominator is zero.</exception>
    public BigRational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero)
        {
            throw new DivideByZeroException("A rational's denominator cannot be zero.");
        }
        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }
        if (numerator.IsZero)
        {
            denominator = BigInteger.One;
        }
        else if (!denominator.IsOne)
        {
            var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
            if (!gcd.IsOne)
            {
                numerator /= gcd;
                denominator /= gcd;
            }
        }
        _numerator = numerator;
        _denominatorMinusOne = denominator - BigInteger.One;
    }

    // For numerator and denominator already coprime, with a positive denominator: skips the reduction.
    private BigRational(BigInteger numerator, BigInteger denominator, bool reduced)
    {
        System.Diagnostics.Debug.Assert(reduced && denominator.Sign > 0, "Only for reduced fractions.");
        _numerator = numerator;
        _denominatorMinusOne = numerator.IsZero ? BigInteger.Zero : denominator - BigInteger.One;
    }

    /// <summary>The whole number <paramref name="value"/>.</summary>
    public BigRational(BigInteger value)
    {
        _numerator = value;
        _denominatorMinusOne = BigInteger.Zero;
    }

    /// <summary>0.</summary>
    public static BigRational Zero => default;

    /// <summary>1.</summary>
    public static BigRational One => new(BigInteger.One);

    /// <summary>The numerator of the reduced fraction (carries the sign).</summary>
    public BigInteger Numerator => _numerator;

    /// <summary>The denominator of the reduced fraction (always positive).</summary>
    public BigInteger Denominator => _denominatorMinusOne + BigInteger.One;

    /// <summary>-1, 0 or 1.</summary>
    public int Sign => _numerator.Sign;

    /// <summary>True for 0.</summary>
    public bool IsZero => _numerator.IsZero;

    /// <summary>True when the value is a whole number.</summary>
    public bool IsInteger => _denominatorMinusOne.IsZero;

    /// <summary>The smallest whole number not below the value.</summary>
    public BigInteger Ceiling()
    {
        var quotient = BigInteger.DivRem(_numerator, Denominator, out var remainder);
        return remainder.Sign > 0 ? quotient + BigInteger.One : quotient;
    }

    /// <summary>The largest whole number not above the value.</summary>
    public BigInteger Floor()
    {
        var quotient = BigInteger.DivRem(_numerator, Denominator, out var remainder);
        return remainder.Sign < 0 ? quotient - BigInteger.One : quotient;
    }

    /// <summary>The absolute value.</summary>
    public BigRational Abs() => Sign < 0 ? -this : this;

    /// <summary>The larger of two values.</summary>
    public static BigRational Max(BigRational a, BigRational b) => a >= b ? a : b;

    /// <summary>The smaller of two values.</summary>
    public static BigRational Min(BigRational a, BigRational b) => a <= b ? a : b;

    /// <summary>The sum.</summary>
    /// <remarks>
    /// Balances add the same ticket EV over and over, so the common cases skip the full reduction of the cross
    /// products (Knuth, TAOCP vol. 2, 4.5.1): with a whole number, <c>(a·d + n)/d</c> is already reduced; with equal
    /// denominators only the sum of the numerators is reduced against the shared denominator.
    /// </remarks>
    public static BigRational operator +(BigRational a, BigRational b)
    {
        if (a.IsInteger && b.IsInteger)
        {
            return new BigRational(a._numerator + b._numerator);
        }
        if (a.IsInteger || b.IsInteger)
        {
            var (whole, fraction) = a.IsInteger ? (a._numerator, b) : (b._numerator, a);
            var denominator = fraction.Denominator;
            return new BigRational((whole * denominator) + fraction._numerator, denominator, reduced: true);
        }
        if (a._denominatorMinusOne == b._denominatorMinusOne)
        {
            return new BigRational(a._numerator + b._numerator, a.Denominator);
        }
        return new BigRational((a._numerator * b.Denominator) + (b._numerator * a.Denominator), a.Denominator * b.Denominator);
    }

    /// <summary>The difference.</summary>
    public static BigRational operator -(BigRational a, BigRational b) => a + (-b);

    /// <summary>The negation.</summary>
    public static BigRational operator -(BigRational a) => new(-a._numerator, a.Denominator);

    /// <summary>The product.</summary>
    /// <remarks>
    /// A fraction times a whole number k (an EV times a ticket count) only needs <c>g = gcd(k, d)</c>: the numerator
    /// and d are already coprime, and so are k/g and d/g.
    /// </remarks>
    public static BigRational operator *(BigRational a, BigRational b)
    {
        if (a.IsInteger && b.IsInteger)
        {
            return new BigRational(a._numerator * b._numerator);
        }
        if (a.IsInteger || b.IsInteger)
        {
            var (whole, fraction) = a.IsInteger ? (a._numerator, b) : (b._numerator, a);
            var denominator = fraction.Denominator;
            var gcd = BigInteger.GreatestCommonDivisor(whole, denominator);
            return gcd.IsOne
                ? new BigRational(whole * fraction._numerator, denominator, reduced: true)
                : new BigRational(whole / gcd * fraction._numerator, denominator / gcd, reduced: true);
        }
        return new BigRational(a._numerator * b._numerator, a.Denominator * b.Denominator);
    }

    /// <summary>The quotient.</summary>
    /// <exception cref="DivideByZeroException"><paramref name="b"/> is zero.</exception>
    public static BigRational operator /(BigRational a, BigRational b)
        => new(a._numerator * b.Denominator, a.Denominator * b._numerator);

    /// <summary>The whole number as a rational.</summary>
    public static implicit operator BigRational(BigInteger value) => new(value);

    /// <summary>The whole number as a rational.</summary>
    public static implicit operator BigRational(long value) => new(value);

    /// <summary>Less than.</summary>
    public static bool operator <(BigRational a, BigRational b) => a.CompareTo(b) < 0;

    /// <summary>Greater than.</summary>
    public static bool operator >(BigRational a, BigRational b) => a.CompareTo(b) > 0;

    /// <summary>Less than or equal.</summary>
    public static bool operator <=(BigRational a, BigRational b) => a.CompareTo(b) <= 0;

    /// <summary>Greater than or equal.</summary>
    public static bool operator >=(BigRational a, BigRational b) => a.CompareTo(b) >= 0;

    /// <summary>Equal.</summary>
    public static bool operator ==(BigRational a, BigRational b) => a.Equals(b);

    /// <summary>Not equal.</summary>
    public static bool operator !=(BigRational a, BigRational b) => !a.Equals(b);

    /// <inheritdoc/>
    public int CompareTo(BigRational other)
        => IsInteger && other.IsInteger
            ? _numerator.CompareTo(other._numerator)
            : (_numerator * other.Denominator).CompareTo(other._numerator * Denominator);

    /// <inheritdoc/>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        BigRational other => CompareTo(other),
        _ => throw new ArgumentException("The object is not a BigRational.", nameof(obj)),
    };

    /// <inheritdoc/>
    public bool Equals(BigRational other) => _numerator == other._numerator && _denominatorMinusOne == other._denominatorMinusOne;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is BigRational other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_numerator, _denominatorMinusOne);

    /// <summary>"n" for whole numbers, otherwise "n/d".</summary>
    public override string ToString()
        => IsInteger
            ? _numerator.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{_numerator}/{Denominator}");

    /// <summary>
    /// The value in decimal notation with <paramref name="decimals"/> digits after the point, the last one rounded half
    /// away from zero (as Go's <c>big.Rat.FloatString</c>), so messages read the same as go-livepeer's.
    /// </summary>
    public string ToDecimalString(int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        var denominator = Denominator;
        var quotient = BigInteger.DivRem(BigInteger.Abs(_numerator), denominator, out var remainder);
        var scale = BigInteger.Pow(10, decimals);
        var fraction = BigInteger.DivRem(remainder * scale, denominator, out var rest);
        if (rest * 2 >= denominator)
        {
            fraction += BigInteger.One;
            if (fraction >= scale)
            {
                fraction -= scale;
                quotient += BigInteger.One;
            }
        }
        var sign = _numerator.Sign < 0 ? "-" : string.Empty;
        var whole = quotient.ToString(CultureInfo.InvariantCulture);
        return decimals == 0
            ? sign + whole
            : sign + whole + "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0');
    }
}
