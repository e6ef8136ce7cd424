using System.Collections.Frozen;

namespace Livepeer.Transcoding;

/// <summary>
/// The error strings of LPMS and go-livepeer, go-livepeer's retry classification, and the mapping from FFmpeg's
/// diagnostic output to <see cref="TranscodeErrorCode"/>.
/// </summary>
public static class TranscodeErrors
{
    private static readonly FrozenDictionary<TranscodeErrorCode, string> Messages = new Dictionary<TranscodeErrorCode, string>
    {
        [TranscodeErrorCode.UnsupportedInputPixelFormat] = "Unsupported input pixel format",
        [TranscodeErrorCode.UnsupportedInputCodec] = "Unsupported input codec",
        [TranscodeErrorCode.NoKeyframesInInput] = "No keyframes in input",
        [TranscodeErrorCode.FilterGraphInitFailed] = "Error initializing filtergraph",
        [TranscodeErrorCode.TooManyOutputs] = "Too many outputs",
        [TranscodeErrorCode.Unrecoverable] = "Unrecoverable state, restart process",
        [TranscodeErrorCode.EncodedFramesRunaway] = "Encoded frames runaway",
        [TranscodeErrorCode.DecoderNotFound] = "Decoder not found",
        [TranscodeErrorCode.DemuxerNotFound] = "Demuxer not found",
        [TranscodeErrorCode.EncoderNotFound] = "Encoder not found",
        [TranscodeErrorCode.MuxerNotFound] = "Muxer not found",
        [TranscodeErrorCode.OptionNotFound] = "Option not found",
        [TranscodeErrorCode.InvalidArgument] = "Invalid argument",
        [TranscodeErrorCode.OutOfMemory] = "Cannot allocate memory",
        [TranscodeErrorCode.InvalidData] = "Invalid data found when processing input",
        [TranscodeErrorCode.InvalidResolution] = "TranscoderInvalidResolution",
        [TranscodeErrorCode.InvalidHardware] = "TranscoderInvalidHardware",
        [TranscodeErrorCode.InvalidInput] = "TranscoderInvalidInput",
        [TranscodeErrorCode.InvalidClipConfig] = "TranscoderInvalidClipConfig",
        [TranscodeErrorCode.InvalidVideo] = "TranscoderInvalidVideo",
        [TranscodeErrorCode.InvalidDuration] = "TranscoderInvalidDuration",
        [TranscodeErrorCode.Stopped] = "TranscoderStopped",
        [TranscodeErrorCode.UnrecognizedFormat] = "TranscoderUnrecognizedFormat",
        [TranscodeErrorCode.UnrecognizedProfile] = "TranscoderUnrecognizedProfile",
        [TranscodeErrorCode.InvalidGop] = "TranscoderInvalidGOP",
        [TranscodeErrorCode.IncompatibleDevices] = "TranscoderIncompatibleDevices",
        [TranscodeErrorCode.EmptyData] = "EmptyData",
        [TranscodeErrorCode.InvalidSignData] = "InvalidSignData",
        [TranscodeErrorCode.InvalidPixelFormat] = "TranscoderInvalidPixelformat",
        [TranscodeErrorCode.InvalidVideoData] = "InvalidVideoData",
        [TranscodeErrorCode.TranscoderBusy] = "TranscoderBusy",
        [TranscodeErrorCode.OrchestratorBusy] = "OrchestratorBusy",
        [TranscodeErrorCode.OrchestratorCapped] = "OrchestratorCapped",
        [TranscodeErrorCode.ZeroSegments] = "ZeroSegments",
        [TranscodeErrorCode.MismatchedSegments] = "MismatchedSegments",
        [TranscodeErrorCode.Timeout] = "Remote transcoder took too long",
        [TranscodeErrorCode.Cancelled] = "context canceled",
        [TranscodeErrorCode.InputTooLarge] = "input bigger than max buffer size",
        [TranscodeErrorCode.ZeroFrames] = "Segment has no video frames",
        [TranscodeErrorCode.InvalidConfiguration] = "Invalid transcoding configuration",
        [TranscodeErrorCode.Unknown] = "Unknown error",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, TranscodeErrorCode> CodesByMessage =
        Messages.Where(m => m.Key is not (TranscodeErrorCode.Unknown or TranscodeErrorCode.InvalidConfiguration))
            .ToFrozenDictionary(m => m.Value, m => m.Key, StringComparer.Ordinal);

    // Checked in order: the first pattern found in FFmpeg's output wins, so specific causes come before the
    // generic "Invalid argument" that FFmpeg prints after most of them.
    private static readonly (string Pattern, TranscodeErrorCode Code)[] StderrPatterns =
    [
        ("Cannot allocate memory", TranscodeErrorCode.OutOfMemory),
        ("OpenEncodeSessionEx failed", TranscodeErrorCode.OutOfMemory),
        ("CUDA_ERROR_OUT_OF_MEMORY", TranscodeErrorCode.OutOfMemory),
        ("out of memory", TranscodeErrorCode.OutOfMemory),
        ("Invalid data found when processing input", TranscodeErrorCode.InvalidData),
        ("Decoder not found", TranscodeErrorCode.DecoderNotFound),
        ("Decoding requested, but no decoder found", TranscodeErrorCode.DecoderNotFound),
        (") not found for input stream", TranscodeErrorCode.DecoderNotFound),
        ("Encoder not found", TranscodeErrorCode.EncoderNotFound),
        ("Unknown encoder", TranscodeErrorCode.EncoderNotFound),
        ("Demuxer not found", TranscodeErrorCode.DemuxerNotFound),
        ("Unknown input format", TranscodeErrorCode.DemuxerNotFound),
        ("Muxer not found", TranscodeErrorCode.MuxerNotFound),
        ("Unable to find a suitable output format", TranscodeErrorCode.MuxerNotFound),
        ("Requested output format", TranscodeErrorCode.MuxerNotFound),
        ("Option not found", TranscodeErrorCode.OptionNotFound),
        ("Unrecognized option", TranscodeErrorCode.OptionNotFound),
        ("Error initializing filter", TranscodeErrorCode.FilterGraphInitFailed),
        ("Error reinitializing filters", TranscodeErrorCode.FilterGraphInitFailed),
        ("Error initializing complex filters", TranscodeErrorCode.FilterGraphInitFailed),
        ("No such filter", TranscodeErrorCode.FilterGraphInitFailed),
        ("Impossible to convert between the formats supported by the filter", TranscodeErrorCode.FilterGraphInitFailed),
        ("matches no streams", TranscodeErrorCode.InvalidVideo),
        ("does not contain any stream", TranscodeErrorCode.InvalidVideo),
        ("non monotonically increasing dts", TranscodeErrorCode.InvalidArgument),
        ("Invalid argument", TranscodeErrorCode.InvalidArgument),
    ];

    /// <summary>
    /// go-livepeer's <c>NonRetryableErrs</c> in its order: the LPMS tag texts, six FFmpeg texts and six
    /// go-livepeer transcoder errors. A gateway gives up on a segment whose error string equals one of them.
    /// </summary>
    public static IReadOnlyList<string> NonRetryableErrors { get; } =
    [
        "Unsupported input pixel format",
        "Error initializing filtergraph",
        "Too many outputs",
        "Unsupported input codec",
        "No keyframes in input",
        "Unrecoverable state, restart process",
        "Encoded frames runaway",
        "Decoder not found",
        "Demuxer not found",
        "Encoder not found",
        "Muxer not found",
        "Option not found",
        "Invalid argument",
        "TranscoderInvalidResolution",
        "TranscoderInvalidVideo",
        "TranscoderUnrecognizedFormat",
        "TranscoderUnrecognizedProfile",
        "TranscoderInvalidGOP",
        "TranscoderIncompatibleDevices",
    ];

    private static readonly FrozenSet<string> NonRetryable = NonRetryableErrors.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The exact LPMS or go-livepeer string for <paramref name="code"/>.</summary>
    /// <param name="code">The code.</param>
    /// <returns>The message.</returns>
    public static string GetMessage(TranscodeErrorCode code) =>
        Messages.TryGetValue(code, out var message) ? message : Messages[TranscodeErrorCode.Unknown];

    /// <summary>
    /// Classifies an error string as go-livepeer's gateway does: retryable unless it equals (ordinal, whole string)
    /// one of <see cref="NonRetryableErrors"/>.
    /// </summary>
    /// <param name="errorMessage">The error string, e.g. from a transcode result.</param>
    /// <returns>False for a non-retryable error.</returns>
    public static bool IsRetryable(string errorMessage)
    {
        ArgumentNullException.ThrowIfNull(errorMessage);
        return !NonRetryable.Contains(errorMessage);
    }

    /// <summary>Whether a gateway would retry a failure with this code.</summary>
    /// <param name="code">The code.</param>
    /// <returns>False for codes whose message is non-retryable, and for invalid configurations.</returns>
    public static bool IsRetryable(TranscodeErrorCode code) =>
        code != TranscodeErrorCode.InvalidConfiguration && IsRetryable(GetMessage(code));

    /// <summary>The code whose message is exactly <paramref name="errorMessage"/>.</summary>
    /// <param name="errorMessage">An error string.</param>
    /// <param name="code">The code when found.</param>
    /// <returns>True when the string is one of the known messages.</returns>
    public static bool TryGetCode(string? errorMessage, out TranscodeErrorCode code)
    {
        code = TranscodeErrorCode.Unknown;
        return errorMessage is not null && CodesByMessage.TryGetValue(errorMessage, out code);
    }

    /// <summary>
    /// Maps FFmpeg's diagnostic output (stderr of the <c>ffmpeg</c> command) to the code LPMS would report for the
    /// same failure, e.g. "Invalid data found when processing input", "Decoder (codec x) not found" or the NVENC
    /// session-cap "OpenEncodeSessionEx failed: out of memory".
    /// </summary>
    /// <param name="stderr">The output, whole or its tail.</param>
    /// <returns>The code, or <see cref="TranscodeErrorCode.Unknown"/> when nothing known is found.</returns>
    public static TranscodeErrorCode FromFfmpegOutput(string stderr)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        foreach (var (pattern, code) in StderrPatterns)
        {
            if (stderr.Contains(pattern, StringComparison.Ordinal))
            {
                return code;
            }
        }

        return TranscodeErrorCode.Unknown;
    }

    /// <summary>
    /// Creates the exception for a failed FFmpeg run: the mapped code and its standard message, or, when nothing is
    /// recognised, <see cref="TranscodeErrorCode.Unknown"/> with the last non-empty line of the output.
    /// </summary>
    /// <param name="stderr">The output.</param>
    /// <returns>The exception to throw.</returns>
    public static TranscodingException CreateFromFfmpegOutput(string stderr)
    {
        var code = FromFfmpegOutput(stderr);
        if (code != TranscodeErrorCode.Unknown)
        {
            return new TranscodingException(code);
        }

        var lastLine = stderr.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        return new TranscodingException(TranscodeErrorCode.Unknown, lastLine ?? GetMessage(TranscodeErrorCode.Unknown));
    }
}
