using Livepeer.Transcoding;

namespace Livepeer.Gateway;

/// <summary>The names and media types used by the push ingest and HLS playback.</summary>
internal static class HlsNames
{
    /// <summary>The longest manifest id or rendition name accepted.</summary>
    public const int MaxLength = 128;

    /// <summary>The media type of HLS playlists.</summary>
    public const string PlaylistMediaType = "application/vnd.apple.mpegurl";

    /// <summary>The playlist file extension.</summary>
    public const string PlaylistExtension = ".m3u8";

    /// <summary>
    /// Whether a manifest id or rendition name may be used. Both become URL path segments and, with
    /// <see cref="HlsWriter"/>, file and folder names, so only characters that need no escaping and cannot leave a
    /// folder (no separators, no leading dot) are allowed.
    /// </summary>
    public static bool IsSafe(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || name[0] == '.')
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    public static string Extension(VideoFormat format) => format == VideoFormat.Mp4 ? ".mp4" : ".ts";

    public static string MediaType(VideoFormat format) => format == VideoFormat.Mp4 ? "video/mp4" : "video/mp2t";

    /// <summary>Reads <c>&lt;seq&gt;.ts</c> or <c>&lt;seq&gt;.mp4</c>.</summary>
    public static bool TryParseSegmentFile(string file, out long sequence, out VideoFormat format, out bool knownExtension)
    {
        sequence = 0;
        format = VideoFormat.MpegTs;
        var dot = file.LastIndexOf('.');
        var extension = dot < 0 ? string.Empty : file[dot..];
        knownExtension = true;
        if (string.Equals(extension, ".ts", StringComparison.OrdinalIgnoreCase))
        {
            format = VideoFormat.MpegTs;
        }
        else if (string.Equals(extension, ".mp4", StringComparison.OrdinalIgnoreCase))
        {
            format = VideoFormat.Mp4;
        }
        else
        {
            knownExtension = false;
            return false;
        }

        var digits = file.AsSpan(0, dot);
        return digits.Length is > 0 and <= 18 && IsAllDigits(digits) && long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out sequence);
    }

    private static bool IsAllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
