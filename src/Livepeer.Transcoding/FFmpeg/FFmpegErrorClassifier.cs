namespace Livepeer.Transcoding;

/// <summary>Maps ffmpeg's stderr onto a <see cref="FFmpegFailureKind"/>; the most specific pattern wins.</summary>
internal static class FFmpegErrorClassifier
{
    private static readonly (string Pattern, FFmpegFailureKind Kind)[] Patterns =
    [
        ("Cannot allocate memory", FFmpegFailureKind.OutOfMemory),
        ("OpenEncodeSessionEx failed", FFmpegFailureKind.OutOfMemory),
        ("Unsupported input pixel format", FFmpegFailureKind.UnsupportedPixelFormat),
        ("Impossible to convert between the formats", FFmpegFailureKind.UnsupportedPixelFormat),
        ("Incompatible pixel format", FFmpegFailureKind.UnsupportedPixelFormat),
        ("Unknown encoder", FFmpegFailureKind.ComponentNotFound),
        ("Encoder not found", FFmpegFailureKind.ComponentNotFound),
        ("Unknown decoder", FFmpegFailureKind.ComponentNotFound),
        ("Decoder not found", FFmpegFailureKind.ComponentNotFound),
        ("No such filter", FFmpegFailureKind.ComponentNotFound),
        ("Unknown input format", FFmpegFailureKind.ComponentNotFound),
        ("Requested output format", FFmpegFailureKind.ComponentNotFound),
        ("matches no streams", FFmpegFailureKind.NoVideo),
        ("does not contain any stream", FFmpegFailureKind.NoVideo),
        ("Output file is empty, nothing was encoded", FFmpegFailureKind.NoVideo),
        ("Cannot determine format of input stream", FFmpegFailureKind.NoVideo),
        ("Invalid data found when processing input", FFmpegFailureKind.InvalidInput),
        ("could not find codec parameters", FFmpegFailureKind.InvalidInput),
        ("Error initializing filter", FFmpegFailureKind.FilterGraph),
        ("Error reinitializing filters", FFmpegFailureKind.FilterGraph),
        ("Error configuring filter", FFmpegFailureKind.FilterGraph),
        ("Connection refused", FFmpegFailureKind.OutputTransport),
    ];

    public static FFmpegFailureKind Classify(string stderrTail)
    {
        foreach (var (pattern, kind) in Patterns)
        {
            if (stderrTail.Contains(pattern, StringComparison.Ordinal))
            {
                return kind;
            }
        }

        return FFmpegFailureKind.ProcessFailed;
    }

    /// <summary>The last non-empty stderr line, which is where ffmpeg puts the reason it stopped.</summary>
    public static string LastMessage(string stderrTail)
    {
        var span = stderrTail.AsSpan().TrimEnd();
        var start = span.LastIndexOf('\n');
        var line = (start < 0 ? span : span[(start + 1)..]).Trim();
        return line.Length > 300 ? line[..300].ToString() : line.ToString();
    }
}
