using System.Net;
using System.Net.Http.Headers;
using Livepeer.Transcoding;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Livepeer.Gateway.Tests.Ingest;

public sealed class PushIngestTests
{
    private const int SegmentLimit = 1_000_000;

    private IngestTestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await IngestTestHost.StartAsync(o => o.MaxIngestSegmentBytes = SegmentLimit);

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [SetUp]
    public void Reset()
    {
        _host.Gateway.Mode = IngestGatewayMode.Canned;
        _host.Gateway.Calls.Clear();
    }

    public static IEnumerable<TestCaseData> BadPushes()
    {
        static TestCaseData Case(string name, string path, string? header, string? value, string text) =>
            new TestCaseData(path, header, value, text).SetName("Push_" + name + "_400WithReason");

        yield return Case("UnsupportedExtension", "/live/s1/0.flv", null, null, "Unsupported segment type '0.flv': push MPEG-TS (.ts) or MP4 (.mp4) segments.");
        yield return Case("NoExtension", "/live/s1/0", null, null, "Unsupported segment type '0'");
        yield return Case("SequenceNotNumber", "/live/s1/abc.ts", null, null, "Invalid segment number in 'abc.ts': expected a non-negative integer.");
        yield return Case("NegativeSequence", "/live/s1/-1.ts", null, null, "Invalid segment number in '-1.ts'");
        yield return Case("ManifestWithSpace", "/live/bad%20id/0.ts", null, null, "Invalid manifest id 'bad id'");
        yield return Case("SliceFromNotNumber", "/live/s1/0.ts", "Content-Slice-From", "soon", "Invalid Content-Slice-From 'soon': expected a non-negative number of milliseconds.");
        yield return Case("SliceToNegative", "/live/s1/0.ts", "Content-Slice-To", "-5", "Invalid Content-Slice-To '-5'");
        yield return Case("ResolutionMalformed", "/live/s1/0.ts", "Content-Resolution", "1280by720", "Invalid Content-Resolution '1280by720': expected WIDTHxHEIGHT, such as 1280x720.");
        yield return Case("DurationOverFiveMinutes", "/live/s1/0.ts", "Content-Duration", "300001", "Content-Duration 300001 ms is longer than the 5-minute maximum of a segment.");
        yield return Case("ConfigurationNotJson", "/live/s1/0.ts", "Livepeer-Transcode-Configuration", "{profiles:", "Invalid Livepeer-Transcode-Configuration: $: The transcoding configuration is not valid JSON.");
        yield return Case("ConfigurationUnknownPreset", "/live/s1/0.ts", "Livepeer-Transcode-Configuration", """{"presets":["P240p30fps16x9","P9000p"]}""", "Invalid Livepeer-Transcode-Configuration: presets[1]: Unknown video profile preset 'P9000p'.");
        yield return Case("ConfigurationBadGop", "/live/s1/0.ts", "Livepeer-Transcode-Configuration", """{"profiles":[{"name":"a","width":320,"height":180,"gop":"-1"}]}""", "Invalid Livepeer-Transcode-Configuration: profiles[0].gop:");
        yield return Case("ConfigurationBadEncoderProfile", "/live/s1/0.ts", "Livepeer-Transcode-Configuration", """{"profiles":[{"name":"a","profile":"h264extreme"}]}""", "Invalid Livepeer-Transcode-Configuration: profiles[0].profile: Unknown H.264 encoder profile 'h264extreme'.");
        yield return Case("ConfigurationBadEncoder", "/live/s1/0.ts", "Livepeer-Transcode-Configuration", """{"profiles":[{"name":"a","encoder":"h264"}]}""", "Invalid Livepeer-Transcode-Configuration: profiles[0].encoder: Unknown encoder 'h264'.");
        yield return Case("ConfigurationWidthNotNumber", "/live/s1/0.ts", "Livepeer-Transcode-Configuration", """{"profiles":[{"name":"a","width":"wide"}]}""", "Invalid Livepeer-Transcode-Configuration: profiles[0].width: Expected an integer, found a string.");
        yield return Case("ConfigurationUnsafeName", "/live/s1/0.ts", "Livepeer-Transcode-Configuration", """{"profiles":[{"name":"../up","width":320,"height":180}]}""", "Invalid rendition name '../up'");
        yield return Case("ConfigurationDuplicateName", "/live/s1/0.ts", "Livepeer-Transcode-Configuration", """{"presets":["P240p30fps16x9"],"profiles":[{"name":"P240p30fps16x9","width":320,"height":180}]}""", "The rendition name 'P240p30fps16x9' appears twice");
        yield return Case("ConfigurationUnsafeManifest", "/live/s1/0.ts", "Livepeer-Transcode-Configuration", """{"manifestID":"a/b"}""", "Invalid Livepeer-Transcode-Configuration: manifestID 'a/b' is not allowed");
    }

