namespace Livepeer.Transcoding;

/// <summary>Why an ffmpeg or ffprobe run failed, as far as the exit status and stderr tell.</summary>
internal enum FFmpegFailureKind
{
    /// <summary>The executable could not be found or started.</summary>
    ToolNotFound,

    /// <summary>The run took longer than its time limit and was killed.</summary>
    Timeout,

    /// <summary>The input could not be demuxed or decoded ("Invalid data found when processing input").</summary>
    InvalidInput,

    /// <summary>The input has no video stream, or no video frames.</summary>
    NoVideo,

    /// <summary>The input exceeded the configured size limit.</summary>
    InputTooLarge,

    /// <summary>An output exceeded the configured size limit.</summary>
    OutputTooLarge,

    /// <summary>An encoder, decoder, muxer or filter named in the arguments does not exist in this build.</summary>
    ComponentNotFound,

    /// <summary>The filter graph could not be built.</summary>
    FilterGraph,

    /// <summary>The pixel format cannot be handled (for example non-4:2:0 input to NVDEC).</summary>
    UnsupportedPixelFormat,

    /// <summary>Out of memory; with NVENC this is also how the driver's session cap shows up.</summary>
    OutOfMemory,

    /// <summary>ffmpeg never connected to, or broke off, one of the output channels.</summary>
    OutputTransport,

    /// <summary>A non-zero exit that matched no known pattern.</summary>
    ProcessFailed,
}
