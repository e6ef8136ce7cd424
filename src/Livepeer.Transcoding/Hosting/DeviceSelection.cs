using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Livepeer.Transcoding;

/// <summary>The parsed <see cref="LivepeerTranscodingOptions.Devices"/>: every GPU, none, or pinned ordinals.</summary>
internal sealed record DeviceSelection(bool All, IReadOnlyList<int> Pinned)
{
    public static DeviceSelection AllGpus { get; } = new(true, []);

    public static DeviceSelection None { get; } = new(false, []);

    public bool UsesGpus => All || Pinned.Count > 0;

    public static bool TryParse(string? text, [NotNullWhen(true)] out DeviceSelection? selection, out string error)
    {
        selection = null;
        var value = text?.Trim() ?? string.Empty;
        if (value.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            selection = AllGpus;
            error = string.Empty;
            return true;
        }

        if (value.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            selection = None;
            error = string.Empty;
            return true;
        }

        var pinned = new List<int>();
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index > 255)
            {
                error = $"'{text}' is not 'all', 'none' or a comma-separated list of GPU ordinals such as '0,1'.";
                return false;
            }

            if (!pinned.Contains(index))
            {
                pinned.Add(index);
            }
        }

        selection = new DeviceSelection(false, pinned);
        error = string.Empty;
        return true;
    }

    public static DeviceSelection Parse(string? text) =>
        TryParse(text, out var selection, out var error) ? selection : throw new ArgumentException(error, nameof(text));
}
