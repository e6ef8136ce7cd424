using Microsoft.Extensions.Options;

namespace Livepeer.Orchestrator;

/// <summary>Checks the operator settings of <see cref="LivepeerOrchestratorOptions"/> at start, naming the setting at fault.</summary>
internal sealed class OperationsOptionsValidator(RemoteRedeemerSelection? selection = null, OrchestratorMode? mode = null) : IValidateOptions<LivepeerOrchestratorOptions>
{
    public ValidateOptionsResult Validate(string? name, LivepeerOrchestratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string prefix = LivepeerOrchestratorOptions.SectionName;
        var failures = new List<string>();
        if (options.ServiceUri is { } uri && (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            failures.Add($"{prefix}:ServiceUri '{uri}' must be an absolute https:// or http:// URI.");
        }

        if (!string.IsNullOrWhiteSpace(options.ListenAddress) && !ListenEndpoint.TryParse(options.ListenAddress.Trim(), out _))
        {
            failures.Add($"{prefix}:ListenAddress '{options.ListenAddress}' is not host:port with an IP address (or localhost), e.g. 0.0.0.0:8935.");
        }

        if ((options.CertificatePath is null) != (options.CertificateKeyPath is null))
        {
            failures.Add($"{prefix}:CertificatePath and {prefix}:CertificateKeyPath must be set together.");
        }

        if (options.RedeemerUri is { } redeemer && (!redeemer.IsAbsoluteUri || (redeemer.Scheme != Uri.UriSchemeHttps && redeemer.Scheme != Uri.UriSchemeHttp)))
        {
            failures.Add($"{prefix}:RedeemerUri '{redeemer}' must be an absolute https:// or http:// URI.");
        }

        if (selection is not null && options.RedeemerUri != selection.RedeemerUri)
        {
            failures.Add(selection.RedeemerUri is null
                ? $"{prefix}:RedeemerUri was set after AddLivepeerOrchestrator; set it in the AddLivepeerOrchestrator delegate or its configuration section so that the payment engine is built for a remote redeemer."
                : $"{prefix}:RedeemerUri changed after AddLivepeerOrchestrator (from {selection.RedeemerUri} to {options.RedeemerUri?.ToString() ?? "none"}); set it only in the AddLivepeerOrchestrator delegate or its configuration section.");
        }

        if (mode is not null && options.OffChain != mode.OffChain)
        {
            failures.Add($"{prefix}:OffChain was changed after AddLivepeerOrchestrator (from {mode.OffChain} to {options.OffChain}); set it only in the AddLivepeerOrchestrator delegate or its configuration section, so that the payment engine is registered (or left out) accordingly.");
        }

        if (options.OffChain && options.RegisterServiceUri)
        {
            failures.Add($"{prefix}:RegisterServiceUri needs a chain; it cannot be set with {prefix}:OffChain.");
        }

        if (options.OffChain && options.RedeemerUri is not null)
        {
            failures.Add($"{prefix}:RedeemerUri needs a chain (tickets to redeem); it cannot be set with {prefix}:OffChain.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
