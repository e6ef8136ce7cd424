using System.Net;
using Livepeer.Network;
using Livepeer.Transcoding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Livepeer.Orchestrator.Tests.OffChain;

/// <summary>
/// An off-chain orchestrator for tests: a WebApplication with AddLivepeerOrchestrator (OffChain) and
/// MapLivepeerOrchestrator on Kestrel at 127.0.0.1 with a free port. No devnet and no Livepeer:Protocol or
/// Livepeer:Payments settings exist anywhere in its configuration.
/// </summary>
internal sealed class OffChainHost : IAsyncDisposable
{
    private readonly string _directory;

    private OffChainHost(WebApplication app, string directory)
    {
        App = app;
        _directory = directory;
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>The advertised service URI, with the bound port.</summary>
    public Uri BaseUri => Services.GetRequiredService<OrchestratorEndpoint>().ServiceUri;

    /// <summary>
    /// Starts an orchestrator from configuration only (the <c>Livepeer:Orchestrator</c> section plus
    /// <paramref name="settings"/>), letting it set up its own listener: TLS with a self-signed certificate on 127.0.0.1:0.
    /// </summary>
    public static Task<OffChainHost> StartFromConfigurationAsync(IDictionary<string, string?>? settings = null, ITranscoder? transcoder = null)
        => StartAsync(transcoder, (builder, directory) =>
        {
            var values = new Dictionary<string, string?>
            {
                ["Livepeer:Orchestrator:OffChain"] = "true",
                ["Livepeer:Orchestrator:ServiceUri"] = "https://127.0.0.1:0",
                ["Livepeer:Orchestrator:ListenAddress"] = "127.0.0.1:0",
                ["Livepeer:Orchestrator:DataDirectory"] = directory,
                ["Livepeer:Transcoding:Devices"] = "none",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                values[key] = value;
            }

            builder.Configuration.AddInMemoryCollection(values);
            builder.Services.AddLivepeerOrchestrator(builder.Configuration);
        });

    /// <summary>Starts an orchestrator configured in code, on cleartext HTTP/2 with a listener the test sets up.</summary>
    public static Task<OffChainHost> StartAsync(ITranscoder? transcoder = null, Action<LivepeerOrchestratorOptions>? configure = null)
        => StartAsync(transcoder, (builder, directory) =>
        {
            builder.Services.AddLivepeerOrchestrator(o =>
            {
                o.OffChain = true;
                o.ServiceUri = new Uri("http://127.0.0.1:0");
                o.DataDirectory = directory;
                o.ConfigureKestrel = false;
                configure?.Invoke(o);
            });
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenGrpc(new IPEndPoint(IPAddress.Loopback, 0), certificate: null));
        });

    public OrchestratorClient CreateClient() => new(BaseUri);

    /// <summary>
    /// A client for segments transcoded with real ffmpeg: its segment deadlines are four times the defaults, because a
    /// test machine running other test assemblies at once can be many times slower than an orchestrator in service.
    /// </summary>
    public OrchestratorClient CreateMediaClient() => new(BaseUri, new OrchestratorClientOptions { SegmentTimeoutMultiplier = 4 });

    /// <summary>An HTTP/2 client for /segment, /payment, /stream and the operator endpoints (any certificate accepted).</summary>
    public HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            ConnectTimeout = TimeSpan.FromSeconds(3),
        };
        return new HttpClient(handler)
        {
            BaseAddress = BaseUri,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(20),
        };
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            await App.DisposeAsync();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder; nothing depends on it being gone.
            }
        }
    }

    private static async Task<OffChainHost> StartAsync(ITranscoder? transcoder, Action<WebApplicationBuilder, string> configure)
    {
        var directory = Directory.CreateTempSubdirectory("lp-orch-offchain-").FullName;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.Services.Configure<LivepeerTranscodingOptions>(o => o.Devices = "none");
        if (transcoder is not null)
        {
            builder.Services.AddSingleton(transcoder);
        }

        configure(builder, directory);
        var app = builder.Build();
        app.MapLivepeerOrchestrator();
        var host = new OffChainHost(app, directory);
        try
        {
            await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            app.Services.GetRequiredService<OrchestratorEndpoint>().SetBoundPort(new Uri(address).Port);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }
}
