using System.Globalization;
using Livepeer.Payments;
using Livepeer.Protocol;
using Livepeer.Transcoding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Livepeer.Gateway.Tests;

/// <summary>A gateway host built with AddLivepeerGateway, sending to given orchestrators through a <see cref="CoreFinder"/>.</summary>
internal sealed class CoreGateway : IAsyncDisposable
{
    public static readonly VideoProfile[] Profiles = [VideoProfile.P240p30fps16x9, VideoProfile.P144p30fps16x9];

    private CoreGateway(IHost host)
    {
        Host = host;
    }

    public IHost Host { get; }

    public ILivepeerGateway Gateway => Host.Services.GetRequiredService<ILivepeerGateway>();

    public CoreFinder Finder => (CoreFinder)Host.Services.GetRequiredService<IOrchestratorFinder>();

    public GatewayAccount Account => Host.Services.GetRequiredService<GatewayAccount>();

    public static long PixelsOf(IEnumerable<VideoProfile> profiles) => profiles.Sum(CoreFakeTranscoder.PixelsOf);

    public static SourceSegment Segment(long sequence, int length = 1000)
    {
        var data = new byte[length];
        new Random((int)sequence).NextBytes(data);
        return new SourceSegment(sequence, data, TimeSpan.FromSeconds(2));
    }

    /// <summary>
    /// Starts a gateway; <paramref name="onChainAccount"/> is the dev account that pays, or null for off chain. With
    /// <paramref name="realDiscovery"/> the gateway's own finder asks the trusted candidates (its static list) instead of
    /// a <see cref="CoreFinder"/>.
    /// </summary>
    public static async Task<CoreGateway> StartAsync(
        IEnumerable<OrchestratorCandidate> orchestrators,
        int? onChainAccount = null,
        Action<LivepeerGatewayOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        bool realDiscovery = false)
    {
        var candidates = orchestrators.ToArray();
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("LIVEPEER_TEST_LOGS") == "1")
        {
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug);
        }

        if (onChainAccount is { } index)
        {
            var devnet = await CoreDevnet.GetAsync();
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Livepeer:Protocol:RpcUrl"] = devnet.RpcUri.ToString(),
                ["Livepeer:Protocol:Network"] = "Custom",
                ["Livepeer:Protocol:ControllerAddress"] = devnet.Contracts.Controller.ToString(),
                ["Livepeer:Protocol:ChainId"] = devnet.ChainId.ToString(CultureInfo.InvariantCulture),
                ["Livepeer:Protocol:PrivateKey"] = devnet.Accounts[index].PrivateKey,
                ["Livepeer:Payments:PollingInterval"] = "00:00:00.200",
            }).Build();
            builder.Services.AddLivepeerProtocol(configuration.GetSection(LivepeerProtocolOptions.SectionName));
            builder.Services.AddOptions<LivepeerPaymentsOptions>().Bind(configuration.GetSection(LivepeerPaymentsOptions.SectionName));
        }

        builder.Services.AddLivepeerGateway(o =>
        {
            o.OffChain = onChainAccount is null;
            o.SelectionPolicy = "LowestPrice";
            o.DiscoveryCutoff = TimeSpan.FromSeconds(3);
            foreach (var candidate in candidates.Where(c => c.IsTrusted))
            {
                o.Orchestrators.Add(candidate.ServiceUri);
            }

            configure?.Invoke(o);
        });
        if (!realDiscovery)
        {
            builder.Services.AddSingleton<IOrchestratorFinder>(provider => new CoreFinder(provider, candidates));
        }

        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return new CoreGateway(host);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Host.Dispose();
    }
}
