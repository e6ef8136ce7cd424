using Microsoft.Extensions.Logging;

namespace Livepeer.Gateway;

/// <summary>Log events of the push ingest and HLS playback (8200–8249).</summary>
internal static partial class IngestLog
{
    [LoggerMessage(EventId = 6200, Level = LogLevel.Debug, Message = "Segment {Sequence} of stream {StreamId} pushed: {Bytes} bytes, {Duration}, {Renditions} renditions")]
    public static partial void SegmentPushed(ILogger logger, string streamId, long sequence, int bytes, TimeSpan duration, int renditions);

    [LoggerMessage(EventId = 6201, Level = LogLevel.Debug, Message = "Segment {Sequence} of stream {StreamId} transcoded by {Orchestrator} in {Elapsed}")]
    public static partial void SegmentTranscoded(ILogger logger, string streamId, long sequence, Uri orchestrator, TimeSpan elapsed);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Debug, Message = "Push to {Path} refused with {Status}: {Reason}")]
    public static partial void PushRefused(ILogger logger, string path, int status, string reason);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Warning, Message = "Segment {Sequence} of stream {StreamId} failed ({ErrorCode}), answered {Status}: {Reason}")]
    public static partial void SegmentFailed(ILogger logger, string streamId, long sequence, GatewayErrorCode errorCode, int status, string reason);

    [LoggerMessage(EventId = 6204, Level = LogLevel.Error, Message = "Segment {Sequence} of stream {StreamId} failed unexpectedly")]
    public static partial void SegmentError(ILogger logger, string streamId, long sequence, Exception exception);

    [LoggerMessage(EventId = 6205, Level = LogLevel.Warning, Message = "Segment {Sequence} of stream {StreamId} timed out after {Timeout}")]
    public static partial void SegmentTimedOut(ILogger logger, string streamId, long sequence, TimeSpan timeout);

    [LoggerMessage(EventId = 6206, Level = LogLevel.Warning, Message = "Segment {Sequence} of stream {StreamId} asks for the clip {From}–{To} ms; the gateway transcodes the whole segment")]
    public static partial void ClipIgnored(ILogger logger, string streamId, long sequence, long? from, long? to);

    [LoggerMessage(EventId = 6210, Level = LogLevel.Information, Message = "Stream {StreamId} started")]
    public static partial void StreamStarted(ILogger logger, string streamId);

    [LoggerMessage(EventId = 6211, Level = LogLevel.Information, Message = "Stream {StreamId} dropped after {Idle} without segments")]
    public static partial void StreamDropped(ILogger logger, string streamId, TimeSpan idle);
}
