using System.Numerics;
using Livepeer.Network;
using Livepeer.Payments;
using Livepeer.Protocol;
using Livepeer.Transcoding;
using Wire = Livepeer.Network.Wire;

namespace Livepeer.Orchestrator.Tests;

/// <summary>/segment, /payment and /stream on a real host, paid with tickets from a real TicketSender on the devnet.</summary>
[Category("Chain")]
[CancelAfter(60_000)]
public sealed class SegmentTests
{
    private OrchestratorTestHost _host = null!;
    private HttpGrpcCallInvoker _grpc = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _host = await OrchestratorTestHost.StartAsync(new OrchestratorTestHostOptions { Tls = true, Configure = o => o.PricePerUnit = 1200 });
        _grpc = _host.CreateGrpcClient();
        _http = _host.CreateHttpClient();
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        _http?.Dispose();
        _grpc?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Test]
    public async Task Segment_PaidWithTickets_TranscodesCreditsDebitsAndSignsTheRenditions()
    {
        var gateway = await TestGateway.GetAsync(2);
        var info = await gateway.GetOrchestratorAsync(_grpc);
        var sessionId = info.AuthToken.SessionId;
        var media = System.Text.Encoding.ASCII.GetBytes(new string('m', 3000));
        var (payment, ev) = await gateway.PayAsync(info, 2);
        var segment = TestGateway.Segment(info, media, 7);

        var (status, result, text) = await TestGateway.SendAsync(_http, TestGateway.Request(
            "/segment", await gateway.SignedSegmentHeaderAsync(segment), PaymentHeader.Encode(payment), new ByteArrayContent(media)));

        Assert.That(status, Is.EqualTo(200), text);
        Assert.That(result!.ResultCase, Is.EqualTo(Wire.TranscodeResult.ResultOneofCase.Data), result.Error);
        var profiles = segment.Profiles;
        var expectedPixels = profiles.Sum(FakeTranscoder.PixelsOf);
        var renditions = new List<ReadOnlyMemory<byte>>();
        foreach (var (rendition, profile) in result.Data.Segments.Zip(profiles))
        {
            Assert.That(rendition.Url, Does.StartWith($"{_host.BaseUri.GetLeftPart(UriPartial.Authority)}/stream/{sessionId}/{profile.Name}/7.ts"));
            Assert.That(rendition.Pixels, Is.EqualTo(FakeTranscoder.PixelsOf(profile)));
            var downloaded = await _http.GetByteArrayAsync(new Uri(rendition.Url));
            Assert.That(downloaded, Is.EqualTo(FakeTranscoder.RenditionBytes(profile, 7, media.Length)));
            renditions.Add(downloaded);
        }

        var message = WireSignatures.TranscodeDataMessage(renditions);
        Assert.Multiple(() =>
        {
            Assert.That(result.Seq, Is.EqualTo(7));
            Assert.That(result.Data.Segments, Has.Count.EqualTo(2));
            Assert.That(WireSignatures.VerifyTranscodeData(_host.Address, message, result.Data.Sig.Span), Is.True, "TranscodeData.sig");
            Assert.That(result.Info.AuthToken.SessionId, Is.EqualTo(sessionId), "the incoming auth token is kept");
            Assert.That(result.Info.TicketParams.RecipientRandHash, Is.Not.EqualTo(info.TicketParams.RecipientRandHash), "fresh ticket params");
            Assert.That(result.Info.PriceInfo.PricePerUnit, Is.EqualTo(1212));
            Assert.That(_host.Recipient.GetSessionPrice(gateway.Address, sessionId), Is.EqualTo(new PixelPrice(1212, 1)));
            Assert.That(_host.Recipient.GetBalance(gateway.Address, sessionId), Is.EqualTo(ev - new PixelPrice(1212, 1).Cost(expectedPixels)),
                "credited the tickets' EV, debited price × pixels");
            Assert.That(_host.Fake!.Calls.Any(c => c.SessionId == sessionId && c.Sequence == 7), Is.True, "TranscodeOptions.SessionId is the auth session");
        });

        var status2 = _host.Sessions.GetSessions().Single(s => s.SessionId == sessionId);
        Assert.That((status2.Segments, status2.Pixels, status2.Sender), Is.EqualTo((1L, expectedPixels, gateway.Address)));
    }

    [Test]
    public async Task Segment_UriBodyPointingAtOwnStore_IsRead()
    {
        var gateway = await TestGateway.GetAsync(2);
        var info = await gateway.GetOrchestratorAsync(_grpc);
        var media = new byte[] { 1, 2, 3, 4, 5 };
        var storage = (OrchestratorStorage)_host.Services.GetService(typeof(OrchestratorStorage))!;
        var url = storage.Put("uploads/seg1.ts", media, "video/mp2t");
        var (payment, _) = await gateway.PayAsync(info, 1);
        var segment = TestGateway.Segment(info, media, 1, VideoProfile.P144p30fps16x9);

        var (status, result, text) = await TestGateway.SendAsync(_http, TestGateway.Request(
            "/segment", await gateway.SignedSegmentHeaderAsync(segment), PaymentHeader.Encode(payment), new StringContent(url.AbsoluteUri), SegmentService.UriContentType));

        Assert.That(status, Is.EqualTo(200), text);
        Assert.That(result!.Data.Segments.Single().Pixels, Is.EqualTo(FakeTranscoder.PixelsOf(VideoProfile.P144p30fps16x9)));
    }

    [Test]
    public async Task Segment_UriBodyThatCannotBeDownloaded_Answers400BadRequest()
    {
        var gateway = await TestGateway.GetAsync(2);
        var info = await gateway.GetOrchestratorAsync(_grpc);
        var media = new byte[] { 9, 9, 9 };
        var (payment, _) = await gateway.PayAsync(info, 1);
        var segment = TestGateway.Segment(info, media, 1);

        var (status, _, text) = await TestGateway.SendAsync(_http, TestGateway.Request(
            "/segment", await gateway.SignedSegmentHeaderAsync(segment), PaymentHeader.Encode(payment), new StringContent("http://127.0.0.1:9/missing.ts"), SegmentService.UriContentType));

        Assert.That((status, text), Is.EqualTo((400, "BadRequest\n")));
    }

    [Test]
    public async Task Segment_TranscoderFails_ReturnsTheErrorWithFreshInfoAndDebitsNothing()
    {
        await using var host = await OrchestratorTestHost.StartAsync(new OrchestratorTestHostOptions { Configure = o => o.PricePerUnit = 1200 });
        host.Fake!.Failure = new TranscodingException(TranscodeErrorCode.NoKeyframesInInput);
        using var grpc = host.CreateGrpcClient();
        using var http = host.CreateHttpClient();
        var gateway = await TestGateway.GetAsync(2);
        var info = await gateway.GetOrchestratorAsync(grpc);
        var media = new byte[] { 1 };
        var (payment, ev) = await gateway.PayAsync(info, 1);

        var (status, result, _) = await TestGateway.SendAsync(http, TestGateway.Request(
            "/segment", await gateway.SignedSegmentHeaderAsync(TestGateway.Segment(info, media, 3)), PaymentHeader.Encode(payment), new ByteArrayContent(media)));

        Assert.That(status, Is.EqualTo(200));
        Assert.That(result!.ResultCase, Is.EqualTo(Wire.TranscodeResult.ResultOneofCase.Error));
        Assert.That(result.Error, Is.EqualTo(TranscodeErrors.GetMessage(TranscodeErrorCode.NoKeyframesInInput)));
        Assert.That(result.Info.AuthToken.SessionId, Is.EqualTo(info.AuthToken.SessionId));
        Assert.That(host.Recipient.GetBalance(gateway.Address, info.AuthToken.SessionId), Is.EqualTo(ev));
    }

    [Test]
    public async Task Payment_WithTickets_CreditsTheManifestAndReturnsInfo()
    {
        var gateway = await TestGateway.GetAsync(2);
        var info = await gateway.GetOrchestratorAsync(_grpc);
        var (payment, ev) = await gateway.PayAsync(info, 3);
        var segment = SegmentCredentials.ForEmptySegment("live-manifest-1") with { AuthToken = SegmentMapping.FromWire(info.AuthToken) };

        using var response = await _http.SendAsync(TestGateway.Request("/payment", await gateway.SignedSegmentHeaderAsync(segment), PaymentHeader.Encode(payment)));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(200), System.Text.Encoding.UTF8.GetString(bytes));
        var result = Wire.PaymentResult.Parser.ParseFrom(bytes);
        Assert.Multiple(() =>
        {
            Assert.That(result.Info.AuthToken.SessionId, Is.EqualTo(info.AuthToken.SessionId), "auth token unchanged");
            Assert.That(new EthAddress(result.Info.Address.Span), Is.EqualTo(_host.Address));
            Assert.That(_host.Recipient.GetBalance(gateway.Address, "live-manifest-1"), Is.EqualTo(ev), "credited under SegData.manifestId");
            Assert.That(_host.Recipient.GetBalance(gateway.Address, info.AuthToken.SessionId), Is.EqualTo(BigRational.Zero));
        });
    }

    [Test]
    public async Task Stream_UnknownPath_Answers404()
    {
        using var response = await _http.GetAsync("/stream/nothing/here.ts");

        Assert.That((int)response.StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task Capacity_OneSession_CapsUntilTheGatewayEndsIt()
    {
        await using var host = await OrchestratorTestHost.StartAsync(new OrchestratorTestHostOptions { Configure = o => { o.PricePerUnit = 1200; o.MaxSessions = 1; } });
        using var grpc = host.CreateGrpcClient();
        using var http = host.CreateHttpClient();
        var gateway = await TestGateway.GetAsync(2);
        var first = await gateway.GetOrchestratorAsync(grpc);
        var second = await gateway.GetOrchestratorAsync(grpc);
        var media = new byte[] { 7, 7 };
        var (payment, _) = await gateway.PayAsync(first, 1);
        var (accepted, _, acceptedText) = await TestGateway.SendAsync(http, TestGateway.Request(
            "/segment", await gateway.SignedSegmentHeaderAsync(TestGateway.Segment(first, media, 1)), PaymentHeader.Encode(payment), new ByteArrayContent(media)));
        Assert.That(accepted, Is.EqualTo(200), acceptedText);

        var capped = await Assert.ThrowsAsync<GrpcCallException>(() => gateway.GetOrchestratorAsync(grpc));
        var (secondPayment, _) = await gateway.PayAsync(second, 1);
        var (refused, _, refusedText) = await TestGateway.SendAsync(http, TestGateway.Request(
            "/segment", await gateway.SignedSegmentHeaderAsync(TestGateway.Segment(second, media, 1)), PaymentHeader.Encode(secondPayment), new ByteArrayContent(media)));

        Assert.That(capped!.StatusCode, Is.EqualTo(GrpcStatusCode.Unknown));
        Assert.That(capped.Detail, Is.EqualTo("Invalid orchestrator request: OrchestratorCapped"));
        Assert.That((refused, refusedText), Is.EqualTo((403, "OrchestratorCapped\n")));
        Assert.That(host.Recipient.GetBalance(gateway.Address, second.AuthToken.SessionId), Is.EqualTo(BigRational.Zero), "refused before the payment");

        await grpc.UnaryCallAsync(OrchestratorMethods.EndTranscodingSession, new Wire.EndTranscodingSessionRequest { AuthToken = first.AuthToken }, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.That(host.Sessions.Count, Is.Zero);
        Assert.That(host.Fake!.EndedSessions, Does.Contain(first.AuthToken.SessionId), "the transcoder session ends too");
        var again = await gateway.GetOrchestratorAsync(grpc);
        Assert.That(again.AuthToken.SessionId, Is.Not.Empty);
    }
}
