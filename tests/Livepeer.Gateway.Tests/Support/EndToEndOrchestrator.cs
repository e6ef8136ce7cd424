using System.Globalization;
using System.Net;
using Livepeer.Devnet;
using Livepeer.Network;
using Livepeer.Orchestrator;
using Livepeer.Protocol;
using Livepeer.Transcoding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Livepeer.Gateway.Tests;

/// <summary>
/// A real orchestrator (AddLivepeerOrchestrator from configuration, MapLivepeerOrchestrator, Kestrel with cleartext
/// HTTP/2 on 127.0.0.1). On chain it is paid as one dev account of a devnet and transcodes with the real FFmpeg pool
/// behind an <see cref="EndToEndTranscoder"/>; off chain it transcodes with a <see cref="CoreFakeTranscoder"/>.
/// </summary>
internal sealed class EndToEndOrchestrator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;

    private EndToEndOrchestrator(string name, WebApplication app, string directory, Uri serviceUri, DevnetAccount? account, decimal price)
    {
        Name = name;
        _app = app;
        _directory = directory;
        ServiceUri = serviceUri;
        Account = account;
        PricePerPixel = price;
    }

    public string Name { get; }

    public Uri ServiceUri { get; }

    /// <summary>The dev account it is paid at (on chain only).</summary>
    public DevnetAccount? Account { get; }

    public EthAddress? Address => Account?.Address;

    /// <summary>Wei per pixel it advertises (no overhead added: automatic price adjustment is off).</summary>
    public decimal PricePerPixel { get; }

    /// <summary>The wrapper in front of the FFmpeg pool (on chain).</summary>
    public EndToEndTranscoder? Transcoder => _app.Services.GetRequiredService<ITranscoder>() as EndToEndTranscoder;

    /// <summary>The fake transcoder (off chain).</summary>
    public CoreFakeTranscoder? Fake => _app.Services.GetRequiredService<ITranscoder>() as CoreFakeTranscoder;

    private string TicketDatabase => Path.Combine(_directory, "tickets.db");

    /// <summary>Starts an orchestrator paid on <paramref name="devnet"/> as <paramref name="account"/>, transcoding with FFmpeg on the CPU.</summary>
    public static Task<EndToEndOrchestrator> StartOnChainAsync(
        string name,
        LocalDevnet devnet,
        DevnetAccount account,
        decimal pricePerPixel,
        EndToEndBehaviour behaviour,
        Wei ticketEv,
        Wei maxFaceValue)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Livepeer:Orchestrator:OffChain"] = "false",
            ["Livepeer:Transcoding:Devices"] = "none",
            ["Livepeer:Protocol:Network"] = "Custom",
            ["Livepeer:Protocol:RpcUrl"] = devnet.RpcUri.ToString(),
            ["Livepeer:Protocol:ControllerAddress"] = devnet.Contracts.Controller.ToString(),
            ["Livepeer:Protocol:ChainId"] = devnet.ChainId.ToString(CultureInfo.InvariantCulture),
            // anvil's published dev key; never used anywhere else.
            ["Livepeer:Protocol:PrivateKey"] = account.PrivateKey,
            ["Livepeer:Protocol:Transactions:ReceiptPollInterval"] = "00:00:00.010",
            ["Livepeer:Payments:PollingInterval"] = "00:00:00.200",
            ["Livepeer:Payments:TicketEV"] = ticketEv.ToString(),
            ["Livepeer:Payments:MaxFaceValue"] = maxFaceValue.ToString(),
        };
        return StartAsync(name, settings, account, pricePerPixel, services =>
            // Registered before AddLivepeerOrchestrator, so it transcodes through the wrapper, which hands the work to
            // the FFmpeg pool that AddLivepeerTranscoding registers as usual.
            services.AddSingleton<ITranscoder>(provider => new EndToEndTranscoder(provider.GetRequiredService<ITranscoderPool>(), behaviour)));
    }

    /// <summary>
    /// Starts an off-chain orchestrator (go-livepeer's <c>-network offchain</c>) with a fake transcoder, listening on
    /// <paramref name="port"/> (a free one when null) and advertising <paramref name="serviceUri"/> (itself when null).
    /// </summary>
    public static Task<EndToEndOrchestrator> StartOffChainAsync(string name, CoreFakeTranscoder transcoder, int? port = null, Uri? serviceUri = null)
        => StartAsync(name, new Dictionary<string, string?> { ["Livepeer:Orchestrator:OffChain"] = "true" }, null, 0, services => services.AddSingleton<ITranscoder>(transcoder), port, serviceUri);

    private static async Task<EndToEndOrchestrator> StartAsync(
        string name, Dictionary<string, string?> settings, DevnetAccount? account, decimal pricePerPixel, Action<IServiceCollection> services, int? listenPort = null, Uri? advertised = null)
    {
        var directory = Directory.CreateTempSubdirectory($"lp-gw-e2e-{name}-").FullName;
        var port = listenPort ?? DiscoveryDevnet.FreePort();
        var serviceUri = advertised ?? new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        settings["Livepeer:Orchestrator:ServiceUri"] = serviceUri.ToString();
        settings["Livepeer:Orchestrator:DataDirectory"] = directory;
        settings["Livepeer:Orchestrator:ConfigureKestrel"] = "false";
        settings["Livepeer:Orchestrator:PricePerUnit"] = pricePerPixel.ToString(CultureInfo.InvariantCulture);
        settings["Livepeer:Orchestrator:PixelsPerUnit"] = "1";
        // A fixed price keeps the payment bounds exact; the automatic adjustment follows the gas price.
        settings["Livepeer:Orchestrator:AutoAdjustPrice"] = "false";
        settings["Livepeer:Payments:DatabasePath"] = Path.Combine(directory, "tickets.db");

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("LIVEPEER_TEST_LOGS") == "1")
        {
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug);
        }

        builder.Configuration.AddInMemoryCollection(settings);
        services(builder.Services);
        builder.Services.AddLivepeerOrchestrator(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenGrpc(new IPEndPoint(IPAddress.Loopback, port), certificate: null));
        var app = builder.Build();
        app.MapLivepeerOrchestrator();
        var orchestrator = new EndToEndOrchestrator(name, app, directory, serviceUri, account, pricePerPixel);
        return await OrchestratorAppLifetime.StartAsync(app, orchestrator);
    }

    /// <summary>Each winning ticket in its store: status, attempts and last error (for failure messages).</summary>
    public async Task<string> DescribeWinningTicketsAsync()
    {
        if (!File.Exists(TicketDatabase))
        {
            return $"{Name}: no ticket store";
        }

        var connectionString = new SqliteConnectionStringBuilder { DataSource = TicketDatabase, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM winning_tickets";
        var rows = new List<string>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var fields = new List<string>();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (reader.GetFieldType(i) != typeof(byte[]))
                    {
                        fields.Add($"{reader.GetName(i)}={reader.GetValue(i)}");
                    }
                }

                rows.Add(string.Join(" ", fields));
            }
        }
        catch (SqliteException ex)
        {
            rows.Add(ex.Message);
        }

        return $"{Name}:\n  " + string.Join("\n  ", rows);
    }

    /// <summary>Waits until its payment clock has seen the chain at least this far (see <see cref="EndToEndNetwork.WaitForClockAsync"/>).</summary>
    public Task WaitForClockAsync(ulong block, ulong round, int activePoolSize)
        => EndToEndNetwork.WaitForClockAsync(_app.Services.GetRequiredService<Livepeer.Payments.IPaymentClock>(), Name, block, round, activePoolSize);

    /// <summary>The winning tickets its store holds (every status), read from the SQLite file without writing.</summary>
    public async Task<int> CountWinningTicketsAsync(bool redeemedOnly = false)
    {
        if (!File.Exists(TicketDatabase))
        {
            return 0;
        }

        var connectionString = new SqliteConnectionStringBuilder { DataSource = TicketDatabase, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // Status 2 is Redeemed in Livepeer.Payments' store schema (version 1).
        command.CommandText = redeemedOnly ? "SELECT COUNT(*) FROM winning_tickets WHERE status = 2" : "SELECT COUNT(*) FROM winning_tickets";
        try
        {
            return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 1)
        {
            // No table yet: the store is created with its first winning ticket.
            return 0;
        }
    }

    public ValueTask DisposeAsync() => OrchestratorAppLifetime.StopAsync(_app, _directory);
}
