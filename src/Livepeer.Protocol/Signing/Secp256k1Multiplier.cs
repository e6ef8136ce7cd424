using static Livepeer.Protocol.Secp256k1Field;

namespace Livepeer.Protocol;

/// <summary>Scalar multiplication on secp256k1 with precomputed generator tables.</summary>
internal static class Secp256k1Multiplier
{
    private const int CombWindows = 64;
    private const int CombEntries = 15;

    // Signed digits of the generator's scalar go up to ±127, so its table holds the odd multiples 1·G … 127·G;
    // it is built once, which pays for the wide window. R changes every call, so its window is small.
    private const int GeneratorWindow = 8;
    private const int PointWindow = 5;

    // Entry 15·i + (j − 1) is j·16^i·G for j = 1 … 15: k·G is then one addition per 4-bit digit of k and no doubling.
    private static readonly Secp256k1AffinePoint[] Comb = BuildComb();

    private static readonly Secp256k1AffinePoint[] GeneratorOddMultiples =
        Secp256k1Point.ToAffine(OddMultiples(Secp256k1Point.FromAffine(Secp256k1AffinePoint.Generator), 1 << (GeneratorWindow - 2)));

    // β, a cube root of unity mod p: (β·x, y) = λ·(x, y).
    private static readonly Secp256k1Field Beta = new(0xC1396C28719501EE, 0x9CF0497512F58995, 0x6E64479EAC3434E9, 0x7AE96A2B657C0710);

    private static readonly Secp256k1AffinePoint[] GeneratorLambdaOddMultiples =
        Array.ConvertAll(GeneratorOddMultiples, p => new Secp256k1AffinePoint(Multiply(p.X, Beta), p.Y));

    /// <summary>
    /// k·G for a secret k in [1, n). Every table entry is read and the result chosen by masks, so the memory
    /// access pattern and the branches do not depend on k.
    /// </summary>
    public static Secp256k1Point MultiplyGenerator(Secp256k1Scalar k)
    {
        var x = One;
        var y = One;
        var z = Zero;
        var accumulatorIsInfinity = ulong.MaxValue;
        for (var window = 0; window < CombWindows; window++)
        {
            var digit = k.Nibble(4 * window);
            var entryX = Zero;
            var entryY = Zero;
            var row = window * CombEntries;
            for (var j = 1; j <= CombEntries; j++)
            {
                var match = 0 - (ulong)(((uint)(digit ^ j) - 1) >> 31);
                var entry = Comb[row + j - 1];
                entryX = Select(entryX, entry.X, match);
                entryY = Select(entryY, entry.Y, match);
            }

            // The accumulator holds m·G with m < 16^window and the entry is d·16^window·G, so they are never
            // equal or opposite; only an empty accumulator or a zero digit need special handling.
            var sum = Secp256k1Point.AddAffineUnchecked(new(x, y, z, false), new(entryX, entryY));
            var digitIsZero = 0 - (ulong)(((uint)digit - 1) >> 31);
            var takeEntry = accumulatorIsInfinity & ~digitIsZero;
            x = Select(Select(sum.X, x, digitIsZero), entryX, takeEntry);
            y = Select(Select(sum.Y, y, digitIsZero), entryY, takeEntry);
            z = Select(Select(sum.Z, z, digitIsZero), One, takeEntry);
            accumulatorIsInfinity &= digitIsZero;
        }
        return new(x, y, z, accumulatorIsInfinity != 0);
    }

    /// <summary>
    /// a·G + b·P for public a, b and P. Each scalar is split around the endomorphism λ into two halves of
    /// about 128 bits, and the windowed NAFs of all four run over one chain of about 128 doublings.
    /// </summary>
    public static Secp256k1Point MultiplyGeneratorAndAdd(Secp256k1Scalar a, Secp256k1Scalar b, Secp256k1AffinePoint point)
    {
        Span<sbyte> nafA1 = stackalloc sbyte[257];
        Span<sbyte> nafA2 = stackalloc sbyte[257];
        Span<sbyte> nafB1 = stackalloc sbyte[257];
        Span<sbyte> nafB2 = stackalloc sbyte[257];
        var (a1, a2) = Secp256k1Scalar.SplitLambda(a);
        var (b1, b2) = Secp256k1Scalar.SplitLambda(b);
        var length = Math.Max(
            Math.Max(ToSignedWnaf(a1, GeneratorWindow, nafA1), ToSignedWnaf(a2, GeneratorWindow, nafA2)),
            Math.Max(ToSignedWnaf(b1, PointWindow, nafB1), ToSignedWnaf(b2, PointWindow, nafB2)));

        var pointMultiples = OddMultiples(Secp256k1Point.FromAffine(point), 1 << (PointWindow - 2));
        var lambdaPointMultiples = new Secp256k1Point[pointMultiples.Length];
        for (var i = 0; i < pointMultiples.Length; i++)
        {
            var p = pointMultiples[i];
            lambdaPointMultiples[i] = new(Multiply(p.X, Beta), p.Y, p.Z, p.IsInfinity);
        }

        var accumulator = Secp256k1Point.Infinity;
        for (var i = length - 1; i >= 0; i--)
        {
            accumulator = Secp256k1Point.Double(accumulator);
            accumulator = AddDigit(accumulator, nafA1[i], GeneratorOddMultiples);
            accumulator = AddDigit(accumulator, nafA2[i], GeneratorLambdaOddMultiples);
            accumulator = AddDigit(accumulator, nafB1[i], pointMultiples);
            accumulator = AddDigit(accumulator, nafB2[i], lambdaPointMultiples);
        }
        return accumulator;
    }

