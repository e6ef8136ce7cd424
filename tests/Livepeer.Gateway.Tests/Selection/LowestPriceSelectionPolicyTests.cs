using Livepeer.Payments;

namespace Livepeer.Gateway.Tests.Selection;

public sealed class LowestPriceSelectionPolicyTests
{
    private static readonly SelectionContext Context = new(new Random(1), TimeProvider.System);

    [Test]
    public void Select_DifferentPrices_PicksCheapestPerPixel()
    {
        var candidates = new[]
        {
            new SelectionCandidate(new Uri("https://127.0.0.1:1")) { Price = new PixelPrice(3, 2) },
            new SelectionCandidate(new Uri("https://127.0.0.1:2")) { Price = new PixelPrice(5, 4) },
            new SelectionCandidate(new Uri("https://127.0.0.1:3")) { Price = null },
            new SelectionCandidate(new Uri("https://127.0.0.1:4")) { Price = new PixelPrice(2, 1) },
        };

        var chosen = new LowestPriceSelectionPolicy().Select(candidates, Context);

        Assert.That(chosen?.ServiceUri.Port, Is.EqualTo(2));
    }

    [Test]
    public void Select_EqualPrices_PrefersBetterLatencyScore()
    {
        var candidates = new[]
        {
            new SelectionCandidate(new Uri("https://127.0.0.1:1")) { Price = new PixelPrice(1, 1), LatencyScore = 0.9 },
            new SelectionCandidate(new Uri("https://127.0.0.1:2")) { Price = new PixelPrice(2, 2), LatencyScore = 0.4 },
            new SelectionCandidate(new Uri("https://127.0.0.1:3")) { Price = new PixelPrice(1, 1) },
        };

        var chosen = new LowestPriceSelectionPolicy().Select(candidates, Context);

        Assert.That(chosen?.ServiceUri.Port, Is.EqualTo(2));
    }

    [Test]
    public void Select_NoPrices_PicksFirst()
    {
        var candidates = new[]
        {
            new SelectionCandidate(new Uri("https://127.0.0.1:1")),
            new SelectionCandidate(new Uri("https://127.0.0.1:2")),
        };

        Assert.That(new LowestPriceSelectionPolicy().Select(candidates, Context)?.ServiceUri.Port, Is.EqualTo(1));
    }
}
