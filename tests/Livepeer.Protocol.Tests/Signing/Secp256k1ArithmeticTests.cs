using System.Numerics;
using Livepeer.Protocol;

namespace Livepeer.Protocol.Tests.Signing;

public sealed class Secp256k1ArithmeticTests
{
    private static readonly BigInteger P = (BigInteger.One << 256) - (BigInteger.One << 32) - 977;
    private static readonly BigInteger N = EthSignature.CurveOrder;
    private static readonly BigInteger Lambda = Parse("5363ad4cc05c30e0a5261c028812645a122e22ea20816678df02967c1b23bd72");

    private static IEnumerable<BigInteger> FieldValues()
    {
        BigInteger[] edges = [0, 1, 2, P - 1, P, P + 1, (BigInteger.One << 256) - 1, (BigInteger.One << 255), (BigInteger.One << 32) + 977];
        foreach (var edge in edges)
        {
            yield return edge;
        }
        var random = new Random(7);
        var bytes = new byte[32];
        for (var i = 0; i < 200; i++)
        {
            random.NextBytes(bytes);
            yield return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        }
    }

    [Test]
    public void FieldArithmetic_RandomAndEdgeValues_MatchBigInteger()
    {
        var values = FieldValues().ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            var a = values[i];
            var b = values[(i * 7 + 3) % values.Length];
            var fa = ToField(a);
            var fb = ToField(b);
            Assert.That(FromField(Secp256k1Field.Multiply(fa, fb)), Is.EqualTo(a * b % P), $"mul {a} {b}");
            Assert.That(FromField(Secp256k1Field.Square(fa)), Is.EqualTo(a * a % P), $"sqr {a}");
            Assert.That(FromField(Secp256k1Field.Add(fa, fb)), Is.EqualTo((a + b) % P), $"add {a} {b}");
            Assert.That(FromField(Secp256k1Field.Subtract(fa, fb)), Is.EqualTo(Mod(a - b, P)), $"sub {a} {b}");
            Assert.That(FromField(Secp256k1Field.Negate(fa)), Is.EqualTo(Mod(-a, P)), $"neg {a}");
            Assert.That(FromField(Secp256k1Field.MultiplySmall(fa, 977)), Is.EqualTo(a * 977 % P), $"small {a}");
            Assert.That(fa.IsZero, Is.EqualTo(a % P == 0), $"zero {a}");
            Assert.That(fa.IsOdd, Is.EqualTo(!(a % P).IsEven), $"odd {a}");
        }
    }

    [Test]
    public void FieldInvert_RandomAndEdgeValues_MatchesFermat()
    {
        foreach (var a in FieldValues())
        {
            var inverse = FromField(Secp256k1Field.Invert(ToField(a)));
            Assert.That(inverse, Is.EqualTo(BigInteger.ModPow(a, P - 2, P)), $"inv {a}");
            if (a % P != 0)
            {
                Assert.That(inverse * a % P, Is.EqualTo(BigInteger.One), $"inv·a {a}");
            }
        }
    }

    [Test]
    public void FieldSqrt_ResiduesAndNonResidues_AgreesWithEulerCriterion()
    {
        var residues = 0;
        var nonResidues = 0;
        foreach (var a in FieldValues())
        {
            var isResidue = a % P == 0 || BigInteger.ModPow(a, (P - 1) / 2, P) == 1;
            var found = Secp256k1Field.TrySqrt(ToField(a), out var root);
            Assert.That(found, Is.EqualTo(isResidue), $"sqrt exists {a}");
            if (found)
            {
                var r = FromField(root);
                Assert.That(r * r % P, Is.EqualTo(a % P), $"root² {a}");
                residues++;
            }
            else
            {
                nonResidues++;
            }
        }
        Assert.That(residues, Is.GreaterThan(50));
        Assert.That(nonResidues, Is.GreaterThan(50));
    }

    [Test]
    public void ScalarArithmetic_RandomValues_MatchBigInteger()
    {
        var random = new Random(11);
        var bytes = new byte[32];
        for (var i = 0; i < 200; i++)
        {
            var a = RandomScalar(random, bytes, i);
            var b = RandomScalar(random, bytes, i + 1);
            var sa = ToScalar(a);
            var sb = ToScalar(b);
            Assert.That(FromScalar(Secp256k1Scalar.Multiply(sa, sb)), Is.EqualTo(a * b % N), $"mul {a} {b}");
            Assert.That(FromScalar(Secp256k1Scalar.Add(sa, sb)), Is.EqualTo((a + b) % N), $"add {a} {b}");
            Assert.That(FromScalar(Secp256k1Scalar.Negate(sa)), Is.EqualTo(Mod(-a, N)), $"neg {a}");
            var inverse = BigInteger.ModPow(a, N - 2, N);
            Assert.That(FromScalar(Secp256k1Scalar.InvertBlinded(sa)), Is.EqualTo(inverse), $"inv blinded {a}");
            Assert.That(FromScalar(Secp256k1Scalar.InvertVariableTime(sa)), Is.EqualTo(inverse), $"inv vartime {a}");
            Assert.That(sa.IsHigh, Is.EqualTo(a > N / 2), $"high {a}");

            var (first, second) = Secp256k1Scalar.SplitLambda(sa);
            var f = FromScalar(first);
            var s = FromScalar(second);
            Assert.That((f + s * Lambda) % N, Is.EqualTo(a), $"split {a}");
            Assert.That(BigInteger.Min(f, N - f), Is.LessThan(BigInteger.One << 128), $"first half {a}");
            Assert.That(BigInteger.Min(s, N - s), Is.LessThan(BigInteger.One << 128), $"second half {a}");
        }
    }

    [TestCase("1")]
    [TestCase("2")]
    [TestCase("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140")]
    [TestCase("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0")]
    public void ScalarInvert_EdgeValues_BothMethodsGiveTheInverse(string hex)
    {
        var a = Parse(hex);
        var expected = BigInteger.ModPow(a, N - 2, N);
        Assert.That(FromScalar(Secp256k1Scalar.InvertBlinded(ToScalar(a))), Is.EqualTo(expected));
        Assert.That(FromScalar(Secp256k1Scalar.InvertVariableTime(ToScalar(a))), Is.EqualTo(expected));
        Assert.That(expected * a % N, Is.EqualTo(BigInteger.One));
    }

    [Test]
    public void ScalarReduce_ValuesAroundOrder_ReducesAndReportsOverflow()
    {
        foreach (var value in new[] { BigInteger.Zero, N - 1, N, N + 5, (BigInteger.One << 256) - 1 })
        {
            var reduced = Secp256k1Scalar.Reduce(ToBytes(value), out var overflowed);
            Assert.That(FromScalar(reduced), Is.EqualTo(value % N), $"reduce {value}");
            Assert.That(overflowed, Is.EqualTo(value >= N), $"overflow {value}");
            Assert.That(Secp256k1Scalar.TryRead(ToBytes(value), out _), Is.EqualTo(value > 0 && value < N), $"valid {value}");
        }
    }

    [TestCaseSource(nameof(EdgeScalars))]
    public void MultiplyGenerator_EdgeAndRandomScalars_MatchesDoubleAndAdd(string scalarHex)
    {
        var k = Parse(scalarHex);
        var expected = Reference(k, Secp256k1AffinePoint.Generator);
        Assert.That(Affine(Secp256k1Multiplier.MultiplyGenerator(ToScalar(k))), Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(EdgeScalars))]
    public void MultiplyGeneratorAndAdd_EdgeAndRandomScalars_MatchesDoubleAndAdd(string scalarHex)
    {
        var k = Parse(scalarHex);
        var pointScalar = (k * 3 + 12345) % N;
        var point = Secp256k1Multiplier.MultiplyGenerator(ToScalar(pointScalar));
        Assert.That(point.TryToAffine(out var affinePoint), Is.True);

        // a·G + b·P = (a + b·pointScalar)·G
        foreach (var (a, b) in new[] { (k, BigInteger.Zero), (BigInteger.Zero, k), (k, N - k), (k, (k + 1) % N), (N - 1, k) })
        {
            var combined = (a + b * pointScalar) % N;
            var expected = combined == 0 ? null : Reference(combined, Secp256k1AffinePoint.Generator);
            var actual = Secp256k1Multiplier.MultiplyGeneratorAndAdd(ToScalar(a), ToScalar(b), affinePoint);
            Assert.That(actual.IsInfinity ? null : Affine(actual), Is.EqualTo(expected), $"a = {a}, b = {b}");
        }
    }

    [Test]
    public void MultiplyGenerator_OrderMinusOne_IsNegatedGenerator()
    {
        var g = Secp256k1AffinePoint.Generator;
        Assert.That(Affine(Secp256k1Multiplier.MultiplyGenerator(ToScalar(N - 1))), Is.EqualTo(Affine(Secp256k1Point.FromAffine(g.Negate()))));
        Assert.That(Affine(Secp256k1Point.Add(Secp256k1Point.FromAffine(g), Secp256k1Point.FromAffine(g.Negate()))), Is.Null);
    }

    private static IEnumerable<string> EdgeScalars()
    {
        yield return "1";
        yield return "2";
        yield return "3";
        yield return "f";
        yield return "10";
        yield return "11";
        yield return (N - 1).ToString("x", null);
        yield return (N - 2).ToString("x", null);
        yield return (BigInteger.One << 255).ToString("x", null);
        yield return ((BigInteger.One << 128) - 1).ToString("x", null);
        yield return (BigInteger.One << 128).ToString("x", null);
        var random = new Random(3);
        var bytes = new byte[32];
        for (var i = 0; i < 6; i++)
        {
            yield return RandomScalar(random, bytes, i).ToString("x", null);
        }
    }

    // Plain double-and-add over affine coordinates in BigInteger, independent of the code under test.
    private static (BigInteger X, BigInteger Y)? Reference(BigInteger k, Secp256k1AffinePoint point)
    {
        (BigInteger X, BigInteger Y)? result = null;
        (BigInteger X, BigInteger Y)? addend = (FromField(point.X), FromField(point.Y));
        for (; k > 0; k >>= 1)
        {
            if (!k.IsEven)
            {
                result = ReferenceAdd(result, addend);
            }
            addend = ReferenceAdd(addend, addend);
        }
        return result;
    }

    private static (BigInteger X, BigInteger Y)? ReferenceAdd((BigInteger X, BigInteger Y)? p, (BigInteger X, BigInteger Y)? q)
    {
        if (p is not { } a)
        {
            return q;
        }
        if (q is not { } b)
        {
            return p;
        }
        BigInteger slope;
        if (a.X == b.X)
        {
            if ((a.Y + b.Y) % P == 0)
            {
                return null;
            }
            slope = 3 * a.X * a.X * BigInteger.ModPow(2 * a.Y, P - 2, P) % P;
        }
        else
        {
            slope = Mod(b.Y - a.Y, P) * BigInteger.ModPow(Mod(b.X - a.X, P), P - 2, P) % P;
        }
        var x = Mod(slope * slope - a.X - b.X, P);
        return (x, Mod(slope * (a.X - x) - a.Y, P));
    }

    private static (BigInteger X, BigInteger Y)? Affine(Secp256k1Point point) =>
        point.TryToAffine(out var affine) ? (FromField(affine.X), FromField(affine.Y)) : null;

    private static BigInteger RandomScalar(Random random, byte[] bytes, int salt)
    {
        random.NextBytes(bytes);
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true) % N;
        return value == 0 ? salt + 1 : value;
    }

    private static BigInteger Parse(string hex) => BigInteger.Parse("0" + hex, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

    private static BigInteger Mod(BigInteger value, BigInteger modulus) => ((value % modulus) + modulus) % modulus;

    private static byte[] ToBytes(BigInteger value)
    {
        var bytes = new byte[32];
        value.TryWriteBytes(bytes.AsSpan(32 - value.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return bytes;
    }

    private static Secp256k1Field ToField(BigInteger value) => Secp256k1Field.FromBytes(ToBytes(value));

    private static BigInteger FromField(Secp256k1Field value)
    {
        var bytes = new byte[32];
        value.WriteBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    private static Secp256k1Scalar ToScalar(BigInteger value) => Secp256k1Scalar.Reduce(ToBytes(value), out _);

    private static BigInteger FromScalar(Secp256k1Scalar value)
    {
        var bytes = new byte[32];
        value.WriteBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }
}
