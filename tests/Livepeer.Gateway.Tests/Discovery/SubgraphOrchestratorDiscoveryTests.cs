using System.Numerics;
using System.Text.Json;
using Livepeer.Protocol;
using Microsoft.AspNetCore.Http;

namespace Livepeer.Gateway.Tests.Discovery;

public sealed class SubgraphOrchestratorDiscoveryTests
{
    private const string AddressA = "0x3c4b2b6d5bb0b4e7b3bf5fd7b6a8d8d0e7b4c4d1";
    private const string AddressB = "0x9d2b2b6d5bb0b4e7b3bf5fd7b6a8d8d0e7b4c4d2";

    // The NaaP leaderboard's shape (peers.md §4.6): transcoders { id serviceURI activationRound deactivationRound totalStake active }.
    private static readonly string Answer = """
        {"data":{"transcoders":[
          {"id":"ADDRESS_A","serviceURI":"https://orch-a.example:8935","activationRound":"3000","deactivationRound":"115792089237316195423570985008687907853269984665640564039457584007913129639935","totalStake":"1000.5","active":true},
          {"id":"ADDRESS_B","serviceURI":"https://orch-b.example:8935/","totalStake":"12","active":true},
          {"id":"0x1111111111111111111111111111111111111111","serviceURI":null,"totalStake":"5","active":true},
          {"id":"0x2222222222222222222222222222222222222222","serviceURI":"orch-c.example:8935","totalStake":"5","active":true},
          {"id":"0x3333333333333333333333333333333333333333","serviceURI":"https://orch-d.example:8935","totalStake":"5","active":false}
        ]}}
        """.Replace("ADDRESS_A", AddressA, StringComparison.Ordinal).Replace("ADDRESS_B", AddressB, StringComparison.Ordinal);

    [Test]
    public async Task GetCandidatesAsync_DocumentedShape_ListsActiveTranscodersWithStake()
    {
        string? query = null;
        await using var server = await DiscoveryHttpServer.StartAsync(async context =>
        {
            using var request = await JsonDocument.ParseAsync(context.Request.Body);
            query = request.RootElement.GetProperty("query").GetString();
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Answer);
        });
        var logs = new DiscoveryLogs();
        using var source = new SubgraphOrchestratorDiscovery(new Uri(server.BaseUri, "api/SECRET-API-KEY/subgraphs/id/x"), new DiscoveryTime(), logs.For<SubgraphOrchestratorDiscovery>());

        var candidates = await source.GetCandidatesAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(query, Does.Contain("transcoders(").And.Contain("active: true").And.Contain("serviceURI").And.Contain("totalStake"));
            Assert.That(candidates.Select(c => c.ServiceUri.Host), Is.EqualTo(new[] { "orch-a.example", "orch-b.example" }));
            Assert.That(candidates[0].RegisteredAddress, Is.EqualTo(EthAddress.Parse(AddressA)));
            Assert.That(candidates[0].Stake, Is.EqualTo(BigInteger.Parse("1000500000000000000000", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(candidates[1].Stake, Is.EqualTo(BigInteger.Pow(10, 18) * 12));
            Assert.That(candidates.All(c => c.Score == 0 && c.IsUntrusted && c.Source == "subgraph"), Is.True);
            Assert.That(logs.Has(6006), Is.True);
            Assert.That(logs.Records.Any(r => r.Message.Contains("SECRET-API-KEY", StringComparison.Ordinal)), Is.False);
        });
    }

    [Test]
    public async Task GetCandidatesAsync_GraphQlErrorBeforeAnyList_Throws()
    {
        await using var server = await DiscoveryHttpServer.StartAsync(context => context.Response.WriteAsync("""{"errors":[{"message":"indexer unavailable"}]}"""));
        using var source = new SubgraphOrchestratorDiscovery(new Uri(server.BaseUri, "api/SECRET-API-KEY/subgraphs/id/FE63YgkzcpVocxdCEyEYbvjYqEf2kb1A6daMYRxmejYC"), new DiscoveryTime());

        var error = await Assert.ThrowsAsync<GatewayException>(async () => await source.GetCandidatesAsync(CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("indexer unavailable"));
            Assert.That(error.Message, Does.Not.Contain("SECRET-API-KEY"), "the API key in the gateway URL is never shown");
        });
    }

    [Test]
    public async Task GetCandidatesAsync_ErrorAfterASuccess_ReusesTheCachedList()
    {
        var fail = false;
        await using var server = await DiscoveryHttpServer.StartAsync(async context =>
        {
            context.Response.StatusCode = fail ? StatusCodes.Status502BadGateway : StatusCodes.Status200OK;
            await context.Response.WriteAsync(fail ? "bad gateway" : Answer);
        });
        var time = new DiscoveryTime();
        using var source = new SubgraphOrchestratorDiscovery(server.BaseUri, time);
        await source.GetCandidatesAsync(CancellationToken.None);

        fail = true;
        time.Advance(SubgraphOrchestratorDiscovery.RefreshInterval);
        var cached = await source.GetCandidatesAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(server.Requests, Is.EqualTo(2));
            Assert.That(cached, Has.Count.EqualTo(2));
        });
    }

    [TestCase("0", "0")]
    [TestCase("1", "1000000000000000000")]
    [TestCase("0.000000000000000001", "1")]
    [TestCase("2.5", "2500000000000000000")]
    [TestCase("1.0000000000000000009", "1000000000000000000")]
    public void ParseLpt_DecimalLpt_ReturnsBaseUnits(string lpt, string expected)
        => Assert.That(SubgraphOrchestratorDiscovery.ParseLpt(lpt), Is.EqualTo(BigInteger.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));

    [TestCase("")]
    [TestCase("-1")]
    [TestCase("1e18")]
    [TestCase("1.2.3")]
    public void ParseLpt_NotADecimal_ReturnsNull(string lpt) => Assert.That(SubgraphOrchestratorDiscovery.ParseLpt(lpt), Is.Null);
}
