using System.Numerics;

namespace Livepeer.Payments.Tests.Tickets;

[TestFixture]
public sealed class BigRationalTests
{
    // Reduces n/d from scratch, the way every shortcut in the operators must agree with.
    private static (BigInteger Numerator, BigInteger Denominator) Reduce(BigInteger n, BigInteger d)
    {
        if (d.Sign < 0)
        {
            (n, d) = (-n, -d);
        }
        if (n.IsZero)
        {
            return (n, BigInteger.One);
        }
        var gcd = BigInteger.GreatestCommonDivisor(n, d);
        return (n / gcd, d / gcd);
    }

    private static BigInteger RandomInteger(Random random, int maxBytes, bool allowNegative)
    {
        var bytes = new byte[random.Next(1, maxBytes + 1)];
        random.NextBytes(bytes);
        var value = new BigInteger(bytes, isUnsigned: true);
        return allowNegative && random.Next(2) == 0 ? -value : value;
    }

    private static BigRational RandomRational(Random random)
    {
        // Mix whole numbers, small denominators and ticket-EV-sized ones (denominators that divide 2^256 - 1).
        var numerator = RandomInteger(random, 40, allowNegative: true);
        return random.Next(4) switch
        {
            0 => new BigRational(numerator),
            1 => new BigRational(numerator, random.Next(1, 64)),
            2 => new BigRational(numerator, TicketMath.MaxWinProb),
            _ => new BigRational(numerator, RandomInteger(random, 33, allowNegative: false) + BigInteger.One),
        };
    }

    [Test]
    public void Add_RandomOperands_EqualsTheReducedCrossProductSum()
    {
        var random = new Random(2026);
        for (var i = 0; i < 2000; i++)
        {
            var a = RandomRational(random);
            var b = RandomRational(random);
            var sum = a + b;
            var expected = Reduce((a.Numerator * b.Denominator) + (b.Numerator * a.Denominator), a.Denominator * b.Denominator);
            Assert.That((sum.Numerator, sum.Denominator), Is.EqualTo(expected), $"{a} + {b}");
        }
    }

    [Test]
    public void Add_SameTicketEvRepeatedly_EqualsTheEvTimesTheCount()
    {
        var ev = TicketMath.ExpectedValue(12_000_000_000_000_000, BigInteger.Parse("77194726158210796949047323339125271902179989777093709359638392000000000"));
        var balance = BigRational.Zero;
        for (var i = 0; i < 50; i++)
        {
            balance += ev;
        }
        var expected = Reduce(ev.Numerator * 50, ev.Denominator);
        Assert.That((balance.Numerator, balance.Denominator), Is.EqualTo(expected));
        Assert.That(balance, Is.EqualTo(ev * 50));
    }

    [Test]
    public void Multiply_RandomOperands_EqualsTheReducedProduct()
    {
        var random = new Random(2027);
        for (var i = 0; i < 2000; i++)
        {
            var a = RandomRational(random);
            var b = random.Next(3) == 0 ? new BigRational(random.Next(-3, 700)) : RandomRational(random);
            var product = random.Next(2) == 0 ? a * b : b * a;
            var expected = Reduce(a.Numerator * b.Numerator, a.Denominator * b.Denominator);
            Assert.That((product.Numerator, product.Denominator), Is.EqualTo(expected), $"{a} * {b}");
        }
    }

    [Test]
    public void Multiply_ByZero_IsZeroOverOne()
    {
        var product = new BigRational(5, 7) * 0;
        Assert.Multiple(() =>
        {
            Assert.That(product.IsZero, Is.True);
            Assert.That(product.IsInteger, Is.True);
            Assert.That(product.Denominator, Is.EqualTo(BigInteger.One));
        });
    }
}
