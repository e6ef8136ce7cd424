using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Livepeer.Devnet;
using Livepeer.Network;
using Livepeer.Orchestrator;
using Livepeer.Payments;
using Livepeer.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Livepeer.Gateway.Tests;

/// <summary>A plain HTTP/1.1 server on 127.0.0.1 with a free port, answering every request with <see cref="Handler"/>.</summary>
internal sealed class DiscoveryHttpServer : IAsyncDisposable
{
    private int _requests;

    private DiscoveryHttpServer(WebApplication app) => App = app;

    public WebApplication App { get; }

    public Uri BaseUri { get; private set; } = null!;

    public Func<HttpContext, Task> Handler { get; set; } = context => Task.CompletedTask;

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<DiscoveryHttpServer> StartAsync(Func<HttpContext, Task>? handler = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new DiscoveryHttpServer(app);
        if (handler is not null)
        {
            server.Handler = handler;
        }

        app.Run(async context =>
        {
            Interlocked.Increment(ref server._requests);
            await server.Handler(context);
        });
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(20));
        server.BaseUri = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await App.DisposeAsync();
    }
}

/// <summary>
/// The devnet the discovery tests share, started on first use: dev accounts 1 and 4 are active orchestrators with
/// 1000 and 3000 LPT self-bonded and service URIs <c>http://127.0.0.1:{port}</c> on ports reserved here; dev account 2
/// is a funded gateway. Tests do not change this state.
/// </summary>
internal static class DiscoveryDevnet
{
    public static readonly Wei StakeA = Wei.FromEther(1000);
    public static readonly Wei StakeB = Wei.FromEther(3000);

    private static readonly Lock Gate = new();
    private static Task<Setup>? _setup;

    internal sealed record Setup(LocalDevnet Devnet, Uri ServiceUriA, Uri ServiceUriB)
    {
        public DevnetAccount OrchestratorA => Devnet.Accounts[1];

        public DevnetAccount OrchestratorB => Devnet.Accounts[4];

        public DevnetAccount Gateway => Devnet.Accounts[2];
    }

    public static Task<Setup> GetAsync()
    {
        lock (Gate)
        {
            return _setup ??= StartAsync();
        }
    }

    public static async Task DisposeAsync()
    {
        Task<Setup>? started;
        lock (Gate)
        {
            started = _setup;
            _setup = null;
        }

        if (started is { IsCompletedSuccessfully: true })
        {
            await started.Result.Devnet.DisposeAsync();
        }
    }

    /// <summary>
    /// The payments side of the funded gateway (dev account 2): protocol and payments started in a host, so that its
    /// <see cref="TicketSender"/> validates ticket parameters against the real deposit and the devnet's blocks.
    /// </summary>
    public static async Task<Microsoft.Extensions.Hosting.IHost> StartGatewayPaymentsAsync(string maxTicketEv)
    {
        var setup = await GetAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Livepeer:Protocol:RpcUrl"] = setup.Devnet.RpcUri.ToString(),
            ["Livepeer:Protocol:Network"] = "Custom",
            ["Livepeer:Protocol:ControllerAddress"] = setup.Devnet.Contracts.Controller.ToString(),
            ["Livepeer:Protocol:ChainId"] = setup.Devnet.ChainId.ToString(CultureInfo.InvariantCulture),
            ["Livepeer:Protocol:PrivateKey"] = setup.Gateway.PrivateKey,
            ["Livepeer:Payments:PollingInterval"] = "00:00:00.200",
            ["Livepeer:Payments:MaxTicketEV"] = maxTicketEv,
        }).Build();
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new Microsoft.Extensions.Hosting.HostApplicationBuilderSettings());
        builder.Services.AddLivepeerProtocol(configuration.GetSection(LivepeerProtocolOptions.SectionName));
        builder.Services.AddLivepeerPayments(configuration.GetSection(LivepeerPaymentsOptions.SectionName));
        var host = builder.Build();
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return host;
    }

    /// <summary>A port free now (the race with other processes is accepted in tests).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<Setup> StartAsync()
    {
        var devnet = await LocalDevnet.StartAsync();
        try
        {
            var uriA = new Uri($"http://127.0.0.1:{FreePort()}");
            var uriB = new Uri($"http://127.0.0.1:{FreePort()}");
            await devnet.ActivateOrchestratorAsync(devnet.Accounts[1], StakeA, uriA);
            await devnet.ActivateOrchestratorAsync(devnet.Accounts[4], StakeB, uriB);
            await devnet.FundGatewayAsync(devnet.Accounts[2], Wei.FromEther(1), Wei.FromEther(1));
            return new Setup(devnet, uriA, uriB);
        }
        catch
        {
            await devnet.DisposeAsync();
            throw;
        }
    }
}

