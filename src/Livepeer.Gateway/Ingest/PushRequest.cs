using System.Globalization;
using Livepeer.Transcoding;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Livepeer.Gateway;

/// <summary>A segment push (<c>POST|PUT /live/{manifestId}/{seq}.ts|.mp4</c>) read from its URL and headers.</summary>
internal sealed record PushRequest
{
    public const string DurationHeader = "Content-Duration";
    public const string ResolutionHeader = "Content-Resolution";
    public const string SliceFromHeader = "Content-Slice-From";
    public const string SliceToHeader = "Content-Slice-To";
    public const string ConfigurationHeader = "Livepeer-Transcode-Configuration";
    public const string MultipartMixed = "multipart/mixed";

    /// <summary>go-livepeer's duration for a push without a valid <c>Content-Duration</c>.</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromMilliseconds(2000);

    /// <summary>The longest segment an orchestrator accepts (go-livepeer <c>MaxDuration</c>).</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(5);

    private static readonly IReadOnlyList<VideoProfile> GoLivepeerDefaultLadder = [VideoProfile.P240p30fps16x9, VideoProfile.P360p30fps16x9];

    /// <summary>The stream: the URL's manifest id, or the configuration header's <c>manifestID</c> when it has one.</summary>
    public required string StreamId { get; init; }

    public required long Sequence { get; init; }

    public required VideoFormat Format { get; init; }

    public required TimeSpan Duration { get; init; }

    public required IReadOnlyList<VideoProfile> Profiles { get; init; }

    /// <summary>The source size from <c>Content-Resolution</c>, when given.</summary>
    public (int Width, int Height)? Resolution { get; init; }

    public long? SliceFrom { get; init; }

    public long? SliceTo { get; init; }

    /// <summary>The configuration's <c>timeoutMultiplier</c>, at least 1.</summary>
    public int TimeoutMultiplier { get; init; } = 1;

    /// <summary>The client asked for the renditions in the response (<c>Accept: multipart/mixed</c>).</summary>
    public bool WantsMultipart { get; init; }

    /// <summary>Reads a push; <paramref name="error"/> is the 400 text when it is invalid.</summary>
    public static bool TryParse(HttpRequest request, string manifestId, string file, IList<VideoProfile> defaultProfiles, out PushRequest? push, out string error)
    {
        push = null;
        if (!HlsNames.IsSafe(manifestId))
        {
            error = $"Invalid manifest id '{manifestId}': use up to {HlsNames.MaxLength} letters, digits, '-', '_' and '.' (not first).";
            return false;
        }

        if (!HlsNames.TryParseSegmentFile(file, out var sequence, out var format, out var knownExtension))
        {
            error = knownExtension
                ? $"Invalid segment number in '{file}': expected a non-negative integer."
                : $"Unsupported segment type '{file}': push MPEG-TS (.ts) or MP4 (.mp4) segments.";
            return false;
        }

        var headers = request.Headers;
        var duration = DefaultDuration;
        if (long.TryParse(headers[DurationHeader].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds > 0)
        {
            if (milliseconds > MaxDuration.TotalMilliseconds)
            {
                error = Invariant($"{DurationHeader} {milliseconds} ms is longer than the {MaxDuration.TotalMinutes}-minute maximum of a segment.");
                return false;
            }

            duration = TimeSpan.FromMilliseconds(milliseconds);
        }

        (int, int)? resolution = null;
        var resolutionText = headers[ResolutionHeader].ToString();
        if (resolutionText.Length > 0)
        {
            if (!TryParseResolution(resolutionText, out var width, out var height))
            {
                error = $"Invalid {ResolutionHeader} '{resolutionText}': expected WIDTHxHEIGHT, such as 1280x720.";
                return false;
            }

            resolution = (width, height);
        }

        if (!TryParseMilliseconds(headers, SliceFromHeader, out var sliceFrom, out error)
            || !TryParseMilliseconds(headers, SliceToHeader, out var sliceTo, out error))
        {
            return false;
        }

        if (sliceFrom is long from && sliceTo is long to && from > to)
        {
            error = Invariant($"{SliceFromHeader} ({from} ms) is after {SliceToHeader} ({to} ms).");
            return false;
        }

        var streamId = manifestId;
        var timeoutMultiplier = 1;
        IReadOnlyList<VideoProfile> profiles = defaultProfiles.Count > 0 ? [.. defaultProfiles] : GoLivepeerDefaultLadder;
        var configurationText = headers[ConfigurationHeader].ToString();
        if (configurationText.Length > 0)
        {
            TranscodingConfiguration configuration;
            IReadOnlyList<VideoProfile> named;
            try
            {
                configuration = TranscodingConfiguration.Parse(configurationText);
                named = configuration.GetAllProfiles();
            }
            catch (TranscodingConfigurationException e)
            {
                error = $"Invalid {ConfigurationHeader}: {e.Message}";
                return false;
            }

            if (!string.IsNullOrEmpty(configuration.ManifestId))
            {
                if (!HlsNames.IsSafe(configuration.ManifestId))
                {
                    error = $"Invalid {ConfigurationHeader}: manifestID '{configuration.ManifestId}' is not allowed; use up to {HlsNames.MaxLength} letters, digits, '-', '_' and '.' (not first).";
                    return false;
                }

                streamId = configuration.ManifestId;
            }

            if (named.Count > 0)
            {
                profiles = named;
            }

            timeoutMultiplier = Math.Max(1, configuration.TimeoutMultiplier);
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var profile in profiles)
        {
            if (!HlsNames.IsSafe(profile.Name))
            {
                error = $"Invalid rendition name '{profile.Name}': use up to {HlsNames.MaxLength} letters, digits, '-', '_' and '.' (not first).";
                return false;
            }

            if (!names.Add(profile.Name))
            {
                error = $"The rendition name '{profile.Name}' appears twice; every rendition needs its own name.";
                return false;
            }
        }

        push = new PushRequest
        {
            StreamId = streamId,
            Sequence = sequence,
            Format = format,
            Duration = duration,
            Profiles = profiles,
            Resolution = resolution,
            SliceFrom = sliceFrom,
            SliceTo = sliceTo,
            TimeoutMultiplier = timeoutMultiplier,
            WantsMultipart = AcceptsMultipart(headers),
        };
        error = string.Empty;
        return true;
    }

    private static bool AcceptsMultipart(IHeaderDictionary headers)
    {
        return MediaTypeHeaderValue.TryParseList(headers.Accept, out var accepted)
            && accepted.Any(a => a.MediaType.Equals(MultipartMixed, StringComparison.OrdinalIgnoreCase) && a.Quality is not 0);
    }

    private static bool TryParseResolution(string text, out int width, out int height)
    {
        width = height = 0;
        var x = text.IndexOf('x', StringComparison.Ordinal);
        return x > 0
            && int.TryParse(text.AsSpan(0, x), NumberStyles.None, CultureInfo.InvariantCulture, out width)
            && int.TryParse(text.AsSpan(x + 1), NumberStyles.None, CultureInfo.InvariantCulture, out height)
            && width > 0 && height > 0;
    }

    private static bool TryParseMilliseconds(IHeaderDictionary headers, string name, out long? value, out string error)
    {
        value = null;
        error = string.Empty;
        var text = headers[name].ToString();
        if (text.Length == 0)
        {
            return true;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            error = $"Invalid {name} '{text}': expected a non-negative number of milliseconds.";
            return false;
        }

        value = parsed;
        return true;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
