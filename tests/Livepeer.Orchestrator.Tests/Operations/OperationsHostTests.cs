using System.Net;
using System.Text.Json;
using Livepeer.Payments;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Livepeer.Orchestrator.Tests;

/// <summary>The operator side on real Kestrel without a chain (no payment engine), and its registration.</summary>
public sealed class OperationsHostTests
{
    private static WebApplication Build(Action<LivepeerOrchestratorOptions> configure, Action<WebApplicationBuilder>? host = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddOptions<LivepeerOrchestratorOptions>().Configure(configure);
        OperationsRegistration.AddOperations(builder.Services, new PaymentsBuilder(builder.Services));
        host?.Invoke(builder);
        var app = builder.Build();
        OperationsRegistration.MapOperations(app, new CompositeEndpointConventionBuilder());
        return app;
    }

    private static async Task<HttpResponseMessage> GetAsync(Uri uri, Version version)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, uri) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        return await client.SendAsync(request);
    }

    [Test]
    public async Task Start_HttpServiceUriOnPortZero_ServesCleartextHttp2OnTheBoundPort()
    {
        await using var app = Build(o =>
        {
            o.ServiceUri = new Uri("http://127.0.0.1:0");
            o.ListenAddress = "127.0.0.1:0";
        });
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(20));
        try
        {
            var endpoint = app.Services.GetRequiredService<OrchestratorEndpoint>();
            var port = endpoint.ServiceUri.Port;

            using var status = await GetAsync(new Uri($"http://127.0.0.1:{port}/status"), HttpVersion.Version20);
            using var health = await GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"), HttpVersion.Version20);
            var document = JsonDocument.Parse(await status.Content.ReadAsStringAsync()).RootElement;

            Assert.Multiple(() =>
            {
                Assert.That(port, Is.Positive, "the bound port replaced 0");
                Assert.That(status.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(document.GetProperty("serviceUri").GetString(), Is.EqualTo($"http://127.0.0.1:{port}"));
                Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "no payment engine in this host");
                Assert.That(app.Services.GetRequiredService<OrchestratorListenerState>().IsListening, Is.True);
            });
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Test]
    public async Task Start_ConfigureKestrelFalse_LeavesTheAppsOwnListener()
    {
        await using var app = Build(
            o =>
            {
                o.ServiceUri = new Uri("https://127.0.0.1:0");
                o.ConfigureKestrel = false;
                o.DataDirectory = Path.Combine(Path.GetTempPath(), "livepeer-never-" + Guid.NewGuid().ToString("N"));
            },
            builder => builder.WebHost.UseUrls("http://127.0.0.1:0"));
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(20));
        try
        {
            var address = new Uri(app.Urls.Single());
            using var status = await GetAsync(new Uri(address, "/status"), HttpVersion.Version11);
            var options = app.Services.GetRequiredService<IOptions<LivepeerOrchestratorOptions>>().Value;

            Assert.Multiple(() =>
            {
                Assert.That(status.StatusCode, Is.EqualTo(HttpStatusCode.OK), "served on the app's HTTP/1.1 listener");
                Assert.That(app.Services.GetRequiredService<OrchestratorEndpoint>().ServiceUri.Port, Is.EqualTo(address.Port), "the port still follows the bound one");
                Assert.That(Directory.Exists(options.DataDirectory), Is.False, "no certificate was made");
            });
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Test]
    public void AddLivepeerOrchestrator_RedeemerUriInDelegate_RegistersTheGrpcRedeemer()
    {
        var withRemote = new ServiceCollection();
        withRemote.AddLivepeerOrchestrator(o => o.RedeemerUri = new Uri("https://redeemer.example:8935"));
        var local = new ServiceCollection();
        local.AddLivepeerOrchestrator(o => o.ServiceUri = new Uri("https://orch.example:8935"));

        Assert.Multiple(() =>
        {
            Assert.That(withRemote.Any(d => d.ServiceType == typeof(GrpcTicketRedeemer)), Is.True);
            Assert.That(withRemote.Single(d => d.ServiceType == typeof(RemoteRedeemerSelection)).ImplementationInstance,
                Is.EqualTo(new RemoteRedeemerSelection(new Uri("https://redeemer.example:8935"))));
            Assert.That(local.Any(d => d.ServiceType == typeof(GrpcTicketRedeemer)), Is.False);
        });
    }

    [Test]
    public void AddLivepeerOrchestrator_Twice_AddsOneHealthCheckAndOneHostedService()
    {
        var services = new ServiceCollection();
        services.AddLivepeerOrchestrator();
        services.AddLivepeerOrchestrator();

        Assert.That(services.Count(d => d.ServiceType == typeof(OrchestratorHealthCheck)), Is.EqualTo(1));
        Assert.That(services.Count(d => d.ImplementationFactory?.Method.ReturnType == typeof(OperationsHostedService)), Is.EqualTo(1));
    }

    [Test]
    public void Validate_RedeemerUriSetAfterRegistration_FailsNamingTheSetting()
    {
        var validator = new OperationsOptionsValidator(new RemoteRedeemerSelection(null));

        var result = validator.Validate(Options.DefaultName, new LivepeerOrchestratorOptions { RedeemerUri = new Uri("https://redeemer.example:8935") });

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("Livepeer:Orchestrator:RedeemerUri"));
    }

    [TestCase("nowhere", "Livepeer:Orchestrator:ListenAddress")]
    [TestCase("0.0.0.0:8935", null)]
    public void Validate_ListenAddress(string listenAddress, string? failure)
    {
        var result = new OperationsOptionsValidator().Validate(Options.DefaultName, new LivepeerOrchestratorOptions { ListenAddress = listenAddress });
        Assert.That(result.Failed, Is.EqualTo(failure is not null));
        if (failure is not null)
        {
            Assert.That(result.FailureMessage, Does.Contain(failure));
        }
    }

    [Test]
    public void Validate_CertificateWithoutKey_Fails()
    {
        var result = new OperationsOptionsValidator().Validate(Options.DefaultName, new LivepeerOrchestratorOptions { CertificatePath = "/etc/cert.pem" });
        Assert.That(result.FailureMessage, Does.Contain("CertificateKeyPath"));
    }

    private sealed class PaymentsBuilder(IServiceCollection services) : ILivepeerPaymentsBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
