using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Livepeer.Transcoding;

/// <summary>
/// A stand-in engine until the FFmpeg engine is merged: <see cref="ITranscoder"/> over
/// <see cref="PrototypeSegmentTranscoder"/> (one ffmpeg per segment, libx264 <c>preset medium</c>, the profile's box
/// as the output size, audio copied). It ignores bitrate, frame rate, GOP and the device, keeps no session state,
/// and reports the largest rendition frame count as the decoded frame count.
/// </summary>
internal sealed class PrototypeTranscoderAdapter : ITranscoder
{
    private readonly Lazy<PrototypeSegmentTranscoder> _prototype;
    private readonly long _maxInputBytes;

    public PrototypeTranscoderAdapter(string? ffmpegPath, long maxInputBytes, ILogger? logger, string preset = "medium")
    {
        _maxInputBytes = maxInputBytes;
        _prototype = new Lazy<PrototypeSegmentTranscoder>(() =>
            new PrototypeSegmentTranscoder(new FFmpegProcessRunner(logger), FFmpegToolLocator.Resolve("ffmpeg", ffmpegPath)) { Preset = preset });
    }

    public async Task<TranscodeResult> TranscodeAsync(
        TranscodeSegment segment,
        IReadOnlyList<VideoProfile> profiles,
        TranscodeOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(profiles);
        if (profiles.Count == 0)
        {
            throw new ArgumentException("At least one profile is needed.", nameof(profiles));
        }

        if (profiles.Count > TranscodeLimits.MaxOutputs)
        {
            throw new TranscodingException(TranscodeErrorCode.TooManyOutputs);
        }

        if (segment.Data.IsEmpty)
        {
            throw new TranscodingException(TranscodeErrorCode.EmptyData);
        }

        if (segment.Data.Length > _maxInputBytes)
        {
            throw new TranscodingException(TranscodeErrorCode.InputTooLarge);
        }

        var renditions = profiles.Select(p => new PrototypeRendition(p.Width & ~1, p.Height & ~1)).ToArray();
        var stopwatch = Stopwatch.StartNew();
        IReadOnlyList<PrototypeOutput> outputs;
        try
        {
            var prototype = _prototype.Value;
            outputs = await prototype.TranscodeAsync(segment.Data, renditions, options?.Timeout ?? Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }
        catch (FFmpegException ex)
        {
            throw Map(ex);
        }

        var produced = new TranscodedRendition[outputs.Count];
        for (var i = 0; i < produced.Length; i++)
        {
            produced[i] = new TranscodedRendition(profiles[i], outputs[i].Bytes, outputs[i].Width, outputs[i].Height, outputs[i].Frames, outputs[i].Pixels);
        }

        return new TranscodeResult(produced, produced.Max(r => r.Frames), stopwatch.Elapsed);
    }

    private static TranscodingException Map(FFmpegException exception) => exception.Kind switch
    {
        FFmpegFailureKind.Timeout => new TranscodingException(TranscodeErrorCode.Timeout, exception),
        FFmpegFailureKind.InputTooLarge => new TranscodingException(TranscodeErrorCode.InputTooLarge, exception),
        FFmpegFailureKind.NoVideo => new TranscodingException(TranscodeErrorCode.InvalidVideo, exception),
        FFmpegFailureKind.ToolNotFound => new TranscodingException(TranscodeErrorCode.Unknown, exception.Message, exception),
        _ => TranscodeErrors.FromFfmpegOutput(exception.StderrTail) is var code and not TranscodeErrorCode.Unknown
            ? new TranscodingException(code, exception)
            : new TranscodingException(exception.Kind == FFmpegFailureKind.InvalidInput ? TranscodeErrorCode.InvalidData : TranscodeErrorCode.Unknown, exception),
    };
}