    [TestCaseSource(nameof(BadPushes))]
    public async Task Push_BadInput_400WithReason(string path, string? header, string? value, string expectedText)
    {
        using var request = SegmentRequest(HttpMethod.Post, path, [1, 2, 3]);
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        using var response = await _host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(text, Does.StartWith(expectedText));
            Assert.That(_host.Gateway.Calls, Is.Empty, "nothing reaches the gateway");
        });
    }

    [Test]
    public async Task Push_SliceFromAfterTo_400WithBothValues()
    {
        using var request = SegmentRequest(HttpMethod.Post, "/live/s1/0.ts", [1]);
        request.Headers.Add("Content-Slice-From", "1500");
        request.Headers.Add("Content-Slice-To", "500");

        using var response = await _host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Content-Slice-From (1500 ms) is after Content-Slice-To (500 ms)."));
    }

    [Test]
    public async Task Push_SliceFromBeforeTo_Accepted()
    {
        using var request = SegmentRequest(HttpMethod.Post, "/live/s1/0.ts", [1]);
        request.Headers.Add("Content-Slice-From", "500");
        request.Headers.Add("Content-Slice-To", "1500");

        using var response = await _host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Push_EmptyBody_400()
    {
        using var response = await _host.Client.SendAsync(SegmentRequest(HttpMethod.Post, "/live/s1/0.ts", []));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("The segment is empty."));
    }

    [Test]
    public async Task Push_DeclaredLengthOverLimit_413()
    {
        using var response = await _host.Client.SendAsync(SegmentRequest(HttpMethod.Post, "/live/s1/0.ts", new byte[SegmentLimit + 1]));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo($"The segment is {SegmentLimit + 1} bytes; at most {SegmentLimit} bytes are accepted."));
        Assert.That(_host.Gateway.Calls, Is.Empty);
    }

    [Test]
    public async Task Push_ChunkedBodyOverLimit_413()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/live/s1/0.ts")
        {
            Content = new StreamContent(new UnknownLengthStream(new byte[SegmentLimit + 10])),
        };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo($"The segment is larger than {SegmentLimit} bytes, the most accepted."));
    }

    [Test]
    public async Task Push_ChunkedBodyAtLimit_Accepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/live/s1/0.ts")
        {
            Content = new StreamContent(new UnknownLengthStream(new byte[SegmentLimit])),
        };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(_host.Gateway.Calls.Single().Segment.Data.Length, Is.EqualTo(SegmentLimit));
    }

    [Test]
    public async Task Push_ChunkedBody_SegmentCarriesTheHashTakenWhileItArrived()
    {
        var body = new byte[700_001];
        new Random(7).NextBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/live/hashed/0.ts")
        {
            Content = new StreamContent(new UnknownLengthStream(body), bufferSize: 4096),
        };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var segment = _host.Gateway.Calls.Single().Segment;
        Assert.Multiple(() =>
        {
            Assert.That(segment.Data.ToArray(), Is.EqualTo(body));
            Assert.That(segment.HasRecordedHash, Is.True, "the ingest hashed the body as it read it");
            Assert.That(segment.DataHash(), Is.EqualTo(Livepeer.Protocol.Keccak256.Hash(body)));
        });
    }

    public static IEnumerable<TestCaseData> GatewayFailures()
    {
        yield return new TestCaseData(new GatewayException(GatewayErrorCode.NoOrchestrators, "discovery found nobody", true), HttpStatusCode.ServiceUnavailable, "No sessions available")
            .SetName("Push_NoOrchestrators_503NoSessionsAvailable");
        yield return new TestCaseData(new GatewayException(GatewayErrorCode.IdentityMismatch, "https://o1:8935/: the ServiceRegistry URI of 0xab is https://o2:8935/"), HttpStatusCode.ServiceUnavailable, "https://o1:8935/: the ServiceRegistry URI of 0xab is https://o2:8935/")
            .SetName("Push_IdentityMismatch_503WithReason");
        yield return new TestCaseData(new GatewayException(GatewayErrorCode.SegmentRejected, "MediaStats Failure"), HttpStatusCode.UnprocessableEntity, "MediaStats Failure")
            .SetName("Push_SegmentRejected_422WithReason");
        yield return new TestCaseData(new GatewayException(GatewayErrorCode.SegmentFailed, "3 attempts failed: OrchestratorBusy"), HttpStatusCode.InternalServerError, "3 attempts failed: OrchestratorBusy")
            .SetName("Push_SegmentFailed_500WithReason");
        yield return new TestCaseData(new GatewayException(GatewayErrorCode.SenderFunds, "no deposit"), HttpStatusCode.InternalServerError, "no deposit")
            .SetName("Push_SenderFunds_500WithReason");
        yield return new TestCaseData(new InvalidOperationException("secret internals"), HttpStatusCode.InternalServerError, "Internal error while transcoding the segment.")
            .SetName("Push_UnexpectedException_500WithoutDetails");
    }

    [TestCaseSource(nameof(GatewayFailures))]
    public async Task Push_GatewayFails_MapsStatus(Exception failure, HttpStatusCode expectedStatus, string expectedText)
    {
        _host.Gateway.Mode = IngestGatewayMode.Fail;
        _host.Gateway.Failure = failure;
        using var request = SegmentRequest(HttpMethod.Post, "/live/failing/0.ts", [1, 2, 3]);
        request.Headers.Accept.ParseAdd("multipart/mixed");

        using var response = await _host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(expectedStatus));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(expectedText));
    }

    [Test]
    public async Task Push_NoAcceptNoConfiguration_EmptyOkWithDefaultLadder()
    {
        using var response = await _host.Client.SendAsync(SegmentRequest(HttpMethod.Post, "/live/plain/7.ts", [9, 9, 9]));

        var call = _host.Gateway.Calls.Single();
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.Empty);
            Assert.That(call.StreamId, Is.EqualTo("plain"));
            Assert.That(call.Segment.Sequence, Is.EqualTo(7));
            Assert.That(call.Segment.Data.ToArray(), Is.EqualTo(new byte[] { 9, 9, 9 }));
            Assert.That(call.Segment.Duration, Is.EqualTo(TimeSpan.FromMilliseconds(2000)));
            Assert.That(call.Segment.Format, Is.EqualTo(VideoFormat.MpegTs));
            Assert.That(call.Profiles, Is.EqualTo(new[] { VideoProfile.P240p30fps16x9, VideoProfile.P360p30fps16x9 }));
        });
    }

    [TestCase("1500", 1500)]
    [TestCase("abc", 2000)]
    [TestCase("0", 2000)]
    [TestCase("-40", 2000)]
    [TestCase("", 2000)]
    public async Task Push_ContentDuration_ReadOrDefaulted(string header, int expectedMilliseconds)
    {
        using var request = SegmentRequest(HttpMethod.Post, "/live/durations/1.ts", [1]);
        request.Headers.TryAddWithoutValidation("Content-Duration", header);

        using var response = await _host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_host.Gateway.Calls.Single().Segment.Duration, Is.EqualTo(TimeSpan.FromMilliseconds(expectedMilliseconds)));
    }

    [Test]
    public async Task Push_PutMp4_SentAsMp4()
    {
        using var request = SegmentRequest(HttpMethod.Put, "/live/mp4/3.mp4", [1]);
        request.Headers.Add("Content-Resolution", "1280x720");

        using var response = await _host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_host.Gateway.Calls.Single().Segment.Format, Is.EqualTo(VideoFormat.Mp4));
    }

    [Test]
    public async Task Push_ConfigurationHeader_PresetsProfilesManifestParsed()
    {
        const string configuration = """
            {
              "manifestID": "renamed",
              "streamID": "ignored",
              "presets": ["P144p30fps16x9"],
              "profiles": [
                { "name": "small", "width": 320, "height": 180, "bitrate": 300000, "fps": 24000, "fpsDen": 1001,
                  "profile": "h264high", "gop": "2.5", "encoder": "H.264", "colorDepth": 8, "chromaFormat": 0, "quality": 23 },
                { "width": 160, "height": 90, "bitrate": 100000, "gop": "intra", "encoder": "HEVC", "profile": "H264Main" }
              ],
              "timeoutMultiplier": 3
            }
            """;
        using var request = SegmentRequest(HttpMethod.Post, "/live/original/4.ts", [1]);
        request.Headers.TryAddWithoutValidation("Livepeer-Transcode-Configuration", configuration.ReplaceLineEndings(" "));

        using var response = await _host.Client.SendAsync(request);

        var call = _host.Gateway.Calls.Single();
        var expected = new[]
        {
            VideoProfile.P144p30fps16x9,
            new VideoProfile("small", 320, 180, 300_000, new FrameRate(24000, 1001))
            {
                Profile = H264Profile.High, Gop = Gop.FromSeconds(2.5), Encoder = VideoCodec.H264, ColorDepth = 8, Quality = 23,
            },
            new VideoProfile("custom_160x90_100000", 160, 90, 100_000) { Gop = Gop.IntraOnly, Encoder = VideoCodec.Hevc, Profile = H264Profile.Main },
        };
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(call.StreamId, Is.EqualTo("renamed"));
            Assert.That(call.Profiles, Is.EqualTo(expected));
        });
    }

    [Test]
    public async Task Push_ConfigurationWithoutRenditions_DefaultLadder()
    {
        using var request = SegmentRequest(HttpMethod.Post, "/live/s2/0.ts", [1]);
        request.Headers.TryAddWithoutValidation("Livepeer-Transcode-Configuration", """{"presets":[],"profiles":null,"timeoutMultiplier":2}""");

        using var response = await _host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_host.Gateway.Calls.Single().Profiles.Select(p => p.Name), Is.EqualTo(new[] { "P240p30fps16x9", "P360p30fps16x9" }));
    }

    [Test]
    public async Task Push_OptionsDefaultProfiles_UsedWhenRequestNamesNone()
    {
        var custom = new VideoProfile("tiny", 128, 72, 50_000);
        await using var host = await IngestTestHost.StartAsync(o => o.DefaultProfiles.Add(custom));
        host.Gateway.Mode = IngestGatewayMode.Canned;

        using var response = await host.Client.SendAsync(SegmentRequest(HttpMethod.Post, "/live/s/0.ts", [1]));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(host.Gateway.Calls.Single().Profiles, Is.EqualTo(new[] { custom }));
    }

    [Test]
    [Category("FFmpeg")]
    public async Task Push_AcceptMultipart_OnePartPerRenditionWithGoLivepeerHeaders()
    {
        _host.Gateway.Mode = IngestGatewayMode.FFmpeg;
        var source = await IngestFFmpeg.MakeSourceSegmentAsync(_host.Gateway.WorkDirectory, 0);
        using var request = SegmentRequest(HttpMethod.Post, "/live/multi/5.ts", source);
        request.Headers.Accept.ParseAdd("multipart/mixed");

        using var response = await _host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("multipart/mixed"));
        var boundary = HeaderUtilities.RemoveQuotes(Microsoft.Net.Http.Headers.MediaTypeHeaderValue.Parse(response.Content.Headers.ContentType!.ToString()).Boundary).Value!;
        Assert.That(boundary, Is.Not.Empty);
        var reader = new MultipartReader(boundary, await response.Content.ReadAsStreamAsync());
        var parts = new List<(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> Headers, byte[] Body)>();
        for (var section = await reader.ReadNextSectionAsync(); section is not null && parts.Count < 10; section = await reader.ReadNextSectionAsync())
        {
            using var body = new MemoryStream();
            await section.Body.CopyToAsync(body);
            parts.Add((section.Headers!, body.ToArray()));
        }

        var expected = new[] { ("P240p30fps16x9", 426, 240), ("P360p30fps16x9", 640, 360) };
        Assert.That(parts, Has.Count.EqualTo(expected.Length));
        var results = _host.Gateway.Results.Last();
        for (var i = 0; i < expected.Length; i++)
        {
            var (name, width, height) = expected[i];
            var (headers, body) = parts[i];
            using var probe = await IngestFFmpeg.ProbeBytesAsync(_host.Gateway.WorkDirectory, body, ".ts");
            var stream = probe.RootElement.GetProperty("streams")[0];
            Assert.Multiple(() =>
            {
                Assert.That(headers.Keys, Is.EquivalentTo(new[] { "Content-Type", "Content-Length", "Content-Disposition", "Rendition-Name" }));
                Assert.That(headers["Content-Type"].ToString(), Is.EqualTo($"video/mp2t; name=\"{name}_5.ts\""));
                Assert.That(headers["Content-Length"].ToString(), Is.EqualTo(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                Assert.That(headers["Content-Disposition"].ToString(), Is.EqualTo($"attachment; filename=\"{name}_5.ts\""));
                Assert.That(headers["Rendition-Name"].ToString(), Is.EqualTo(name));
                Assert.That(body, Is.EqualTo(results.Renditions[i].Data.ToArray()));
                Assert.That(stream.GetProperty("width").GetInt32(), Is.EqualTo(width));
                Assert.That(stream.GetProperty("height").GetInt32(), Is.EqualTo(height));
            });
        }
    }

    [Test]
    public void Deadline_TimeoutMultiplier_ScalesEveryAttempt()
    {
        var options = new LivepeerGatewayOptions { MaxAttempts = 3, DiscoveryCutoff = TimeSpan.FromSeconds(6) };
        var push = new PushRequest
        {
            StreamId = "s", Sequence = 0, Format = VideoFormat.MpegTs, Duration = TimeSpan.FromSeconds(4), Profiles = [], TimeoutMultiplier = 2,
        };

        Assert.That(IngestEndpoints.Deadline(push, options), Is.EqualTo(TimeSpan.FromSeconds(6 + (3 * 16 * 2))));
        Assert.That(IngestEndpoints.Deadline(push with { Duration = TimeSpan.FromSeconds(1), TimeoutMultiplier = 1 }, options), Is.EqualTo(TimeSpan.FromSeconds(6 + (3 * 8))));
    }

    private static HttpRequestMessage SegmentRequest(HttpMethod method, string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("video/mp2t");
        return new HttpRequestMessage(method, path) { Content = content };
    }

    /// <summary>A stream whose length is unknown to HttpClient, so the body goes chunked.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
