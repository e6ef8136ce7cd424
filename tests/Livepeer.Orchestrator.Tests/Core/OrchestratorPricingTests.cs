using Livepeer.Payments;

namespace Livepeer.Orchestrator.Tests;

/// <summary>go-livepeer's price arithmetic (§8.2): overhead 1 + 1/txCostMultiplier, 3 decimals, reduced fractions.</summary>
[Category("Vectors")]
public sealed class OrchestratorPricingTests
{
    [TestCase(1200, 1, 100, 1212, 1)]
    [TestCase(0.5, 1, 100, 101, 200)]
    [TestCase(1, 3, 100, 42, 125)]
    [TestCase(1200, 1, 0, 1200, 1)]
    [TestCase(2400, 2, 100, 1212, 1)]
    public void Adjust_GoLivepeerExamples_GiveTheReducedFixedPointPrice(decimal pricePerUnit, long pixelsPerUnit, long multiplier, long expectedNumerator, long expectedDenominator)
    {
        var price = OrchestratorPricing.ToPrice(OrchestratorPricing.Adjust(OrchestratorPricing.ToRational(pricePerUnit, pixelsPerUnit), new BigRational(multiplier)));

        Assert.That((price.PricePerUnit, price.PixelsPerUnit), Is.EqualTo(((System.Numerics.BigInteger)expectedNumerator, (System.Numerics.BigInteger)expectedDenominator)));
    }

    [Test]
    public void ToRational_DecimalPrice_IsExact()
    {
        Assert.That(OrchestratorPricing.ToRational(0.000125m, 1000), Is.EqualTo(new BigRational(1, 8_000_000)));
        Assert.That(OrchestratorPricing.ToRational(-3m, 1), Is.EqualTo(new BigRational(-3)));
    }

    [Test]
    public void ToRational_ZeroPixelsPerUnit_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => OrchestratorPricing.ToRational(1m, 0));

        Assert.That(error!.Message, Does.Contain("PixelsPerUnit"));
    }
}
