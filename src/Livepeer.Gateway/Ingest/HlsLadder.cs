using System.Globalization;
using System.Text;
using Livepeer.Transcoding;

namespace Livepeer.Gateway;

/// <summary>
/// The renditions of one stream as HLS: per rendition a window of segments, and the master and media playlists
/// rendered from them. Not thread-safe; its owner serialises access.
/// </summary>
/// <remarks>
/// Playlist URIs are relative, so one layout serves both HTTP (<c>/stream/{id}.m3u8</c>,
/// <c>/stream/{id}/{rendition}.m3u8</c>, <c>/stream/{id}/{rendition}/{seq}.ts</c>) and a folder written by
/// <see cref="HlsWriter"/>.
/// </remarks>
internal sealed class HlsLadder(int windowSegments)
{
    private readonly List<Rendition> _renditions = [];
    private TimeSpan _longest;

    /// <summary>The rendition names, in the order first seen.</summary>
    public IEnumerable<string> RenditionNames => _renditions.Select(r => r.Profile.Name);

    /// <summary>
    /// EXT-X-TARGETDURATION: the longest segment ever added, rounded up, so that it never has to shrink (RFC 8216
    /// forbids changing it) and every EXTINF rounds to no more than it.
    /// </summary>
    public int TargetDurationSeconds => Math.Max(1, (int)Math.Ceiling(_longest.TotalSeconds - 1e-9));

    /// <summary>Adds one transcoded segment to every rendition it carries.</summary>
    /// <param name="sequence">The segment's sequence number.</param>
    /// <param name="duration">Its duration.</param>
    /// <param name="renditions">Its renditions.</param>
    /// <param name="keepData">Keeps the bytes (served over HTTP) or only their size (written to disk by the caller).</param>
    public void Add(long sequence, TimeSpan duration, IReadOnlyList<TranscodedRendition> renditions, bool keepData)
    {
        foreach (var rendition in renditions)
        {
            var entry = new Segment(sequence, duration, keepData ? rendition.Data : ReadOnlyMemory<byte>.Empty, rendition.Data.Length, rendition.Profile.Format);
            var target = Find(rendition.Profile.Name);
            if (target is null)
            {
                target = new Rendition(rendition.Profile);
                _renditions.Add(target);
            }
            else
            {
                target.Profile = rendition.Profile;
            }

            if (target.Insert(entry, windowSegments) && duration > _longest)
            {
                _longest = duration;
            }
        }
    }

    /// <summary>The master playlist: one variant per rendition, with relative URIs <c>{streamName}/{rendition}.m3u8</c>.</summary>
    public string RenderMaster(string streamName)
    {
        var text = new StringBuilder(64 + (_renditions.Count * 96));
        text.Append("#EXTM3U\n#EXT-X-VERSION:3\n");
        foreach (var rendition in _renditions)
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-STREAM-INF:BANDWIDTH={rendition.Bandwidth()}");
            if (rendition.Profile.Width > 0 && rendition.Profile.Height > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $",RESOLUTION={rendition.Profile.Width}x{rendition.Profile.Height}");
            }

            text.Append('\n').Append(streamName).Append('/').Append(rendition.Profile.Name).Append(HlsNames.PlaylistExtension).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The media playlist of one rendition, with relative URIs <c>{rendition}/{seq}.ts</c>.</summary>
    /// <param name="renditionName">The rendition.</param>
    /// <param name="ended">Adds <c>#EXT-X-ENDLIST</c>: no more segments will come.</param>
    /// <param name="playlist">The playlist.</param>
    /// <returns>False when the rendition is unknown.</returns>
    public bool TryRenderMedia(string renditionName, bool ended, out string playlist)
    {
        var rendition = Find(renditionName);
        if (rendition is null)
        {
            playlist = string.Empty;
            return false;
        }

        var text = new StringBuilder(128 + (rendition.Segments.Count * 48));
        text.Append("#EXTM3U\n#EXT-X-VERSION:3\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{TargetDurationSeconds}\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-MEDIA-SEQUENCE:{rendition.Dropped}\n");
        foreach (var segment in rendition.Segments)
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXTINF:{segment.Duration.TotalSeconds:0.000},\n")
                .Append(rendition.Profile.Name).Append('/')
                .Append(segment.Sequence.ToString(CultureInfo.InvariantCulture)).Append(HlsNames.Extension(segment.Format)).Append('\n');
        }

        if (ended)
        {
            text.Append("#EXT-X-ENDLIST\n");
        }

        playlist = text.ToString();
        return true;
    }

    /// <summary>The bytes of one segment of one rendition, when still in the window (and kept).</summary>
    public bool TryGetSegment(string renditionName, long sequence, VideoFormat format, out ReadOnlyMemory<byte> data)
    {
        data = default;
        var rendition = Find(renditionName);
        var index = rendition?.IndexOf(sequence) ?? -1;
        if (index < 0 || rendition!.Segments[index].Format != format)
        {
            return false;
        }

        data = rendition.Segments[index].Data;
        return true;
    }

    private Rendition? Find(string name) => _renditions.Find(r => string.Equals(r.Profile.Name, name, StringComparison.Ordinal));

    private readonly record struct Segment(long Sequence, TimeSpan Duration, ReadOnlyMemory<byte> Data, long Size, VideoFormat Format);

    private sealed class Rendition(VideoProfile profile)
    {
        public VideoProfile Profile { get; set; } = profile;

        /// <summary>Ordered by sequence number.</summary>
        public List<Segment> Segments { get; } = [];

        /// <summary>
        /// Segments that left the window: EXT-X-MEDIA-SEQUENCE. Counting them, rather than using the first segment's
        /// own number, keeps the media sequence consistent when pushed numbers have gaps.
        /// </summary>
        public long Dropped { get; private set; }

        public int IndexOf(long sequence)
        {
            var low = 0;
            var high = Segments.Count - 1;
            while (low <= high)
            {
                var middle = (low + high) >>> 1;
                var value = Segments[middle].Sequence;
                if (value == sequence)
                {
                    return middle;
                }

                if (value < sequence)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return ~low;
        }

        /// <summary>Adds or replaces a segment; false when it is older than the window already dropped.</summary>
        public bool Insert(Segment segment, int window)
        {
            var index = IndexOf(segment.Sequence);
            if (index >= 0)
            {
                Segments[index] = segment;
                return true;
            }

            index = ~index;
            if (index == 0 && Dropped > 0)
            {
                return false;
            }

            Segments.Insert(index, segment);
            while (window > 0 && Segments.Count > window)
            {
                Segments.RemoveAt(0);
                Dropped++;
            }

            return true;
        }

        /// <summary>
        /// BANDWIDTH: the profile's bitrate; for a profile without one (bitrate 0 leaves it to the encoder), the
        /// highest bitrate measured over the segments kept.
        /// </summary>
        public long Bandwidth()
        {
            if (Profile.Bitrate > 0)
            {
                return Profile.Bitrate;
            }

            long peak = 0;
            foreach (var segment in Segments)
            {
                if (segment.Duration > TimeSpan.Zero)
                {
                    peak = Math.Max(peak, (long)(segment.Size * 8 / segment.Duration.TotalSeconds));
                }
            }

            return Math.Max(1, peak);
        }
    }
}
