using Livepeer.Transcoding;

namespace Livepeer.Orchestrator;

/// <summary>
/// A task's transcoder went away before answering. The segment itself is fine, so the dispatcher sends it to another
/// transcoder; a gateway that sees it may retry.
/// </summary>
internal sealed class RemoteTranscoderLostException(string address)
    : TranscodingException(TranscodeErrorCode.Unknown, "Remote transcoder disconnected")
{
    public string Address { get; } = address;
}
