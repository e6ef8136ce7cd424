using System.Threading.Channels;

namespace Livepeer.Transcoding;

/// <summary>One stream session: its queue, its device and its loop. Fields are guarded by the pool's lock except
/// where noted.</summary>
internal sealed class PoolSession
{
    /// <summary>go-livepeer's <c>maxSegmentChannels</c>: segments that may wait behind the one being transcoded.</summary>
    public const int QueueCapacity = 4;

    public PoolSession(string id, Task? predecessor)
    {
        Id = id;
        Predecessor = predecessor;
        Queue = Channel.CreateBounded<PoolWorkItem>(new BoundedChannelOptions(QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string Id { get; }

    /// <summary>The loop of an earlier session with the same id that is still ending; this one waits for it, so the
    /// engine never sees two sessions with one id.</summary>
    public Task? Predecessor { get; }

    public Channel<PoolWorkItem> Queue { get; }

    /// <summary>Completes when the loop has finished and the engine's session is ended.</summary>
    public TaskCompletionSource Completed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The device, or null between an error (or a forced re-initialisation) and the next placement.</summary>
    public PoolDevice? Device { get; set; }

    /// <summary>The cost added to <see cref="Device"/>.</summary>
    public long Cost { get; set; }

    /// <summary>True once the session is out of the pool's map; no segment is queued to it any more.</summary>
    public bool Closed { get; set; }

    /// <summary>Loop-only: the engine has been called since its session was last ended.</summary>
    public bool EngineHasState { get; set; }

    /// <summary>Loop-only: segments transcoded on the current placement.</summary>
    public int SegmentsOnPlacement { get; set; }
}

/// <summary>A queued segment and the caller waiting for it.</summary>
internal sealed class PoolWorkItem
{
    public PoolWorkItem(TranscodeSegment segment, IReadOnlyList<VideoProfile> profiles, TranscodeOptions options, CancellationToken cancellationToken)
    {
        Segment = segment;
        Profiles = profiles;
        Options = options;
        CancellationToken = cancellationToken;
    }

    public TranscodeSegment Segment { get; }

    public IReadOnlyList<VideoProfile> Profiles { get; }

    public TranscodeOptions Options { get; }

    public CancellationToken CancellationToken { get; }

    public TaskCompletionSource<TranscodeResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
