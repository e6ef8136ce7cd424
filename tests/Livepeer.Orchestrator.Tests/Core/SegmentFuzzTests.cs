using System.Diagnostics;
using System.Net;
using Google.Protobuf;
using Livepeer.Network;
using Livepeer.Payments;
using Livepeer.Protocol;
using Livepeer.Transcoding;
using Microsoft.Extensions.DependencyInjection;
using Wire = Livepeer.Network.Wire;

namespace Livepeer.Orchestrator.Tests;

/// <summary>
/// Bad /segment input gets go-livepeer's status and text, credits nothing, starts no
/// session, and leaves the host serving.
/// </summary>
[Category("Fuzz")]
[CancelAfter(60_000)]
public sealed class SegmentFuzzTests
{
    private const int MaxSegmentBytes = 64 * 1024;
    private static readonly byte[] Secret = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private OrchestratorTestHost _host = null!;
    private HttpGrpcCallInvoker _grpc = null!;
    private HttpClient _http = null!;

    public enum Mutation
    {
        GarbagePayment,
        TruncatedPayment,
        GarbageSegment,
        TruncatedSegment,
        ForgedSegmentSignature,
        SignatureOverOtherProfiles,
        WrongAuthToken,
        MissingAuthToken,
        ExpiredAuthToken,
        UnknownProfileFormat,
        UnknownEncoderProfile,
        UnknownVideoCodec,
        InvalidDuration,
        IncompatibleCapabilities,
        ForgedTicketSeed,
        NoTicketsAtAPrice,
        BodyHashMismatch,
        OversizedBody,
    }

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _host = await OrchestratorTestHost.StartAsync(new OrchestratorTestHostOptions
        {
            Configure = o =>
            {
                o.PricePerUnit = 1200;
                o.MaxSegmentBytes = MaxSegmentBytes;
                o.SegmentReadTimeout = TimeSpan.FromSeconds(1);
            },
            ConfigureServices = s => s.AddSingleton(new AuthTokenAuthority(Secret)),
        });
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

