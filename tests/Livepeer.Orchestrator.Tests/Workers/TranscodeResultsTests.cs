using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Livepeer.Transcoding;
using Wire = Livepeer.Network.Wire;

namespace Livepeer.Orchestrator.Tests.Workers;

/// <summary>
/// <c>POST /transcodeResults</c> and the task message, driven by a hand-written transcoder: a raw RegisterTranscoder
/// stream and hand-built multipart bodies.
/// </summary>
[CancelAfter(30_000)]
public sealed class TranscodeResultsTests
{
    [Test]
    public async Task NotifySegment_ForATask_CarriesGoLivepeerFieldsAndADownloadableUrl()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync();
        await using var worker = await RawWorker.RegisterAsync(orchestrator);
        var segment = WorkerTests.Segment(sequence: 9);

        var transcode = orchestrator.Dispatcher.TranscodeAsync(segment, WorkerTests.Profiles, new TranscodeOptions { SessionId = "abc123" });
        var notify = await worker.NextAsync();

        Assert.That(notify.TaskId, Is.GreaterThan(0));
        Assert.That(notify.Profiles.ToStringUtf8(), Is.EqualTo("invalid"));
        Assert.That(notify.SegData.Profiles.ToStringUtf8(), Is.EqualTo("invalid"));
        Assert.That(notify.SegData.Hash.ToByteArray(), Is.EqualTo(new byte[32]), "the hash is zeroed");
        Assert.That(notify.SegData.Storage, Is.Empty);
        Assert.That(notify.SegData.FullProfiles3.Select(p => p.Name), Is.EqualTo(WorkerTests.Profiles.Select(p => p.Name)));
        Assert.That(notify.SegData.FullProfiles3[1].Width, Is.EqualTo(426));
        Assert.That(notify.SegData.AuthToken.SessionId, Is.EqualTo("abc123"));
        Assert.That(notify.SegData.Seq, Is.EqualTo(9));
        Assert.That(notify.SegData.Duration, Is.EqualTo(2000));
        Assert.That(notify.Url, Does.StartWith(orchestrator.Address + "stream/abc123/source/"));
        using var http = WorkerTests.CreateH2cClient();
        Assert.That(await http.GetByteArrayAsync(notify.Url), Is.EqualTo(segment.Data.ToArray()));

