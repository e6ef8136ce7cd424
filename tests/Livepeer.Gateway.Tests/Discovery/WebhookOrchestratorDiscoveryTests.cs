using System.Net;
using Microsoft.AspNetCore.Http;

namespace Livepeer.Gateway.Tests.Discovery;

public sealed class WebhookOrchestratorDiscoveryTests
{
    private const string DocumentedBody = """
        [
          {"address": "https://10.4.3.2:8935"},
          {"address": "", "score": 1},
          {"score": 1},
          {"address": "https://127.0.0.1:8936", "score": 1},
          {"address": "http://orch.example:8935/", "score": 2.5},
          {"address": "https://10.4.3.3:8935", "score": 0.5},
          {"address": "ftp://10.4.3.4:21", "score": 1},
          {"address": "not a uri"}
        ]
        """;

    [Test]
    public async Task GetCandidatesAsync_DocumentedShape_SkipsEmptyAndInvalidAndKeepsScores()
    {
        await using var server = await DiscoveryHttpServer.StartAsync(context => context.Response.WriteAsync(DocumentedBody));
        var logs = new DiscoveryLogs();
        using var source = new WebhookOrchestratorDiscovery(server.BaseUri, new DiscoveryTime(), logs.For<WebhookOrchestratorDiscovery>());

        var candidates = await source.GetCandidatesAsync(CancellationToken.None);

        Assert.That(candidates.Select(c => (c.ServiceUri.ToString(), c.Score)), Is.EqualTo(new[]
        {
            ("https://10.4.3.2:8935/", 0d),
            ("https://127.0.0.1:8936/", 1d),
            ("http://orch.example:8935/", 2.5),
            ("https://10.4.3.3:8935/", 0.5),
        }));
        Assert.Multiple(() =>
        {
            Assert.That(candidates.Select(c => c.IsUntrusted), Is.EqualTo(new[] { true, false, false, false }));
            Assert.That(candidates.Select(c => c.IsTrusted), Is.EqualTo(new[] { false, true, true, false }));
            Assert.That(candidates.All(c => c.Source == "webhook"), Is.True);
            Assert.That(logs.Records.Count(r => r.EventId == 6001), Is.EqualTo(2), "the ftp and the unparsable address are logged");
        });
    }

    [Test]
    public async Task GetCandidatesAsync_WithinOneMinute_DoesNotFetchAgain()
    {
        await using var server = await DiscoveryHttpServer.StartAsync(context => context.Response.WriteAsync("""[{"address":"https://127.0.0.1:1"}]"""));
        var time = new DiscoveryTime();
        using var source = new WebhookOrchestratorDiscovery(server.BaseUri, time);

        await source.GetCandidatesAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(59));
        await source.GetCandidatesAsync(CancellationToken.None);
        var afterFiftyNineSeconds = server.Requests;
        time.Advance(TimeSpan.FromSeconds(1));
        await source.GetCandidatesAsync(CancellationToken.None);

        Assert.That((afterFiftyNineSeconds, server.Requests), Is.EqualTo((1, 2)));
    }

    [Test]
    public async Task GetCandidatesAsync_UnchangedBody_KeepsTheListAndLogsUnchanged()
    {
        var body = """[{"address":"https://127.0.0.1:1","score":1}]""";
        await using var server = await DiscoveryHttpServer.StartAsync(context => context.Response.WriteAsync(body));
        var time = new DiscoveryTime();
        var logs = new DiscoveryLogs();
        using var source = new WebhookOrchestratorDiscovery(server.BaseUri, time, logs.For<WebhookOrchestratorDiscovery>());

        var first = await source.GetCandidatesAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        var second = await source.GetCandidatesAsync(CancellationToken.None);
        body = """[{"address":"https://127.0.0.1:2","score":1}]""";
        time.Advance(TimeSpan.FromMinutes(1));
        var third = await source.GetCandidatesAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(server.Requests, Is.EqualTo(3));
            Assert.That(second, Is.SameAs(first));
            Assert.That(logs.Records.Count(r => r.EventId == 6002), Is.EqualTo(1));
            Assert.That(third.Single().ServiceUri.Port, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task GetCandidatesAsync_WebhookFailsAfterASuccess_ReusesTheCachedList()
    {
        var status = HttpStatusCode.OK;
        await using var server = await DiscoveryHttpServer.StartAsync(async context =>
        {
            context.Response.StatusCode = (int)status;
            await context.Response.WriteAsync(status == HttpStatusCode.OK ? """[{"address":"https://127.0.0.1:7"}]""" : "broken");
        });
        var time = new DiscoveryTime();
        var logs = new DiscoveryLogs();
        using var source = new WebhookOrchestratorDiscovery(server.BaseUri, time, logs.For<WebhookOrchestratorDiscovery>());
        await source.GetCandidatesAsync(CancellationToken.None);

        status = HttpStatusCode.InternalServerError;
        time.Advance(TimeSpan.FromMinutes(2));
        var cached = await source.GetCandidatesAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(server.Requests, Is.EqualTo(2));
            Assert.That(cached.Single().ServiceUri.Port, Is.EqualTo(7));
            Assert.That(logs.Has(6004), Is.True);
        });
    }

    [Test]
    public async Task GetCandidatesAsync_MalformedBodyAfterASuccess_ReusesTheCachedList()
    {
        var body = """[{"address":"https://127.0.0.1:7"}]""";
        await using var server = await DiscoveryHttpServer.StartAsync(context => context.Response.WriteAsync(body));
        var time = new DiscoveryTime();
        using var source = new WebhookOrchestratorDiscovery(server.BaseUri, time);
        await source.GetCandidatesAsync(CancellationToken.None);

        body = """{"address":"https://127.0.0.1:8"}""";
        time.Advance(TimeSpan.FromMinutes(2));
        var cached = await source.GetCandidatesAsync(CancellationToken.None);

        Assert.That(cached.Single().ServiceUri.Port, Is.EqualTo(7));
    }

    [Test]
    public async Task GetCandidatesAsync_WebhookNeverAnswers_GivesUpAfterThreeSeconds()
    {
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await DiscoveryHttpServer.StartAsync(async _ => await never.Task);
        using var source = new WebhookOrchestratorDiscovery(server.BaseUri, new DiscoveryTime());
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await Assert.ThrowsAsync<GatewayException>(async () => await source.GetCandidatesAsync(CancellationToken.None));

            Assert.That(watch.Elapsed, Is.InRange(TimeSpan.FromSeconds(2.9), TimeSpan.FromSeconds(6)));
        }
        finally
        {
            never.TrySetResult();
        }
    }

    [Test]
    public async Task GetCandidatesAsync_NeverFetchedAndFailing_Throws()
    {
        await using var server = await DiscoveryHttpServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        using var source = new WebhookOrchestratorDiscovery(server.BaseUri, new DiscoveryTime());

        var error = await Assert.ThrowsAsync<GatewayException>(async () => await source.GetCandidatesAsync(CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo(GatewayErrorCode.NoOrchestrators));
            Assert.That(error.Message, Does.Contain("503"));
        });
    }
}
