namespace Livepeer.Transcoding;

/// <summary>
/// Stable codes for transcoding failures. Each code has one message, the exact string LPMS or go-livepeer uses for
/// it (see <see cref="TranscodeErrors.GetMessage"/>), because gateways classify errors by that string.
/// </summary>
public enum TranscodeErrorCode
{
    /// <summary>An error no other code describes; the message is the one reported.</summary>
    Unknown = 0,

    /// <summary>LPMS <c>INPX</c>: "Unsupported input pixel format" (non-4:2:0 input into NVDEC).</summary>
    UnsupportedInputPixelFormat,

    /// <summary>LPMS <c>INPC</c>: "Unsupported input codec" (the decoder has no CUDA configuration).</summary>
    UnsupportedInputCodec,

    /// <summary>LPMS <c>INKF</c>: "No keyframes in input".</summary>
    NoKeyframesInInput,

    /// <summary>LPMS <c>FLTR</c>: "Error initializing filtergraph".</summary>
    FilterGraphInitFailed,

    /// <summary>LPMS <c>OUTP</c>: "Too many outputs" (more than 10, or the count changed within a session).</summary>
    TooManyOutputs,

    /// <summary>LPMS <c>UNRV</c>: "Unrecoverable state, restart process".</summary>
    Unrecoverable,

    /// <summary>LPMS <c>ENRW</c>: "Encoded frames runaway" (more than 25 encoded frames per decoded frame).</summary>
    EncodedFramesRunaway,

    /// <summary>FFmpeg: "Decoder not found".</summary>
    DecoderNotFound,

    /// <summary>FFmpeg: "Demuxer not found".</summary>
    DemuxerNotFound,

    /// <summary>FFmpeg: "Encoder not found".</summary>
    EncoderNotFound,

    /// <summary>FFmpeg: "Muxer not found".</summary>
    MuxerNotFound,

    /// <summary>FFmpeg: "Option not found".</summary>
    OptionNotFound,

    /// <summary>FFmpeg: "Invalid argument" (also how non-monotonic timestamps surface).</summary>
    InvalidArgument,

    /// <summary>FFmpeg: "Cannot allocate memory" (also how the NVENC session cap surfaces).</summary>
    OutOfMemory,

    /// <summary>FFmpeg: "Invalid data found when processing input".</summary>
    InvalidData,

    /// <summary>go-livepeer: "TranscoderInvalidResolution".</summary>
    InvalidResolution,

    /// <summary>go-livepeer: "TranscoderInvalidHardware".</summary>
    InvalidHardware,

    /// <summary>go-livepeer: "TranscoderInvalidInput".</summary>
    InvalidInput,

    /// <summary>go-livepeer: "TranscoderInvalidClipConfig".</summary>
    InvalidClipConfig,

    /// <summary>go-livepeer: "TranscoderInvalidVideo" (for example an audio-only segment).</summary>
    InvalidVideo,

    /// <summary>go-livepeer: "TranscoderInvalidDuration" (input longer than 300 s).</summary>
    InvalidDuration,

    /// <summary>go-livepeer: "TranscoderStopped".</summary>
    Stopped,

    /// <summary>go-livepeer: "TranscoderUnrecognizedFormat".</summary>
    UnrecognizedFormat,

    /// <summary>go-livepeer: "TranscoderUnrecognizedProfile".</summary>
    UnrecognizedProfile,

    /// <summary>go-livepeer: "TranscoderInvalidGOP".</summary>
    InvalidGop,

    /// <summary>go-livepeer: "TranscoderIncompatibleDevices" (decode and encode on different GPUs).</summary>
    IncompatibleDevices,

    /// <summary>go-livepeer: "EmptyData".</summary>
    EmptyData,

    /// <summary>go-livepeer: "InvalidSignData".</summary>
    InvalidSignData,

    /// <summary>go-livepeer: "TranscoderInvalidPixelformat".</summary>
    InvalidPixelFormat,

    /// <summary>go-livepeer: "InvalidVideoData".</summary>
    InvalidVideoData,

    /// <summary>go-livepeer: "TranscoderBusy" (every session slot of the load balancer is taken).</summary>
    TranscoderBusy,

    /// <summary>go-livepeer: "OrchestratorBusy".</summary>
    OrchestratorBusy,

    /// <summary>go-livepeer: "OrchestratorCapped".</summary>
    OrchestratorCapped,

    /// <summary>go-livepeer: "ZeroSegments".</summary>
    ZeroSegments,

    /// <summary>go-livepeer: "MismatchedSegments".</summary>
    MismatchedSegments,

    /// <summary>go-livepeer: "Remote transcoder took too long".</summary>
    Timeout,

    /// <summary>The caller cancelled the transcode; message "context canceled", as Go reports it.</summary>
    Cancelled,

    /// <summary>go-livepeer: "input bigger than max buffer size" (more than <see cref="TranscodeLimits.MaxSegmentBytes"/>).</summary>
    InputTooLarge,

    /// <summary>The segment has no video frame to transcode (an SDK message; go-livepeer skips such segments).</summary>
    ZeroFrames,

    /// <summary>A profile or transcoding configuration is invalid; see <see cref="TranscodingConfigurationException.Field"/>.</summary>
    InvalidConfiguration,
}
