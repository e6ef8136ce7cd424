using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Livepeer.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Livepeer.Orchestrator.Tests;

/// <summary>A whole orchestrator host on the devnet: its listener, operator endpoints and service URI registration.</summary>
internal sealed class OperationsChainTests : OperationsDevnetTestBase
{
    private WebApplication BuildOrchestrator(string serviceUri, string? privateKey = null, bool register = true, IDictionary<string, string?>? extra = null, Action<LivepeerOrchestratorOptions>? more = null)
    {
        var builder = CreateBuilder(NodeConfiguration(privateKey ?? OrchestratorAccount.PrivateKey, "orchestrator.db", extra));
        builder.Services.AddLivepeerOrchestrator(o =>
        {
            o.ServiceUri = new Uri(serviceUri);
            o.ListenAddress = "127.0.0.1:0";
            o.DataDirectory = Path.Combine(TestDirectory, "data");
            o.RegisterServiceUri = register;
            more?.Invoke(o);
        });
        var app = builder.Build();
        app.MapLivepeerOrchestrator();
        return app;
    }

    [Test]
    public async Task Start_PortZeroWithTls_ServesStatusAndHealthOnTheBoundPortWithTheStoredSelfSignedCertificate()
    {
        var app = BuildOrchestrator("https://127.0.0.1:0");
        var address = await StartAsync(app);
        X509Certificate2? presented = null;
        using var client = CreateHttpClient(c => presented ??= c);

        using var health = await client.GetAsync(new Uri(address, "/healthz"));
        var status = JsonDocument.Parse(await client.GetStringAsync(new Uri(address, "/status"))).RootElement;

        var endpoint = app.Services.GetRequiredService<OrchestratorEndpoint>();
        using var stored = X509Certificate2.CreateFromPemFile(Path.Combine(TestDirectory, "data", "cert.pem"), Path.Combine(TestDirectory, "data", "key.pem"));
        Assert.Multiple(() =>
        {
            Assert.That(address.Scheme, Is.EqualTo("https"));
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK), "healthy once payments and the listener are up");
            Assert.That(endpoint.ServiceUri.Port, Is.EqualTo(address.Port), "the advertised URI took the bound port");
            Assert.That(status.GetProperty("serviceUri").GetString(), Is.EqualTo($"https://127.0.0.1:{address.Port}"));
            Assert.That(status.GetProperty("ticketRecipient").GetString(), Is.EqualTo(OrchestratorAddress.ToString()));
            Assert.That(status.GetProperty("redemption").GetProperty("mode").GetString(), Is.EqualTo("local"));
            Assert.That(presented?.Thumbprint, Is.EqualTo(stored.Thumbprint), "the listener serves the certificate stored in the data directory");
            Assert.That(stored.GetECDsaPublicKey()?.KeySize, Is.EqualTo(256), "ECDSA P-256");
            if (!OperatingSystem.IsWindows())
            {
                Assert.That(File.GetUnixFileMode(Path.Combine(TestDirectory, "data", "key.pem")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            }
        });
        Assert.That(await Orchestrator.ServiceRegistry.GetServiceUriAsync(OrchestratorAddress), Is.EqualTo($"https://127.0.0.1:{address.Port}"),
            "the registered URI is the one with the bound port");
    }

    [Test]
    public async Task Start_Twice_RegistersOnceAndUpdatesWhenTheUriChanges()
    {
        var first = BuildOrchestrator("https://orch.example:8935");
        await StartAsync(first);
        var afterFirst = await Devnet.Rpc.GetTransactionCountAsync(OrchestratorAddress, BlockParameter.Latest);
        var registered = await Orchestrator.ServiceRegistry.GetServiceUriAsync(OrchestratorAddress);
        var firstCertificate = (await File.ReadAllTextAsync(Path.Combine(TestDirectory, "data", "cert.pem"))).Trim();
        await StopAsync(first);

        var second = BuildOrchestrator("https://orch.example:8935");
        await StartAsync(second);
        var afterSecond = await Devnet.Rpc.GetTransactionCountAsync(OrchestratorAddress, BlockParameter.Latest);
        var secondCertificate = (await File.ReadAllTextAsync(Path.Combine(TestDirectory, "data", "cert.pem"))).Trim();
        await StopAsync(second);

        var third = BuildOrchestrator("https://orch2.example:8935");
        await StartAsync(third);
        var afterThird = await Devnet.Rpc.GetTransactionCountAsync(OrchestratorAddress, BlockParameter.Latest);

        Assert.Multiple(async () =>
        {
            Assert.That(registered, Is.EqualTo("https://orch.example:8935"));
            Assert.That(afterSecond, Is.EqualTo(afterFirst), "an equal URI sends nothing");
            Assert.That(secondCertificate, Is.EqualTo(firstCertificate), "the self-signed certificate is reused");
            Assert.That(afterThird, Is.EqualTo(afterSecond + 1), "a changed URI is one transaction");
            Assert.That(await Orchestrator.ServiceRegistry.GetServiceUriAsync(OrchestratorAddress), Is.EqualTo("https://orch2.example:8935"));
        });
    }

    [Test]
    public async Task Start_WithoutKey_FailsWithTypedError()
    {
        var app = BuildOrchestrator("https://orch.example:8935", privateKey: string.Empty, extra: new Dictionary<string, string?>
        {
            ["Livepeer:Protocol:PrivateKey"] = null,
            ["Livepeer:Payments:RecipientAddress"] = OrchestratorAddress.ToString(),
        },
        // Without a key only a remote redeemer can hold the tickets; it is not called during start.
        more: o => o.RedeemerUri = new Uri("http://127.0.0.1:9"));

        var error = await Catch(StartAsync(app));

        var typed = Flatten(error).OfType<OrchestratorException>().FirstOrDefault();
        Assert.That(typed, Is.Not.Null, $"expected OrchestratorException, got {error}");
        Assert.Multiple(() =>
        {
            // The orchestrator signs every reply, so a missing key stops the start before anything is registered.
            Assert.That(typed!.ErrorCode, Is.EqualTo(OrchestratorErrorCode.InvalidConfiguration));
            Assert.That(typed.Message, Does.Contain("Livepeer:Protocol:PrivateKey"));
        });
    }

    private static async Task<Exception?> Catch(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static IEnumerable<Exception> Flatten(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }
}