    [TestCase(Mutation.GarbagePayment, 402, null)]
    [TestCase(Mutation.TruncatedPayment, 402, null)]
    [TestCase(Mutation.GarbageSegment, 403, "ErrorSegEncoding")]
    [TestCase(Mutation.TruncatedSegment, 403, "ErrorSegEncoding")]
    [TestCase(Mutation.ForgedSegmentSignature, 403, "ErrSegSig")]
    [TestCase(Mutation.SignatureOverOtherProfiles, 403, "ErrSegSig")]
    [TestCase(Mutation.WrongAuthToken, 403, "invalid auth token")]
    [TestCase(Mutation.MissingAuthToken, 403, "missing auth token")]
    [TestCase(Mutation.ExpiredAuthToken, 403, "expired auth token")]
    [TestCase(Mutation.UnknownProfileFormat, 403, "unrecognized profile output format")]
    [TestCase(Mutation.UnknownEncoderProfile, 403, "unrecognized encoder profile")]
    [TestCase(Mutation.UnknownVideoCodec, 403, "unrecognized video codec")]
    [TestCase(Mutation.InvalidDuration, 403, "invalid duration")]
    [TestCase(Mutation.IncompatibleCapabilities, 403, "incompatible capabilities")]
    [TestCase(Mutation.ForgedTicketSeed, 400, "invalid recipientRand for ticket recipientRandHash")]
    [TestCase(Mutation.NoTicketsAtAPrice, 400, "Insufficient balance")]
    [TestCase(Mutation.BodyHashMismatch, 403, "Forbidden")]
    [TestCase(Mutation.OversizedBody, 400, "BadRequest")]
    public async Task Segment_BadInput_AnswersLikeGoLivepeerAndCreditsNothing(Mutation mutation, int expectedStatus, string? expectedText)
    {
        var gateway = await TestGateway.GetAsync(2);
        var info = await gateway.GetOrchestratorAsync(_grpc);
        var sessionId = info.AuthToken.SessionId;
        var media = new byte[mutation == Mutation.OversizedBody ? MaxSegmentBytes + 1 : 1000];
        Random.Shared.NextBytes(media);
        var (payment, ev) = await gateway.PayAsync(info, mutation == Mutation.NoTicketsAtAPrice ? 0 : 1);
        var segment = TestGateway.Segment(info, media, 5);
        var paymentHeader = PaymentHeader.Encode(payment);
        var segmentHeader = await gateway.SignedSegmentHeaderAsync(segment);
        var body = media;

        switch (mutation)
        {
            case Mutation.GarbagePayment: paymentHeader = "%%% not base64 %%%"; break;
            case Mutation.TruncatedPayment: paymentHeader = paymentHeader[..^3]; break;
            case Mutation.GarbageSegment: segmentHeader = "!!"; break;
            case Mutation.TruncatedSegment: segmentHeader = segmentHeader[..^2]; break;
            case Mutation.ForgedSegmentSignature:
                segmentHeader = SegmentHeader.Encode(await WireSignatures.SignSegmentAsync((await TestGateway.GetAsync(3)).Signer, segment));
                break;
            case Mutation.SignatureOverOtherProfiles:
                var signed = await WireSignatures.SignSegmentAsync(gateway.Signer, segment);
                segmentHeader = SegmentHeader.Encode(signed with { Profiles = [VideoProfile.P720p30fps16x9] });
                break;
            case Mutation.WrongAuthToken:
                var token = SegmentMapping.FromWire(info.AuthToken);
                var flipped = token.Token.ToArray();
                flipped[0] ^= 1;
                segmentHeader = await gateway.SignedSegmentHeaderAsync(segment with { AuthToken = token with { Token = flipped } });
                break;
            case Mutation.MissingAuthToken: segmentHeader = await gateway.SignedSegmentHeaderAsync(segment with { AuthToken = null }); break;
            case Mutation.ExpiredAuthToken:
                var past = new ManualTimeProvider(DateTimeOffset.UtcNow.AddHours(-1));
                segmentHeader = await gateway.SignedSegmentHeaderAsync(segment with { AuthToken = new AuthTokenAuthority(Secret, past).Issue(sessionId) });
                break;
            case Mutation.UnknownProfileFormat: segmentHeader = WithProfile(segmentHeader, p => p.Format = (Wire.VideoProfile.Types.Format)7); break;
            case Mutation.UnknownEncoderProfile: segmentHeader = WithProfile(segmentHeader, p => p.Profile = (Wire.VideoProfile.Types.Profile)9); break;
            case Mutation.UnknownVideoCodec: segmentHeader = WithProfile(segmentHeader, p => p.Encoder = (Wire.VideoProfile.Types.VideoCodec)42); break;
            case Mutation.InvalidDuration: segmentHeader = await gateway.SignedSegmentHeaderAsync(segment with { Duration = TimeSpan.FromMinutes(6) }); break;
            case Mutation.IncompatibleCapabilities:
                segmentHeader = await gateway.SignedSegmentHeaderAsync(segment with { Capabilities = CapabilitySet.Create(Capability.H264, Capability.TextToImage) });
                break;
            case Mutation.ForgedTicketSeed:
                paymentHeader = PaymentHeader.Encode(payment with { TicketParams = payment.TicketParams! with { Seed = payment.TicketParams.Seed + 1 } });
                break;
            case Mutation.BodyHashMismatch: body = [.. media.Reverse()]; break;
        }

        var (status, _, text) = await TestGateway.SendAsync(_http, TestGateway.Request("/segment", segmentHeader, paymentHeader, new ByteArrayContent(body)));

        Assert.That(status, Is.EqualTo(expectedStatus), text);
        if (expectedText is not null)
        {
            Assert.That(text, Is.EqualTo(expectedText + "\n"));
        }
        else
        {
            Assert.That(text, Is.Not.Empty);
        }

        // The body is checked before the tickets, so even a bad body (which go-livepeer would already have been paid
        // for) leaves the balance untouched.
        Assert.That(_host.Recipient.GetBalance(gateway.Address, sessionId), Is.EqualTo(BigRational.Zero));
        Assert.That(_host.Sessions.Find(sessionId), Is.Null, "no session started");
        Assert.That(_host.Fake!.Calls.Any(c => c.SessionId == sessionId), Is.False, "nothing transcoded");
        await AssertHealthyAsync();
    }

