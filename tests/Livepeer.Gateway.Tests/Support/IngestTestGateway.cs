using System.Collections.Concurrent;
using Livepeer.Transcoding;

namespace Livepeer.Gateway.Tests;

/// <summary>How the test gateway answers a segment.</summary>
internal enum IngestGatewayMode
{
    /// <summary>Renditions scaled from the pushed segment by the real ffmpeg.</summary>
    FFmpeg,

    /// <summary>Renditions of fixed bytes, for tests about the request rather than the media.</summary>
    Canned,

    /// <summary>Throws <see cref="IngestTestGateway.Failure"/>.</summary>
    Fail,
}

/// <summary>An <see cref="ILivepeerGateway"/> for the ingest tests: it records each segment and answers as <see cref="Mode"/> says.</summary>
internal sealed class IngestTestGateway : ILivepeerGateway, IDisposable
{
    private static readonly Uri Orchestrator = new("https://127.0.0.1:1");

    public IngestTestGateway()
    {
        Directory.CreateDirectory(WorkDirectory);
    }

    public IngestGatewayMode Mode { get; set; } = IngestGatewayMode.FFmpeg;

    public Exception? Failure { get; set; }

    public string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), "livepeer-ingest-" + Guid.NewGuid().ToString("N"));

    public ConcurrentQueue<IngestCall> Calls { get; } = new();

    public ConcurrentQueue<TranscodedSegment> Results { get; } = new();

    public async Task<TranscodedSegment> TranscodeSegmentAsync(string streamId, SourceSegment segment, IReadOnlyList<VideoProfile> profiles, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue(new IngestCall(streamId, segment, profiles));
        IReadOnlyList<TranscodedRendition> renditions;
        switch (Mode)
        {
            case IngestGatewayMode.Fail:
                throw Failure ?? new InvalidOperationException("No failure set.");
            case IngestGatewayMode.Canned:
                renditions = [.. profiles.Select((p, i) => new TranscodedRendition(p, Enumerable.Repeat((byte)(i + 1), 100 + i).ToArray(), 0))];
                break;
            default:
                var outputs = profiles.Select(p => (p.Width, p.Height, p.Bitrate, p.Format == VideoFormat.Mp4)).ToList();
                var data = await IngestFFmpeg.ScaleAsync(WorkDirectory, segment.Data, outputs).ConfigureAwait(false);
                renditions = [.. profiles.Select((p, i) => new TranscodedRendition(p, data[i], 0))];
                break;
        }

        var result = new TranscodedSegment { Sequence = segment.Sequence, Renditions = renditions, Orchestrator = Orchestrator };
        Results.Enqueue(result);
        return result;
    }

    public Task<ILivepeerStream> OpenStreamAsync(string streamId, IReadOnlyList<VideoProfile> profiles, LivepeerStreamOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The ingest endpoints transcode segment by segment.");

    public void Dispose()
    {
        if (Directory.Exists(WorkDirectory))
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
    }
}

/// <summary>One segment the test gateway was asked to transcode.</summary>
internal sealed record IngestCall(string StreamId, SourceSegment Segment, IReadOnlyList<VideoProfile> Profiles);
