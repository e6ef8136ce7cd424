using System.Net;
using System.Text.Json;

namespace Livepeer.Gateway.Tests.Ingest;

public sealed class HlsPlaybackTests
{
    [Test]
    [Category("FFmpeg")]
    public async Task Push_ThreeSegments_PlaylistsServeTheStreamAndFfprobeReadsIt()
    {
        await using var host = await IngestTestHost.StartAsync();
        var sources = new List<byte[]>();
        for (var i = 0; i < 3; i++)
        {
            sources.Add(await IngestFFmpeg.MakeSourceSegmentAsync(host.Gateway.WorkDirectory, i));
        }

        for (var i = 0; i < 3; i++)
        {
            using var response = await host.Client.SendAsync(Push($"/live/show/{i}.ts", sources[i], 2000));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        }

        using var master = await host.Client.GetAsync("/stream/show.m3u8");
        Assert.That(master.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(master.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/vnd.apple.mpegurl"));
        Assert.That(await master.Content.ReadAsStringAsync(), Is.EqualTo(
            "#EXTM3U\n#EXT-X-VERSION:3\n" +
            "#EXT-X-STREAM-INF:BANDWIDTH=600000,RESOLUTION=426x240\nshow/P240p30fps16x9.m3u8\n" +
            "#EXT-X-STREAM-INF:BANDWIDTH=1200000,RESOLUTION=640x360\nshow/P360p30fps16x9.m3u8\n"));

        const string live =
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n" +
            "#EXTINF:2.000,\nP240p30fps16x9/0.ts\n#EXTINF:2.000,\nP240p30fps16x9/1.ts\n#EXTINF:2.000,\nP240p30fps16x9/2.ts\n";
        Assert.That(await host.Client.GetStringAsync("/stream/show/P240p30fps16x9.m3u8"), Is.EqualTo(live), "a live stream has no end yet");

        var results = host.Gateway.Results.ToArray();
        using var segment = await host.Client.GetAsync("/stream/show/P360p30fps16x9/1.ts");
        Assert.That(segment.Content.Headers.ContentType?.MediaType, Is.EqualTo("video/mp2t"));
        Assert.That(await segment.Content.ReadAsByteArrayAsync(), Is.EqualTo(results[1].Renditions[1].Data.ToArray()));

        host.Clock.Advance(TimeSpan.FromSeconds(6));
        Assert.That(await host.Client.GetStringAsync("/stream/show/P240p30fps16x9.m3u8"), Is.EqualTo(live + "#EXT-X-ENDLIST\n"), "idle for 3 target durations ends it");

        using var probe = await IngestFFmpeg.ProbeAsync(new Uri(host.BaseUri, "/stream/show.m3u8").ToString());
        var duration = double.Parse(probe.RootElement.GetProperty("format").GetProperty("duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var video = probe.RootElement.GetProperty("streams").EnumerateArray()
            .Where(s => s.GetProperty("codec_type").GetString() == "video")
            .Select(s => (s.GetProperty("width").GetInt32(), s.GetProperty("height").GetInt32()))
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(duration, Is.EqualTo(6.0).Within(0.3));
            Assert.That(video, Is.EquivalentTo(new[] { (426, 240), (640, 360) }));
        });
    }

    [Test]
    public async Task Playback_WindowOfTwo_OldestSegmentLeavesPlaylistAndStore()
    {
        await using var host = await IngestTestHost.StartAsync(o => o.HlsWindowSegments = 2);
        host.Gateway.Mode = IngestGatewayMode.Canned;
        foreach (var (sequence, milliseconds) in new[] { (0, 2000), (1, 2500), (2, 1800) })
        {
            using var response = await host.Client.SendAsync(Push($"/live/w/{sequence}.ts", [1], milliseconds));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var playlist = await host.Client.GetStringAsync("/stream/w/P240p30fps16x9.m3u8");
        using var dropped = await host.Client.GetAsync("/stream/w/P240p30fps16x9/0.ts");
        using var kept = await host.Client.GetAsync("/stream/w/P240p30fps16x9/2.ts");

        Assert.Multiple(() =>
        {
            Assert.That(playlist, Is.EqualTo(
                "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:3\n#EXT-X-MEDIA-SEQUENCE:1\n" +
                "#EXTINF:2.500,\nP240p30fps16x9/1.ts\n#EXTINF:1.800,\nP240p30fps16x9/2.ts\n"));
            Assert.That(dropped.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(kept.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task Playback_OutOfOrderAndRepeatedSegments_ListedInSequenceOnce()
    {
        await using var host = await IngestTestHost.StartAsync(o => o.HlsWindowSegments = 0);
        host.Gateway.Mode = IngestGatewayMode.Canned;
        foreach (var sequence in new[] { 2, 0, 1, 2 })
        {
            using var response = await host.Client.SendAsync(Push($"/live/o/{sequence}.ts", [1], 2000));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var playlist = await host.Client.GetStringAsync("/stream/o/P360p30fps16x9.m3u8");

        Assert.That(playlist.Split('\n').Where(l => l.EndsWith(".ts", StringComparison.Ordinal)),
            Is.EqualTo(new[] { "P360p30fps16x9/0.ts", "P360p30fps16x9/1.ts", "P360p30fps16x9/2.ts" }));
    }

    [TestCase("/stream/nobody.m3u8", "Stream not found.")]
    [TestCase("/stream/nobody", "Stream not found.")]
    [TestCase("/stream/nobody/P240p30fps16x9.m3u8", "Rendition not found.")]
    [TestCase("/stream/nobody/P240p30fps16x9/0.ts", "Segment not found.")]
    public async Task Playback_UnknownStream_404(string path, string text)
    {
        await using var host = await IngestTestHost.StartAsync();

        using var response = await host.Client.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(text));
    }

    [Test]
    public async Task Playback_UnknownRenditionOrWrongExtension_404()
    {
        await using var host = await IngestTestHost.StartAsync();
        host.Gateway.Mode = IngestGatewayMode.Canned;
        using var push = await host.Client.SendAsync(Push("/live/k/0.ts", [1], 2000));

        using var rendition = await host.Client.GetAsync("/stream/k/P720p30fps16x9.m3u8");
        using var extension = await host.Client.GetAsync("/stream/k/P240p30fps16x9/0.mp4");
        using var found = await host.Client.GetAsync("/stream/k/P240p30fps16x9/0.ts");

        Assert.Multiple(() =>
        {
            Assert.That(rendition.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(extension.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(found.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task RemoveInactive_ManualClock_DropsOnlyStreamsIdleForTheTimeout()
    {
        await using var host = await IngestTestHost.StartAsync(o => o.IngestStreamTimeout = TimeSpan.FromSeconds(60));
        host.Gateway.Mode = IngestGatewayMode.Canned;
        using (await host.Client.SendAsync(Push("/live/old/0.ts", [1], 2000)))
        {
        }

        host.Clock.Advance(TimeSpan.FromSeconds(30));
        using (await host.Client.SendAsync(Push("/live/young/0.ts", [1], 2000)))
        {
        }

        host.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.That(host.Store.RemoveInactive(), Is.Zero, "59 s idle is still within the timeout");

        host.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(host.Store.RemoveInactive(), Is.EqualTo(1));
        using var old = await host.Client.GetAsync("/stream/old.m3u8");
        using var young = await host.Client.GetAsync("/stream/young.m3u8");
        Assert.Multiple(() =>
        {
            Assert.That(old.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(young.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(host.Store.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task RemoveInactive_FailedPushesKeepStreamAlive()
    {
        await using var host = await IngestTestHost.StartAsync();
        host.Gateway.Mode = IngestGatewayMode.Canned;
        using (await host.Client.SendAsync(Push("/live/busy/0.ts", [1], 2000)))
        {
        }

        host.Gateway.Mode = IngestGatewayMode.Fail;
        host.Gateway.Failure = new GatewayException(GatewayErrorCode.NoOrchestrators, "none");
        host.Clock.Advance(TimeSpan.FromSeconds(50));
        using (var failed = await host.Client.SendAsync(Push("/live/busy/1.ts", [1], 2000)))
        {
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        }

        host.Clock.Advance(TimeSpan.FromSeconds(50));

        Assert.That(host.Store.RemoveInactive(), Is.Zero);
    }

    [Test]
    public async Task Sweeper_ClockPassesTimeout_DropsStreamInBackground()
    {
        await using var host = await IngestTestHost.StartAsync();
        host.Gateway.Mode = IngestGatewayMode.Canned;
        using (await host.Client.SendAsync(Push("/live/gone/0.ts", [1], 2000)))
        {
        }

        host.Clock.Advance(TimeSpan.FromSeconds(45));
        Assert.That((await host.Client.GetAsync("/stream/gone.m3u8")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        host.Clock.Advance(TimeSpan.FromSeconds(16));
        var status = HttpStatusCode.OK;
        for (var attempt = 0; attempt < 100 && status == HttpStatusCode.OK; attempt++)
        {
            await Task.Delay(20);
            using var response = await host.Client.GetAsync("/stream/gone.m3u8");
            status = response.StatusCode;
        }

        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase(60, 15)]
    [TestCase(20, 5)]
    [TestCase(2, 1)]
    [TestCase(600, 15)]
    public void IntervalFor_Timeout_QuarterWithinBounds(int timeoutSeconds, int expectedSeconds) =>
        Assert.That(IngestStreamSweeper.IntervalFor(TimeSpan.FromSeconds(timeoutSeconds)), Is.EqualTo(TimeSpan.FromSeconds(expectedSeconds)));

    internal static HttpRequestMessage Push(string path, byte[] body, int milliseconds)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Headers.TryAddWithoutValidation("Content-Duration", milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return request;
    }
}