    [Test]
    public async Task Segment_RandomHeaders_AlwaysAnswer402Or403AndTheHostKeepsServing()
    {
        var random = new Random(20260818);
        for (var i = 0; i < 60; i++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            var segmentHeader = i % 3 == 0 ? Convert.ToBase64String(bytes) : new string([.. bytes.Select(b => (char)(0x21 + (b % 94)))]);
            random.NextBytes(bytes);
            var paymentHeader = i % 2 == 0 ? Convert.ToBase64String(bytes) : string.Empty;

            var (status, _, text) = await TestGateway.SendAsync(_http, TestGateway.Request("/segment", segmentHeader, paymentHeader, new ByteArrayContent(bytes)));

            Assert.That(status, Is.AnyOf(402, 403), text);
        }

        await AssertHealthyAsync();
    }

    [Test]
    public async Task Segment_SlowUpload_IsCutOffWithinBoundedTime()
    {
        var gateway = await TestGateway.GetAsync(2);
        var info = await gateway.GetOrchestratorAsync(_grpc);
        var media = new byte[4000];
        var (payment, _) = await gateway.PayAsync(info, 1);
        using var slow = new SlowContent(media, chunk: 100, delay: TimeSpan.FromMilliseconds(250));
        var request = TestGateway.Request("/segment", await gateway.SignedSegmentHeaderAsync(TestGateway.Segment(info, media, 1)), PaymentHeader.Encode(payment), slow);
        var watch = Stopwatch.StartNew();

        int? status = null;
        try
        {
            using var response = await _http.SendAsync(request);
            status = (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            // The server may reset the stream before the client has read the answer; being cut off is what counts.
        }

        watch.Stop();
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "the 1 s read timeout cut the 10 s upload short");
        Assert.That(status, Is.Null.Or.EqualTo(400));
        Assert.That(_host.Sessions.Find(info.AuthToken.SessionId), Is.Null);
        await AssertHealthyAsync();
    }

    [Test]
    public async Task Payment_GarbageHeaders_AnswerWithoutCrediting()
    {
        var gateway = await TestGateway.GetAsync(2);
        var info = await gateway.GetOrchestratorAsync(_grpc);
        var (payment, _) = await gateway.PayAsync(info, 1);

        using var badPayment = await _http.SendAsync(TestGateway.Request("/payment", "AAAA", "***"));
        using var badSegment = await _http.SendAsync(TestGateway.Request("/payment", "***", PaymentHeader.Encode(payment)));

        Assert.That((int)badPayment.StatusCode, Is.EqualTo(402));
        Assert.That((int)badSegment.StatusCode, Is.EqualTo(403));
        Assert.That(await badSegment.Content.ReadAsStringAsync(), Is.EqualTo("ErrorSegEncoding\n"));
        Assert.That(_host.Recipient.GetBalance(gateway.Address, "stream-0"), Is.EqualTo(BigRational.Zero));
        await AssertHealthyAsync();
    }

    private async Task AssertHealthyAsync()
    {
        var value = new byte[] { 1, 2, 3 };
        var reply = await _grpc.UnaryCallAsync(OrchestratorMethods.Ping, new Wire.PingPong { Value = ByteString.CopyFrom(value) }, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.That(WireSignatures.VerifyPing(_host.Address, value, reply.Value.Span), Is.True, "the host still answers");
    }

    private static string WithProfile(string header, Action<Wire.VideoProfile> change)
    {
        var wire = Wire.SegData.Parser.ParseFrom(Convert.FromBase64String(header));
        var profiles = wire.FullProfiles3.Count > 0 ? wire.FullProfiles3 : wire.FullProfiles2.Count > 0 ? wire.FullProfiles2 : wire.FullProfiles;
        change(profiles[0]);
        return Convert.ToBase64String(wire.ToByteArray());
    }

    /// <summary>A body that arrives a little at a time (a slow-loris upload); bounded in chunks and cancellable.</summary>
    private sealed class SlowContent(byte[] data, int chunk, TimeSpan delay) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            for (var offset = 0; offset < data.Length; offset += chunk)
            {
                await stream.WriteAsync(data.AsMemory(offset, Math.Min(chunk, data.Length - offset)), cancellationToken);
                await stream.FlushAsync(cancellationToken);
                await Task.Delay(delay, cancellationToken);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = data.Length;
            return true;
        }
    }
}
