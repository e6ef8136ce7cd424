using System.Numerics;
using Livepeer.Protocol;

namespace Livepeer.Payments.Tests.Tickets;

[TestFixture]
public sealed class TicketMathTests
{
    private static readonly BigInteger Max = TicketMath.MaxWinProb;

    [Category("Vectors")]
    [Test]
    public void ExpectedValue_GoLivepeerTestEv_PrintsAsGo()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TicketMath.MaxWinProb, Is.EqualTo((BigInteger.One << 256) - 1));
            Assert.That(TicketMath.ExpectedValue(1000, Max / 2).ToDecimalString(0), Is.EqualTo("500"));
            Assert.That(TicketMath.ExpectedValue(1000, 0).ToDecimalString(0), Is.EqualTo("0"));
            Assert.That(TicketMath.ExpectedValue(1000, Max), Is.EqualTo(new BigRational(1000)));
            Assert.That(TicketMath.ExpectedValue(0, 999).ToDecimalString(0), Is.EqualTo("0"));
        });
    }

    [Category("Vectors")]
    [Test]
    public void WinProbability_GoLivepeerTestWinProbRat_PrintsAsGo()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TicketMath.WinProbability(Max / 2).ToDecimalString(1), Is.EqualTo("0.5"));
            Assert.That(TicketMath.WinProbability(Max / 4).ToDecimalString(2), Is.EqualTo("0.25"));
            Assert.That(TicketMath.WinProbability(Max / 2), Is.LessThan(new BigRational(1, 2)), "the denominator is 2^256-1, so floor(max/2) is just below a half");
        });
    }

    [Category("Vectors")]
    [TestCase("100000000", "5", "5789604461865809771178549250434395392663499233282028201972879200395660")]
    [TestCase("777000000", "5", "745122839364969082519761808292714979750772102095499125093034646125570")]
    [TestCase("10001", "5", "57890255593098787833002192285115442382396752657554526567072084795477017120")]
    [TestCase("12000000000000000", "8000000000", "77194726158210796949047323339125271902179989777093709359638392000000000")]
    public void WinProbForExpectedValue_WorkedNumbers_MatchGoLivepeer(string faceValue, string ev, string expected)
    {
        var winProb = TicketMath.WinProbForExpectedValue(BigInteger.Parse(faceValue), BigInteger.Parse(ev));
        Assert.Multiple(() =>
        {
            Assert.That(winProb, Is.EqualTo(BigInteger.Parse(expected)));
            Assert.That(TicketMath.ExpectedValue(BigInteger.Parse(faceValue), winProb), Is.GreaterThanOrEqualTo(new BigRational(BigInteger.Parse(ev))), "rounded up");
        });
    }

    [Test]
    public void WinProbForExpectedValue_EdgeCases_FollowTheRule()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TicketMath.WinProbForExpectedValue(0, 5), Is.EqualTo(BigInteger.Zero));
            Assert.That(TicketMath.WinProbForExpectedValue(5, 5), Is.EqualTo(Max));
            Assert.That(TicketMath.WinProbForExpectedValue(Max, 1), Is.EqualTo(BigInteger.One), "divides exactly: no rounding up");
            Assert.That(TicketMath.WinProbForExpectedValue(2, 1), Is.EqualTo((Max / 2) + 1), "remainder: rounds up");
        });
        Assert.Throws<ArgumentOutOfRangeException>(() => TicketMath.WinProbForExpectedValue(-1, 1));
    }

    [Category("Vectors")]
    [TestCase(100, "100000000")]
    [TestCase(777, "777000000")]
    public void FaceValue_TestTicketParamsGasCases_MatchGoLivepeer(long gasPrice, string expected)
    {
        var rejection = FaceValue.TryCompute(5, gasPrice, 10_000, 100, BigInteger.Pow(10, 30), 0, out var faceValue);
        Assert.Multiple(() =>
        {
            Assert.That(rejection, Is.Null);
            Assert.That(faceValue, Is.EqualTo(BigInteger.Parse(expected)));
        });
    }

    [Category("Vectors")]
    [Test]
    public void FaceValue_MaxFloat10001_CapsFaceValue()
    {
        var rejection = FaceValue.TryCompute(5, 1, 10_000, 100, 10_001, 0, out var faceValue);
        Assert.Multiple(() =>
        {
            Assert.That(rejection, Is.Null);
            Assert.That(faceValue, Is.EqualTo(new BigInteger(10_001)));
            Assert.That(TicketMath.WinProbForExpectedValue(faceValue, 5), Is.EqualTo(BigInteger.Parse("57890255593098787833002192285115442382396752657554526567072084795477017120")));
        });
    }

    [Category("Vectors")]
    [Test]
    public void FaceValue_ProductionLikeParams_Is12Finney()
    {
        var rejection = FaceValue.TryCompute(8_000_000_000, 100_000_000, 1_200_000, 100, BigInteger.Pow(10, 30), 0, out var faceValue);
        Assert.Multiple(() =>
        {
            Assert.That(rejection, Is.Null);
            Assert.That(faceValue, Is.EqualTo(BigInteger.Parse("12000000000000000")));
        });
    }

    [Category("Vectors")]
    [Test]
    public void FaceValue_GasZeroHugeMaxFloat_IsEvTimes100()
    {
        var rejection = FaceValue.TryCompute(5, 0, 10_000, 100, BigInteger.Pow(10, 40), 0, out var faceValue);
        Assert.Multiple(() =>
        {
            Assert.That(rejection, Is.Null);
            Assert.That(faceValue, Is.EqualTo(new BigInteger(500)));
        });
    }

    [Category("Vectors")]
    [Test]
    public void FaceValue_MaxFloatBelowEv_RejectsInsufficientReserve()
    {
        var rejection = FaceValue.TryCompute(5, 100, 10_000, 100, 4, 0, out _);
        Assert.That(rejection, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(rejection!.Reason, Is.EqualTo(TicketRejectionReason.MaxFloatBelowEv));
            Assert.That(rejection.Message, Does.StartWith("insufficient sender reserve"));
            Assert.That(rejection.Message, Does.Contain("4").And.Contain("5"));
        });
    }

    [Category("Vectors")]
    [Test]
    public void FaceValue_MaxFloatExactlyAverageTxCost_AcceptedAndOneWeiLessRejected()
    {
        var redeemGas = new BigInteger(10_000);
        var averageTxCost = redeemGas * 3_000_000_000;
        var gasAboveAverage = new BigInteger(4_000_000_000);

        var accepted = FaceValue.TryCompute(5, gasAboveAverage, redeemGas, 100, averageTxCost, 0, out var faceValue);
        var rejected = FaceValue.TryCompute(5, gasAboveAverage, redeemGas, 100, averageTxCost - 1, 0, out _);
        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.Null);
            Assert.That(faceValue, Is.EqualTo(averageTxCost));
            Assert.That(rejected?.Reason, Is.EqualTo(TicketRejectionReason.FaceValueBelowTxCost));
            Assert.That(rejected?.Message, Does.StartWith("insufficient sender reserve"));
            Assert.That(rejected?.Message, Does.Contain((averageTxCost - 1).ToString()));
        });
    }

    [Test]
    public void FaceValue_MaxFaceValueSet_CapsFaceValue()
    {
        var rejection = FaceValue.TryCompute(5, 100, 10_000, 100, BigInteger.Pow(10, 30), 1_000_000, out var faceValue);
        Assert.Multiple(() =>
        {
            Assert.That(rejection, Is.Null);
            Assert.That(faceValue, Is.EqualTo(new BigInteger(1_000_000)));
        });
    }

    [Test]
    public void BigRational_Arithmetic_IsExactAndReduced()
    {
        var third = new BigRational(1, 3);
        var r = new BigRational(2400, -2);
        Assert.Multiple(() =>
        {
            Assert.That(third + third + third, Is.EqualTo(BigRational.One));
            Assert.That(r.Numerator, Is.EqualTo(new BigInteger(-1200)));
            Assert.That(r.Denominator, Is.EqualTo(BigInteger.One));
            Assert.That(new BigRational(7, 4).Ceiling(), Is.EqualTo(new BigInteger(2)));
            Assert.That(new BigRational(-7, 4).Ceiling(), Is.EqualTo(new BigInteger(-1)));
            Assert.That(new BigRational(-7, 4).Floor(), Is.EqualTo(new BigInteger(-2)));
            Assert.That(default(BigRational), Is.EqualTo(BigRational.Zero));
            Assert.That(default(BigRational).Denominator, Is.EqualTo(BigInteger.One));
            Assert.That(new BigRational(2, 3).ToDecimalString(3), Is.EqualTo("0.667"));
            Assert.That(new BigRational(-1, 2).ToDecimalString(0), Is.EqualTo("-1"));
            Assert.That(new BigRational(3, 6).ToString(), Is.EqualTo("1/2"));
            Assert.That(third / new BigRational(2), Is.EqualTo(new BigRational(1, 6)));
            Assert.That(third * 3, Is.EqualTo(BigRational.One));
            Assert.That(third - third, Is.EqualTo(BigRational.Zero));
        });
        Assert.Throws<DivideByZeroException>(() => _ = new BigRational(1, 0));
        Assert.Throws<DivideByZeroException>(() => _ = third / BigRational.Zero);
    }

    [Test]
    public void PixelPrice_Reduce_GivesTheReducedFraction()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new PixelPrice(2400, 2).Reduce(), Is.EqualTo(new PixelPrice(1200, 1)));
            Assert.That(new PixelPrice(0, 7).Reduce(), Is.EqualTo(new PixelPrice(0, 1)));
            Assert.That(new PixelPrice(3, -6).Reduce(), Is.EqualTo(new PixelPrice(-1, 2)));
            Assert.That(new PixelPrice(1, 0).IsValid, Is.False);
            Assert.That(new PixelPrice(1200, 1).Cost(10), Is.EqualTo(new BigRational(12000)));
        });
        Assert.Throws<InvalidOperationException>(() => new PixelPrice(1, 0).Reduce());
    }
}
