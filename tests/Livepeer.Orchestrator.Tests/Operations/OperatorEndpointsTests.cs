using System.Net;
using System.Text.Json;
using Livepeer.Network;
using Livepeer.Payments;
using Livepeer.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Livepeer.Orchestrator.Tests;

/// <summary>The operator endpoints' handlers, run on a built (not started) app with fakes for the core's seams.</summary>
public sealed class OperatorEndpointsTests
{
    private static readonly EthAddress OrchestratorAddress = EthAddress.Parse("0x00000000000000000000000000000000000000aa");
    private static readonly EthAddress Gateway = EthAddress.Parse("0x00000000000000000000000000000000000000bb");

    private static WebApplication Build(bool allowRemote = false, bool withSeams = true)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddOptions<LivepeerOrchestratorOptions>().Configure(o =>
        {
            o.ServiceUri = new Uri("https://orch.example:8935");
            o.AllowRemoteOperatorAccess = allowRemote;
        });
        OperationsRegistration.AddOperations(builder.Services, new PaymentsBuilder(builder.Services));
        if (withSeams)
        {
            builder.Services.AddSingleton<IOrchestratorState>(new FakeState());
            builder.Services.AddSingleton<ITranscoderWorkerRegistry>(new FakeWorkers());
        }

        var app = builder.Build();
        OperationsRegistration.MapOperations(app, new CompositeEndpointConventionBuilder());
        return app;
    }

    private static async Task<(int Status, string Body)> InvokeAsync(WebApplication app, string path, string remote)
    {
        var endpoint = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText == path);
        using var body = new MemoryStream();
        var context = new DefaultHttpContext { RequestServices = app.Services };
        context.Request.Method = "GET";
        context.Request.Path = path;
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        context.Response.Body = body;
        await endpoint.RequestDelegate!(context);
        return (context.Response.StatusCode, System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }

    [TestCase("/status")]
    [TestCase("/healthz")]
    public async Task Get_RemoteCaller_IsForbidden(string path)
    {
        await using var app = Build();
        var (status, body) = await InvokeAsync(app, path, "203.0.113.7");
        Assert.That(status, Is.EqualTo(StatusCodes.Status403Forbidden));
        Assert.That(body, Is.Empty, "nothing about balances leaks");
    }

    [Test]
    public async Task Get_RemoteCallerAllowedByOption_IsServed()
    {
        await using var app = Build(allowRemote: true);
        var (status, _) = await InvokeAsync(app, "/status", "203.0.113.7");
        Assert.That(status, Is.EqualTo(StatusCodes.Status200OK));
    }

    [TestCase("127.0.0.1")]
    [TestCase("::1")]
    [TestCase("::ffff:127.0.0.1")]
    public async Task GetStatus_LoopbackCaller_ShowsSessionsTranscodersAndEndpoint(string remote)
    {
        await using var app = Build();
        var (status, body) = await InvokeAsync(app, "/status", remote);
        var json = JsonDocument.Parse(body).RootElement;

        Assert.That(status, Is.EqualTo(StatusCodes.Status200OK));
        var session = json.GetProperty("sessions")[0];
        var transcoder = json.GetProperty("transcoders")[0];
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("address").GetString(), Is.EqualTo(OrchestratorAddress.ToString()));
            Assert.That(json.GetProperty("serviceUri").GetString(), Is.EqualTo("https://orch.example:8935"));
            Assert.That(json.GetProperty("version").GetString(), Is.Not.Empty);
            Assert.That(json.GetProperty("capabilities").EnumerateArray().Select(c => c.GetProperty("name").GetString()), Does.Contain(CapabilityNames.GetName(Capability.H264)));
            Assert.That(session.GetProperty("sessionId").GetString(), Is.EqualTo("manifest-1"));
            Assert.That(session.GetProperty("sender").GetString(), Is.EqualTo(Gateway.ToString()));
            Assert.That(session.GetProperty("balance").GetString(), Is.EqualTo("2.500"), "5/2 wei");
            Assert.That(session.GetProperty("pricePerUnit").GetString(), Is.EqualTo("1200"));
            Assert.That(session.GetProperty("segments").GetInt64(), Is.EqualTo(3));
            Assert.That(transcoder.GetProperty("address").GetString(), Is.EqualTo("10.0.0.2:50000"));
            Assert.That(transcoder.GetProperty("load").GetInt32(), Is.EqualTo(1));
            Assert.That(json.GetProperty("ticketRecipient").ValueKind, Is.EqualTo(JsonValueKind.Null), "no payment engine here");
            Assert.That(json.GetProperty("redemption").GetProperty("mode").GetString(), Is.EqualTo("unavailable"));
        });
    }

    [Test]
    public async Task GetStatus_WithoutCoreSeams_StillAnswers()
    {
        await using var app = Build(withSeams: false);
        var (status, body) = await InvokeAsync(app, "/status", "127.0.0.1");
        var json = JsonDocument.Parse(body).RootElement;
        Assert.That(status, Is.EqualTo(StatusCodes.Status200OK));
        Assert.That(json.GetProperty("sessions").GetArrayLength(), Is.Zero);
        Assert.That(json.GetProperty("transcoders").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task GetHealth_NoPaymentEngineAndNoListener_IsUnhealthy()
    {
        await using var app = Build();
        var (status, body) = await InvokeAsync(app, "/healthz", "127.0.0.1");
        var json = JsonDocument.Parse(body).RootElement;
        Assert.That(status, Is.EqualTo(StatusCodes.Status503ServiceUnavailable));
        Assert.That(json.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
        Assert.That(json.GetProperty("checks").GetProperty(OrchestratorHealthCheck.Name).GetString(), Does.StartWith("Unhealthy"));
    }

    [Test]
    public async Task CheckHealth_PaymentsStartedButNotListening_IsUnhealthyThenHealthyOnceListening()
    {
        var services = new ServiceCollection();
        services.AddSingleton(_ => FakeRecipient.Create());
        await using var provider = services.BuildServiceProvider();
        var listener = new OrchestratorListenerState();
        var check = new OrchestratorHealthCheck(provider, listener);

        var before = await check.CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext());
        listener.MarkListening(["https://127.0.0.1:8935"]);
        var after = await check.CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext());

        Assert.That(before.Status, Is.EqualTo(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy));
        Assert.That(after.Status, Is.EqualTo(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy));
        Assert.That(after.Description, Does.Contain("https://127.0.0.1:8935"));
    }

    private sealed class PaymentsBuilder(IServiceCollection services) : ILivepeerPaymentsBuilder
    {
        public IServiceCollection Services { get; } = services;
    }

    private sealed class FakeState : IOrchestratorState
    {
        public EthAddress? Address => OrchestratorAddress;

        public CapabilitySet Capabilities => CapabilitySet.Create(Capability.H264, Capability.MpegTs);

        public IReadOnlyList<OrchestratorSessionStatus> GetSessions() =>
        [
            new("manifest-1", Gateway, new PixelPrice(1200, 1), new BigRational(5, 2), 3, 1_000_000, DateTimeOffset.UnixEpoch),
        ];
    }

    private sealed class FakeWorkers : ITranscoderWorkerRegistry
    {
        public IReadOnlyList<TranscoderWorkerStatus> GetWorkers() =>
        [
            new("10.0.0.2:50000", 4, 1, CapabilitySet.DefaultTranscoder, DateTimeOffset.UnixEpoch),
        ];
    }
}
