using Livepeer.Transcoding;

namespace Livepeer.Gateway.Tests.Ingest;

public sealed class HlsWriterTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Path.Combine(Path.GetTempPath(), "livepeer-hls-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void DeleteDirectory()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Test]
    [Category("FFmpeg")]
    public async Task WriteSegmentAsync_ThreeSegmentsThenComplete_FfprobeReadsTheLadder()
    {
        using var gateway = new IngestTestGateway();
        var profiles = new[] { VideoProfile.P240p30fps16x9, VideoProfile.P144p30fps16x9 };
        var writer = new HlsWriter(_directory, "demo");
        for (var i = 0; i < 3; i++)
        {
            var source = await IngestFFmpeg.MakeSourceSegmentAsync(gateway.WorkDirectory, i);
            var result = await gateway.TranscodeSegmentAsync("demo", new SourceSegment(i, source, TimeSpan.FromSeconds(2)), profiles);
            await writer.WriteSegmentAsync(result, TimeSpan.FromSeconds(2));
        }

        var before = await File.ReadAllTextAsync(Path.Combine(_directory, "demo", "P144p30fps16x9.m3u8"));
        await writer.CompleteAsync();
        var after = await File.ReadAllTextAsync(Path.Combine(_directory, "demo", "P144p30fps16x9.m3u8"));

        using var probe = await IngestFFmpeg.ProbeAsync(writer.MasterPlaylistPath);
        var duration = double.Parse(probe.RootElement.GetProperty("format").GetProperty("duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var sizes = probe.RootElement.GetProperty("streams").EnumerateArray()
            .Select(s => (s.GetProperty("width").GetInt32(), s.GetProperty("height").GetInt32())).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(writer.MasterPlaylistPath, Is.EqualTo(Path.Combine(Path.GetFullPath(_directory), "demo.m3u8")));
            Assert.That(File.Exists(Path.Combine(_directory, "demo", "P240p30fps16x9", "2.ts")), Is.True);
            Assert.That(before, Does.Not.Contain("#EXT-X-ENDLIST"));
            Assert.That(after, Does.EndWith("P144p30fps16x9/2.ts\n#EXT-X-ENDLIST\n"));
            Assert.That(Directory.GetFiles(_directory, "*.tmp", SearchOption.AllDirectories), Is.Empty);
            Assert.That(duration, Is.EqualTo(6.0).Within(0.3));
            Assert.That(sizes, Is.EquivalentTo(new[] { (426, 240), (256, 144) }));
        });
    }

    [Test]
    public async Task WriteSegmentAsync_AfterComplete_Throws()
    {
        var writer = new HlsWriter(_directory);
        await writer.WriteSegmentAsync(Segment(0, "P240p30fps16x9"), TimeSpan.FromSeconds(2));
        await writer.CompleteAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteSegmentAsync(Segment(1, "P240p30fps16x9"), TimeSpan.FromSeconds(2)));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(_directory, "index.m3u8")), Does.Contain("index/P240p30fps16x9.m3u8"));
    }

    [Test]
    public async Task WriteSegmentAsync_RenditionNameLeavingTheFolder_Throws()
    {
        var writer = new HlsWriter(_directory);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => writer.WriteSegmentAsync(Segment(0, ".."), TimeSpan.FromSeconds(2)));

        Assert.That(error!.Message, Does.Contain("'..'"));
        Assert.That(Directory.GetFileSystemEntries(_directory), Is.Empty);
    }

    [TestCase("a/b")]
    [TestCase(".hidden")]
    [TestCase("")]
    public void Constructor_UnsafeStreamName_Throws(string name) =>
        Assert.Throws<ArgumentException>(() => _ = new HlsWriter(_directory, name));

    private static TranscodedSegment Segment(long sequence, string rendition) => new()
    {
        Sequence = sequence,
        Renditions = [new TranscodedRendition(new VideoProfile(rendition, 320, 180, 1000), new byte[] { 1, 2 }, 0)],
        Orchestrator = new Uri("https://127.0.0.1:1"),
    };
}
