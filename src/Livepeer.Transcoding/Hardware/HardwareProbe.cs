using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Transcoding;

/// <summary>
/// Finds the NVIDIA devices that can really encode and decode, by running tiny ffmpeg probes (a 0.1 s
/// <c>testsrc2</c> through NVENC, a CUDA hwaccel decode) on each device, with <c>nvidia-smi -L</c> for names.
/// The result is cached; the probe never throws on a machine without a GPU, it reports software only.
/// </summary>
public sealed partial class HardwareProbe
{
    private static readonly (HardwareCodec Codec, string Encoder, string SoftwareEncoder)[] Codecs =
    [
        (HardwareCodec.H264, "h264_nvenc", "libx264"),
        (HardwareCodec.Hevc, "hevc_nvenc", "libx265"),
    ];

    private readonly HardwareProbeOptions _options;
    private readonly ILogger _logger;
    private readonly FFmpegProcessRunner _runner;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private HardwareInfo? _cached;

    /// <summary>Creates a probe; nothing runs until <see cref="GetHardwareAsync"/>.</summary>
    /// <param name="options">Tool paths, pinned devices and time limits; defaults when null.</param>
    /// <param name="logger">Receives probe outcomes; may be null.</param>
    public HardwareProbe(HardwareProbeOptions? options = null, ILogger<HardwareProbe>? logger = null)
    {
        _options = options ?? new HardwareProbeOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _runner = new FFmpegProcessRunner(_logger);
    }

