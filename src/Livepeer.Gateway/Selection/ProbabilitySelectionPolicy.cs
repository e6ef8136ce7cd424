using System.Globalization;

namespace Livepeer.Gateway;

/// <summary>
/// <c>Probability</c>: go-livepeer's <c>ProbabilitySelectionAlgorithm</c>. Each candidate's probability is
/// <c>priceWeight × e^(−price/priceExpFactor) / Σ e^(−price/priceExpFactor) + stakeWeight × stake / Σ stake +
/// randomWeight / N</c> (a sum that is zero counts as 1), with the price in wei per pixel; one uniform draw walks the
/// cumulative probabilities in candidate order. The pool has already applied the price limit, so it is not applied
/// again here. A candidate without a price gets no share of the price weight, and one whose stake is unknown counts
/// as stake 0. Weight that no candidate can claim (the stake weight when no stake is known, the price weight when no
/// price is) is shared evenly: go-livepeer's walk lets a draw above the total land on the last candidate of a map in
/// random order, which amounts to the same; walking a list in a fixed order, it would all go to the last candidate.
/// </summary>
internal sealed class ProbabilitySelectionPolicy : IOrchestratorSelectionPolicy
{
    public const string PolicyName = "Probability";

    /// <summary>go-livepeer's tolerance on the sum of the weights.</summary>
    public const double WeightTolerance = 0.0001;

    private readonly double _stakeWeight;
    private readonly double _priceWeight;
    private readonly double _randomWeight;
    private readonly double _priceExpFactor;

    /// <exception cref="GatewayException"><see cref="GatewayErrorCode.InvalidConfiguration"/> when a weight is negative, the weights do not sum to 1, or the price factor is not positive.</exception>
    public ProbabilitySelectionPolicy(double stakeWeight, double priceWeight, double randomWeight, double priceExpFactor)
    {
        foreach (var (name, weight) in new[] { ("StakeWeight", stakeWeight), ("PriceWeight", priceWeight), ("RandomWeight", randomWeight) })
        {
            if (!double.IsFinite(weight) || weight < 0)
            {
                throw Invalid($"Livepeer:Gateway:{name} is {Format(weight)}; selection weights must be between 0 and 1.");
            }
        }

        var sum = stakeWeight + priceWeight + randomWeight;
        if (Math.Abs(sum - 1) > WeightTolerance)
        {
            throw Invalid(
                $"Livepeer:Gateway:StakeWeight ({Format(stakeWeight)}), PriceWeight ({Format(priceWeight)}) and RandomWeight ({Format(randomWeight)}) sum to {Format(sum)}; they must sum to 1.");
        }

        if (!double.IsFinite(priceExpFactor) || priceExpFactor <= 0)
        {
            throw Invalid($"Livepeer:Gateway:PriceExpFactor is {Format(priceExpFactor)}; it must be positive.");
        }

        _stakeWeight = stakeWeight;
        _priceWeight = priceWeight;
        _randomWeight = randomWeight;
        _priceExpFactor = priceExpFactor;
    }

    public static ProbabilitySelectionPolicy FromOptions(LivepeerGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ProbabilitySelectionPolicy(options.StakeWeight, options.PriceWeight, options.RandomWeight, options.PriceExpFactor);
    }

    public SelectionCandidate? Select(IReadOnlyList<SelectionCandidate> candidates, SelectionContext context)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(context);
        if (candidates.Count == 0)
        {
            return null;
        }

        var probabilities = Probabilities(candidates);
        var draw = context.Random.NextDouble();
        var cumulative = 0d;
        SelectionCandidate? lastPossible = null;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (probabilities[i] <= 0)
            {
                continue;
            }

            cumulative += probabilities[i];
            lastPossible = candidates[i];
            if (draw < cumulative)
            {
                return candidates[i];
            }
        }

        // Floating-point rounding may leave the total a hair under 1; such a draw lands on the last candidate that could win.
        return lastPossible;
    }

    /// <summary>Each candidate's probability of being drawn, in candidate order; they sum to 1 (within the weights' tolerance).</summary>
    public double[] Probabilities(IReadOnlyList<SelectionCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var count = candidates.Count;
        var priceTerms = new double[count];
        var stakes = new double[count];
        var priceSum = 0d;
        var stakeSum = 0d;
        for (var i = 0; i < count; i++)
        {
            var candidate = candidates[i];
            if (candidate.Price is { IsValid: true } price)
            {
                priceTerms[i] = Math.Exp(-PerPixel(price.PricePerUnit, price.PixelsPerUnit) / _priceExpFactor);
                priceSum += priceTerms[i];
            }

            stakes[i] = candidate.Stake.Sign > 0 ? (double)candidate.Stake : 0;
            stakeSum += stakes[i];
        }

        var unclaimed = (priceSum == 0 ? _priceWeight : 0) + (stakeSum == 0 ? _stakeWeight : 0);
        priceSum = priceSum == 0 ? 1 : priceSum;
        stakeSum = stakeSum == 0 ? 1 : stakeSum;
        var probabilities = new double[count];
        for (var i = 0; i < count; i++)
        {
            probabilities[i] = (_priceWeight * priceTerms[i] / priceSum) + (_stakeWeight * stakes[i] / stakeSum) + ((_randomWeight + unclaimed) / count);
        }

        return probabilities;
    }

    private static double PerPixel(System.Numerics.BigInteger pricePerUnit, System.Numerics.BigInteger pixelsPerUnit)
        => (double)pricePerUnit / (double)pixelsPerUnit;

    private static GatewayException Invalid(string message) => new(GatewayErrorCode.InvalidConfiguration, message);

    private static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