    private static Secp256k1Point AddDigit(Secp256k1Point accumulator, int digit, Secp256k1AffinePoint[] oddMultiples) => digit switch
    {
        > 0 => Secp256k1Point.AddAffine(accumulator, oddMultiples[digit >> 1]),
        < 0 => Secp256k1Point.AddAffine(accumulator, oddMultiples[-digit >> 1].Negate()),
        _ => accumulator,
    };

    private static Secp256k1Point AddDigit(Secp256k1Point accumulator, int digit, Secp256k1Point[] oddMultiples) => digit switch
    {
        > 0 => Secp256k1Point.Add(accumulator, oddMultiples[digit >> 1]),
        < 0 => Secp256k1Point.Add(accumulator, oddMultiples[-digit >> 1].Negate()),
        _ => accumulator,
    };

    // A split half is either small or n minus something small; the NAF is taken of the small one and its
    // digits negated in the second case.
    private static int ToSignedWnaf(Secp256k1Scalar scalar, int width, Span<sbyte> digits)
    {
        var negative = scalar.IsHigh;
        var length = ToWnaf(negative ? Secp256k1Scalar.Negate(scalar) : scalar, width, digits);
        if (negative)
        {
            for (var i = 0; i < length; i++)
            {
                digits[i] = (sbyte)-digits[i];
            }
        }
        return length;
    }

    // Width-w NAF: odd digits in (−2^(w−1), 2^(w−1)), at least w − 1 zeros after each non-zero one.
    // Returns the number of digits.
    private static int ToWnaf(Secp256k1Scalar scalar, int width, Span<sbyte> digits)
    {
        Span<ulong> v = [scalar.L0, scalar.L1, scalar.L2, scalar.L3, 0];
        var mask = (1UL << width) - 1;
        var length = 0;
        while ((v[0] | v[1] | v[2] | v[3] | v[4]) != 0)
        {
            var digit = 0L;
            if ((v[0] & 1) != 0)
            {
                digit = (long)(v[0] & mask);
                if (digit >= 1L << (width - 1))
                {
                    digit -= 1L << width;
                }
                ulong carry = 0;
                if (digit > 0)
                {
                    for (var i = 0; i < 5; i++)
                    {
                        v[i] = SubtractBorrow(v[i], i == 0 ? (ulong)digit : 0, ref carry);
                    }
                }
                else
                {
                    for (var i = 0; i < 5; i++)
                    {
                        v[i] = AddCarry(v[i], i == 0 ? (ulong)(-digit) : 0, ref carry);
                    }
                }
            }
            digits[length++] = (sbyte)digit;
            for (var i = 0; i < 4; i++)
            {
                v[i] = (v[i] >> 1) | (v[i + 1] << 63);
            }
            v[4] >>= 1;
        }
        digits[length..].Clear();
        return length;
    }

    private static Secp256k1Point[] OddMultiples(Secp256k1Point point, int count)
    {
        var multiples = new Secp256k1Point[count];
        var twice = Secp256k1Point.Double(point);
        multiples[0] = point;
        for (var i = 1; i < count; i++)
        {
            multiples[i] = Secp256k1Point.Add(multiples[i - 1], twice);
        }
        return multiples;
    }

    private static Secp256k1AffinePoint[] BuildComb()
    {
        var points = new Secp256k1Point[CombWindows * CombEntries];
        var windowBase = Secp256k1Point.FromAffine(Secp256k1AffinePoint.Generator);
        for (var window = 0; window < CombWindows; window++)
        {
            var multiple = windowBase;
            for (var j = 0; j < CombEntries; j++)
            {
                points[window * CombEntries + j] = multiple;
                multiple = Secp256k1Point.Add(multiple, windowBase);
            }
            windowBase = multiple;
        }
        return Secp256k1Point.ToAffine(points);
    }
}
