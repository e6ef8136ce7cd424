using Microsoft.Extensions.Options;

namespace Livepeer.Gateway;

/// <summary>Checks <see cref="LivepeerGatewayOptions"/> at start; every message names the setting.</summary>
internal sealed class LivepeerGatewayOptionsValidator(IEnumerable<DiscoverySourceRegistration> discoverySources) : IValidateOptions<LivepeerGatewayOptions>
{
    private const string Section = LivepeerGatewayOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, LivepeerGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Check(options, discoverySources.Any());
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The problems of <paramref name="options"/>, empty when they are valid.</summary>
    public static List<string> Check(LivepeerGatewayOptions options, bool hasDiscoverySources)
    {
        var failures = new List<string>();
        if (options.MaxAttempts < 1)
        {
            failures.Add($"{Section}:MaxAttempts must be at least 1; got {options.MaxAttempts}.");
        }

        if (options.PixelsPerUnit <= 0)
        {
            failures.Add($"{Section}:PixelsPerUnit must be positive; got {options.PixelsPerUnit}.");
        }

        if (options.MaxPricePerUnit is < 0)
        {
            failures.Add($"{Section}:MaxPricePerUnit must not be negative; got {options.MaxPricePerUnit}.");
        }

        if (options.DiscoveryTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:DiscoveryTimeout must be positive; got {options.DiscoveryTimeout}.");
        }

        if (options.DiscoveryCutoff <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:DiscoveryCutoff must be positive; got {options.DiscoveryCutoff}.");
        }
        else if (options.DiscoveryCutoff < options.DiscoveryTimeout)
        {
            failures.Add($"{Section}:DiscoveryCutoff ({options.DiscoveryCutoff}) must not be shorter than DiscoveryTimeout ({options.DiscoveryTimeout}).");
        }

        if (options.MaxTrustedSessions < 1)
        {
            failures.Add($"{Section}:MaxTrustedSessions must be at least 1; got {options.MaxTrustedSessions}.");
        }

        if (string.IsNullOrWhiteSpace(options.SelectionPolicy))
        {
            failures.Add($"{Section}:SelectionPolicy must name a selection policy.");
        }

        CheckWeights(options, failures);
        foreach (var uri in options.Orchestrators)
        {
            if (uri is null || !uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                failures.Add($"{Section}:Orchestrators holds '{uri}', which is not an absolute https:// or http:// URI.");
            }
        }

        if (options.WebhookUrl is { } webhook && (!webhook.IsAbsoluteUri || (webhook.Scheme != Uri.UriSchemeHttps && webhook.Scheme != Uri.UriSchemeHttp)))
        {
            failures.Add($"{Section}:WebhookUrl '{webhook}' is not an absolute https:// or http:// URL.");
        }

        if (options.OffChain)
        {
            if (options.Orchestrators.Count == 0 && options.WebhookUrl is null && options.SubgraphUrl is null && !hasDiscoverySources)
            {
                failures.Add($"{Section}:OffChain needs orchestrators to send to: set {Section}:Orchestrators or {Section}:WebhookUrl, or add a source with AddDiscovery.");
            }

            if (options.OnChainDiscovery == true)
            {
                failures.Add($"{Section}:OnChainDiscovery needs the chain; it cannot be on when {Section}:OffChain is set.");
            }

            if (options.RequireOrchestratorIdentity)
            {
                failures.Add($"{Section}:RequireOrchestratorIdentity reads the ServiceRegistry on chain; it cannot be on when {Section}:OffChain is set.");
            }
        }

        return failures;
    }

    private static void CheckWeights(LivepeerGatewayOptions options, List<string> failures)
    {
        var weights = new[] { (nameof(options.StakeWeight), options.StakeWeight), (nameof(options.PriceWeight), options.PriceWeight), (nameof(options.RandomWeight), options.RandomWeight) };
        foreach (var (setting, weight) in weights)
        {
            if (!double.IsFinite(weight) || weight < 0 || weight > 1)
            {
                failures.Add($"{Section}:{setting} must be between 0 and 1; got {weight}.");
            }
        }

        if (Math.Abs(options.StakeWeight + options.PriceWeight + options.RandomWeight - 1) > 0.0001)
        {
            failures.Add($"{Section}:StakeWeight + PriceWeight + RandomWeight must sum to 1; got {options.StakeWeight + options.PriceWeight + options.RandomWeight}.");
        }

        if (!double.IsFinite(options.PriceExpFactor) || options.PriceExpFactor <= 0)
        {
            failures.Add($"{Section}:PriceExpFactor must be positive; got {options.PriceExpFactor}.");
        }
    }
}
