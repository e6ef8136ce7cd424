using Microsoft.Extensions.Options;

namespace Livepeer.Transcoding;

/// <summary>Checks <see cref="LivepeerTranscodingOptions"/> at start, with messages that name the setting.</summary>
internal sealed class LivepeerTranscodingOptionsValidator : IValidateOptions<LivepeerTranscodingOptions>
{
    private const string Section = LivepeerTranscodingOptions.SectionName;
    private static readonly TimeSpan LongestTimeout = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, LivepeerTranscodingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        CheckPath(failures, "FFmpegPath", options.FFmpegPath);
        CheckPath(failures, "FFprobePath", options.FFprobePath);
        if (!DeviceSelection.TryParse(options.Devices, out var devices, out var deviceError))
        {
            failures.Add($"{Section}:Devices {deviceError}");
        }

        if (options.MaxSessions < 1)
        {
            failures.Add($"{Section}:MaxSessions must be at least 1.");
        }

        if (options.MaxConcurrentPerDevice.Cpu is < 0)
        {
            failures.Add($"{Section}:MaxConcurrentPerDevice:Cpu must be 0 or more (0 keeps work off the CPU; leave it unset for the default).");
        }

        if (options.MaxConcurrentPerDevice.Gpu < 1)
        {
            failures.Add($"{Section}:MaxConcurrentPerDevice:Gpu must be at least 1.");
        }

        if (devices is { UsesGpus: false } && options.MaxConcurrentPerDevice.Cpu == 0)
        {
            failures.Add($"{Section}:MaxConcurrentPerDevice:Cpu is 0 while {Section}:Devices is 'none': no device could transcode.");
        }

        if (options.SegmentTimeout <= TimeSpan.Zero || options.SegmentTimeout > LongestTimeout)
        {
            failures.Add($"{Section}:SegmentTimeout must be greater than 0 and at most 1 hour.");
        }

        if (options.SessionIdleTimeout <= TimeSpan.Zero || options.SessionIdleTimeout > LongestTimeout)
        {
            failures.Add($"{Section}:SessionIdleTimeout must be greater than 0 and at most 1 hour.");
        }

        if (options.SessionMode is { } mode && !Enum.IsDefined(mode))
        {
            failures.Add($"{Section}:SessionMode must be PerSegment or Session (or unset for the engine's default).");
        }

        if (options.MaxInputBytes < 1 || options.MaxInputBytes > TranscodeLimits.MaxSegmentBytes)
        {
            failures.Add($"{Section}:MaxInputBytes must be between 1 and {TranscodeLimits.MaxSegmentBytes}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPath(List<string> failures, string setting, string? path)
    {
        if (path is null)
        {
            return;
        }

        if (path.Length == 0 || path.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            failures.Add($"{Section}:{setting} is not a valid file path.");
        }
        else if (!File.Exists(path))
        {
            failures.Add($"{Section}:{setting} '{path}' does not exist.");
        }
    }
}
