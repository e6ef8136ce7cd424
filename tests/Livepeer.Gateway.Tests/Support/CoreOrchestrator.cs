using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Livepeer.Network;
using Livepeer.Orchestrator;
using Livepeer.Payments;
using Livepeer.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Livepeer.Gateway.Tests;

/// <summary>
/// A real orchestrator (AddLivepeerOrchestrator on Kestrel, cleartext HTTP/2 on 127.0.0.1) with a
/// <see cref="CoreFakeTranscoder"/>, paid on the core devnet as dev account 1.
/// </summary>
internal sealed class CoreOrchestrator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;

    private CoreOrchestrator(WebApplication app, string directory, Uri serviceUri, CoreFakeTranscoder transcoder, EthAddress address, decimal price)
    {
        _app = app;
        _directory = directory;
        ServiceUri = serviceUri;
        Transcoder = transcoder;
        Address = address;
        PricePerPixel = price;
    }

    public Uri ServiceUri { get; }

    public CoreFakeTranscoder Transcoder { get; }

    public EthAddress Address { get; }

    /// <summary>The price it advertises, in wei per pixel (no redemption overhead added).</summary>
    public decimal PricePerPixel { get; private set; }

    public IServiceProvider Services => _app.Services;

    public TicketRecipient Recipient => _app.Services.GetRequiredService<TicketRecipient>();

    /// <summary>Changes the advertised price while it runs: the next info it sends (a refresh or a result) carries it.</summary>
    public void SetPrice(decimal pricePerPixel)
    {
        _app.Services.GetRequiredService<IOptions<LivepeerOrchestratorOptions>>().Value.PricePerUnit = pricePerPixel;
        PricePerPixel = pricePerPixel;
    }

    /// <summary>Starts one; <paramref name="services"/> may replace its services (its signer, say).</summary>
    public static async Task<CoreOrchestrator> StartAsync(decimal pricePerPixel = 0, string ticketEv = "1 gwei", Action<IServiceCollection>? services = null)
    {
        var devnet = await CoreDevnet.GetAsync();
        var account = devnet.Accounts[CoreDevnet.OrchestratorAccount];
        var directory = Directory.CreateTempSubdirectory("lp-gw-core-").FullName;
        var transcoder = new CoreFakeTranscoder();
        var port = FreePort();
        var serviceUri = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Livepeer:Protocol:RpcUrl"] = devnet.RpcUri.ToString(),
            ["Livepeer:Protocol:Network"] = "Custom",
            ["Livepeer:Protocol:ControllerAddress"] = devnet.Contracts.Controller.ToString(),
            ["Livepeer:Protocol:ChainId"] = devnet.ChainId.ToString(CultureInfo.InvariantCulture),
            ["Livepeer:Protocol:PrivateKey"] = account.PrivateKey,
            ["Livepeer:Protocol:Transactions:ReceiptPollInterval"] = "00:00:00.010",
            ["Livepeer:Payments:PollingInterval"] = "00:00:00.200",
            ["Livepeer:Payments:DatabasePath"] = Path.Combine(directory, "tickets.db"),
            ["Livepeer:Payments:TicketEV"] = ticketEv,
        });
        builder.Services.AddSingleton<Livepeer.Transcoding.ITranscoder>(transcoder);
        builder.Services.AddLivepeerProtocol(builder.Configuration.GetSection(LivepeerProtocolOptions.SectionName));
        builder.Services.AddLivepeerPayments(builder.Configuration.GetSection(LivepeerPaymentsOptions.SectionName));
        builder.Services.AddLivepeerOrchestrator(o =>
        {
            o.ServiceUri = serviceUri;
            o.DataDirectory = directory;
            o.ConfigureKestrel = false;
            o.PricePerUnit = pricePerPixel;
            o.AutoAdjustPrice = false;
        });
        services?.Invoke(builder.Services);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenGrpc(new IPEndPoint(IPAddress.Loopback, port), certificate: null));
        var app = builder.Build();
        app.MapLivepeerOrchestrator();
        var orchestrator = new CoreOrchestrator(app, directory, serviceUri, transcoder, account.Address, pricePerPixel);
        return await OrchestratorAppLifetime.StartAsync(app, orchestrator);
    }

    public ValueTask DisposeAsync() => OrchestratorAppLifetime.StopAsync(_app, _directory);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
