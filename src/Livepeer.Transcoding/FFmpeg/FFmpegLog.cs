using Microsoft.Extensions.Logging;

namespace Livepeer.Transcoding;

/// <summary>Log messages of the FFmpeg infrastructure, hardware probe and verification (EventIds 4000–4049).</summary>
internal static partial class FFmpegLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Debug, Message = "Started {Tool} (pid {ProcessId}) with {ArgumentCount} arguments.")]
    public static partial void ProcessStarted(ILogger logger, string tool, int processId, int argumentCount);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "{Tool} (pid {ProcessId}) exited with code {ExitCode} after {ElapsedMs:0.0} ms.")]
    public static partial void ProcessExited(ILogger logger, string tool, int processId, int exitCode, double elapsedMs);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "{Tool} (pid {ProcessId}) failed with code {ExitCode}, classified as {Kind}.")]
    public static partial void ProcessFailed(ILogger logger, string tool, int processId, int exitCode, FFmpegFailureKind kind);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Killed the process group of pid {ProcessId} ({Reason}).")]
    public static partial void ProcessKilled(ILogger logger, int processId, string reason);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "Pid {ProcessId} did not exit after being killed.")]
    public static partial void ProcessNotReaped(ILogger logger, int processId);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "Hardware probe: {DeviceCount} NVIDIA device(s) usable.")]
    public static partial void HardwareProbed(ILogger logger, int deviceCount);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Debug, Message = "Hardware probe {Probe} on device {Device} failed: {Reason}")]
    public static partial void HardwareProbeFailed(ILogger logger, string probe, int device, string reason);

    [LoggerMessage(EventId = 4030, Level = LogLevel.Debug, Message = "Rendition measured: {Frames} frames, {Pixels} pixels, status {Status}.")]
    public static partial void RenditionMeasured(ILogger logger, long frames, long pixels, RenditionStatus status);
}
