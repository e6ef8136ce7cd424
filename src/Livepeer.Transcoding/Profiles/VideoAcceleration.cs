namespace Livepeer.Transcoding;

/// <summary>Where a stage of the video pipeline (decode or encode) runs.</summary>
public enum VideoAcceleration
{
    /// <summary>On the CPU (libx264, libx265, libvpx, libvpx-vp9, libsvtav1).</summary>
    Software = 0,

    /// <summary>On an NVIDIA GPU (NVDEC/CUVID, h264_nvenc, hevc_nvenc).</summary>
    Nvidia = 1,
}
