using System.Globalization;
using System.Text;

namespace Livepeer.Transcoding;

/// <summary>The CUDA scaler used when frames are on an NVIDIA GPU.</summary>
public enum CudaScaler
{
    /// <summary><c>scale_npp</c> with <c>interp_algo=super</c> (FFmpeg built with libnpp; LPMS's Linux build).</summary>
    Npp = 0,

    /// <summary><c>scale_cuda</c> (FFmpeg without the CUDA SDK, such as LPMS's Windows build).</summary>
    Cuda = 1,
}

/// <summary>Where the frames of one rendition are decoded and encoded, and with what.</summary>
public readonly record struct VideoPipeline
{
    /// <summary>Creates a pipeline.</summary>
    /// <param name="decode">Where decoding runs.</param>
    /// <param name="encode">Where encoding runs.</param>
    public VideoPipeline(VideoAcceleration decode, VideoAcceleration encode)
    {
        Decode = decode;
        Encode = encode;
    }

    /// <summary>Software decode and encode.</summary>
    public static VideoPipeline Software => default;

    /// <summary>Where decoding runs.</summary>
    public VideoAcceleration Decode { get; init; }

    /// <summary>Where encoding runs.</summary>
    public VideoAcceleration Encode { get; init; }

    /// <summary>The CUDA scaler; <see cref="CudaScaler.Npp"/> by default.</summary>
    public CudaScaler Scaler { get; init; }

    /// <summary>The GPU decoding runs on (e.g. <c>0</c>), or null for the default one.</summary>
    public string? DecodeDevice { get; init; }

    /// <summary>The GPU encoding runs on, or null for the default one (or the decode device).</summary>
    public string? EncodeDevice { get; init; }

    /// <summary>True when the input is a still image (PNG), which is always decoded in software.</summary>
    public bool IsImageInput { get; init; }
}

/// <summary>
/// Builds the video filter chain of one rendition as LPMS does: a scaler for the pipeline, then <c>fps</c> only when
/// the frame rate is set, after the scaler so duplicated frames are not scaled. Pure string building.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>decode → encode</term><description>chain</description></listheader>
/// <item><term>software → software</term><description><c>scale=w=W:h=H</c></description></item>
/// <item><term>software → NVIDIA</term><description><c>hwupload_cuda[=device=D],scale_npp=w=W:h=H:interp_algo=super</c></description></item>
/// <item><term>NVIDIA → NVIDIA</term><description><c>scale_npp=w=W:h=H:interp_algo=super</c> (same device, else
/// "TranscoderIncompatibleDevices")</description></item>
/// <item><term>NVIDIA → software</term><description><c>scale_npp=w=W:h=H:interp_algo=super,hwdownload,format=nv12</c></description></item>
/// <item><term>image input, NVIDIA encode</term><description><c>format=nv12,</c> then software → NVIDIA</description></item>
/// </list>
/// <para>With <see cref="CudaScaler.Cuda"/>, <c>scale_cuda=w=W:h=H</c> replaces the <c>scale_npp</c> part. W and H are the
/// final size (see <see cref="OutputSizeRule"/>), so the chain needs the decoded source size.</para>
/// </remarks>
public static class VideoFilterChain
{
    /// <summary>The chain for a rendition of <paramref name="profile"/> from a source of <paramref name="input"/>.</summary>
    /// <param name="profile">The rendition.</param>
    /// <param name="input">The decoded source size.</param>
    /// <param name="pipeline">Where decoding and encoding run.</param>
    /// <returns>The filter chain, for <c>-filter:v</c> or one branch of <c>-filter_complex</c>.</returns>
    /// <exception cref="TranscodingException">Decode and encode are on different GPUs.</exception>
    public static string Build(VideoProfile profile, VideoSize input, VideoPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return Build(OutputSizeRule.Compute(profile, input), profile.FrameRate, pipeline);
    }

    /// <summary>The chain for an output size and frame rate.</summary>
    /// <param name="output">The output size.</param>
    /// <param name="frameRate">The output frame rate; passthrough adds no <c>fps</c> filter.</param>
    /// <param name="pipeline">Where decoding and encoding run.</param>
    /// <returns>The filter chain.</returns>
    /// <exception cref="TranscodingException">Decode and encode are on different GPUs.</exception>
    public static string Build(VideoSize output, FrameRate frameRate, VideoPipeline pipeline)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(output.Width, nameof(output));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(output.Height, nameof(output));
        return Build(string.Create(CultureInfo.InvariantCulture, $"w={output.Width}:h={output.Height}"), frameRate, pipeline);
    }

    /// <summary>
    /// The chain for a rendition of <paramref name="profile"/> when the source size is not known in advance: the scaler
    /// gets the expressions of <see cref="OutputSizeRule.GetScaleExpressions(VideoProfile)"/>, which FFmpeg evaluates
    /// against the decoded size, giving the same output size as <see cref="Build(VideoProfile, VideoSize, VideoPipeline)"/>.
    /// </summary>
    /// <param name="profile">The rendition.</param>
    /// <param name="pipeline">Where decoding and encoding run.</param>
    /// <returns>The filter chain, with the expressions single-quoted so that it can be one branch of <c>-filter_complex</c>.</returns>
    /// <exception cref="TranscodingException">Decode and encode are on different GPUs.</exception>
    public static string BuildForUnknownInput(VideoProfile profile, VideoPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var (width, height) = OutputSizeRule.GetScaleExpressions(profile);
        return Build($"w='{width}':h='{height}'", profile.FrameRate, pipeline);
    }

    private static string Build(string size, FrameRate frameRate, VideoPipeline pipeline)
    {
        var decode = pipeline.IsImageInput ? VideoAcceleration.Software : pipeline.Decode;
        var cudaScale = pipeline.Scaler == CudaScaler.Cuda ? $"scale_cuda={size}" : $"scale_npp={size}:interp_algo=super";
        var chain = new StringBuilder(128);

        switch (decode, pipeline.Encode)
        {
            case (VideoAcceleration.Software, VideoAcceleration.Software):
                chain.Append("scale=").Append(size);
                break;
            case (VideoAcceleration.Software, VideoAcceleration.Nvidia):
                if (pipeline.IsImageInput)
                {
                    chain.Append("format=nv12,");
                }

                chain.Append("hwupload_cuda");
                if (!string.IsNullOrEmpty(pipeline.EncodeDevice))
                {
                    chain.Append("=device=").Append(pipeline.EncodeDevice);
                }

                chain.Append(',').Append(cudaScale);
                break;
            case (VideoAcceleration.Nvidia, VideoAcceleration.Nvidia):
                if (!string.IsNullOrEmpty(pipeline.EncodeDevice)
                    && !string.Equals(pipeline.EncodeDevice, pipeline.DecodeDevice, StringComparison.Ordinal))
                {
                    throw new TranscodingException(TranscodeErrorCode.IncompatibleDevices);
                }

                chain.Append(cudaScale);
                break;
            case (VideoAcceleration.Nvidia, VideoAcceleration.Software):
                chain.Append(cudaScale).Append(",hwdownload,format=nv12");
                break;
            default:
                throw new TranscodingException(TranscodeErrorCode.InvalidHardware);
        }

        if (!frameRate.IsPassthrough)
        {
            chain.Append(CultureInfo.InvariantCulture, $",fps={frameRate.Num}/{frameRate.Den}");
        }

        return chain.ToString();
    }
}
