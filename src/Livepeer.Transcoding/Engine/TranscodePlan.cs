using System.Globalization;
using System.Text;

namespace Livepeer.Transcoding;

/// <summary>One output of a <see cref="TranscodePlan"/>: the encoder and the filter chain after the split.</summary>
internal sealed record PlannedOutput(VideoProfile Profile, EncoderSettings Encoder, string FilterChain, VideoAcceleration Encode);

/// <summary>
/// The ffmpeg command for one segment: one decode (on a GPU when the device has NVDEC), <c>split=N</c>, per output the
/// scaler (size rule as expressions over the decoded size) and <c>fps</c> after it, N encoders, the source audio copied
/// into every output. Pure: nothing is run.
/// </summary>
internal sealed class TranscodePlan
{
    private const string DeviceName = "lpgpu";

    private TranscodePlan(IReadOnlyList<PlannedOutput> outputs, int? device, bool gpuDecode)
    {
        Outputs = outputs;
        Device = device;
        GpuDecode = gpuDecode;
        var placeholders = new string[outputs.Count];
        for (var i = 0; i < placeholders.Length; i++)
        {
            placeholders[i] = "#" + i.ToString(CultureInfo.InvariantCulture);
        }

        Key = string.Join('\u001f', BuildArguments(placeholders));
    }

    public IReadOnlyList<PlannedOutput> Outputs { get; }

    /// <summary>The GPU used by any part of the plan, or null when everything runs on the CPU.</summary>
    public int? Device { get; }

    public bool GpuDecode { get; }

    /// <summary>The arguments without the output URLs: two plans with the same key run the same command.</summary>
    public string Key { get; }

    public static TranscodePlan Create(IReadOnlyList<VideoProfile> profiles, GpuDevice? device, CudaScaler scaler, string softwarePreset)
    {
        var gpuDecode = device is not null && (device.CanDecode(HardwareCodec.H264) || device.CanDecode(HardwareCodec.Hevc));
        var deviceText = device?.Index.ToString(CultureInfo.InvariantCulture);
        var outputs = new PlannedOutput[profiles.Count];
        var usesGpu = gpuDecode;
        for (var i = 0; i < outputs.Length; i++)
        {
            var profile = profiles[i];
            var encodeOnGpu = device is not null && ToHardwareCodec(profile.Encoder) is { } codec && device.CanEncode(codec);
            usesGpu |= encodeOnGpu;
            var encode = encodeOnGpu ? VideoAcceleration.Nvidia : VideoAcceleration.Software;
            var pipeline = new VideoPipeline(gpuDecode ? VideoAcceleration.Nvidia : VideoAcceleration.Software, encode)
            {
                Scaler = scaler,
                DecodeDevice = gpuDecode ? deviceText : null,
                EncodeDevice = encodeOnGpu ? deviceText : null,
            };

            var chain = VideoFilterChain.BuildForUnknownInput(profile, pipeline);
            if (pipeline.Decode == VideoAcceleration.Software && encode == VideoAcceleration.Software)
            {
                // LPMS's buffersink accepts only yuv420p (or CUDA frames): 4:2:2, 4:4:4 and high bit depth sources are
                // converted rather than encoded in a profile players may not support.
                chain += ",format=yuv420p";
            }

            var settings = EncoderSettings.Create(profile, encode);
            if (encode == VideoAcceleration.Software)
            {
                settings = settings.WithOptionValue("-preset:v", softwarePreset);
            }

            outputs[i] = new PlannedOutput(profile, settings, chain, encode);
        }

        return new TranscodePlan(outputs, usesGpu ? device!.Index : null, gpuDecode);
    }

    public List<string> BuildArguments(IReadOnlyList<string> outputUrls)
    {
        // -v verbose makes ffmpeg print the per-stream totals that give exact frame counts.
        List<string> arguments = ["-hide_banner", "-nostdin", "-nostats", "-v", "verbose"];
        if (Device is { } device)
        {
            // Initialising the device before the input is read lets a pre-started process pay for the CUDA context
            // while it waits for its segment.
            arguments.AddRange(["-init_hw_device", string.Create(CultureInfo.InvariantCulture, $"cuda={DeviceName}:{device}"), "-filter_hw_device", DeviceName]);
            if (GpuDecode)
            {
                arguments.AddRange(["-hwaccel", "cuda", "-hwaccel_device", DeviceName, "-hwaccel_output_format", "cuda"]);
            }
        }

        arguments.AddRange(["-i", "pipe:0", "-filter_complex", BuildGraph()]);
        for (var i = 0; i < Outputs.Count; i++)
        {
            var output = Outputs[i];
            arguments.AddRange(["-map", Label("o", i), "-map", "0:a:0?"]);
            arguments.AddRange(output.Encoder.ToArguments());
            if (output.Encode == VideoAcceleration.Nvidia && Device is { } gpu)
            {
                arguments.AddRange(["-gpu:v", gpu.ToString(CultureInfo.InvariantCulture)]);
            }

            arguments.AddRange(["-c:a", "copy"]);
            if (output.Profile.Format == VideoFormat.Mp4)
            {
                // Segments carry AAC with ADTS headers, which MP4 stores without them (and with the config in the header).
                arguments.AddRange(["-bsf:a", "aac_adtstoasc"]);
            }

            arguments.AddRange(output.Encoder.MuxerArguments);
            arguments.Add(outputUrls[i]);
        }

        return arguments;
    }

    private string BuildGraph()
    {
        var graph = new StringBuilder(256 * Outputs.Count);
        graph.Append(CultureInfo.InvariantCulture, $"[0:v:0]split={Outputs.Count}");
        for (var i = 0; i < Outputs.Count; i++)
        {
            graph.Append(Label("s", i));
        }

        for (var i = 0; i < Outputs.Count; i++)
        {
            graph.Append(';').Append(Label("s", i)).Append(Outputs[i].FilterChain).Append(Label("o", i));
        }

        return graph.ToString();
    }

    private static string Label(string prefix, int index) => string.Create(CultureInfo.InvariantCulture, $"[{prefix}{index}]");

    private static HardwareCodec? ToHardwareCodec(VideoCodec codec) => codec switch
    {
        VideoCodec.H264 => HardwareCodec.H264,
        VideoCodec.Hevc => HardwareCodec.Hevc,
        _ => null,
    };
}
