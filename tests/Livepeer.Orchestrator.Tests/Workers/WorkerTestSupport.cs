using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Livepeer.Network;
using Livepeer.Transcoding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Livepeer.Orchestrator.Tests.Workers;

/// <summary>
/// The worker half of an orchestrator on a real Kestrel (127.0.0.1, h2c or TLS): RegisterTranscoder,
/// /transcodeResults and the /stream/ store, wired through <see cref="TranscoderWorkerRegistration"/>.
/// </summary>
internal sealed class TestOrchestrator : IAsyncDisposable
{
    public const string Secret = "s3cret-for-tests";

    private readonly WebApplication _app;

    private TestOrchestrator(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public int Port => Address.Port;

    public RemoteTranscoderManager Manager => _app.Services.GetRequiredService<RemoteTranscoderManager>();

    public TranscoderDispatcher Dispatcher => _app.Services.GetRequiredService<TranscoderDispatcher>();

    public OrchestratorStorage Storage => _app.Services.GetRequiredService<OrchestratorStorage>();

    public static async Task<TestOrchestrator> StartAsync(
        string? secret = Secret,
        ITranscoder? local = null,
        int localCapacity = 0,
        int port = 0,
        X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenGrpc(new IPEndPoint(IPAddress.Loopback, port), certificate));
        var scheme = certificate is null ? "http" : "https";
        builder.Services.Configure<LivepeerOrchestratorOptions>(o =>
        {
            o.ServiceUri = new Uri($"{scheme}://127.0.0.1:{port}");
            o.TranscoderSecret = secret;
            o.TranscodeLocally = local is not null;
        });
        if (local is not null)
        {
            builder.Services.AddSingleton(local);
            builder.Services.Configure<LivepeerTranscodingOptions>(o => o.MaxSessions = localCapacity);
        }

        builder.Services.AddSingleton<OrchestratorEndpoint>();
        builder.Services.AddSingleton(provider => new OrchestratorStorage(provider.GetRequiredService<OrchestratorEndpoint>(), TimeSpan.FromMinutes(1)));
        TranscoderWorkerRegistration.AddWorkers(builder.Services);
        var app = builder.Build();
        TranscoderWorkerRegistration.MapWorkers(app, new CompositeEndpointConventionBuilder());
        app.MapGet(OrchestratorStorage.RoutePrefix + "{**path}", (string path, OrchestratorStorage storage) =>
            storage.TryGet(path, out var data, out var contentType) ? Results.Bytes(data.ToArray(), contentType) : Results.NotFound());
        await app.StartAsync();
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        app.Services.GetRequiredService<OrchestratorEndpoint>().SetBoundPort(bound.Port);
        return new TestOrchestrator(app, new Uri($"{scheme}://127.0.0.1:{bound.Port}"));
    }

    /// <summary>Waits (bounded) until <paramref name="count"/> workers are registered.</summary>
    public async Task WaitForWorkersAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (Manager.Workers.Count != count)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"expected {count} registered worker(s), have {Manager.Workers.Count}");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
    }
}

/// <summary>A standalone transcoder running in this process through <c>AddLivepeerTranscoderWorker</c>.</summary>
internal sealed class TestWorker : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly CancellationTokenSource _stop;

    private TestWorker(ServiceProvider provider, CancellationTokenSource stop, Task run)
    {
        _provider = provider;
        _stop = stop;
        Run = run;
    }

    /// <summary>The worker's run; faults with <see cref="TranscoderWorkerException"/> when refused for good.</summary>
    public Task Run { get; }

    public static TestWorker Start(Uri orchestrator, ITranscoder? transcoder, int capacity = 1, string secret = TestOrchestrator.Secret, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (transcoder is not null)
        {
            services.AddSingleton(transcoder);
        }

        configure?.Invoke(services);
        services.AddLivepeerTranscoderWorker(o =>
        {
            o.OrchestratorUri = orchestrator;
            o.Secret = secret;
            o.Capacity = capacity;
            o.InitialReconnectDelay = TimeSpan.FromMilliseconds(50);
            o.MaxReconnectDelay = TimeSpan.FromMilliseconds(400);
        });
        var provider = services.BuildServiceProvider();
        var stop = new CancellationTokenSource();
        var service = provider.GetRequiredService<TranscoderWorkerService>();
        return new TestWorker(provider, stop, service.RunAsync(stop.Token));
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Run.WaitAsync(TimeSpan.FromSeconds(15));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        try
        {
            await Run.WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (TranscoderWorkerException)
        {
            // Tests that expect the refusal assert on it themselves.
        }

        await _provider.DisposeAsync();
        _stop.Dispose();
    }
}

/// <summary>An <see cref="ITranscoder"/> that records what it is given and answers with fixed pixel counts.</summary>
internal sealed class FakeTranscoder(string name, long pixelsPerRendition = 1000) : ITranscoder
{
    public string Name { get; } = name;

    public ConcurrentQueue<(TranscodeSegment Segment, IReadOnlyList<VideoProfile> Profiles, TranscodeOptions? Options)> Calls { get; } = new();

    public ConcurrentQueue<string> EndedSessions { get; } = new();

    /// <summary>When set, each transcode signals <see cref="Started"/> and waits for it before answering.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<string> SessionEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Exception? Failure { get; set; }

    public async Task<TranscodeResult> TranscodeAsync(TranscodeSegment segment, IReadOnlyList<VideoProfile> profiles, TranscodeOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue((segment, profiles, options));
        Started.TrySetResult();
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Failure is { } failure)
        {
            throw failure;
        }

        var renditions = profiles.Select((p, i) => new TranscodedRendition(
            p,
            System.Text.Encoding.UTF8.GetBytes($"{Name}:{p.Name}:{segment.SequenceNumber}"),
            p.Width,
            p.Height,
            1,
            pixelsPerRendition + i)).ToArray();
        return new TranscodeResult(renditions, 1, TimeSpan.FromMilliseconds(1));
    }

    public ValueTask EndSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        EndedSessions.Enqueue(sessionId);
        SessionEnded.TrySetResult(sessionId);
        return ValueTask.CompletedTask;
    }
}

internal static class WorkerTests
{
    public static readonly VideoProfile[] Profiles = [VideoProfile.P144p30fps16x9, VideoProfile.P240p30fps16x9];

    public static TranscodeSegment Segment(long sequence = 1, int size = 4096)
    {
        var data = new byte[size];
        new Random((int)sequence).NextBytes(data);
        return new TranscodeSegment(data) { SequenceNumber = sequence, Duration = TimeSpan.FromSeconds(2) };
    }

    public static HttpClient CreateH2cClient() => new(new SocketsHttpHandler())
    {
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromSeconds(20),
    };

    public static HttpGrpcCallInvoker CreateGrpcClient(Uri address) => HttpGrpcCallInvoker.Create(address);
}
