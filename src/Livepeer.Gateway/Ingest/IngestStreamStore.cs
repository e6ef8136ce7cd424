using System.Collections.Concurrent;
using Livepeer.Transcoding;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Livepeer.Gateway;

/// <summary>
/// The pushed streams and the renditions that went through the gateway for them, kept in memory for HLS playback:
/// a bounded window of segments per rendition (<see cref="LivepeerGatewayOptions.HlsWindowSegments"/>); streams
/// without a segment for <see cref="LivepeerGatewayOptions.IngestStreamTimeout"/> are dropped by
/// <see cref="RemoveInactive"/>.
/// </summary>
internal sealed class IngestStreamStore(IOptions<LivepeerGatewayOptions> options, TimeProvider time, ILogger<IngestStreamStore> logger)
{
    /// <summary>
    /// A stream that has had no segment for this many target durations is treated as ended: its media playlists get
    /// <c>#EXT-X-ENDLIST</c>, so players (and ffprobe) read it as complete rather than wait for more. A push client
    /// sends a segment about every target duration, so three missed segments means it stopped.
    /// </summary>
    private const int IdleTargetDurations = 3;

    private readonly ConcurrentDictionary<string, PushedStream> _streams = new(StringComparer.Ordinal);

    /// <summary>The streams held.</summary>
    public int Count => _streams.Count;

    /// <summary>Keeps a known stream alive (a segment is being pushed); unknown streams are not created.</summary>
    public void Touch(string streamId)
    {
        if (_streams.TryGetValue(streamId, out var stream))
        {
            lock (stream)
            {
                stream.LastActivity = time.GetUtcNow();
            }
        }
    }

    /// <summary>Adds a transcoded segment to its stream, creating the stream on its first segment.</summary>
    public void Record(string streamId, TranscodedSegment segment, TimeSpan duration)
    {
        // A sweep can remove the stream between the lookup and the lock; the second try then creates a new one.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var stream = _streams.GetOrAdd(streamId, static (_, window) => new PushedStream(new HlsLadder(window)), options.Value.HlsWindowSegments);
            lock (stream)
            {
                if (stream.Removed)
                {
                    continue;
                }

                if (!stream.Started)
                {
                    stream.Started = true;
                    IngestLog.StreamStarted(logger, streamId);
                }

                stream.Ladder.Add(segment.Sequence, duration, segment.Renditions, keepData: true);
                stream.LastActivity = time.GetUtcNow();
                stream.LastSegmentAt = stream.LastActivity;
                return;
            }
        }
    }

    public bool TryGetMaster(string streamId, out string playlist)
    {
        playlist = string.Empty;
        if (!_streams.TryGetValue(streamId, out var stream))
        {
            return false;
        }

        lock (stream)
        {
            playlist = stream.Ladder.RenderMaster(streamId);
            return !stream.Removed;
        }
    }

    public bool TryGetMedia(string streamId, string renditionName, out string playlist)
    {
        playlist = string.Empty;
        if (!_streams.TryGetValue(streamId, out var stream))
        {
            return false;
        }

        lock (stream)
        {
            var idle = time.GetUtcNow() - stream.LastSegmentAt;
            var ended = idle >= TimeSpan.FromSeconds(IdleTargetDurations * stream.Ladder.TargetDurationSeconds);
            return !stream.Removed && stream.Ladder.TryRenderMedia(renditionName, ended, out playlist);
        }
    }

    public bool TryGetSegment(string streamId, string renditionName, long sequence, VideoFormat format, out ReadOnlyMemory<byte> data)
    {
        data = default;
        if (!_streams.TryGetValue(streamId, out var stream))
        {
            return false;
        }

        lock (stream)
        {
            return !stream.Removed && stream.Ladder.TryGetSegment(renditionName, sequence, format, out data);
        }
    }

    /// <summary>Drops every stream that has been inactive for <see cref="LivepeerGatewayOptions.IngestStreamTimeout"/>.</summary>
    /// <returns>How many were dropped.</returns>
    public int RemoveInactive()
    {
        var timeout = options.Value.IngestStreamTimeout;
        var now = time.GetUtcNow();
        var removed = 0;
        foreach (var (id, stream) in _streams)
        {
            lock (stream)
            {
                var idle = now - stream.LastActivity;
                if (stream.Removed || idle < timeout)
                {
                    continue;
                }

                stream.Removed = true;
                _streams.TryRemove(new KeyValuePair<string, PushedStream>(id, stream));
                removed++;
                IngestLog.StreamDropped(logger, id, idle);
            }
        }

        return removed;
    }

    private sealed class PushedStream(HlsLadder ladder)
    {
        public HlsLadder Ladder { get; } = ladder;

        public DateTimeOffset LastActivity { get; set; }

        public DateTimeOffset LastSegmentAt { get; set; }

        public bool Started { get; set; }

        public bool Removed { get; set; }
    }
}
