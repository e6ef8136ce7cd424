using System.Numerics;

namespace Livepeer.Payments.Tests.Accounting;

[TestFixture]
public sealed class FeeEstimatorTests
{
    private static readonly OutputRendition P144 = new(256, 144, 30, 1);
    private static readonly OutputRendition P240 = new(426, 240, 30, 1);
    private static readonly OutputRendition P360 = new(640, 360, 30, 1);

    private static IEnumerable<TestCaseData> Vectors()
    {
        yield return new TestCaseData(new[] { P144 }, 2.0, 2_211_840L).SetName("EstimateFee_P144_2s");
        yield return new TestCaseData(new[] { P144, P240 }, 2.0, 8_346_240L).SetName("EstimateFee_P144P240_2s");
        yield return new TestCaseData(new[] { P144, P240 }, 2.2, 12_519_360L).SetName("EstimateFee_P144P240_2point2s");
        yield return new TestCaseData(new[] { P144 with { FramerateNumerator = 0 }, P240 }, 3.0, 15_837_120L).SetName("EstimateFee_Passthrough_3s");
        yield return new TestCaseData(new[] { P144 with { FramerateNumerator = 30000, FramerateDenominator = 1001 }, P240 }, 3.0, 12_519_360L).SetName("EstimateFee_NtscRate_3s");
    }

    [Category("Vectors")]
    [TestCaseSource(nameof(Vectors))]
    public void EstimateFee_GoLivepeerTestEstimateFee_MatchesPixelsTimesExactMultiplier(OutputRendition[] outputs, double seconds, long pixels)
    {
        var duration = TimeSpan.FromSeconds(seconds);
        var fee = FeeEstimator.EstimateFee(outputs, duration, new PixelPrice(3, 1));
        Assert.Multiple(() =>
        {
            Assert.That(FeeEstimator.EstimatePixels(outputs, duration), Is.EqualTo(new BigInteger(pixels)));
            Assert.That(fee, Is.EqualTo(new BigRational(pixels) * new BigRational(2296835809958953, 2251799813685248) * 3));
            Assert.That(fee, Is.Not.EqualTo(new BigRational(pixels * 306, 100)), "1.02 is Go's float64, not the decimal");
        });
    }

    [Category("Vectors")]
    [Test]
    public void EstimateFee_WorkedExample_NeedsFourProductionTickets()
    {
        var fee = FeeEstimator.EstimateFee([P240, P360], TimeSpan.FromSeconds(2), new PixelPrice(1200, 1));
        var ev = TicketMath.ExpectedValue(BigInteger.Parse("12000000000000000"), BigInteger.Parse("77194726158210796949047323339125271902179989777093709359638392000000000"));
        var balances = new PaymentBalances();
        var update = balances.StageUpdate(Keys.Orchestrator, "m", FeeEstimator.MinCredit(fee, ev), ev);
        Assert.Multiple(() =>
        {
            Assert.That(FeeEstimator.EstimatePixels([P240, P360], TimeSpan.FromSeconds(2)), Is.EqualTo(new BigInteger(19_958_400)));
            Assert.That(fee.ToDecimalString(0), Is.EqualTo("24429081600"));
            Assert.That(update.NumTickets, Is.EqualTo(4));
        });
    }

    [Test]
    public void MinCredit_FeeBelowEv_IsEv()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FeeEstimator.MinCredit(5, 8), Is.EqualTo(new BigRational(8)));
            Assert.That(FeeEstimator.MinCredit(9, 8), Is.EqualTo(new BigRational(9)));
        });
    }

    [Test]
    public void EstimatePixels_NegativeDuration_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => FeeEstimator.EstimatePixels([P144], TimeSpan.FromSeconds(-1)));
}
