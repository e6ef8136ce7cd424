using System.Globalization;
using Livepeer.Devnet;
using Livepeer.Gateway;
using Livepeer.Orchestrator;
using Livepeer.Payments;
using Livepeer.Protocol;
using Livepeer.Transcoding;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Livepeer.Benchmarks.Gateway;

/// <summary>
/// The processes of the gateway suite, all in one process on loopback: an orchestrator (Kestrel, h2c) with a
/// transcoder that does nothing, the gateway under test (<c>AddLivepeerGateway</c>, the orchestrator as its static
/// list), and, on chain, a second payer whose <see cref="TicketSender"/> the baseline uses.
/// </summary>
internal static class GatewayBenchHosts
{
    /// <summary>go-livepeer's default ladder; the gateway's default too.</summary>
    public static readonly VideoProfile[] Profiles = [VideoProfile.P240p30fps16x9, VideoProfile.P360p30fps16x9];

    /// <summary>A production-like price: 1,200 wei per pixel.</summary>
    public const decimal PricePerPixel = 1200;

    /// <summary>The orchestrator's ticket EV: with the price above, a 2 s segment of <see cref="Profiles"/> costs about 3 tickets.</summary>
    public const string TicketEv = "8 gwei";

    public static async Task<WebApplication> StartOrchestratorAsync(LocalDevnet? devnet, DevnetAccount? account, string directory)
    {
        Directory.CreateDirectory(directory);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Benchmark" });
        builder.Logging.ClearProviders();
        var settings = new Dictionary<string, string?>
        {
            ["Livepeer:Orchestrator:OffChain"] = devnet is null ? "true" : "false",
            ["Livepeer:Orchestrator:ServiceUri"] = "http://127.0.0.1:0",
            ["Livepeer:Orchestrator:ListenAddress"] = "127.0.0.1:0",
            ["Livepeer:Orchestrator:DataDirectory"] = directory,
            ["Livepeer:Orchestrator:PricePerUnit"] = PricePerPixel.ToString(CultureInfo.InvariantCulture),
            ["Livepeer:Orchestrator:PixelsPerUnit"] = "1",
            ["Livepeer:Orchestrator:AutoAdjustPrice"] = "false",
            // The capacity run opens hundreds of streams on one orchestrator; its own cap is not what is measured.
            ["Livepeer:Orchestrator:MaxSessions"] = "100000",
            ["Livepeer:Transcoding:MaxSessions"] = "100000",
        };
        if (devnet is not null && account is not null)
        {
            foreach (var (key, value) in ChainSettings(devnet, account, Path.Combine(directory, "orchestrator.db")))
            {
                settings[key] = value;
            }

            settings["Livepeer:Payments:TicketEV"] = TicketEv;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<ITranscoder, NoOpTranscoder>();
        builder.Services.AddLivepeerOrchestrator(builder.Configuration);
        var app = builder.Build();
        app.MapLivepeerOrchestrator();
        await app.StartAsync();
        return app;
    }

    public static Uri ServiceUri(WebApplication orchestrator) => orchestrator.Services.GetRequiredService<OrchestratorEndpoint>().ServiceUri;

    /// <summary>The gateway under test; pixel verification is off because the no-op renditions are not video.</summary>
    public static async Task<IHost> StartGatewayAsync(Uri orchestrator, LocalDevnet? devnet, DevnetAccount? account, string directory, bool prepareTickets = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Benchmark" });
        builder.Logging.ClearProviders();
        if (devnet is not null && account is not null)
        {
            builder.Configuration.AddInMemoryCollection(ChainSettings(devnet, account, Path.Combine(directory, "gateway.db")));
            builder.Services.AddLivepeerProtocol(builder.Configuration.GetSection(LivepeerProtocolOptions.SectionName));
            builder.Services.AddOptions<LivepeerPaymentsOptions>().Bind(builder.Configuration.GetSection(LivepeerPaymentsOptions.SectionName));
        }

        builder.Services.AddLivepeerGateway(o =>
        {
            o.OffChain = devnet is null;
            o.Orchestrators.Add(orchestrator);
            o.VerifyPixels = false;
            o.PrepareTickets = prepareTickets;
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>The baseline's payer: a ticket sender on another funded account, so its nonces and balances are its own.</summary>
    public static async Task<IHost> StartPayerAsync(LocalDevnet devnet, DevnetAccount account, string directory)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Benchmark" });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(ChainSettings(devnet, account, Path.Combine(directory, "payer.db")));
        builder.Services.AddLivepeerProtocol(builder.Configuration.GetSection(LivepeerProtocolOptions.SectionName));
        builder.Services.AddLivepeerPayments(builder.Configuration.GetSection(LivepeerPaymentsOptions.SectionName));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>The chain and ticket-store settings of a host paying or paid as <paramref name="account"/> on the devnet.</summary>
    public static Dictionary<string, string?> ChainSettings(LocalDevnet devnet, DevnetAccount account, string database) => new()
    {
        ["Livepeer:Protocol:RpcUrl"] = devnet.RpcUri.ToString(),
        ["Livepeer:Protocol:Network"] = "Custom",
        ["Livepeer:Protocol:ControllerAddress"] = devnet.Contracts.Controller.ToString(),
        ["Livepeer:Protocol:ChainId"] = devnet.ChainId.ToString(CultureInfo.InvariantCulture),
        ["Livepeer:Protocol:PrivateKey"] = account.PrivateKey,
        ["Livepeer:Protocol:Transactions:ReceiptPollInterval"] = "00:00:00.010",
        ["Livepeer:Payments:DatabasePath"] = database,
    };

    /// <summary>Returns one small rendition per profile with its exact pixel count, without running ffmpeg.</summary>
    private sealed class NoOpTranscoder : ITranscoder
    {
        private const int Frames = 60;
        private static readonly byte[] Rendition = new byte[188 * 8];

        public Task<TranscodeResult> TranscodeAsync(TranscodeSegment segment, IReadOnlyList<VideoProfile> profiles, TranscodeOptions? options = null, CancellationToken cancellationToken = default)
        {
            var renditions = profiles
                .Select(p => new Livepeer.Transcoding.TranscodedRendition(p, Rendition, p.Width, p.Height, Frames, (long)p.Width * p.Height * Frames))
                .ToList();
            return Task.FromResult(new TranscodeResult(renditions, Frames, TimeSpan.Zero));
        }
    }
}
