using Livepeer.Transcoding;

namespace Livepeer.Orchestrator;

/// <summary>
/// One place the dispatcher can send segments to: the local transcoder or a registered worker. Its load is the number
/// of stream sessions (and session-less segments in flight) placed on it, kept by the dispatcher under its lock.
/// </summary>
internal abstract class DispatchTarget
{
    /// <summary>How the target shows up in logs.</summary>
    public abstract string Name { get; }

    /// <summary>How many sessions it takes at once.</summary>
    public abstract int Capacity { get; }

    /// <summary>False once a worker has gone; its sessions are moved elsewhere.</summary>
    public abstract bool IsAvailable { get; }

    /// <summary>Sessions and session-less segments placed here; changed only under the dispatcher's lock.</summary>
    public int Load { get; set; }

    public int FreeCapacity => Capacity - Load;

    public abstract Task<TranscodeResult> TranscodeAsync(TranscodeSegment segment, IReadOnlyList<VideoProfile> profiles, TranscodeOptions? options, CancellationToken cancellationToken);

    public abstract ValueTask EndSessionAsync(string sessionId, CancellationToken cancellationToken);
}

/// <summary>The orchestrator's own <see cref="ITranscoder"/>.</summary>
internal sealed class LocalDispatchTarget(ITranscoder transcoder, int capacity) : DispatchTarget
{
    public override string Name => "local";

    public override int Capacity { get; } = capacity;

    public override bool IsAvailable => true;

    public override Task<TranscodeResult> TranscodeAsync(TranscodeSegment segment, IReadOnlyList<VideoProfile> profiles, TranscodeOptions? options, CancellationToken cancellationToken)
        => transcoder.TranscodeAsync(segment, profiles, options, cancellationToken);

    public override ValueTask EndSessionAsync(string sessionId, CancellationToken cancellationToken)
        => transcoder.EndSessionAsync(sessionId, cancellationToken);
}
