using System.Globalization;
using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using Livepeer.Devnet;
using Livepeer.Payments;
using Livepeer.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Livepeer.Orchestrator.Tests;

/// <summary>
/// One devnet per fixture with an active orchestrator (dev account 1, alone in the pool) and a funded broadcaster
/// (dev account 2); each test runs on a snapshot that is reverted afterwards, and its hosts are stopped.
/// </summary>
[Category("Chain")]
internal abstract class OperationsDevnetTestBase
{
    protected static readonly BigInteger AlwaysWins = BigInteger.Pow(2, 256) - 1;
    protected static readonly Wei Deposit = Wei.FromEther(1);
    protected static readonly Wei Reserve = Wei.FromEther(1);

    private readonly List<WebApplication> _apps = [];
    private LocalDevnet? _devnet;
    private string? _snapshot;
    private string? _directory;

    protected LocalDevnet Devnet => _devnet ?? throw new InvalidOperationException("The devnet did not start.");

    protected LivepeerProtocolClient Orchestrator { get; private set; } = null!;

    protected LivepeerProtocolClient Broadcaster { get; private set; } = null!;

    protected DevnetAccount OrchestratorAccount => Devnet.Accounts[1];

    protected DevnetAccount BroadcasterAccount => Devnet.Accounts[2];

    protected EthAddress OrchestratorAddress => OrchestratorAccount.Address;

    protected EthAddress BroadcasterAddress => BroadcasterAccount.Address;

    protected string TestDirectory => _directory ?? throw new InvalidOperationException("No test is running.");

    [OneTimeSetUp]
    public async Task StartDevnet()
    {
        _devnet = await LocalDevnet.StartAsync();
        Orchestrator = await Devnet.ActivateOrchestratorAsync(OrchestratorAccount, Wei.FromEther(1000));
        Broadcaster = await Devnet.FundGatewayAsync(BroadcasterAccount, Deposit, Reserve);
        Assert.That(await Orchestrator.BondingManager.IsActiveTranscoderAsync(OrchestratorAddress), Is.True, "the orchestrator is active");
    }

    [OneTimeTearDown]
    public async Task StopDevnet()
    {
        if (_devnet is not null)
        {
            await _devnet.DisposeAsync();
        }
    }

    [SetUp]
    public async Task TakeSnapshot()
    {
        _directory = Directory.CreateTempSubdirectory("livepeer-orch-ops-").FullName;
        _snapshot = await Devnet.SnapshotAsync();
    }

    [TearDown]
    public async Task RevertSnapshot()
    {
        foreach (var app in Enumerable.Reverse(_apps.ToList()))
        {
            await StopAsync(app);
        }

        await Devnet.RevertAsync(_snapshot!);
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>Configuration for a node on the devnet signing with <paramref name="privateKey"/> (none when null).</summary>
    protected IConfiguration NodeConfiguration(string? privateKey, string database, IDictionary<string, string?>? extra = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Livepeer:Protocol:RpcUrl"] = Devnet.RpcUri.ToString(),
            ["Livepeer:Protocol:Network"] = "Custom",
            ["Livepeer:Protocol:ControllerAddress"] = Devnet.Contracts.Controller.ToString(),
            ["Livepeer:Protocol:ChainId"] = Devnet.ChainId.ToString(CultureInfo.InvariantCulture),
            ["Livepeer:Protocol:PrivateKey"] = privateKey,
            ["Livepeer:Protocol:Transactions:ReceiptPollInterval"] = "00:00:00.010",
            ["Livepeer:Payments:PollingInterval"] = "00:00:00.100",
            ["Livepeer:Payments:DatabasePath"] = Path.Combine(TestDirectory, database),
            ["Livepeer:Payments:TicketEV"] = "1 gwei",
        };
        foreach (var pair in extra ?? new Dictionary<string, string?>())
        {
            values[pair.Key] = pair.Value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    /// <summary>A web app with the protocol and payments bound from <paramref name="configuration"/>; quiet logging.</summary>
    protected static WebApplicationBuilder CreateBuilder(IConfiguration configuration)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Configuration.AddConfiguration(configuration);
        builder.Services.AddLivepeerProtocol(configuration.GetSection(LivepeerProtocolOptions.SectionName));
        builder.Services.AddLivepeerPayments(configuration.GetSection(LivepeerPaymentsOptions.SectionName));
        return builder;
    }

    /// <summary>Starts <paramref name="app"/> (stopped after the test) and returns its first bound address.</summary>
    protected async Task<Uri> StartAsync(WebApplication app)
    {
        _apps.Add(app);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(20));
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        return new Uri(uri.GetLeftPart(UriPartial.Authority));
    }

    protected async Task StopAsync(WebApplication app)
    {
        if (_apps.Remove(app))
        {
            await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
            await app.DisposeAsync();
        }
    }

    /// <summary>A ticket from the broadcaster created in the last initialised round, due for redemption at once, that always wins.</summary>
    protected async Task<SignedTicket> CreateTicketAsync(Wei faceValue, BigInteger senderNonce, EthAddress? recipient = null)
    {
        var round = await Broadcaster.RoundsManager.GetLastInitializedRoundAsync();
        var blockHash = await Broadcaster.RoundsManager.GetBlockHashForRoundAsync(round);
        var recipientRand = new BigInteger(RandomNumberGenerator.GetBytes(31), isUnsigned: true, isBigEndian: true);
        var ticket = new Ticket(
            recipient ?? OrchestratorAddress,
            BroadcasterAddress,
            faceValue,
            AlwaysWins,
            senderNonce,
            Ticket.HashRecipientRand(recipientRand),
            Ticket.CreateAuxData(round, blockHash));
        var signature = await Eip191.SignMessageAsync(Broadcaster.Sender!.Signer, ticket.ComputeHash());
        return new SignedTicket(ticket, signature, recipientRand, await Devnet.Rpc.GetBlockNumberAsync());
    }

    /// <summary>An HTTP client for the orchestrator's listener: any certificate, HTTP/2 where it must be.</summary>
    protected static HttpClient CreateHttpClient(Action<System.Security.Cryptography.X509Certificates.X509Certificate2?>? seenCertificate = null) =>
        new(new SocketsHttpHandler
        {
            SslOptions = new System.Net.Security.SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    seenCertificate?.Invoke(certificate is null ? null : new System.Security.Cryptography.X509Certificates.X509Certificate2(certificate));
                    return true;
                },
            },
        })
        { Timeout = TimeSpan.FromSeconds(10), DefaultRequestVersion = HttpVersion.Version20 };

    /// <summary>Waits until <paramref name="condition"/> holds, polling every 50 ms, for at most <paramref name="seconds"/>.</summary>
    protected static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, double seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {seconds} s waiting for {what}.");
            }

            await Task.Delay(50);
        }
    }
}
