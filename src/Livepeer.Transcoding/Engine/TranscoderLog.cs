using Microsoft.Extensions.Logging;

namespace Livepeer.Transcoding;

/// <summary>Log messages of the FFmpeg transcoding engine (EventIds 4050–4079).</summary>
internal static partial class TranscoderLog
{
    [LoggerMessage(EventId = 4050, Level = LogLevel.Information, Message = "FFmpeg transcoder ready: {Ffmpeg}, session mode {Mode}, {DeviceCount} NVIDIA device(s).")]
    public static partial void Created(ILogger logger, string ffmpeg, TranscoderSessionMode mode, int deviceCount);

    [LoggerMessage(EventId = 4051, Level = LogLevel.Debug, Message = "Segment {Sequence} of session {SessionId} transcoded: {Outputs} rendition(s), {Pixels} pixels, {DecodedFrames} decoded frames in {ElapsedMs:0.0} ms (device {Device}).")]
    public static partial void Transcoded(ILogger logger, long sequence, string? sessionId, int outputs, long pixels, long decodedFrames, double elapsedMs, int? device);

    [LoggerMessage(EventId = 4052, Level = LogLevel.Warning, Message = "Segment {Sequence} of session {SessionId} failed: {ErrorCode} ({Detail}).")]
    public static partial void Failed(ILogger logger, long sequence, string? sessionId, TranscodeErrorCode errorCode, string detail);

    [LoggerMessage(EventId = 4053, Level = LogLevel.Debug, Message = "Segment {Sequence} of session {SessionId} runs on a pre-started process (pid {ProcessId}).")]
    public static partial void WarmProcessUsed(ILogger logger, long sequence, string sessionId, int processId);

    [LoggerMessage(EventId = 4054, Level = LogLevel.Debug, Message = "Discarded the pre-started process of session {SessionId}: {Reason}.")]
    public static partial void WarmProcessDiscarded(ILogger logger, string sessionId, string reason);

    [LoggerMessage(EventId = 4055, Level = LogLevel.Debug, Message = "Session {SessionId} ended.")]
    public static partial void SessionEnded(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 4056, Level = LogLevel.Debug, Message = "The pre-started process of session {SessionId} expired after waiting {IdleSeconds:0} s.")]
    public static partial void WarmProcessExpired(ILogger logger, string sessionId, double idleSeconds);

    [LoggerMessage(EventId = 4057, Level = LogLevel.Information, Message = "CUDA scaler: {Scaler}.")]
    public static partial void CudaScalerChosen(ILogger logger, CudaScaler scaler);
}
