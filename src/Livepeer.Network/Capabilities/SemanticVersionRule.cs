using System.Globalization;

namespace Livepeer.Network;

/// <summary>
/// go-livepeer's minimum-version rule: both sides parse as semantic versions (an optional <c>v</c>, one to three
/// numbers), pre-release and build suffixes are dropped (go-livepeer uses them as post-release tags), then the
/// version must not be below the minimum. An unparseable minimum accepts everything; an empty, <c>undefined</c> or
/// unparseable version fails.
/// </summary>
internal static class SemanticVersionRule
{
    public static bool IsAtLeast(string? version, string minimum)
    {
        if (!TryParse(minimum, out var min))
        {
            return true;
        }

        if (string.IsNullOrEmpty(version) || version == "undefined" || !TryParse(version, out var actual))
        {
            return false;
        }

        return actual.CompareTo(min) >= 0;
    }

    internal static bool TryParse(string? text, out (long Major, long Minor, long Patch) version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var core = text.AsSpan().Trim();
        if (core.Length > 0 && (core[0] == 'v' || core[0] == 'V'))
        {
            core = core[1..];
        }

        var suffix = core.IndexOfAny('-', '+');
        if (suffix >= 0)
        {
            if (suffix == core.Length - 1)
            {
                return false;
            }

            core = core[..suffix];
        }

        Span<long> parts = stackalloc long[3];
        var count = 0;
        foreach (var range in core.Split('.'))
        {
            var part = core[range];
            if (count == 3 || part.Length == 0
                || !long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out parts[count]))
            {
                return false;
            }

            count++;
        }

        version = (parts[0], parts[1], parts[2]);
        return count > 0;
    }
}
