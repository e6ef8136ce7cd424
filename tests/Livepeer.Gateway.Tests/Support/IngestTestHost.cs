using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Livepeer.Gateway.Tests;

/// <summary>
/// A gateway app for the ingest tests: AddLivepeerGateway (off chain) and MapLivepeerGateway on Kestrel at
/// 127.0.0.1 with a free port, with a test <see cref="ILivepeerGateway"/> and a manual clock.
/// </summary>
internal sealed class IngestTestHost : IAsyncDisposable
{
    private IngestTestHost(WebApplication app, IngestTestGateway gateway, IngestManualClock clock, Uri baseUri)
    {
        App = app;
        Gateway = gateway;
        Clock = clock;
        Client = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    public IngestTestGateway Gateway { get; }

    public IngestManualClock Clock { get; }

    public HttpClient Client { get; }

    public Uri BaseUri => Client.BaseAddress!;

    public IngestStreamStore Store => App.Services.GetRequiredService<IngestStreamStore>();

    public static async Task<IngestTestHost> StartAsync(Action<LivepeerGatewayOptions>? configure = null)
    {
        var gateway = new IngestTestGateway();
        var clock = new IngestManualClock(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddLivepeerGateway(o =>
        {
            o.OffChain = true;

            // Never dialled: the test gateway below answers every segment.
            o.Orchestrators.Add(new Uri("https://127.0.0.1:9"));
            configure?.Invoke(o);
        });

        // Registered after AddLivepeerGateway, so it is the one resolved whatever the core registers.
        builder.Services.AddSingleton<ILivepeerGateway>(gateway);
        var app = builder.Build();
        app.MapLivepeerGateway();
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new IngestTestHost(app, gateway, clock, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync().ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
        Gateway.Dispose();
    }
}
