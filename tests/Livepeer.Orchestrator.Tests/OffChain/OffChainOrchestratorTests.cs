using System.Net;
using System.Text;
using System.Text.Json;
using Livepeer.Network;
using Livepeer.Payments;
using Livepeer.Protocol;
using Livepeer.Transcoding;
using Wire = Livepeer.Network.Wire;

namespace Livepeer.Orchestrator.Tests.OffChain;

/// <summary>
/// An orchestrator with <see cref="LivepeerOrchestratorOptions.OffChain"/> (go-livepeer's <c>-network offchain</c>),
/// on Kestrel at 127.0.0.1 with no devnet anywhere, used by gateways with random keys that have never been funded.
/// </summary>
[CancelAfter(60_000)]
public sealed class OffChainOrchestratorTests
{
    private static readonly VideoProfile[] Profiles = [VideoProfile.P240p30fps16x9, VideoProfile.P144p30fps16x9];

    private OffChainHost _host = null!;
    private FakeTranscoder _transcoder = null!;
    private OrchestratorClient _client = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _transcoder = new FakeTranscoder();
        _host = await OffChainHost.StartAsync(_transcoder);
        _client = _host.CreateClient();
        _http = _host.CreateHttpClient();
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        _http?.Dispose();
        _client?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Test]
    public async Task GetOrchestratorAsync_RandomUnfundedKey_AnswersWithoutTicketParamsOrAddress()
    {
        using var gateway = PrivateKeySigner.Generate();

        var info = await _client.GetOrchestratorAsync(gateway);

        Assert.Multiple(() =>
        {
            Assert.That(info.Transcoder, Is.EqualTo(_host.BaseUri.GetLeftPart(UriPartial.Authority)));
            Assert.That(info.TicketParams, Is.Null, "off chain there is nothing to pay with");
            Assert.That(info.Address, Is.Null);
            Assert.That(info.PriceInfo, Is.Null, "no price is configured");
            Assert.That(info.AuthToken, Is.Not.Null);
            Assert.That(info.AuthToken!.SessionId, Has.Length.EqualTo(8));
            Assert.That(info.Capabilities, Is.Not.Null);
            Assert.That(info.Capabilities!.Capabilities, Does.Contain(Capability.H264));
        });
    }

    [Test]
    public async Task GetOrchestratorAsync_EmptySignature_IsServed()
    {
        using var gateway = PrivateKeySigner.Generate();

        var info = await _client.GetOrchestratorAsync(gateway.Address, ReadOnlyMemory<byte>.Empty);

        Assert.That(info.AuthToken, Is.Not.Null, "go-livepeer's VerifySig always succeeds without a chain");
        Assert.That(info.TicketParams, Is.Null);
    }

    [Test]
    public async Task GetOrchestratorAsync_PriceConfigured_AdvertisesItWithoutRedemptionOverhead()
    {
        await using var host = await OffChainHost.StartAsync(new FakeTranscoder(), o =>
        {
            o.PricePerUnit = 1200;
            o.PixelsPerUnit = 7;
        });
        using var client = host.CreateClient();
        using var gateway = PrivateKeySigner.Generate();

        var info = await client.GetOrchestratorAsync(gateway);

        Assert.That(info.PriceInfo, Is.EqualTo(new PixelPrice(1200, 7)), "AutoAdjustPrice has no tx-cost multiplier to apply off chain");
        Assert.That(info.TicketParams, Is.Null);
    }

    [Test]
    public async Task PingAsync_OffChain_ReturnsAnEmptySignature()
    {
        var signature = await _client.PingAsync(Encoding.ASCII.GetBytes("ping"));

        Assert.That(signature, Is.Empty);
    }

    [Test]
    public async Task SubmitSegmentAsync_NoPayment_ReturnsUnsignedRenditions()
    {
        using var gateway = PrivateKeySigner.Generate();
        var info = await _client.GetOrchestratorAsync(gateway);
        var media = Encoding.ASCII.GetBytes(new string('m', 2000));
        var credentials = await OrchestratorClient.CreateSegmentCredentialsAsync(gateway, info, "offchain-stream", 3, media, TimeSpan.FromSeconds(2), Profiles);

        var result = await _client.SubmitSegmentAsync(info, credentials, payment: null, media);

        Assert.That(result.IsSuccess, Is.True, result.Error);
        Assert.That(result.Sequence, Is.EqualTo(3));
        Assert.That(result.Renditions, Has.Count.EqualTo(Profiles.Length));
        Assert.That(result.Signature, Is.Empty, "go-livepeer signs nothing without a chain");
        Assert.That(result.Info, Is.Not.Null);
        Assert.That(result.Info!.TicketParams, Is.Null);
        Assert.That(result.Info.AuthToken, Is.EqualTo(info.AuthToken), "the segment's auth token is kept");
        foreach (var (rendition, profile) in result.Renditions.Zip(Profiles))
        {
            Assert.That(rendition.Pixels, Is.EqualTo(FakeTranscoder.PixelsOf(profile)));
            var downloaded = await _client.DownloadRenditionAsync(rendition.Url);
            Assert.That(downloaded, Is.EqualTo(FakeTranscoder.RenditionBytes(profile, 3, media.Length)));
        }
    }

    [Test]
    public async Task Segment_PaymentWithAPrice_IsIgnoredAndTranscoded()
    {
        using var gateway = PrivateKeySigner.Generate();
        var info = await _client.GetOrchestratorAsync(gateway);
        var media = Encoding.ASCII.GetBytes(new string('p', 1500));
        var credentials = await OrchestratorClient.CreateSegmentCredentialsAsync(gateway, info, "offchain-priced", 4, media, TimeSpan.FromSeconds(2), Profiles);

        // On chain a payment that expects a price and carries no tickets leaves no balance: 400 Insufficient balance.
        var payment = PaymentHeader.Encode(new TicketPayment(gateway.Address, null, null, new PixelPrice(1000, 1), []));
        var (status, result, text) = await TestGateway.SendAsync(_http, TestGateway.Request(
            "/segment", SegmentHeader.Encode(credentials), payment, new ByteArrayContent(media)));

        Assert.That(status, Is.EqualTo(200), text);
        Assert.That(result!.ResultCase, Is.EqualTo(Wire.TranscodeResult.ResultOneofCase.Data), result.Error);
        Assert.That(result.Data.Segments, Has.Count.EqualTo(Profiles.Length));
        Assert.That(result.Data.Sig.IsEmpty, Is.True);
    }

    [Test]
    public async Task SubmitSegmentAsync_ForgedAuthToken_Refused403InvalidAuthToken()
    {
        using var gateway = PrivateKeySigner.Generate();
        var info = await _client.GetOrchestratorAsync(gateway);
        var forged = info with { AuthToken = info.AuthToken! with { Token = new byte[32] } };
        var media = Encoding.ASCII.GetBytes("forged");
        var credentials = await OrchestratorClient.CreateSegmentCredentialsAsync(gateway, forged, "offchain-forged", 1, media, TimeSpan.FromSeconds(2), Profiles);
        var calls = _transcoder.Calls.Count;

        var refusal = await Assert.ThrowsAsync<HttpCallException>(() => _client.SubmitSegmentAsync(forged, credentials, payment: null, media));

        Assert.That(refusal!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(refusal.Detail, Is.EqualTo(NetworkException.WireText(NetworkErrorCode.InvalidAuthToken)));
        Assert.That(_transcoder.Calls, Has.Count.EqualTo(calls), "nothing was transcoded");
    }

    [Test]
    public async Task SubmitSegmentAsync_BodyDoesNotMatchItsHash_Refused403Forbidden()
    {
        using var gateway = PrivateKeySigner.Generate();
        var info = await _client.GetOrchestratorAsync(gateway);
        var media = Encoding.ASCII.GetBytes("the segment that was signed");
        var credentials = await OrchestratorClient.CreateSegmentCredentialsAsync(gateway, info, "offchain-hash", 2, media, TimeSpan.FromSeconds(2), Profiles);

        var refusal = await Assert.ThrowsAsync<HttpCallException>(() =>
            _client.SubmitSegmentAsync(info, credentials, payment: null, Encoding.ASCII.GetBytes("another segment entirely")));

        Assert.That(refusal!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(refusal.Detail, Is.EqualTo(SegmentService.Forbidden));
    }

    [Test]
    public async Task Segment_MalformedPaymentHeader_Refused402()
    {
        using var gateway = PrivateKeySigner.Generate();
        var info = await _client.GetOrchestratorAsync(gateway);
        var media = Encoding.ASCII.GetBytes("m");
        var credentials = await OrchestratorClient.CreateSegmentCredentialsAsync(gateway, info, "offchain-402", 1, media, TimeSpan.FromSeconds(2), Profiles);

        var (status, _, _) = await TestGateway.SendAsync(_http, TestGateway.Request(
            "/segment", SegmentHeader.Encode(credentials), "%%% not base64 %%%", new ByteArrayContent(media)));

        Assert.That(status, Is.EqualTo(402), "the header is still decoded as go-livepeer does, only its content is ignored");
    }

    [Test]
    public async Task Payment_EmptyPaymentHeader_AnswersFreshInfoWithoutTicketParams()
    {
        using var gateway = PrivateKeySigner.Generate();
        var info = await _client.GetOrchestratorAsync(gateway);
        var credentials = await OrchestratorClient.CreatePaymentCredentialsAsync(gateway, info, "offchain-live");

        using var response = await _http.SendAsync(TestGateway.Request("/payment", SegmentHeader.Encode(credentials), string.Empty));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), Encoding.UTF8.GetString(body));
        var reply = Wire.PaymentResult.Parser.ParseFrom(body);
        Assert.That(reply.Info.TicketParams, Is.Null);
        Assert.That(reply.Info.Address.IsEmpty, Is.True);
        Assert.That(reply.Info.AuthToken.SessionId, Is.EqualTo(info.AuthToken!.SessionId));
    }

    [Test]
    public async Task Start_FromConfigurationWithoutChainSettings_ServesTranscodingStatusAndHealth()
    {
        await using var host = await OffChainHost.StartFromConfigurationAsync(transcoder: new FakeTranscoder());
        using var client = host.CreateClient();
        using var http = host.CreateHttpClient();
        using var gateway = PrivateKeySigner.Generate();

        Assert.That(host.BaseUri.Scheme, Is.EqualTo(Uri.UriSchemeHttps), "the orchestrator's own TLS listener, with its self-signed certificate");
        var info = await client.GetOrchestratorAsync(gateway);
        var media = Encoding.ASCII.GetBytes("configured");
        var credentials = await OrchestratorClient.CreateSegmentCredentialsAsync(gateway, info, "offchain-configured", 0, media, TimeSpan.FromSeconds(2), Profiles);
        var result = await client.SubmitSegmentAsync(info, credentials, payment: null, media);
        Assert.That(result.Renditions, Has.Count.EqualTo(Profiles.Length));

        var status = JsonDocument.Parse(await http.GetStringAsync(new Uri("/status", UriKind.Relative))).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(status.GetProperty("address").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(status.GetProperty("ticketRecipient").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(status.GetProperty("redemption").GetProperty("mode").GetString(), Is.EqualTo("offchain"));
            var session = status.GetProperty("sessions").EnumerateArray().Single();
            Assert.That(session.GetProperty("sessionId").GetString(), Is.EqualTo(info.AuthToken!.SessionId));
            Assert.That(session.GetProperty("balance").ValueKind, Is.EqualTo(JsonValueKind.Null), "nothing is paid off chain");
            Assert.That(session.GetProperty("segments").GetInt64(), Is.EqualTo(1));
        });

        using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK), await health.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Start_OffChainWithRegisterServiceUri_FailsNamingTheSetting()
    {
        var failure = await Assert.CatchAsync(() => OffChainHost.StartAsync(new FakeTranscoder(), o => o.RegisterServiceUri = true));

        Assert.That(Messages(failure!), Does.Contain("Livepeer:Orchestrator:RegisterServiceUri needs a chain"));
    }

    [Test]
    public async Task Start_OffChainWithRedeemerUri_FailsNamingTheSetting()
    {
        var failure = await Assert.CatchAsync(() => OffChainHost.StartFromConfigurationAsync(
            new Dictionary<string, string?> { ["Livepeer:Orchestrator:RedeemerUri"] = "http://127.0.0.1:1" },
            new FakeTranscoder()));

        Assert.That(Messages(failure!), Does.Contain("Livepeer:Orchestrator:RedeemerUri needs a chain"));
    }

    [Test]
    public void Validate_OffChainChangedAfterRegistration_FailsNamingTheSetting()
    {
        var validator = new OperationsOptionsValidator(mode: new OrchestratorMode(OffChain: false));

        var result = validator.Validate(Microsoft.Extensions.Options.Options.DefaultName, new LivepeerOrchestratorOptions { OffChain = true });

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("Livepeer:Orchestrator:OffChain was changed after AddLivepeerOrchestrator"));
    }

    private static string Messages(Exception exception)
    {
        var text = new StringBuilder();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            text.AppendLine(current.Message);
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    text.AppendLine(Messages(inner));
                }
            }
        }

        return text.ToString();
    }
}
