using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Livepeer.Transcoding;

/// <summary>
/// Consumes ffmpeg's stderr line by line: keeps a bounded tail for error reports and picks out, as they go by,
/// the lines that the statistics need (output stream headers near the start, per-stream totals at the end), so
/// that a long or chatty run can never push them out of the tail.
/// </summary>
internal sealed partial class FFmpegStderrCollector
{
    private const int MaxTrackedStreams = 256;

    private readonly int _tailCapacity;
    private readonly Queue<string> _tail = new();
    private readonly Dictionary<(int File, int Stream), (int Width, int Height)> _outputVideoSizes = [];
    private readonly Dictionary<(int File, int Stream), FFmpegStreamTotals> _outputTotals = [];
    private readonly Dictionary<int, long> _decodedFrames = [];
    private readonly Lock _gate = new();
    private int _tailChars;
    private bool _inOutputHeader;

    public FFmpegStderrCollector(int tailCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tailCapacity, 256);
        _tailCapacity = tailCapacity;
    }

    public void OnLine(string line)
    {
        lock (_gate)
        {
            AppendToTail(line);
            Parse(line);
        }
    }

    public string Tail
    {
        get
        {
            lock (_gate)
            {
                var builder = new StringBuilder(_tailChars + _tail.Count);
                foreach (var line in _tail)
                {
                    builder.Append(line).Append('\n');
                }

                return builder.ToString();
            }
        }
    }

    public FFmpegRunStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return new FFmpegRunStatistics(
                    new Dictionary<(int, int), (int, int)>(_outputVideoSizes),
                    new Dictionary<(int, int), FFmpegStreamTotals>(_outputTotals),
                    new Dictionary<int, long>(_decodedFrames));
            }
        }
    }

    private void AppendToTail(string line)
    {
        _tail.Enqueue(line);
        _tailChars += line.Length;
        while (_tailChars > _tailCapacity && _tail.Count > 1)
        {
            _tailChars -= _tail.Dequeue().Length;
        }
    }

    private void Parse(string line)
    {
        if (line.StartsWith("Output #", StringComparison.Ordinal))
        {
            _inOutputHeader = true;
            return;
        }

        if (line.StartsWith("Input #", StringComparison.Ordinal) || line.StartsWith("Stream mapping", StringComparison.Ordinal))
        {
            _inOutputHeader = false;
            return;
        }

        if (_outputTotals.Count + _outputVideoSizes.Count >= MaxTrackedStreams * 2)
        {
            return;
        }

        if (_inOutputHeader)
        {
            var header = OutputVideoHeader().Match(line);
            if (header.Success)
            {
                var key = (Int(header.Groups[1]), Int(header.Groups[2]));
                _outputVideoSizes[key] = (Int(header.Groups[3]), Int(header.Groups[4]));
                return;
            }
        }

        var totals = OutputStreamTotals().Match(line);
        if (totals.Success)
        {
            var key = (Int(totals.Groups[1]), Int(totals.Groups[2]));
            _outputTotals[key] = new FFmpegStreamTotals(
                totals.Groups[3].Value,
                totals.Groups[4].Success ? Long(totals.Groups[4]) : null,
                Long(totals.Groups[5]),
                Long(totals.Groups[6]));
            return;
        }

        var decoded = InputVideoTotals().Match(line);
        if (decoded.Success)
        {
            _decodedFrames[Int(decoded.Groups[1])] = Long(decoded.Groups[2]);
        }
    }

    private static int Int(Group group) => int.Parse(group.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

    private static long Long(Group group) => long.Parse(group.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

    // "  Stream #1:0: Video: h264, 1 reference frame, yuv420p(tv, progressive, left), 426x240 (0x0) [SAR ...]"
    // The size is the first "WxH" that follows ", "; codec tags such as "/ 0x001B" are preceded by "/ " instead.
    [GeneratedRegex(@"^\s+Stream #(\d+):(\d+)(?:\[[^\]]*\])?(?:\([^)]*\))?: Video: .*?, (\d{1,5})x(\d{1,5})(?=[ ,\[]|$)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex OutputVideoHeader();

    // "  Output stream #0:0 (video): 60 frames encoded; 60 packets muxed (89821 bytes); " (stream copy has no "frames encoded")
    [GeneratedRegex(@"^\s*Output stream #(\d+):(\d+) \((\w+)\): (?:(\d+) frames encoded(?:; \d+ frames failed)?; )?(\d+) packets muxed \((\d+) bytes\)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex OutputStreamTotals();

    // "  Input stream #0:0 (video): 60 packets read (1853093 bytes); 60 frames decoded; "
    [GeneratedRegex(@"^\s*Input stream #0:(\d+) \(video\): \d+ packets read \(\d+ bytes\); (\d+) frames decoded", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex InputVideoTotals();
}

/// <summary>ffmpeg's end-of-run totals for one output stream (printed at <c>-v verbose</c>).</summary>
/// <param name="MediaType">"video", "audio", ...</param>
/// <param name="FramesEncoded">Frames sent to the encoder; null for stream copy.</param>
/// <param name="PacketsMuxed">Packets written by the muxer; for video one packet is one frame.</param>
/// <param name="BytesMuxed">Payload bytes written by the muxer.</param>
internal sealed record FFmpegStreamTotals(string MediaType, long? FramesEncoded, long PacketsMuxed, long BytesMuxed);

/// <summary>What a finished ffmpeg run reported about its outputs.</summary>
internal sealed class FFmpegRunStatistics
{
    private readonly IReadOnlyDictionary<(int File, int Stream), (int Width, int Height)> _videoSizes;
    private readonly IReadOnlyDictionary<(int File, int Stream), FFmpegStreamTotals> _totals;
    private readonly IReadOnlyDictionary<int, long> _decodedFrames;

    public FFmpegRunStatistics(
        IReadOnlyDictionary<(int File, int Stream), (int Width, int Height)> videoSizes,
        IReadOnlyDictionary<(int File, int Stream), FFmpegStreamTotals> totals,
        IReadOnlyDictionary<int, long> decodedFrames)
    {
        _videoSizes = videoSizes;
        _totals = totals;
        _decodedFrames = decodedFrames;
    }

    /// <summary>Frames decoded from input stream <paramref name="inputStream"/> of the first input, if reported.</summary>
    public long? DecodedFrames(int inputStream) => _decodedFrames.TryGetValue(inputStream, out var frames) ? frames : null;

    /// <summary>Frames decoded from the first input's video streams (normally one), if reported.</summary>
    public long? DecodedVideoFrames => _decodedFrames.Count == 0 ? null : _decodedFrames.Values.Sum();

    /// <summary>The totals of stream <paramref name="stream"/> of output file <paramref name="output"/>, if reported.</summary>
    public FFmpegStreamTotals? Totals(int output, int stream) => _totals.GetValueOrDefault((output, stream));

    /// <summary>
    /// The video stream of output <paramref name="output"/>: its encoded size and the frames actually muxed,
    /// which is what a verifier decoding the rendition will count. Null when ffmpeg reported neither.
    /// </summary>
    public FFmpegVideoOutput? VideoOutput(int output)
    {
        foreach (var ((file, stream), size) in _videoSizes)
        {
            if (file == output && _totals.TryGetValue((file, stream), out var totals) && totals.MediaType == "video")
            {
                return new FFmpegVideoOutput(stream, size.Width, size.Height, totals.PacketsMuxed, totals.FramesEncoded ?? totals.PacketsMuxed);
            }
        }

        return null;
    }
}

/// <summary>The encoded video of one output: size, frames in the muxed file and frames sent to the encoder.</summary>
internal sealed record FFmpegVideoOutput(int Stream, int Width, int Height, long Frames, long FramesEncoded)
{
    /// <summary>Σ width × height over the muxed frames (LPMS "encoded pixels").</summary>
    public long Pixels => checked(Frames * Width * Height);
}
