using Livepeer.Network;
using Livepeer.Payments;
using Microsoft.Extensions.DependencyInjection;

namespace Livepeer.Orchestrator.Tests;

/// <summary>Idle sessions and expired auth tokens, on a host whose clock the test moves.</summary>
[Category("Chain")]
[CancelAfter(60_000)]
public sealed class SessionLifetimeTests
{
    [Test]
    public async Task Session_IdleFor70Seconds_EndsAndExpiredTokensAreRefused()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await OrchestratorTestHost.StartAsync(new OrchestratorTestHostOptions
        {
            Configure = o => o.PricePerUnit = 1200,
            ConfigureServices = s => s.AddSingleton<TimeProvider>(time),
        });
        using var grpc = host.CreateGrpcClient();
        using var http = host.CreateHttpClient();
        var gateway = await TestGateway.GetAsync(2);
        var info = await gateway.GetOrchestratorAsync(grpc);
        var media = new byte[] { 4, 2 };
        var (payment, _) = await gateway.PayAsync(info, 1);
        var (status, _, text) = await TestGateway.SendAsync(http, TestGateway.Request(
            "/segment", await gateway.SignedSegmentHeaderAsync(TestGateway.Segment(info, media, 1)), PaymentHeader.Encode(payment), new ByteArrayContent(media)));
        Assert.That(status, Is.EqualTo(200), text);

        time.Advance(TimeSpan.FromSeconds(69));
        Assert.That(await host.Sessions.EndIdleAsync(), Is.Zero, "69 s idle is not enough");
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.That(await host.Sessions.EndIdleAsync(), Is.EqualTo(1));
        Assert.That(host.Sessions.Count, Is.Zero);
        Assert.That(host.Fake!.EndedSessions, Does.Contain(info.AuthToken.SessionId));

        time.Advance(TimeSpan.FromMinutes(30));
        var (late, _) = await gateway.PayAsync(info, 0);
        var (expired, _, expiredText) = await TestGateway.SendAsync(http, TestGateway.Request(
            "/segment", await gateway.SignedSegmentHeaderAsync(TestGateway.Segment(info, media, 2)), PaymentHeader.Encode(late), new ByteArrayContent(media)));
        Assert.That((expired, expiredText), Is.EqualTo((403, "expired auth token\n")));

        // go-livepeer only compares the HMAC here, so a genuine expired token still ends its session.
        await grpc.UnaryCallAsync(OrchestratorMethods.EndTranscodingSession, new Network.Wire.EndTranscodingSessionRequest { AuthToken = info.AuthToken }, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.That(host.Services.GetRequiredService<IOrchestratorState>().GetSessions(), Is.Empty);
    }
}
