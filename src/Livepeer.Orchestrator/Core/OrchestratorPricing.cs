using System.Numerics;
using Livepeer.Payments;
using Livepeer.Protocol;
using Microsoft.Extensions.Options;

namespace Livepeer.Orchestrator;

/// <summary>
/// The price advertised to a gateway (go-livepeer's <c>priceInfo</c>): the price the auth webhook set for it, else its
/// <see cref="LivepeerOrchestratorOptions.PricePerGateway"/> entry, else the default price; with
/// <see cref="LivepeerOrchestratorOptions.AutoAdjustPrice"/> a positive price is raised by 1/txCostMultiplier and
/// truncated to 3 decimals. The result is a reduced fraction.
/// </summary>
internal sealed class OrchestratorPricing
{
    private const int FixedPointScale = 1000;

    private readonly LivepeerOrchestratorOptions _options;
    private readonly DiscoveryAuthWebhook _webhook;

    public OrchestratorPricing(IOptions<LivepeerOrchestratorOptions> options, DiscoveryAuthWebhook webhook)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(webhook);
        _options = options.Value;
        _webhook = webhook;
    }

    /// <summary>The configured price for <paramref name="gateway"/> before any adjustment, in wei per pixel.</summary>
    public BigRational BasePrice(EthAddress gateway)
    {
        if (_webhook.CachedPrice(gateway) is { } overridden)
        {
            return overridden.ToRational();
        }

        foreach (var entry in _options.PricePerGateway)
        {
            if (entry.Address == gateway)
            {
                return ToRational(entry.PricePerUnit, entry.PixelsPerUnit);
            }
        }

        return ToRational(_options.PricePerUnit, _options.PixelsPerUnit);
    }

    /// <summary>The price to advertise to <paramref name="gateway"/>.</summary>
    /// <exception cref="PaymentException">The gateway's reserve cannot back a ticket (the tx-cost multiplier needs a face value).</exception>
    public async Task<PixelPrice> PriceForAsync(EthAddress gateway, TicketRecipient recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        var basePrice = BasePrice(gateway);
        if (!_options.AutoAdjustPrice || basePrice.Sign <= 0)
        {
            return ToPrice(basePrice);
        }

        var multiplier = await recipient.GetTxCostMultiplierAsync(gateway, cancellationToken).ConfigureAwait(false);
        return ToPrice(Adjust(basePrice, multiplier));
    }

    /// <summary>price × (1 + 1/multiplier) (no overhead for a multiplier of 0), truncated to 3 decimals.</summary>
    public static BigRational Adjust(BigRational price, BigRational txCostMultiplier)
    {
        var overhead = txCostMultiplier.Sign > 0 ? BigRational.One + (BigRational.One / txCostMultiplier) : BigRational.One;
        var scaled = (price * overhead * FixedPointScale).Floor();
        return new BigRational(scaled, FixedPointScale);
    }

    public static PixelPrice ToPrice(BigRational price) => new(price.Numerator, price.Denominator);

    /// <summary>An operator's decimal price per <paramref name="pixelsPerUnit"/> pixels, exactly.</summary>
    public static BigRational ToRational(decimal pricePerUnit, long pixelsPerUnit)
    {
        if (pixelsPerUnit <= 0)
        {
            throw new InvalidOperationException($"{LivepeerOrchestratorOptions.SectionName}:PixelsPerUnit must be positive; it is {pixelsPerUnit}.");
        }

        Span<int> bits = stackalloc int[4];
        decimal.GetBits(pricePerUnit, bits);
        var magnitude = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (bits[3] >> 16) & 0xFF;
        if (bits[3] < 0)
        {
            magnitude = -magnitude;
        }

        return new BigRational(magnitude, BigInteger.Pow(10, scale) * pixelsPerUnit);
    }
}
