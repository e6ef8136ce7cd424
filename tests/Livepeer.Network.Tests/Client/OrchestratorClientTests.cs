using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Livepeer.Network.Tests.Codecs;
using Livepeer.Network.Tests.Grpc;
using Livepeer.Protocol;
using Livepeer.Transcoding;
using Microsoft.AspNetCore.Http;

namespace Livepeer.Network.Tests.Client;

[CancelAfter(30_000)]
public sealed class OrchestratorClientTests
{
    private static readonly byte[] SegmentBytes = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7)).ToArray();

    private PrivateKeySigner _gateway = null!;

    [SetUp]
    public void SetUp() => _gateway = PrivateKeySigner.FromHex(ClientTestData.GatewayKey);

    [TearDown]
    public void TearDown() => _gateway.Dispose();

    [TestCase(false)]
    [TestCase(true)]
    public async Task GetOrchestratorAsync_SignedRequest_ServerSeesAddressAndSignatureAndInfoMaps(bool tls)
    {
        using var certificate = tls ? TestCertificates.CreateSelfSigned() : null;
        await using var server = await OrchestratorTestServer.StartAsync(certificate);
        var expected = ClientTestData.FullInfo(server.Transcoder);
        Wire.OrchestratorRequest? seen = null;
        string? protocol = null;
        server.OnGetOrchestrator = (request, context) =>
        {
            seen = request;
            protocol = context.HttpContext.Request.Protocol;
            return Task.FromResult(OrchestratorInfoMapping.ToWire(expected));
        };
        using var client = new OrchestratorClient(server.Address);

        var info = await client.GetOrchestratorAsync(_gateway, CapabilitySet.DefaultTranscoder, ignoreCapacityCheck: true);

        Assert.That(info, Is.EqualTo(expected));
        Assert.That(protocol, Is.EqualTo("HTTP/2"));
        Assert.That(seen!.Address.ToByteArray(), Is.EqualTo(ClientTestData.GatewayAddress.ToArray()));
        Assert.That(WireSignatures.VerifyOrchestratorRequest(ClientTestData.GatewayAddress, seen.Sig.Span), Is.True);
        Assert.That(seen.IgnoreCapacityCheck, Is.True);
        Assert.That(CapabilityMapping.FromWire(seen.Capabilities), Is.EqualTo(CapabilitySet.DefaultTranscoder));
    }

    [Test]
    public async Task GetOrchestratorAsync_NoCapabilities_FieldLeftOutAndSignatureReused()
    {
        await using var server = await OrchestratorTestServer.StartAsync();
        var requests = new List<Wire.OrchestratorRequest>();
        server.OnGetOrchestrator = (request, _) =>
        {
            requests.Add(request);
            return Task.FromResult(new Wire.OrchestratorInfo { Transcoder = "https://o" });
        };
        using var client = new OrchestratorClient(server.Address);

        await client.GetOrchestratorAsync(_gateway);
        await client.GetOrchestratorAsync(_gateway);

        Assert.That(requests, Has.Count.EqualTo(2));
        Assert.That(requests[0].Capabilities, Is.Null);
        Assert.That(requests[0].IgnoreCapacityCheck, Is.False);
        Assert.That(requests[1].Sig, Is.EqualTo(requests[0].Sig));
    }

    [TestCase(GrpcStatusCode.Unknown, "Invalid orchestrator request: OrchestratorCapped")]
    [TestCase(GrpcStatusCode.PermissionDenied, "authentication failed: nöt allowed")]
    public async Task GetOrchestratorAsync_ServerRefuses_GrpcCallExceptionWithStatusAndText(GrpcStatusCode status, string text)
    {
        await using var server = await OrchestratorTestServer.StartAsync();
        server.OnGetOrchestrator = (_, _) => throw new GrpcCallException(status, text);
        using var client = new OrchestratorClient(server.Address);

        var e = await Assert.ThrowsAsync<GrpcCallException>(() => client.GetOrchestratorAsync(_gateway));

        Assert.That(e!.StatusCode, Is.EqualTo(status));
        Assert.That(e.Detail, Is.EqualTo(text));
        Assert.That(e.ErrorCode, Is.EqualTo(NetworkErrorCode.RpcFailed));
    }

    [Test]
    public async Task GetOrchestratorAsync_ServerNeverAnswers_TimeoutAfterGrpcTimeout()
    {
        await using var server = await OrchestratorTestServer.StartAsync();
        server.OnGetOrchestrator = async (_, context) =>
        {
            await OrchestratorTestServer.HangAsync(context.CancellationToken);
            throw new GrpcCallException(GrpcStatusCode.Unavailable, "gone");
        };
        using var client = new OrchestratorClient(server.Address, new OrchestratorClientOptions { GrpcTimeout = TimeSpan.FromMilliseconds(300) });
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<GrpcCallException>(() => client.GetOrchestratorAsync(_gateway));

        Assert.That(e!.ErrorCode, Is.EqualTo(NetworkErrorCode.Timeout));
        Assert.That(e.StatusCode, Is.EqualTo(GrpcStatusCode.DeadlineExceeded));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task GetOrchestratorAsync_NothingListening_TransientRpcFailure()
    {
        using var client = new OrchestratorClient(new Uri($"http://127.0.0.1:{ClosedPort()}"));

        var e = await Assert.ThrowsAsync<GrpcCallException>(() => client.GetOrchestratorAsync(_gateway));

        Assert.That(e!.StatusCode, Is.EqualTo(GrpcStatusCode.Unavailable));
        Assert.That(e.IsTransient, Is.True);
    }

    [Test]
    public async Task PingAsync_Value_ServerSignatureReturnedAndVerifies()
    {
        await using var server = await OrchestratorTestServer.StartAsync();
        using var orchestrator = PrivateKeySigner.FromHex(ClientTestData.OrchestratorKey);
        server.OnPing = async request => new Wire.PingPong { Value = ByteString.CopyFrom((await WireSignatures.SignPingAsync(orchestrator, request.Value.Memory)).ToArray()) };
        using var client = new OrchestratorClient(server.Address);
        var value = Keccak256.Hash("ping"u8);

        var signature = await client.PingAsync(value);

        Assert.That(WireSignatures.VerifyPing(ClientTestData.OrchestratorAddress, value, signature), Is.True);
    }

    [Test]
    public async Task EndTranscodingSessionAsync_Token_ArrivesExactly()
    {
        await using var server = await OrchestratorTestServer.StartAsync();
        Wire.EndTranscodingSessionRequest? seen = null;
        server.OnEndSession = request =>
        {
            seen = request;
            return Task.CompletedTask;
        };
        using var client = new OrchestratorClient(server.Address);
        var token = new AuthToken(Keccak256.Hash("t"u8), "deadbeef", 1_900_000_000);

        await client.EndTranscodingSessionAsync(token);

        Assert.That(SegmentMapping.FromWire(seen!.AuthToken), Is.EqualTo(token));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task SubmitSegmentAsync_HeadersAndBody_ArriveExactlyAndResultMaps(bool tls)
    {
        using var certificate = tls ? TestCertificates.CreateSelfSigned() : null;
        await using var server = await OrchestratorTestServer.StartAsync(certificate);
        var info = ClientTestData.FullInfo(server.Transcoder);
        var expected = new SegmentTranscodeResult
        {
            Sequence = 9,
            Renditions = [new RenditionLocation($"{server.Transcoder}/stream/0a1b2c3d/P240p30fps16x9/9.ts", 2_211_840)],
            Signature = new byte[65],
            Info = info with { Nodes = [] },
        };
        server.OnSegment = (context, _) => OrchestratorTestServer.WriteAsync(context, OrchestratorInfoMapping.ToWire(expected));
        using var client = new OrchestratorClient(server.Address);
        var payment = HeaderCodecTests.FullPayment(tickets: 3);
        var segment = await OrchestratorClient.CreateSegmentCredentialsAsync(
            _gateway, info, "stream-1", 9, SegmentBytes, TimeSpan.FromMilliseconds(2000), [VideoProfile.P240p30fps16x9], CapabilitySet.DefaultTranscoder);

        var result = await client.SubmitSegmentAsync(info, segment, payment, SegmentBytes);

        Assert.That(result, Is.EqualTo(expected));
        var seen = server.LastSegment!;
        Assert.That(seen.Protocol, Is.EqualTo("HTTP/2"));
        Assert.That(seen.ContentType, Is.EqualTo("video/MP2T"));
        Assert.That(seen.Body, Is.EqualTo(SegmentBytes));
        Assert.That(seen.SegmentHeader, Is.EqualTo(SegmentHeader.Encode(segment)));
        Assert.That(seen.PaymentHeader, Is.EqualTo(PaymentHeader.Encode(payment)));
        var decoded = SegmentHeader.Decode(seen.SegmentHeader);
        Assert.That(decoded, Is.EqualTo(segment));
        Assert.That(decoded.Hash, Is.EqualTo(Keccak256.Hash(seen.Body)));
        Assert.That(decoded.AuthToken, Is.EqualTo(info.AuthToken));
        Assert.That(decoded.Duration, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(WireSignatures.VerifySegment(decoded, ClientTestData.GatewayAddress), Is.True);
        Assert.That(PaymentHeader.Decode(seen.PaymentHeader), Is.EqualTo(payment).Using<Livepeer.Payments.TicketPayment>(SamePayment));
    }

    [Test]
    public async Task SubmitSegmentAsync_NoPayment_EmptyPaymentHeaderSent()
    {
        await using var server = await OrchestratorTestServer.StartAsync();
        var info = ClientTestData.FullInfo(server.Transcoder);
        server.OnSegment = (context, _) => OrchestratorTestServer.WriteAsync(context, new Wire.TranscodeResult { Seq = 1, Data = new Wire.TranscodeData() });
        using var client = new OrchestratorClient(server.Address);
        var segment = await OrchestratorClient.CreateSegmentCredentialsAsync(_gateway, info, "s", 1, SegmentBytes, TimeSpan.FromSeconds(1), []);

        var result = await client.SubmitSegmentAsync(info, segment, payment: null, SegmentBytes);

        Assert.That(result.Renditions, Is.Empty);
        Assert.That(server.LastSegment!.PaymentHeader, Is.Not.Null.And.Empty);
    }

    [Test]
    public async Task SubmitSegmentAsync_EarlyOkThenLateBody_WaitsPastTheUploadTimeout()
    {
        await using var server = await OrchestratorTestServer.StartAsync();
        var info = ClientTestData.FullInfo(server.Transcoder);
        server.OnSegment = (context, _) => OrchestratorTestServer.WriteEarlyOkThenAsync(
            context, TimeSpan.FromMilliseconds(700), new Wire.TranscodeResult { Seq = 5, Data = new Wire.TranscodeData { Segments = { new Wire.TranscodedSegmentData { Url = "u", Pixels = 10 } } } });
        var options = new OrchestratorClientOptions { MinSegmentUploadTimeout = TimeSpan.FromMilliseconds(250), MinSegmentTimeout = TimeSpan.FromSeconds(10) };
        using var client = new OrchestratorClient(server.Address, options);
        var segment = await OrchestratorClient.CreateSegmentCredentialsAsync(_gateway, info, "s", 5, SegmentBytes, TimeSpan.Zero, []);
        var watch = Stopwatch.StartNew();

        var result = await client.SubmitSegmentAsync(info, segment, null, SegmentBytes);

        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(650)));
        Assert.That(result.Sequence, Is.EqualTo(5));
        Assert.That(result.Renditions, Is.EqualTo(new[] { new RenditionLocation("u", 10) }));
    }

    [TestCase(403, "  OrchestratorCapped\n", "OrchestratorCapped", false)]
    [TestCase(400, "Insufficient balance", "Insufficient balance", false)]
    [TestCase(500, "", "", true)]
    public async Task SubmitSegmentAsync_Non200_HttpCallExceptionWithTrimmedBody(int status, string body, string detail, bool transient)
    {
        await using var server = await OrchestratorTestServer.StartAsync();
        var info = ClientTestData.FullInfo(server.Transcoder);
        server.OnSegment = async (context, _) =>
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(body);
        };
        using var client = new OrchestratorClient(server.Address);
        var segment = await OrchestratorClient.CreateSegmentCredentialsAsync(_gateway, info, "s", 1, SegmentBytes, TimeSpan.FromSeconds(2), []);

        var e = await Assert.ThrowsAsync<HttpCallException>(() => client.SubmitSegmentAsync(info, segment, null, SegmentBytes));

        Assert.That((int)e!.StatusCode, Is.EqualTo(status));
        Assert.That(e.Detail, Is.EqualTo(detail));
        Assert.That(e.ErrorCode, Is.EqualTo(NetworkErrorCode.HttpFailed));
        Assert.That(e.IsTransient, Is.EqualTo(transient));
        Assert.That(e.RequestUri, Is.EqualTo(new Uri($"{server.Transcoder}/segment")));
    }

    [Test]
    public async Task SubmitSegmentAsync_ResultError_TranscodeFailedWithTheText()
    {
        await using var server = await OrchestratorTestServer.StartAsync();
        var info = ClientTestData.FullInfo(server.Transcoder);
        server.OnSegment = (context, _) => OrchestratorTestServer.WriteEarlyOkThenAsync(context, TimeSpan.FromMilliseconds(20), new Wire.TranscodeResult { Seq = 1, Error = "OrchestratorBusy" });
        using var client = new OrchestratorClient(server.Address);
        var segment = await OrchestratorClient.CreateSegmentCredentialsAsync(_gateway, info, "s", 1, SegmentBytes, TimeSpan.FromSeconds(2), []);

        var e = await Assert.ThrowsAsync<NetworkException>(() => client.SubmitSegmentAsync(info, segment, null, SegmentBytes));

        Assert.That(e!.ErrorCode, Is.EqualTo(NetworkErrorCode.TranscodeFailed));
        Assert.That(e.Message, Is.EqualTo("OrchestratorBusy"));
    }

    [Test]
    public async Task SubmitSegmentAsync_ResultWithoutDataOrError_UnknownResponse()
    {
        await using var server = await OrchestratorTestServer.StartAsync();
        var info = ClientTestData.FullInfo(server.Transcoder);
        server.OnSegment = (context, _) => OrchestratorTestServer.WriteAsync(context, new Wire.TranscodeResult { Seq = 1 });
        using var client = new OrchestratorClient(server.Address);
        var segment = await OrchestratorClient.CreateSegmentCredentialsAsync(_gateway, info, "s", 1, SegmentBytes, TimeSpan.FromSeconds(2), []);

        var e = await Assert.ThrowsAsync<NetworkException>(() => client.SubmitSegmentAsync(info, segment, null, SegmentBytes));

        Assert.That(e!.ErrorCode, Is.EqualTo(NetworkErrorCode.UnknownResponse));
    }

    [Test]
    public async Task SubmitSegmentAsync_GarbageBody_MalformedMessage()
    {
        await using var server = await OrchestratorTestServer.StartAsync();
        var info = ClientTestData.FullInfo(server.Transcoder);
        server.OnSegment = (context, _) => context.Response.Body.WriteAsync(new byte[] { 0x0a, 0xff, 0xff }).AsTask();
        using var client = new OrchestratorClient(server.Address);
        var segment = await OrchestratorClient.CreateSegmentCredentialsAsync(_gateway, info, "s", 1, SegmentBytes, TimeSpan.FromSeconds(2), []);

        var e = await Assert.ThrowsAsync<NetworkException>(() => client.SubmitSegmentAsync(info, segment, null, SegmentBytes));

        Assert.That(e!.ErrorCode, Is.EqualTo(NetworkErrorCode.MalformedMessage));
    }

    [Test]
    public async Task SubmitSegmentAsync_ServerNeverAnswers_UploadTimeoutWithinBound()
    {
        await using var server = await OrchestratorTestServer.StartAsync();
        var info = ClientTestData.FullInfo(server.Transcoder);
        server.OnSegment = (context, _) => OrchestratorTestServer.HangAsync(context.RequestAborted);
        var options = new OrchestratorClientOptions { MinSegmentUploadTimeout = TimeSpan.FromMilliseconds(300), MinSegmentTimeout = TimeSpan.FromSeconds(20) };
        using var client = new OrchestratorClient(server.Address, options);
        var segment = await OrchestratorClient.CreateSegmentCredentialsAsync(_gateway, info, "s", 1, SegmentBytes, TimeSpan.Zero, []);
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<NetworkException>(() => client.SubmitSegmentAsync(info, segment, null, SegmentBytes));

        Assert.That(e!.ErrorCode, Is.EqualTo(NetworkErrorCode.Timeout));
        Assert.That(e.IsTransient, Is.True);
        Assert.That(e.Message, Does.Contain("not accepted"));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task SubmitSegmentAsync_EarlyOkButNoResult_TotalTimeoutWithinBound()
    {
        await using var server = await OrchestratorTestServer.StartAsync();
        var info = ClientTestData.FullInfo(server.Transcoder);
        server.OnSegment = (context, _) => OrchestratorTestServer.WriteEarlyOkThenAsync(context, TimeSpan.FromSeconds(20), null);
        var options = new OrchestratorClientOptions { MinSegmentUploadTimeout = TimeSpan.FromMilliseconds(200), MinSegmentTimeout = TimeSpan.FromMilliseconds(600) };
        using var client = new OrchestratorClient(server.Address, options);
        var segment = await OrchestratorClient.CreateSegmentCredentialsAsync(_gateway, info, "s", 1, SegmentBytes, TimeSpan.Zero, []);
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<NetworkException>(() => client.SubmitSegmentAsync(info, segment, null, SegmentBytes));

        Assert.That(e!.ErrorCode, Is.EqualTo(NetworkErrorCode.Timeout));
        Assert.That(e.Message, Does.Contain("reading the answer"));
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(550)).And.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task SubmitSegmentAsync_CallerCancels_OperationCanceled()
    {
        await using var server = await OrchestratorTestServer.StartAsync();
        var info = ClientTestData.FullInfo(server.Transcoder);
        server.OnSegment = (context, _) => OrchestratorTestServer.HangAsync(context.RequestAborted);
        using var client = new OrchestratorClient(server.Address);
        var segment = await OrchestratorClient.CreateSegmentCredentialsAsync(_gateway, info, "s", 1, SegmentBytes, TimeSpan.Zero, []);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.That(
            async () => await client.SubmitSegmentAsync(info, segment, null, SegmentBytes, cts.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task SubmitSegmentAsync_NothingListening_ConnectionFailed()
    {
        var info = ClientTestData.FullInfo($"https://127.0.0.1:{ClosedPort()}");
        using var client = new OrchestratorClient(new Uri(info.Transcoder));
        var segment = await OrchestratorClient.CreateSegmentCredentialsAsync(_gateway, info, "s", 1, SegmentBytes, TimeSpan.Zero, []);

        var e = await Assert.ThrowsAsync<NetworkException>(() => client.SubmitSegmentAsync(info, segment, null, SegmentBytes));

        Assert.That(e!.ErrorCode, Is.EqualTo(NetworkErrorCode.ConnectionFailed));
        Assert.That(e.IsTransient, Is.True);
    }

    [Test]
    public async Task SubmitSegmentAsync_NoTranscoderUri_InvalidField()
    {
        using var client = new OrchestratorClient(new Uri("https://127.0.0.1:1"));
        var info = new OrchestratorInfo { Transcoder = "not a uri" };

        var e = await Assert.ThrowsAsync<NetworkException>(() => client.SubmitSegmentAsync(info, new SegmentCredentials(), null, SegmentBytes));

        Assert.That(e!.ErrorCode, Is.EqualTo(NetworkErrorCode.InvalidField));
    }

    [TestCase(0, 2_000, 8_000)]
    [TestCase(2_000, 2_000, 8_000)]
    [TestCase(6_000, 3_000, 24_000)]
    [TestCase(10_000, 5_000, 40_000)]
    public void SegmentTimeouts_Duration_GoLivepeerRule(int durationMs, int uploadMs, int totalMs)
    {
        var (upload, total) = OrchestratorClient.SegmentTimeouts(new OrchestratorClientOptions(), TimeSpan.FromMilliseconds(durationMs));

        Assert.That(upload, Is.EqualTo(TimeSpan.FromMilliseconds(uploadMs)));
        Assert.That(total, Is.EqualTo(TimeSpan.FromMilliseconds(totalMs)));
    }

    [Test]
    public void SegmentTimeouts_MultiplierOverOne_ScalesBoth()
    {
        var (upload, total) = OrchestratorClient.SegmentTimeouts(new OrchestratorClientOptions { SegmentTimeoutMultiplier = 2 }, TimeSpan.FromSeconds(6));

        Assert.That((upload, total), Is.EqualTo((TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(48))));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task SendPaymentAsync_Payment_HeadersSentAndNewInfoReturned(bool tls)
    {
        using var certificate = tls ? TestCertificates.CreateSelfSigned() : null;
        await using var server = await OrchestratorTestServer.StartAsync(certificate);
        var info = ClientTestData.FullInfo(server.Transcoder);
        var refreshed = info with { PriceInfo = new Livepeer.Payments.PixelPrice(7, 1) };
        server.OnPayment = (context, _) => OrchestratorTestServer.WriteAsync(context, OrchestratorInfoMapping.ToPaymentResult(refreshed));
        using var client = new OrchestratorClient(server.Address);
        var payment = HeaderCodecTests.FullPayment(tickets: 1);
        var credentials = await OrchestratorClient.CreatePaymentCredentialsAsync(_gateway, info, "27_stabilityai/sd-turbo");

        var updated = await client.SendPaymentAsync(info, credentials, payment);

        Assert.That(updated, Is.EqualTo(refreshed));
        var seen = server.LastPayment!;
        Assert.That(seen.Body, Is.Empty);
        var segment = SegmentHeader.Decode(seen.SegmentHeader);
        Assert.That(segment.ManifestId, Is.EqualTo("27_stabilityai/sd-turbo"));
        Assert.That(segment.Sequence, Is.Zero);
        Assert.That(Convert.ToHexStringLower(segment.Hash), Is.EqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"));
        Assert.That(segment.AuthToken, Is.EqualTo(info.AuthToken));
        Assert.That(WireSignatures.VerifySegment(segment, ClientTestData.GatewayAddress), Is.True);
        Assert.That(seen.PaymentHeader, Is.EqualTo(PaymentHeader.Encode(payment)));
    }

    [Test]
    public async Task SendPaymentAsync_Refused_HttpCallExceptionWithText()
    {
        await using var server = await OrchestratorTestServer.StartAsync();
        var info = ClientTestData.FullInfo(server.Transcoder);
        server.OnPayment = async (context, _) =>
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("invalid ticket senderNonce: already seen\n");
        };
        using var client = new OrchestratorClient(server.Address);
        var credentials = await OrchestratorClient.CreatePaymentCredentialsAsync(_gateway, info, "m");

        var e = await Assert.ThrowsAsync<HttpCallException>(() => client.SendPaymentAsync(info, credentials, HeaderCodecTests.FullPayment(1)));

        Assert.That(e!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(e.Detail, Is.EqualTo("invalid ticket senderNonce: already seen"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task DownloadRenditionAsync_SelfSignedOrCleartext_BytesReturned(bool tls)
    {
        using var certificate = tls ? TestCertificates.CreateSelfSigned() : null;
        await using var server = await OrchestratorTestServer.StartAsync(certificate);
        server.OnDownload = context => context.Response.Body.WriteAsync(SegmentBytes).AsTask();
        using var client = new OrchestratorClient(server.Address);

        var bytes = await client.DownloadRenditionAsync($"{server.Transcoder}/stream/s/P240p30fps16x9/1.ts");

        Assert.That(bytes, Is.EqualTo(SegmentBytes));
    }

    [Test]
    public async Task DownloadRenditionAsync_NotFound_HttpCallException()
    {
        await using var server = await OrchestratorTestServer.StartAsync();
        server.OnDownload = async context =>
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("not found");
        };
        using var client = new OrchestratorClient(server.Address);

        var e = await Assert.ThrowsAsync<HttpCallException>(() => client.DownloadRenditionAsync($"{server.Transcoder}/stream/x.ts"));

        Assert.That(e!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(e.Detail, Is.EqualTo("not found"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task DownloadRenditionAsync_OverTheCap_ResponseTooLarge(bool declaresLength)
    {
        await using var server = await OrchestratorTestServer.StartAsync();
        server.OnDownload = async context =>
        {
            if (declaresLength)
            {
                context.Response.ContentLength = SegmentBytes.Length;
            }

            await context.Response.Body.WriteAsync(SegmentBytes);
        };
        using var client = new OrchestratorClient(server.Address, new OrchestratorClientOptions { MaxDownloadSize = 1000 });

        var e = await Assert.ThrowsAsync<NetworkException>(() => client.DownloadRenditionAsync($"{server.Transcoder}/stream/x.ts"));

        Assert.That(e!.ErrorCode, Is.EqualTo(NetworkErrorCode.ResponseTooLarge));
    }

    [Test]
    public async Task DownloadRenditionAsync_SlowServer_TimeoutWithinBound()
    {
        await using var server = await OrchestratorTestServer.StartAsync();
        server.OnDownload = context => OrchestratorTestServer.HangAsync(context.RequestAborted);
        using var client = new OrchestratorClient(server.Address, new OrchestratorClientOptions { DownloadTimeout = TimeSpan.FromMilliseconds(300) });
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<NetworkException>(() => client.DownloadRenditionAsync($"{server.Transcoder}/stream/x.ts"));

        Assert.That(e!.ErrorCode, Is.EqualTo(NetworkErrorCode.Timeout));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task DownloadRenditionAsync_RelativeUrl_InvalidField()
    {
        using var client = new OrchestratorClient(new Uri("https://127.0.0.1:1"));

        var e = await Assert.ThrowsAsync<NetworkException>(() => client.DownloadRenditionAsync("/stream/x.ts"));

        Assert.That(e!.ErrorCode, Is.EqualTo(NetworkErrorCode.InvalidField));
    }

    [Test]
    public async Task CreateSegmentCredentialsAsync_Segment_HashProfilesTokenAndSignature()
    {
        var info = ClientTestData.FullInfo("https://o");
        VideoProfile[] profiles = [VideoProfile.P144p30fps16x9, VideoProfile.P240p30fps16x9];

        var segment = await OrchestratorClient.CreateSegmentCredentialsAsync(_gateway, info, "abcdef", 1234, SegmentBytes, TimeSpan.FromMilliseconds(2500), profiles, CapabilitySet.Legacy);

        Assert.That(segment.Hash, Is.EqualTo(Keccak256.Hash(SegmentBytes)));
        Assert.That(segment.Duration, Is.EqualTo(TimeSpan.FromMilliseconds(2500)));
        Assert.That(segment.Profiles, Is.EqualTo(profiles));
        Assert.That(segment.Capabilities, Is.EqualTo(CapabilitySet.Legacy));
        Assert.That(segment.AuthToken, Is.EqualTo(info.AuthToken));
        Assert.That(WireSignatures.VerifySegment(segment, ClientTestData.GatewayAddress), Is.True);
        Assert.That(WireSignatures.VerifySegment(segment with { Sequence = 1235 }, ClientTestData.GatewayAddress), Is.False);
    }

    [Test]
    public void Constructor_NotHttp_Throws()
        => Assert.Throws<ArgumentException>(() => new OrchestratorClient(new Uri("ftp://127.0.0.1:1")));

    [Test]
    public async Task Constructor_SharedHandler_NotDisposedWithTheClient()
    {
        await using var server = await OrchestratorTestServer.StartAsync();
        server.OnGetOrchestrator = (_, _) => Task.FromResult(new Wire.OrchestratorInfo { Transcoder = "https://o" });
        using var handler = new OrchestratorClientOptions().CreateHandler();
        using (var first = new OrchestratorClient(server.Address, handler))
        {
            await first.GetOrchestratorAsync(_gateway);
        }

        using var second = new OrchestratorClient(server.Address, handler);
        var info = await second.GetOrchestratorAsync(_gateway);

        Assert.That(info.Transcoder, Is.EqualTo("https://o"));
    }

    private static bool SamePayment(Livepeer.Payments.TicketPayment a, Livepeer.Payments.TicketPayment b)
        => a.Sender == b.Sender && Equals(a.TicketParams, b.TicketParams) && Equals(a.ExpirationParams, b.ExpirationParams)
            && a.ExpectedPrice == b.ExpectedPrice && a.Tickets.SequenceEqual(b.Tickets);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