/// <summary>
/// A real orchestrator (AddLivepeerOrchestrator) on Kestrel at 127.0.0.1, h2c, paid on the discovery devnet as the
/// given dev account. Its discovery auth webhook can point at a <see cref="DiscoveryHttpServer"/>, which makes it
/// slow or makes it refuse gateways.
/// </summary>
internal sealed class DiscoveryOrchestrator : IAsyncDisposable
{
    private readonly string _directory;

    private DiscoveryOrchestrator(WebApplication app, string directory, Uri serviceUri)
    {
        App = app;
        _directory = directory;
        ServiceUri = serviceUri;
    }

    public WebApplication App { get; }

    public Uri ServiceUri { get; }

    public static async Task<DiscoveryOrchestrator> StartAsync(
        DevnetAccount? account = null,
        int? port = null,
        Uri? authWebhook = null,
        Action<LivepeerOrchestratorOptions>? configure = null,
        string ticketEv = "1 gwei")
    {
        var setup = await DiscoveryDevnet.GetAsync();
        var devnet = setup.Devnet;
        account ??= setup.OrchestratorA;
        var boundPort = port ?? DiscoveryDevnet.FreePort();
        var serviceUri = new Uri($"http://127.0.0.1:{boundPort}");
        var directory = Directory.CreateTempSubdirectory("lp-gw-discovery-").FullName;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Livepeer:Protocol:RpcUrl"] = devnet.RpcUri.ToString(),
            ["Livepeer:Protocol:Network"] = "Custom",
            ["Livepeer:Protocol:ControllerAddress"] = devnet.Contracts.Controller.ToString(),
            ["Livepeer:Protocol:ChainId"] = devnet.ChainId.ToString(CultureInfo.InvariantCulture),
            ["Livepeer:Protocol:PrivateKey"] = account.PrivateKey,
            ["Livepeer:Payments:PollingInterval"] = "00:00:00.200",
            ["Livepeer:Payments:DatabasePath"] = Path.Combine(directory, "tickets.db"),
            ["Livepeer:Payments:TicketEV"] = ticketEv,
        });
        builder.Services.AddLivepeerProtocol(builder.Configuration.GetSection(LivepeerProtocolOptions.SectionName));
        builder.Services.AddLivepeerPayments(builder.Configuration.GetSection(LivepeerPaymentsOptions.SectionName));
        builder.Services.AddLivepeerOrchestrator(o =>
        {
            o.ServiceUri = serviceUri;
            o.DataDirectory = directory;
            o.ConfigureKestrel = false;
            o.PricePerUnit = 1000;
            o.AuthWebhookUrl = authWebhook;
            configure?.Invoke(o);
        });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenGrpc(new IPEndPoint(IPAddress.Loopback, boundPort), null));
        var app = builder.Build();
        app.MapLivepeerOrchestrator();
        var host = new DiscoveryOrchestrator(app, directory, serviceUri);
        return await OrchestratorAppLifetime.StartAsync(app, host);
    }

    public ValueTask DisposeAsync() => OrchestratorAppLifetime.StopAsync(App, _directory);
}

/// <summary>Stops what the discovery tests shared.</summary>
[SetUpFixture]
public sealed class DiscoverySharedTeardown
{
    [OneTimeTearDown]
    public async Task StopShared() => await DiscoveryDevnet.DisposeAsync();
}
