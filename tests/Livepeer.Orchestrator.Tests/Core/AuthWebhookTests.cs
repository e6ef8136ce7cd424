using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Livepeer.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Livepeer.Orchestrator.Tests;

/// <summary>The discovery auth webhook: a real HTTP server on 127.0.0.1 answers for each gateway address.</summary>
[Category("Chain")]
[CancelAfter(60_000)]
public sealed class AuthWebhookTests
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private WebApplication _webhook = null!;
    private OrchestratorTestHost _host = null!;
    private HttpGrpcCallInvoker _grpc = null!;
    private string _refused = string.Empty;
    private string _priced = string.Empty;

    [OneTimeSetUp]
    public async Task Start()
    {
        _priced = (await TestGateway.GetAsync(2)).Address.ToString();
        _refused = (await TestGateway.GetAsync(3)).Address.ToString();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _webhook = builder.Build();
        _webhook.MapPost("/auth", async (HttpContext context) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var id = body.RootElement.GetProperty("id").GetString()!;
            _calls.AddOrUpdate(id, 1, (_, n) => n + 1);
            if (id == _refused)
            {
                context.Response.StatusCode = 403;
                await context.Response.WriteAsync("gateway not allowed");
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(id == _priced ? """{"priceInfo":{"pricePerUnit":5000,"pixelsPerUnit":2}}""" : string.Empty);
        });
        await _webhook.StartAsync();
        var webhookUri = new Uri(_webhook.Urls.Single() + "/auth");
        _host = await OrchestratorTestHost.StartAsync(new OrchestratorTestHostOptions
        {
            Configure = o =>
            {
                o.PricePerUnit = 1200;
                o.AuthWebhookUrl = webhookUri;
            },
        });
        _grpc = _host.CreateGrpcClient();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _grpc?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_webhook is not null)
        {
            await _webhook.DisposeAsync();
        }
    }

    [Test]
    public async Task GetOrchestrator_WebhookAcceptsWithPrice_OverridesThePriceAndCachesTheAnswer()
    {
        var gateway = await TestGateway.GetAsync(2);

        var first = await gateway.GetOrchestratorAsync(_grpc);
        var second = await gateway.GetOrchestratorAsync(_grpc);

        Assert.That((first.PriceInfo.PricePerUnit, first.PriceInfo.PixelsPerUnit), Is.EqualTo((2525L, 1L)), "5000/2 × 1.01");
        Assert.That(second.PriceInfo.PricePerUnit, Is.EqualTo(2525));
        Assert.That(_calls[_priced], Is.EqualTo(1), "the answer is cached for 30 minutes");
    }

    [Test]
    public async Task GetOrchestrator_WebhookRefuses_FailsWithTheBody()
    {
        var gateway = await TestGateway.GetAsync(3);

        var error = await Assert.ThrowsAsync<GrpcCallException>(() => gateway.GetOrchestratorAsync(_grpc));

        Assert.That(error!.StatusCode, Is.EqualTo(GrpcStatusCode.Unknown));
        Assert.That(error.Detail, Is.EqualTo("authentication failed: gateway not allowed"));
    }
}
