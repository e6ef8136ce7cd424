using System.Globalization;
using System.Text;

namespace Livepeer.Gateway;

/// <summary>
/// Writes a transcoded stream to a folder as HLS, segment by segment, so it can be played while it grows and kept
/// afterwards: <c>{StreamName}.m3u8</c> (the master playlist, one variant per rendition),
/// <c>{StreamName}/{rendition}.m3u8</c> (a media playlist per rendition) and <c>{StreamName}/{rendition}/{seq}.ts</c>
/// (the segments), the same layout the gateway serves under <c>/stream</c>. Playlists are replaced atomically, so a
/// player never reads half of one. Every segment is kept. Thread-safe; segments may arrive in any order.
/// </summary>
/// <example>
/// <code>
/// var hls = new HlsWriter("out", "demo");
/// await foreach (var outcome in stream.ReadResultsAsync())
/// {
///     if (outcome.Result is { } result) { await hls.WriteSegmentAsync(result, TimeSpan.FromSeconds(2)); }
/// }
/// await hls.CompleteAsync(); // ffplay out/demo.m3u8
/// </code>
/// </example>
public sealed class HlsWriter
{
    private readonly HlsLadder _ladder = new(windowSegments: 0);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _completed;

    /// <summary>Creates a writer; the folder is created if needed.</summary>
    /// <param name="directory">The folder to write into.</param>
    /// <param name="streamName">The name of the master playlist and of the folder of renditions: letters, digits, <c>-</c>, <c>_</c> and <c>.</c> (not first).</param>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty, or <paramref name="streamName"/> has other characters.</exception>
    public HlsWriter(string directory, string streamName = "index")
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!HlsNames.IsSafe(streamName))
        {
            throw new ArgumentException($"The stream name '{streamName}' is not allowed: use up to {HlsNames.MaxLength} letters, digits, '-', '_' and '.' (not first).", nameof(streamName));
        }

        Directory = Path.GetFullPath(directory);
        StreamName = streamName;
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>The folder written into, as a full path.</summary>
    public string Directory { get; }

    /// <summary>The stream's name.</summary>
    public string StreamName { get; }

    /// <summary>The master playlist's path; it exists once the first segment is written.</summary>
    public string MasterPlaylistPath => Path.Combine(Directory, StreamName + HlsNames.PlaylistExtension);

    /// <summary>Writes every rendition of a segment, then the playlists that list it.</summary>
    /// <param name="segment">The transcoded segment.</param>
    /// <param name="duration">Its duration (the source segment's).</param>
    /// <param name="cancellationToken">Cancels the writing.</param>
    /// <returns>A task that completes when the files are written.</returns>
    /// <exception cref="ArgumentException">A rendition name is not allowed as a file name, or the duration is not positive.</exception>
    /// <exception cref="InvalidOperationException"><see cref="CompleteAsync"/> was called.</exception>
    public async Task WriteSegmentAsync(TranscodedSegment segment, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(segment.Sequence, nameof(segment));
        foreach (var rendition in segment.Renditions)
        {
            if (!HlsNames.IsSafe(rendition.Profile.Name))
            {
                throw new ArgumentException($"The rendition name '{rendition.Profile.Name}' is not allowed as a file name: use up to {HlsNames.MaxLength} letters, digits, '-', '_' and '.' (not first).", nameof(segment));
            }
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_completed)
            {
                throw new InvalidOperationException("The HLS stream was completed; no segment can be added.");
            }

            foreach (var rendition in segment.Renditions)
            {
                var folder = Path.Combine(Directory, StreamName, rendition.Profile.Name);
                System.IO.Directory.CreateDirectory(folder);
                var file = Path.Combine(folder, segment.Sequence.ToString(CultureInfo.InvariantCulture) + HlsNames.Extension(rendition.Profile.Format));
                await WriteAtomicallyAsync(file, rendition.Data, cancellationToken).ConfigureAwait(false);
            }

            _ladder.Add(segment.Sequence, duration, segment.Renditions, keepData: false);
            await WritePlaylistsAsync(ended: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Marks the stream as ended (<c>#EXT-X-ENDLIST</c>), so players treat it as a complete recording.</summary>
    /// <param name="cancellationToken">Cancels the writing.</param>
    /// <returns>A task that completes when the playlists are written.</returns>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_completed)
            {
                return;
            }

            await WritePlaylistsAsync(ended: true, cancellationToken).ConfigureAwait(false);
            _completed = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task WritePlaylistsAsync(bool ended, CancellationToken cancellationToken)
    {
        foreach (var name in _ladder.RenditionNames)
        {
            if (_ladder.TryRenderMedia(name, ended, out var media))
            {
                var path = Path.Combine(Directory, StreamName, name + HlsNames.PlaylistExtension);
                await WriteAtomicallyAsync(path, Encoding.UTF8.GetBytes(media), cancellationToken).ConfigureAwait(false);
            }
        }

        await WriteAtomicallyAsync(MasterPlaylistPath, Encoding.UTF8.GetBytes(_ladder.RenderMaster(StreamName)), cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteAtomicallyAsync(string path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
