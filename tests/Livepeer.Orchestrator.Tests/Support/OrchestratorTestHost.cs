using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Livepeer.Devnet;
using Livepeer.Network;
using Livepeer.Payments;
using Livepeer.Protocol;
using Livepeer.Transcoding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Livepeer.Orchestrator.Tests;

/// <summary>What an <see cref="OrchestratorTestHost"/> runs with.</summary>
internal sealed class OrchestratorTestHostOptions
{
    /// <summary>Serve TLS with a certificate made in the test (ECDSA P-256), else cleartext HTTP/2.</summary>
    public bool Tls { get; set; }

    /// <summary>The transcoder; a new <see cref="FakeTranscoder"/> when null. Registered before AddLivepeerOrchestrator, so it wins.</summary>
    public ITranscoder? Transcoder { get; set; }

    /// <summary>The EV of the recipient's tickets.</summary>
    public string TicketEv { get; set; } = "1 gwei";

    /// <summary>Changes the orchestrator's options (the service URI is set by the host).</summary>
    public Action<LivepeerOrchestratorOptions>? Configure { get; set; }

    /// <summary>Registrations made before AddLivepeerOrchestrator (they win over its TryAdd defaults).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }
}

/// <summary>
/// A real orchestrator for tests: a WebApplication with AddLivepeerOrchestrator and MapLivepeerOrchestrator, on Kestrel
/// at 127.0.0.1 with a free port (h2c, or TLS with a certificate made here), paid on the shared devnet as dev account 1,
/// which is an active orchestrator there.
/// </summary>
internal sealed class OrchestratorTestHost : IAsyncDisposable
{
    private readonly string _directory;

    private OrchestratorTestHost(WebApplication app, LocalDevnet devnet, string directory, X509Certificate2? certificate, string? certificatePem, ITranscoder transcoder)
    {
        App = app;
        Devnet = devnet;
        _directory = directory;
        Certificate = certificate;
        CertificatePem = certificatePem;
        Transcoder = transcoder;
    }

    public WebApplication App { get; }

    public LocalDevnet Devnet { get; }

    public IServiceProvider Services => App.Services;

    public X509Certificate2? Certificate { get; }

    /// <summary>The server certificate in PEM, for clients that pin it (node).</summary>
    public string? CertificatePem { get; }

    public ITranscoder Transcoder { get; }

    public FakeTranscoder? Fake => Transcoder as FakeTranscoder;

    /// <summary>The advertised service URI, with the bound port.</summary>
    public Uri BaseUri => Services.GetRequiredService<OrchestratorEndpoint>().ServiceUri;

    public EthAddress Address => SharedDevnet.OrchestratorAccount(Devnet).Address;

    public TicketRecipient Recipient => Services.GetRequiredService<TicketRecipient>();

    public OrchestratorSessions Sessions => Services.GetRequiredService<OrchestratorSessions>();

    public static async Task<OrchestratorTestHost> StartAsync(OrchestratorTestHostOptions? options = null)
    {
        options ??= new OrchestratorTestHostOptions();
        var devnet = await SharedDevnet.GetAsync();
        var directory = Directory.CreateTempSubdirectory("lp-orch-test-").FullName;
        string? pem = null;
        var certificate = options.Tls ? CreateCertificate(out pem) : null;
        var transcoder = options.Transcoder ?? new FakeTranscoder();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Livepeer:Protocol:RpcUrl"] = devnet.RpcUri.ToString(),
            ["Livepeer:Protocol:Network"] = "Custom",
            ["Livepeer:Protocol:ControllerAddress"] = devnet.Contracts.Controller.ToString(),
            ["Livepeer:Protocol:ChainId"] = devnet.ChainId.ToString(CultureInfo.InvariantCulture),
            ["Livepeer:Protocol:PrivateKey"] = SharedDevnet.OrchestratorAccount(devnet).PrivateKey,
            ["Livepeer:Protocol:Transactions:ReceiptPollInterval"] = "00:00:00.010",
            ["Livepeer:Payments:PollingInterval"] = "00:00:00.200",
            ["Livepeer:Payments:DatabasePath"] = Path.Combine(directory, "tickets.db"),
            ["Livepeer:Payments:TicketEV"] = options.TicketEv,
        });
        builder.Services.AddSingleton(transcoder);
        options.ConfigureServices?.Invoke(builder.Services);
        builder.Services.AddLivepeerProtocol(builder.Configuration.GetSection(LivepeerProtocolOptions.SectionName));
        builder.Services.AddLivepeerPayments(builder.Configuration.GetSection(LivepeerPaymentsOptions.SectionName));
        builder.Services.AddLivepeerOrchestrator(o =>
        {
            o.ServiceUri = new Uri(options.Tls ? "https://127.0.0.1:0" : "http://127.0.0.1:0");
            o.DataDirectory = directory;
            // The test listens on loopback with its own certificate, so the orchestrator leaves Kestrel alone.
            o.ConfigureKestrel = false;
            options.Configure?.Invoke(o);
        });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenGrpc(new IPEndPoint(IPAddress.Loopback, 0), certificate));

        var app = builder.Build();
        app.MapLivepeerOrchestrator();
        var host = new OrchestratorTestHost(app, devnet, directory, certificate, pem, transcoder);
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

    /// <summary>A gRPC client for this orchestrator (any certificate accepted, as go-livepeer's clients do).</summary>
    public HttpGrpcCallInvoker CreateGrpcClient() => HttpGrpcCallInvoker.Create(BaseUri);

    /// <summary>An HTTP/2 client for /segment, /payment and /stream (prior knowledge on h2c; any certificate).</summary>
    public HttpClient CreateHttpClient(TimeSpan? timeout = null)
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
            Timeout = timeout ?? TimeSpan.FromSeconds(20),
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
            Certificate?.Dispose();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // The ticket store may still be closing; the folder is in the temp directory.
            }
        }
    }

    private static X509Certificate2 CreateCertificate(out string pem)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        using var ephemeral = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        pem = ephemeral.ExportCertificatePem();
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
    }
}
