using System.Net;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Livepeer.Network.Tests.Client;

/// <summary>What a test handler saw of one HTTP request.</summary>
internal sealed record RecordedRequest(string Protocol, string? ContentType, string? SegmentHeader, string? PaymentHeader, byte[] Body);

/// <summary>
/// A real Kestrel on 127.0.0.1:0 playing an orchestrator: net.Orchestrator over gRPC and /segment, /payment and
/// /stream/ over HTTP on the same listener, each answered by a handler the test sets.
/// </summary>
internal sealed class OrchestratorTestServer : IAsyncDisposable
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);
    private readonly WebApplication _app;

    private OrchestratorTestServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public string Transcoder => Address.GetLeftPart(UriPartial.Authority);

    public Func<Wire.OrchestratorRequest, GrpcServerCallContext, Task<Wire.OrchestratorInfo>> OnGetOrchestrator { get; set; } =
        (_, _) => Task.FromResult(new Wire.OrchestratorInfo());

    public Func<Wire.PingPong, Task<Wire.PingPong>> OnPing { get; set; } = request => Task.FromResult(request);

    public Func<Wire.EndTranscodingSessionRequest, Task> OnEndSession { get; set; } = _ => Task.CompletedTask;

    public Func<HttpContext, RecordedRequest, Task> OnSegment { get; set; } = (context, _) => Task.CompletedTask;

    public Func<HttpContext, RecordedRequest, Task> OnPayment { get; set; } = (context, _) => Task.CompletedTask;

    public Func<HttpContext, Task> OnDownload { get; set; } = context => Task.CompletedTask;

    public RecordedRequest? LastSegment { get; private set; }

    public RecordedRequest? LastPayment { get; private set; }

    public static async Task<OrchestratorTestServer> StartAsync(X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenGrpc(new IPEndPoint(IPAddress.Loopback, 0), certificate));
        var app = builder.Build();
        OrchestratorTestServer? server = null;
        app.MapGrpcMethods(binder => binder
            .AddUnaryMethod(OrchestratorMethods.GetOrchestrator, (request, context) => server!.OnGetOrchestrator(request, context))
            .AddUnaryMethod(OrchestratorMethods.Ping, (request, _) => server!.OnPing(request))
            .AddUnaryMethod(OrchestratorMethods.EndTranscodingSession, async (request, _) =>
            {
                await server!.OnEndSession(request);
                return new Wire.EndTranscodingSessionResponse();
            }));
        app.MapPost("/segment", async context =>
        {
            var recorded = await RecordAsync(context);
            server!.LastSegment = recorded;
            await server.OnSegment(context, recorded);
        });
        app.MapPost("/payment", async context =>
        {
            var recorded = await RecordAsync(context);
            server!.LastPayment = recorded;
            await server.OnPayment(context, recorded);
        });
        app.MapGet("/stream/{**path}", context => server!.OnDownload(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server = new OrchestratorTestServer(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
        return server;
    }

    /// <summary>Answers 200 at once, flushes, waits, then writes the message, as an orchestrator does while it transcodes.</summary>
    public static async Task WriteEarlyOkThenAsync(HttpContext context, TimeSpan delay, IMessage? message)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        await Task.Delay(delay, context.RequestAborted);
        if (message is not null)
        {
            await context.Response.Body.WriteAsync(message.ToByteArray(), context.RequestAborted);
        }
    }

    public static async Task WriteAsync(HttpContext context, IMessage message)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        await context.Response.Body.WriteAsync(message.ToByteArray(), context.RequestAborted);
    }

    /// <summary>Never answers; returns when the caller goes away (or after a bound).</summary>
    public static async Task HangAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(MaxWait, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<RecordedRequest> RecordAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = context.Request.Headers;
        return new RecordedRequest(
            context.Request.Protocol,
            context.Request.ContentType,
            headers.TryGetValue(Network.SegmentHeader.Name, out var segment) ? segment.ToString() : null,
            headers.TryGetValue(Network.PaymentHeader.Name, out var payment) ? payment.ToString() : null,
            body.ToArray());
    }
}
