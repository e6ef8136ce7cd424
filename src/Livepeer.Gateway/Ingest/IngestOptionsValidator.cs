using System.Globalization;
using Microsoft.Extensions.Options;

namespace Livepeer.Gateway;

/// <summary>Checks the ingest settings of <see cref="LivepeerGatewayOptions"/> at start, naming the setting at fault.</summary>
internal sealed class IngestOptionsValidator : IValidateOptions<LivepeerGatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, LivepeerGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxIngestSegmentBytes <= 0)
        {
            failures.Add(Invariant($"Livepeer:Gateway:MaxIngestSegmentBytes must be positive; it is {options.MaxIngestSegmentBytes}."));
        }

        if (options.HlsWindowSegments < 0)
        {
            failures.Add(Invariant($"Livepeer:Gateway:HlsWindowSegments must be 0 (keep all) or more; it is {options.HlsWindowSegments}."));
        }

        if (options.IngestStreamTimeout <= TimeSpan.Zero)
        {
            failures.Add(Invariant($"Livepeer:Gateway:IngestStreamTimeout must be positive; it is {options.IngestStreamTimeout}."));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var profile in options.DefaultProfiles)
        {
            if (profile is null)
            {
                failures.Add("Livepeer:Gateway:DefaultProfiles holds a null profile.");
            }
            else if (!HlsNames.IsSafe(profile.Name))
            {
                failures.Add($"Livepeer:Gateway:DefaultProfiles: the name '{profile.Name}' is not allowed; use letters, digits, '-', '_' and '.' (not first).");
            }
            else if (!names.Add(profile.Name))
            {
                failures.Add($"Livepeer:Gateway:DefaultProfiles: the name '{profile.Name}' appears twice.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
