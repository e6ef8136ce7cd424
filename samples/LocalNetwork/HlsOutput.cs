using System.Globalization;
using System.Text;
using Livepeer.Gateway;
using Livepeer.Transcoding;

namespace LocalNetwork;

/// <summary>The HLS ladder on disk: the master playlist and one media playlist per rendition.</summary>
internal sealed record HlsLadder(string MasterPlaylist, IReadOnlyList<(VideoProfile Profile, string Playlist)> Renditions);

/// <summary>Writes the transcoded segments as a VOD HLS ladder, and checks it with ffprobe.</summary>
internal static class HlsOutput
{
    public static HlsLadder Write(string directory, IReadOnlyList<VideoProfile> profiles, SourceClip clip, IReadOnlyList<SegmentOutcome> outcomes)
    {
        var byProfile = new List<(VideoProfile, string)>();
        var master = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n");
        for (var index = 0; index < profiles.Count; index++)
        {
            var profile = profiles[index];
            var folder = Path.Combine(directory, profile.Name);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
            Directory.CreateDirectory(folder);

            var targetDuration = (int)Math.Ceiling(clip.Segments.Max(s => s.Duration.TotalSeconds));
            var playlist = new StringBuilder();
            playlist.Append(CultureInfo.InvariantCulture,
                $"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-TARGETDURATION:{targetDuration}\n#EXT-X-MEDIA-SEQUENCE:0\n");
            var peakBitsPerSecond = 0.0;
            var gap = false;
            foreach (var segment in clip.Segments)
            {
                var rendition = outcomes.FirstOrDefault(o => o.Sequence == segment.Sequence)?.Result?.Renditions[index];
                if (rendition is null)
                {
                    gap = true;
                    continue;
                }

                var name = $"{segment.Sequence}.ts";
                File.WriteAllBytes(Path.Combine(folder, name), rendition.Data.ToArray());
                if (gap)
                {
                    playlist.Append("#EXT-X-DISCONTINUITY\n");
                    gap = false;
                }
                playlist.Append(CultureInfo.InvariantCulture, $"#EXTINF:{segment.Duration.TotalSeconds:0.000},\n{name}\n");
                peakBitsPerSecond = Math.Max(peakBitsPerSecond, rendition.Data.Length * 8 / segment.Duration.TotalSeconds);
            }
            playlist.Append("#EXT-X-ENDLIST\n");
            var playlistPath = Path.Combine(folder, "index.m3u8");
            File.WriteAllText(playlistPath, playlist.ToString());
            byProfile.Add((profile, playlistPath));

            var bandwidth = peakBitsPerSecond > 0 ? (long)peakBitsPerSecond : profile.Bitrate;
            master.Append(CultureInfo.InvariantCulture, $"#EXT-X-STREAM-INF:BANDWIDTH={bandwidth},RESOLUTION={profile.Width}x{profile.Height}\n{profile.Name}/index.m3u8\n");
        }

        var masterPath = Path.Combine(directory, "index.m3u8");
        File.WriteAllText(masterPath, master.ToString());
        return new HlsLadder(masterPath, byProfile);
    }

    /// <summary>Opens every playlist with ffprobe; returns what is wrong (nothing when the ladder plays).</summary>
    public static async Task<List<string>> CheckAsync(HlsLadder ladder, IReadOnlyList<VideoProfile> profiles, TimeSpan expectedDuration, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var programs = await SourceClip.RunToolAsync("ffprobe",
            ["-v", "error", "-show_entries", "program=program_id", "-of", "csv=p=0", ladder.MasterPlaylist],
            TimeSpan.FromSeconds(30), cancellationToken);
        var variantCount = programs.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        if (variantCount != profiles.Count)
        {
            problems.Add($"ffprobe finds {variantCount} variants in {ladder.MasterPlaylist}, expected {profiles.Count}");
        }

        foreach (var (profile, playlist) in ladder.Renditions)
        {
            var output = await SourceClip.RunToolAsync("ffprobe",
                ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=height:format=duration", "-of", "default=nw=1", playlist],
                TimeSpan.FromSeconds(30), cancellationToken);
            var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => line.Split('=', 2))
                .Where(pair => pair.Length == 2)
                // ffprobe lists an HLS stream under its program and again on its own; the first is enough.
                .GroupBy(pair => pair[0])
                .ToDictionary(group => group.Key, group => group.First()[1]);
            var height = values.TryGetValue("height", out var h) && int.TryParse(h, CultureInfo.InvariantCulture, out var parsedHeight) ? parsedHeight : 0;
            var duration = values.TryGetValue("duration", out var d) && double.TryParse(d, CultureInfo.InvariantCulture, out var parsedDuration) ? parsedDuration : 0;
            var line = string.Create(CultureInfo.InvariantCulture, $"ffprobe {Path.GetRelativePath(Path.GetDirectoryName(ladder.MasterPlaylist)!, playlist)}: {height}p, {duration:0.00} s");
            Console.WriteLine(line);
            if (height != profile.Height)
            {
                problems.Add($"{line}: expected {profile.Height}p");
            }
            if (Math.Abs(duration - expectedDuration.TotalSeconds) > 1)
            {
                problems.Add($"{line}: expected about {expectedDuration.TotalSeconds:0.#} s");
            }
        }

        return problems;
    }
}