    /// <summary>Probes once and returns the cached result afterwards.</summary>
    /// <param name="cancellationToken">Stops a probe in progress; a cancelled probe is not cached.</param>
    /// <returns>The usable devices; <see cref="HardwareInfo.SoftwareOnly"/> when there are none.</returns>
    public async Task<HardwareInfo> GetHardwareAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _cached) is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cached is null)
            {
                var info = await ProbeAsync(cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _cached, info);
                FFmpegLog.HardwareProbed(_logger, info.Devices.Count);
            }

            return _cached!;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<HardwareInfo> ProbeAsync(CancellationToken cancellationToken)
    {
        if (_options.SoftwareOnly)
        {
            return HardwareInfo.SoftwareOnly;
        }

        string ffmpeg;
        try
        {
            ffmpeg = FFmpegToolLocator.Resolve("ffmpeg", _options.FFmpegPath);
        }
        catch (FFmpegException ex)
        {
            FFmpegLog.HardwareProbeFailed(_logger, "locate ffmpeg", -1, ex.Message);
            return HardwareInfo.SoftwareOnly;
        }

        var listed = await ListWithNvidiaSmiAsync(cancellationToken).ConfigureAwait(false);
        var candidates = _options.Devices.Count > 0
            ? _options.Devices.Distinct().Order().ToList()
            : listed is null ? [0] : listed.Keys.Order().ToList();

        var devices = new List<GpuDevice>();
        foreach (var index in candidates)
        {
            var (name, uuid) = listed is not null && listed.TryGetValue(index, out var entry) ? entry : ("NVIDIA GPU", null);
            var device = await ProbeDeviceAsync(ffmpeg, index, name, uuid, cancellationToken).ConfigureAwait(false);
            if (device is not null)
            {
                devices.Add(device);
            }
        }

        return devices.Count == 0 ? HardwareInfo.SoftwareOnly : new HardwareInfo(devices);
    }

    private async Task<GpuDevice?> ProbeDeviceAsync(string ffmpeg, int index, string name, string? uuid, CancellationToken cancellationToken)
    {
        var device = index.ToString(CultureInfo.InvariantCulture);

        // One cheap gate first, so that a machine without CUDA pays for a single process, not one per codec.
        if (!await TryRunAsync("cuda init", index, ffmpeg, ["-hide_banner", "-nostdin", "-v", "error", "-init_hw_device", $"cuda=probe:{device}", "-f", "lavfi", "-i", "nullsrc=s=16x16:d=0.04", "-f", "null", "-"], null, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var encoders = new HashSet<HardwareCodec>();
        var decoders = new HashSet<HardwareCodec>();
        foreach (var (codec, encoder, softwareEncoder) in Codecs)
        {
            if (await TryRunAsync(encoder, index, ffmpeg, ["-hide_banner", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=256x144:d=0.1", "-c:v", encoder, "-gpu", device, "-f", "null", "-"], null, cancellationToken).ConfigureAwait(false))
            {
                encoders.Add(codec);
            }

            var sample = await EncodeSampleAsync(ffmpeg, softwareEncoder, cancellationToken).ConfigureAwait(false);
            if (sample is not null
                && await TryRunAsync($"{codec} cuda decode", index, ffmpeg, ["-hide_banner", "-nostdin", "-v", "error", "-hwaccel", "cuda", "-hwaccel_device", device, "-hwaccel_output_format", "cuda", "-i", "pipe:0", "-vf", "hwdownload,format=nv12", "-f", "null", "-"], sample, cancellationToken).ConfigureAwait(false))
            {
                // hwdownload fails on software frames, so a silent fallback to CPU decoding cannot pass here.
                decoders.Add(codec);
            }
        }

        return encoders.Count == 0 && decoders.Count == 0 ? null : new GpuDevice(index, name, uuid, encoders, decoders);
    }

    private async Task<ReadOnlyMemory<byte>?> EncodeSampleAsync(string ffmpeg, string encoder, CancellationToken cancellationToken)
    {
        var outputs = UnixSocketOutputTransport.Create(1, 16 * 1024 * 1024);
        await using var disposeOutputs = outputs.ConfigureAwait(false);
        try
        {
            var result = await _runner.RunAsync(
                new FFmpegProcessRequest(ffmpeg, ["-hide_banner", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=256x144:d=0.1", "-pix_fmt", "yuv420p", "-c:v", encoder, "-f", "mpegts", outputs.OutputUrls[0]])
                {
                    Outputs = outputs,
                    Timeout = _options.ProbeTimeout,
                },
                cancellationToken).ConfigureAwait(false);
            return result.Outputs[0];
        }
        catch (FFmpegException ex)
        {
            FFmpegLog.HardwareProbeFailed(_logger, encoder + " sample", -1, ex.Message);
            return null;
        }
    }

    private async Task<bool> TryRunAsync(string probe, int device, string ffmpeg, IReadOnlyList<string> arguments, ReadOnlyMemory<byte>? input, CancellationToken cancellationToken)
    {
        try
        {
            await _runner.RunAsync(new FFmpegProcessRequest(ffmpeg, arguments) { InputBytes = input, Timeout = _options.ProbeTimeout }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (FFmpegException ex)
        {
            FFmpegLog.HardwareProbeFailed(_logger, probe, device, ex.Message);
            return false;
        }
    }

    private async Task<Dictionary<int, (string Name, string? Uuid)>?> ListWithNvidiaSmiAsync(CancellationToken cancellationToken)
    {
        string smi;
        try
        {
            smi = FFmpegToolLocator.Resolve("nvidia-smi", _options.NvidiaSmiPath);
        }
        catch (FFmpegException)
        {
            return null;
        }

        var lines = new List<string>();
        try
        {
            await _runner.RunAsync(new FFmpegProcessRequest(smi, ["-L"]) { Timeout = _options.ProbeTimeout, StdoutLine = line => { if (lines.Count < 64) { lines.Add(line); } } }, cancellationToken).ConfigureAwait(false);
        }
        catch (FFmpegException ex)
        {
            FFmpegLog.HardwareProbeFailed(_logger, "nvidia-smi -L", -1, ex.Message);
            return null;
        }

        return ParseNvidiaSmiList(lines);
    }

    /// <summary>Parses <c>nvidia-smi -L</c> lines such as <c>GPU 0: NVIDIA T4 (UUID: GPU-…)</c>.</summary>
    internal static Dictionary<int, (string Name, string? Uuid)> ParseNvidiaSmiList(IEnumerable<string> lines)
    {
        var devices = new Dictionary<int, (string, string?)>();
        foreach (var line in lines)
        {
            var match = NvidiaSmiLine().Match(line);
            if (match.Success)
            {
                var index = int.Parse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
                devices[index] = (match.Groups[2].Value.Trim(), match.Groups[3].Success ? match.Groups[3].Value : null);
            }
        }

        return devices;
    }

    [GeneratedRegex(@"^GPU (\d{1,3}): (.+?)(?: \(UUID: ([^)]+)\))?\s*$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex NvidiaSmiLine();
}
