using System.Globalization;
using Livepeer.Devnet;
using Livepeer.Orchestrator;
using Livepeer.Protocol;
using Livepeer.Transcoding;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LocalNetwork;

/// <summary>How an orchestrator of the demo misbehaves.</summary>
internal enum OrchestratorBehaviour
{
    Reliable,
    Slow,
    FailsEveryOtherSegment,
}

/// <summary>One orchestrator of the demo: who it is, what it charges, what it stakes and how it behaves.</summary>
internal sealed record OrchestratorSpec(string Name, int AccountIndex, long PricePerPixel, Wei SelfBond, OrchestratorBehaviour Behaviour);

/// <summary>
/// A real orchestrator (AddLivepeerOrchestrator, MapLivepeerOrchestrator) on Kestrel at 127.0.0.1 and a free port, with
/// TLS and a self-signed certificate as go-livepeer serves, paid on the devnet; without a devnet it runs off chain.
/// </summary>
internal sealed class DemoOrchestrator : IAsyncDisposable
{
    /// <summary>How long the slow orchestrator holds each segment before transcoding it.</summary>
    private static readonly TimeSpan SlowDelay = TimeSpan.FromSeconds(1.5);

    private readonly WebApplication _app;
    private readonly string _directory;

    private DemoOrchestrator(OrchestratorSpec spec, DevnetAccount? account, WebApplication app, Uri serviceUri, string directory)
    {
        Spec = spec;
        Account = account;
        _app = app;
        ServiceUri = serviceUri;
        _directory = directory;
    }

    public OrchestratorSpec Spec { get; }

    /// <summary>The dev account it is paid at (on chain only).</summary>
    public DevnetAccount? Account { get; }

    public string Name => Spec.Name;

    public EthAddress? Address => Account?.Address;

    /// <summary>The address gateways reach it at, with the port Kestrel bound.</summary>
    public Uri ServiceUri { get; }

    public string Describe(bool onChain)
    {
        var behaviour = Spec.Behaviour switch
        {
            OrchestratorBehaviour.Slow => $"slow (+{SlowDelay.TotalSeconds:0.#} s per segment)",
            OrchestratorBehaviour.FailsEveryOtherSegment => "fails every other segment",
            _ => "reliable",
        };
        return string.Create(CultureInfo.InvariantCulture,
            $"{Name}  {ServiceUri}  {Address?.ToString() ?? "no account"}  price {Spec.PricePerPixel:N0} wei/pixel  {(onChain ? $"self-bond {Spec.SelfBond.ToString(EtherUnit.Ether)} LPT" : "not bonded")}  {behaviour}");
    }

    /// <summary>Starts the orchestrator of <paramref name="spec"/>: paid on <paramref name="devnet"/>, or off chain when it is null.</summary>
    public static async Task<DemoOrchestrator> StartAsync(OrchestratorSpec spec, LocalDevnet? devnet, CancellationToken cancellationToken)
    {
        var account = devnet?.Accounts[spec.AccountIndex];
        var directory = Directory.CreateTempSubdirectory($"livepeer-demo-{spec.Name}-").FullName;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Demo" });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Error);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Livepeer:Transcoding:Devices"] = "none",
            ["Livepeer:Orchestrator:ServiceUri"] = "https://127.0.0.1:0",
            ["Livepeer:Orchestrator:ListenAddress"] = "127.0.0.1:0",
            ["Livepeer:Orchestrator:DataDirectory"] = directory,
            ["Livepeer:Orchestrator:PricePerUnit"] = spec.PricePerPixel.ToString(CultureInfo.InvariantCulture),
            ["Livepeer:Orchestrator:PixelsPerUnit"] = "1",
            // With the demo's TxCostMultiplier of 2 the redemption overhead would add 50% to the price; the demo
            // advertises the prices it prints.
            ["Livepeer:Orchestrator:AutoAdjustPrice"] = "false",
            // go-livepeer's -network offchain: no ticket recipient, so no chain settings at all.
            ["Livepeer:Orchestrator:OffChain"] = devnet is null ? "true" : "false",
        });
        if (devnet is not null)
        {
            builder.Configuration.AddInMemoryCollection(PaymentSettings(devnet, account!, directory));
        }


        // Registered before AddLivepeerOrchestrator, so the orchestrator transcodes through the wrapper; the wrapper
        // hands the work to the transcoding pool that AddLivepeerTranscoding registers as usual.
        if (spec.Behaviour != OrchestratorBehaviour.Reliable)
        {
            builder.Services.AddSingleton<ITranscoder>(services =>
            {
                var pool = services.GetRequiredService<ITranscoderPool>();
                return spec.Behaviour == OrchestratorBehaviour.Slow ? new SlowTranscoder(pool, SlowDelay) : new FlakyTranscoder(pool);
            });
        }

        builder.Services.AddLivepeerOrchestrator(builder.Configuration);
        var app = builder.Build();
        app.MapLivepeerOrchestrator();
        try
        {
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new DemoException($"orchestrator {spec.Name} started but reports no listening address");
            var bound = new Uri(address);
            return new DemoOrchestrator(spec, account, app, new UriBuilder(Uri.UriSchemeHttps, "127.0.0.1", bound.Port).Uri, directory);
        }
        catch (Exception ex)
        {
            await app.DisposeAsync();
            Directory.Delete(directory, recursive: true);
            if (ex is DemoException or OperationCanceledException)
            {
                throw;
            }
            throw new DemoException($"orchestrator {spec.Name} did not start: {ex.Message}", ex);
        }
    }

    /// <summary>The chain and ticket settings of an orchestrator paid on the devnet as <paramref name="account"/>.</summary>
    private static Dictionary<string, string?> PaymentSettings(LocalDevnet devnet, DevnetAccount account, string directory) => new()
    {
        ["Livepeer:Protocol:Network"] = "Custom",
        ["Livepeer:Protocol:RpcUrl"] = devnet.RpcUri.ToString(),
        ["Livepeer:Protocol:ControllerAddress"] = devnet.Contracts.Controller.ToString(),
        ["Livepeer:Protocol:ChainId"] = devnet.ChainId.ToString(CultureInfo.InvariantCulture),
        // anvil's published dev key; never use it anywhere else.
        ["Livepeer:Protocol:PrivateKey"] = account.PrivateKey,
        ["Livepeer:Protocol:Transactions:ReceiptPollInterval"] = "00:00:00.020",
        ["Livepeer:Payments:DatabasePath"] = Path.Combine(directory, "tickets.db"),
        ["Livepeer:Payments:PollingInterval"] = "00:00:00.250",
        ["Livepeer:Payments:TicketEV"] = DemoSettings.TicketEV.ToString(),
        ["Livepeer:Payments:MinGasPrice"] = DemoSettings.MinGasPrice.ToString(),
        ["Livepeer:Payments:TxCostMultiplier"] = DemoSettings.TxCostMultiplier.ToString(CultureInfo.InvariantCulture),
    };

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // Disposing below still releases the listener; the demo is ending anyway.
        }
        finally
        {
            await _app.DisposeAsync();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // The ticket database may still be closing; the folder is under the temp directory.
            }
        }
    }
}
