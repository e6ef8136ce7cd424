using System.Globalization;
using Livepeer.Transcoding;
using Microsoft.Extensions.Configuration;

namespace Livepeer.Gateway;

/// <summary>
/// Reads <see cref="LivepeerGatewayOptions.DefaultProfiles"/> from configuration, which the configuration binder
/// cannot do (<see cref="VideoProfile"/> has no parameterless constructor and no converter, and the binder drops list
/// items it cannot make without a word). Accepted forms, mixable: a go-livepeer preset name per item
/// (<c>"P240p30fps16x9"</c>), one comma-separated string as go-livepeer's <c>-transcodingOptions</c>, or an object
/// <c>{Name, Width, Height, Bitrate, Fps}</c>, optionally starting from a <c>Preset</c> whose values it overrides.
/// </summary>
internal static class DefaultProfilesConfiguration
{
    public const string Key = nameof(LivepeerGatewayOptions.DefaultProfiles);

    private static readonly HashSet<string> ObjectKeys = new(StringComparer.OrdinalIgnoreCase) { "Preset", "Name", "Width", "Height", "Bitrate", "Fps" };

    /// <summary>Replaces the options' default profiles with those configured, when the section names any.</summary>
    /// <exception cref="GatewayException"><see cref="GatewayErrorCode.InvalidConfiguration"/>, naming the item, for an unknown preset or an invalid value.</exception>
    public static void Apply(IConfigurationSection gateway, LivepeerGatewayOptions options)
    {
        var section = gateway.GetSection(Key);
        if (!section.Exists())
        {
            return;
        }

        var profiles = Read(section);
        options.DefaultProfiles.Clear();
        foreach (var profile in profiles)
        {
            options.DefaultProfiles.Add(profile);
        }
    }

    public static IReadOnlyList<VideoProfile> Read(IConfigurationSection section)
    {
        if (section.Value is { } list)
        {
            return [.. list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(name => Preset(name, section.Path))];
        }

        // Children come ordered by key, and numeric keys numerically, so "10" follows "9".
        return [.. section.GetChildren().Select(item => item.Value is { } name ? Preset(name.Trim(), item.Path) : Custom(item))];
    }

    private static VideoProfile Preset(string name, string path)
        => VideoProfile.TryParse(name, out var profile)
            ? profile
            : throw Invalid(path, $"'{name}' is not a go-livepeer preset; use one of {string.Join(", ", VideoProfile.Presets.Where(p => p.IsSelectable).Select(p => p.Profile.Name))}, or an object with Name, Width, Height, Bitrate and Fps.");

    private static VideoProfile Custom(IConfigurationSection item)
    {
        foreach (var child in item.GetChildren())
        {
            if (!ObjectKeys.Contains(child.Key))
            {
                throw Invalid(child.Path, $"'{child.Key}' is not a profile setting; use {string.Join(", ", ObjectKeys)}.");
            }
        }

        var preset = item["Preset"] is { } presetName ? Preset(presetName.Trim(), item.GetSection("Preset").Path) : null;
        var width = Int(item, "Width", preset?.Width);
        var height = Int(item, "Height", preset?.Height);
        var bitrate = Int(item, "Bitrate", preset?.Bitrate);
        var frameRate = item["Fps"] is { } fps ? FrameRateOf(fps, item.GetSection("Fps").Path) : preset?.FrameRate ?? FrameRate.Passthrough;
        var name = item["Name"] ?? preset?.Name ?? throw Invalid(item.Path, "a profile needs a Name (or a Preset to start from).");
        try
        {
            return preset is null ? new VideoProfile(name, width, height, bitrate, frameRate) : preset with { Name = name, Width = width, Height = height, Bitrate = bitrate, FrameRate = frameRate };
        }
        catch (ArgumentException ex)
        {
            throw Invalid(item.Path, ex.Message);
        }
    }

    private static int Int(IConfigurationSection item, string key, int? fallback)
    {
        if (item[key] is not { } text)
        {
            return fallback ?? throw Invalid(item.Path, $"a profile without a Preset needs {key}.");
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid(item.GetSection(key).Path, $"'{text}' is not a non-negative whole number.");
    }

    /// <summary>Frames per second as a whole number (<c>30</c>) or a fraction (<c>30000/1001</c>); 0 keeps the source's rate.</summary>
    private static FrameRate FrameRateOf(string text, string path)
    {
        var parts = text.Split('/', StringSplitOptions.TrimEntries);
        var denominator = 1;
        if (parts.Length is 1 or 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var numerator)
            && (parts.Length == 1 || (int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out denominator) && denominator > 0)))
        {
            return numerator == 0 ? FrameRate.Passthrough : new FrameRate(numerator, denominator);
        }

        throw Invalid(path, $"'{text}' is not a frame rate; use a whole number (30) or a fraction (30000/1001).");
    }

    private static GatewayException Invalid(string path, string message)
        => new(GatewayErrorCode.InvalidConfiguration, $"{path}: {message}");
}