        using var response = await worker.PostAsync(notify.TaskId, Multipart(("video/mp2t", "111", "a"u8.ToArray()), ("video/mp2t", "222", "bb"u8.ToArray())));
        var result = await transcode;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("OK"));
        Assert.That(result.Renditions.Select(r => r.Pixels), Is.EqualTo(new long[] { 111, 222 }));
        Assert.That(result.Renditions[1].Data.ToArray(), Is.EqualTo("bb"u8.ToArray()));
    }

    [Test]
    public async Task TranscodeResults_PerceptualHashParts_AttachToTheirRendition()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync();
        await using var worker = await RawWorker.RegisterAsync(orchestrator);
        var transcode = orchestrator.Dispatcher.TranscodeAsync(WorkerTests.Segment(), WorkerTests.Profiles, new TranscodeOptions { SessionId = "ph" });
        var notify = await worker.NextAsync();

        using var response = await worker.PostAsync(notify.TaskId, Multipart(
            ("video/mp2t", "10", "r0"u8.ToArray()),
            ("application/octet-stream", null, "hash0"u8.ToArray()),
            ("video/mp4", "20", "r1"u8.ToArray()),
            ("application/octet-stream", null, "hash1"u8.ToArray())));
        var result = await transcode;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(result.Renditions.Select(r => r.Pixels), Is.EqualTo(new long[] { 10, 20 }), "hash parts are not renditions");
        Assert.That(result.Renditions[1].Data.ToArray(), Is.EqualTo("r1"u8.ToArray()));
    }

    [Test]
    public async Task TranscodeResults_ErrorBody_FailsTheTaskWithThatText()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync();
        await using var worker = await RawWorker.RegisterAsync(orchestrator);
        var transcode = orchestrator.Dispatcher.TranscodeAsync(WorkerTests.Segment(), WorkerTests.Profiles, new TranscodeOptions { SessionId = "err" });
        var notify = await worker.NextAsync();

        var body = new ByteArrayContent(Encoding.UTF8.GetBytes("Unsupported input pixel format"));
        body.Headers.ContentType = new MediaTypeHeaderValue("livepeer/transcoding-error");
        using var response = await worker.PostAsync(notify.TaskId, body);
        var error = await Assert.ThrowsAsync<TranscodingException>(() => transcode);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(error!.ErrorCode, Is.EqualTo(TranscodeErrorCode.UnsupportedInputPixelFormat));
        var teardown = await worker.NextAsync();
        Assert.That(teardown.Url, Is.Empty, "a failed session is torn down at the worker");
        Assert.That(teardown.SegData.AuthToken.SessionId, Is.EqualTo("err"));

        var custom = orchestrator.Dispatcher.TranscodeAsync(WorkerTests.Segment(2), WorkerTests.Profiles, new TranscodeOptions { SessionId = "err2" });
        var second = await worker.NextAsync();
        var text = new StringContent("something odd happened");
        text.Headers.ContentType = new MediaTypeHeaderValue("livepeer/transcoding-error");
        using var _ = await worker.PostAsync(second.TaskId, text);
        var customError = await Assert.ThrowsAsync<TranscodingException>(() => custom);
        Assert.That(customError!.Message, Is.EqualTo("something odd happened"));
    }

    [TestCase("Livepeer-Transcoder-1.0", "wrong-secret")]
    [TestCase("Livepeer-AI-Worker-1.0", TestOrchestrator.Secret)]
    [TestCase(null, TestOrchestrator.Secret)]
    public async Task TranscodeResults_WrongAuth_Answers401(string? authorization, string credentials)
    {
        await using var orchestrator = await TestOrchestrator.StartAsync();
        using var http = WorkerTests.CreateH2cClient();

        using var response = await http.SendAsync(ResultRequest(orchestrator, authorization, credentials, "1", "0", Multipart(("video/mp2t", "1", [1]))));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task TranscodeResults_NoSecretConfigured_Answers401()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync(secret: null);
        using var http = WorkerTests.CreateH2cClient();

        using var response = await http.SendAsync(ResultRequest(orchestrator, "Livepeer-Transcoder-1.0", string.Empty, "1", "0", Multipart(("video/mp2t", "1", [1]))));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), await response.Content.ReadAsStringAsync());
    }

    [TestCase("abc", "0", "invalid TaskId")]
    [TestCase(null, "0", "invalid TaskId")]
    [TestCase("1", "many", "invalid Pixels")]
    [TestCase("1", null, "invalid Pixels")]
    public async Task TranscodeResults_BadTaskIdOrPixels_Answers400(string? taskId, string? pixels, string expected)
    {
        await using var orchestrator = await TestOrchestrator.StartAsync();
        using var http = WorkerTests.CreateH2cClient();

        using var response = await http.SendAsync(ResultRequest(orchestrator, "Livepeer-Transcoder-1.0", TestOrchestrator.Secret, taskId, pixels, Multipart(("video/mp2t", "1", [1]))));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(expected));
    }

    [Test]
    public async Task TranscodeResults_RenditionWithoutPixels_Answers400AndFailsTheTask()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync();
        await using var worker = await RawWorker.RegisterAsync(orchestrator);
        var transcode = orchestrator.Dispatcher.TranscodeAsync(WorkerTests.Segment(), WorkerTests.Profiles, new TranscodeOptions { SessionId = "np" });
        var notify = await worker.NextAsync();

        using var response = await worker.PostAsync(notify.TaskId, Multipart(("video/mp2t", null, [1, 2])));
        var error = await Assert.ThrowsAsync<TranscodingException>(() => transcode);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error!.Message, Does.Contain("Pixels"));
    }

    [Test]
    public async Task TranscodeResults_ForAFinishedTask_AnswersOk()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync();
        using var http = WorkerTests.CreateH2cClient();

        using var response = await http.SendAsync(ResultRequest(orchestrator, "Livepeer-Transcoder-1.0", TestOrchestrator.Secret, "999", "0", Multipart(("video/mp2t", "1", [1]))));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ReadAsync_HashBeforeAnyRendition_IsRejected()
    {
        var content = Multipart(("application/octet-stream", null, [1]), ("video/mp2t", "5", [2]));
        var stream = await content.ReadAsStreamAsync();

        await Assert.ThrowsAsync<InvalidTranscodeResultsException>(() => TranscodeResultsReader.ReadAsync(content.Headers.ContentType!.ToString(), stream, 0, 1024, CancellationToken.None));
    }

    [Test]
    public async Task ReadAsync_PartLargerThanTheLimit_IsRejected()
    {
        var content = Multipart(("video/mp2t", "5", new byte[2048]));
        var stream = await content.ReadAsStreamAsync();

        var error = await Assert.ThrowsAsync<InvalidTranscodeResultsException>(() => TranscodeResultsReader.ReadAsync(content.Headers.ContentType!.ToString(), stream, 0, 1024, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("1024"));
    }

    [TestCase("text/plain")]
    [TestCase("multipart/mixed")]
    [TestCase(null)]
    public async Task ReadAsync_UnusableContentType_IsRejected(string? contentType)
    {
        await Assert.ThrowsAsync<InvalidTranscodeResultsException>(() => TranscodeResultsReader.ReadAsync(contentType, new MemoryStream([1, 2, 3]), 0, 1024, CancellationToken.None));
    }

    private static MultipartContent Multipart(params (string ContentType, string? Pixels, byte[] Data)[] parts)
    {
        var content = new MultipartContent("mixed", "boundary" + Guid.NewGuid().ToString("N"));
        foreach (var (contentType, pixels, data) in parts)
        {
            var part = new ByteArrayContent(data);
            part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            if (pixels is not null)
            {
                part.Headers.TryAddWithoutValidation("Pixels", pixels);
            }

            content.Add(part);
        }

        return content;
    }

    private static HttpRequestMessage ResultRequest(TestOrchestrator orchestrator, string? authorization, string credentials, string? taskId, string? pixels, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(orchestrator.Address, "/transcodeResults")) {
            Content = content,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        request.Headers.TryAddWithoutValidation("Credentials", credentials);
        if (taskId is not null)
        {
            request.Headers.TryAddWithoutValidation("TaskId", taskId);
        }

        if (pixels is not null)
        {
            request.Headers.TryAddWithoutValidation("Pixels", pixels);
        }

        return request;
    }

    /// <summary>A transcoder written by hand: a RegisterTranscoder stream whose messages the test reads one by one.</summary>
    private sealed class RawWorker : IAsyncDisposable
    {
        private readonly Livepeer.Network.HttpGrpcCallInvoker _client;
        private readonly CancellationTokenSource _cts = new();
        private readonly System.Threading.Channels.Channel<Wire.NotifySegment> _messages = System.Threading.Channels.Channel.CreateUnbounded<Wire.NotifySegment>();
        private readonly HttpClient _http = WorkerTests.CreateH2cClient();
        private readonly Uri _orchestrator;
        private readonly Task _reader;

        private RawWorker(Uri orchestrator)
        {
            _orchestrator = orchestrator;
            _client = WorkerTests.CreateGrpcClient(orchestrator);
            _reader = Task.Run(ReadAsync);
        }

        public static async Task<RawWorker> RegisterAsync(TestOrchestrator orchestrator)
        {
            var worker = new RawWorker(orchestrator.Address);
            await orchestrator.WaitForWorkersAsync(1);
            return worker;
        }

        public async Task<Wire.NotifySegment> NextAsync()
            => await _messages.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        public Task<HttpResponseMessage> PostAsync(long taskId, HttpContent content)
            => _http.SendAsync(ResultRequest(_orchestrator, taskId, content));

        public async ValueTask DisposeAsync()
        {
            await _cts.CancelAsync();
            await _reader;
            _client.Dispose();
            _http.Dispose();
            _cts.Dispose();
        }

        private async Task ReadAsync()
        {
            try
            {
                var request = new Wire.RegisterRequest { Secret = TestOrchestrator.Secret, Capacity = 4 };
                await foreach (var message in _client.ServerStreamingCallAsync(TranscoderProtocol.RegisterTranscoder, request, null, _cts.Token))
                {
                    await _messages.Writer.WriteAsync(message);
                }
            }
            catch (OperationCanceledException) when (_cts.IsCancellationRequested)
            {
                // Disposed by the test.
            }
            finally
            {
                _messages.Writer.TryComplete();
            }
        }

        private static HttpRequestMessage ResultRequest(Uri orchestrator, long taskId, HttpContent content)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri(orchestrator, "/transcodeResults")) {
            Content = content,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
            request.Headers.TryAddWithoutValidation("Authorization", "Livepeer-Transcoder-1.0");
            request.Headers.TryAddWithoutValidation("Credentials", TestOrchestrator.Secret);
            request.Headers.TryAddWithoutValidation("TaskId", taskId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation("Pixels", "0");
            return request;
        }
    }
}
