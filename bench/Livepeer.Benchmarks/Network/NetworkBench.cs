using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Google.Protobuf;
using Livepeer.Devnet;
using Livepeer.Network;
using Livepeer.Orchestrator;
using Livepeer.Payments;
using Livepeer.Protocol;
using Livepeer.Transcoding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wire = Livepeer.Network.Wire;

namespace Livepeer.Benchmarks.Network;

/// <summary>
/// The orchestrator's own cost on loopback, against a baseline served by the same Kestrel listener in the same run:
/// (a) GetOrchestrator calls per second with signature verification, pricing, ticket parameters and an auth token,
/// against a gRPC method that returns a prepared OrchestratorInfo of the same size; (b) the latency of POST /segment
/// with real tickets and a transcoder that does nothing, against a POST that reads the same body and returns a
/// prepared TranscodeResult. The orchestrator is paid on a local devnet (anvil with the genuine contracts).
/// </summary>
internal static class NetworkBench
{
    private static readonly GrpcMethod<Wire.OrchestratorRequest, Wire.OrchestratorInfo> BaselineMethod =
        new(GrpcMethodType.Unary, "bench.Baseline", "GetOrchestrator", Wire.OrchestratorRequest.Parser, Wire.OrchestratorInfo.Parser);

    private static readonly VideoProfile[] Profiles = [VideoProfile.P240p30fps16x9, VideoProfile.P360p30fps16x9];

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = Settings.Parse(args);
        await using var devnet = await LocalDevnet.StartAsync();
        var orchestratorAccount = devnet.Accounts[1];
        var gatewayAccount = devnet.Accounts[2];
        await devnet.ActivateOrchestratorAsync(orchestratorAccount, Wei.FromEther(1000));
        await devnet.FundGatewayAsync(gatewayAccount, Wei.FromEther(100), Wei.FromEther(100));

        var directory = Directory.CreateTempSubdirectory("lp-bench-network-").FullName;
        await using var orchestrator = await StartOrchestratorAsync(devnet, orchestratorAccount, directory);
        using var gateway = await Gateway.GatewayBenchHosts.StartPayerAsync(devnet, gatewayAccount, directory);
        var serviceUri = orchestrator.Services.GetRequiredService<OrchestratorEndpoint>().ServiceUri;
        var signer = gatewayAccount.CreateSigner();
        using var client = new OrchestratorClient(serviceUri);

        // The baseline answers with a real OrchestratorInfo, so that both sides move the same bytes.
        var prepared = await client.GetOrchestratorAsync(signer);
        var preparedWire = await FetchWireInfoAsync(serviceUri, signer);
        orchestrator.Services.GetRequiredService<BaselineState>().Info = preparedWire;

        var rps = new List<double>();
        var baselineRps = new List<double>();
        for (var round = 0; round < settings.Rounds; round++)
        {
            rps.Add(await MeasureRpsAsync(() => client.GetOrchestratorAsync(signer), settings));
            baselineRps.Add(await MeasureRpsAsync(() => CallBaselineAsync(serviceUri, signer), settings));
        }

        var sender = gateway.Services.GetRequiredService<TicketSender>();
        var segment = new byte[settings.SegmentBytes];
        Random.Shared.NextBytes(segment);
        orchestrator.Services.GetRequiredService<BaselineState>().Result = new Wire.TranscodeResult { Seq = 1, Info = preparedWire }.ToByteArray();
        var (segmentMs, baselineMs) = await MeasureSegmentsAsync(client, serviceUri, signer, sender, prepared, segment, settings);

        var result = new
        {
            suite = "network",
            get_orchestrator = new
            {
                rps_median = Round(Median(rps), 1),
                baseline_rps_median = Round(Median(baselineRps), 1),
                ratio_vs_baseline = Round(Median(rps) / Median(baselineRps), 3),
                rounds = rps.Select(r => Round(r, 1)),
                baseline_rounds = baselineRps.Select(r => Round(r, 1)),
                concurrency = settings.Concurrency,
            },
            segment = new
            {
                body_bytes = settings.SegmentBytes,
                requests = segmentMs.Count,
                p50_ms = Round(Percentile(segmentMs, 0.50), 3),
                p99_ms = Round(Percentile(segmentMs, 0.99), 3),
                baseline_p50_ms = Round(Percentile(baselineMs, 0.50), 3),
                baseline_p99_ms = Round(Percentile(baselineMs, 0.99), 3),
                overhead_p50_ms = Round(Percentile(segmentMs, 0.50) - Percentile(baselineMs, 0.50), 3),
                overhead_p99_ms = Round(Percentile(segmentMs, 0.99) - Percentile(baselineMs, 0.99), 3),
                ratio_p50_vs_baseline = Round(Percentile(segmentMs, 0.50) / Percentile(baselineMs, 0.50), 3),
            },
            targets = new
            {
                get_orchestrator_rps = new { min = 1000, met = Median(rps) >= 1000 },
                segment_p50_ms = new { max = 2, met = Percentile(segmentMs, 0.50) <= 2 },
                segment_p99_ms = new { max = 10, met = Percentile(segmentMs, 0.99) <= 10 },
                // The time to move the body to the orchestrator is the baseline's too; the orchestrator's overhead is what it adds.
                segment_overhead_p50_ms = new { max = 2, met = Percentile(segmentMs, 0.50) - Percentile(baselineMs, 0.50) <= 2 },
                segment_overhead_p99_ms = new { max = 10, met = Percentile(segmentMs, 0.99) - Percentile(baselineMs, 0.99) <= 10 },
            },
        };

        var json = JsonSerializer.Serialize(result);
        await File.WriteAllTextAsync(settings.Output, json);
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // The ticket store may still be closing; the folder is in the temp directory.
        }

        return 0;
    }

    private static async Task<double> MeasureRpsAsync(Func<Task> call, Settings settings)
    {
        for (var i = 0; i < settings.Warmup; i++)
        {
            await call();
        }

        long completed = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(settings.Seconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var loops = Enumerable.Range(0, settings.Concurrency).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                await call();
                Interlocked.Increment(ref completed);
            }
        });
        await Task.WhenAll(loops);
        return completed / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task<(List<double> Segment, List<double> Baseline)> MeasureSegmentsAsync(
        OrchestratorClient client,
        Uri serviceUri,
        ISigner signer,
        TicketSender sender,
        OrchestratorInfo info,
        byte[] segment,
        Settings settings)
    {
        using var http = CreateHttpClient(serviceUri);
        var segmentMs = new List<double>();
        var baselineMs = new List<double>();
        var total = settings.Warmup + settings.Segments;
        for (var seq = 0; seq < total; seq++)
        {
            // Tickets and the segment signature are the gateway's work, so they are made before the clock starts.
            var session = sender.StartSession(info.TicketParams!, info.PriceInfo!.Value);
            var batch = await sender.CreateTicketBatchAsync(session, 1);
            var credentials = await OrchestratorClient.CreateSegmentCredentialsAsync(
                signer, info, "bench", seq, segment, TimeSpan.FromSeconds(2), Profiles);

            var started = Stopwatch.GetTimestamp();
            var result = await client.SubmitSegmentAsync(info, credentials, batch.ToPayment(), segment);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            info = result.Info ?? info;

            started = Stopwatch.GetTimestamp();
            using (var response = await http.PostAsync("/bench/segment", new ByteArrayContent(segment)))
            {
                await response.Content.ReadAsByteArrayAsync();
                response.EnsureSuccessStatusCode();
            }

            var baseline = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (seq >= settings.Warmup)
            {
                segmentMs.Add(elapsed);
                baselineMs.Add(baseline);
            }
        }

        return (segmentMs, baselineMs);
    }

    private static async Task<WebApplication> StartOrchestratorAsync(LocalDevnet devnet, DevnetAccount account, string directory)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Benchmark" });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(Gateway.GatewayBenchHosts.ChainSettings(devnet, account, Path.Combine(directory, "orchestrator.db")));
        builder.Services.AddSingleton<ITranscoder, NoOpTranscoder>();
        builder.Services.AddSingleton<BaselineState>();
        builder.Services.AddLivepeerOrchestrator(builder.Configuration);
        builder.Services.Configure<LivepeerOrchestratorOptions>(o =>
        {
            o.ServiceUri = new Uri("http://127.0.0.1:0");
            o.ListenAddress = "127.0.0.1:0";
            o.DataDirectory = directory;
            o.PricePerUnit = 1;
            o.PixelsPerUnit = 1;
        });

        var app = builder.Build();
        app.MapLivepeerOrchestrator();
        var state = app.Services.GetRequiredService<BaselineState>();
        app.MapGrpcMethods(binder => binder.AddUnaryMethod(
            BaselineMethod,
            (_, _) => Task.FromResult(state.Info ?? new Wire.OrchestratorInfo())));
        app.MapPost("/bench/segment", async (HttpContext context) =>
        {
            var buffer = new byte[64 * 1024];
            while (await context.Request.Body.ReadAsync(buffer) > 0)
            {
            }

            context.Response.ContentType = "application/octet-stream";
            await context.Response.Body.WriteAsync(state.Result);
        });
        await app.StartAsync();
        return app;
    }

    private static async Task<Wire.OrchestratorInfo> FetchWireInfoAsync(Uri serviceUri, ISigner signer)
    {
        using var invoker = HttpGrpcCallInvoker.Create(serviceUri);
        var request = await BaselineRequestAsync(signer);
        return await invoker.UnaryCallAsync(OrchestratorMethods.GetOrchestrator, request, TimeSpan.FromSeconds(8), CancellationToken.None);
    }

    private static Wire.OrchestratorRequest? _baselineRequest;
    private static HttpGrpcCallInvoker? _baselineInvoker;

    private static async Task CallBaselineAsync(Uri serviceUri, ISigner signer)
    {
        _baselineInvoker ??= HttpGrpcCallInvoker.Create(serviceUri);
        _baselineRequest ??= await BaselineRequestAsync(signer);
        await _baselineInvoker.UnaryCallAsync(BaselineMethod, _baselineRequest, TimeSpan.FromSeconds(8), CancellationToken.None);
    }

    private static async Task<Wire.OrchestratorRequest> BaselineRequestAsync(ISigner signer)
    {
        var signature = await WireSignatures.SignOrchestratorRequestAsync(signer);
        return new Wire.OrchestratorRequest
        {
            Address = Google.Protobuf.ByteString.CopyFrom(signer.Address.ToArray()),
            Sig = Google.Protobuf.ByteString.CopyFrom(signature.ToArray()),
        };
    }

    private static HttpClient CreateHttpClient(Uri baseUri) => new(new SocketsHttpHandler())
    {
        BaseAddress = baseUri,
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }

    private static double Round(double value, int digits) => Math.Round(value, digits);

    private sealed class BaselineState
    {
        public Wire.OrchestratorInfo? Info { get; set; }

        public byte[] Result { get; set; } = [];
    }

    /// <summary>Returns one small rendition per profile with its exact pixel count, without running ffmpeg.</summary>
    private sealed class NoOpTranscoder : ITranscoder
    {
        private static readonly byte[] Rendition = new byte[188 * 8];

        public Task<TranscodeResult> TranscodeAsync(TranscodeSegment segment, IReadOnlyList<VideoProfile> profiles, TranscodeOptions? options = null, CancellationToken cancellationToken = default)
        {
            var renditions = profiles
                .Select(p => new TranscodedRendition(p, Rendition, p.Width, p.Height, 60, (long)p.Width * p.Height * 60))
                .ToList();
            return Task.FromResult(new TranscodeResult(renditions, 60, TimeSpan.Zero));
        }
    }

    private sealed record Settings(int Rounds, double Seconds, int Concurrency, int Warmup, int Segments, int SegmentBytes, string Output)
    {
        public static Settings Parse(string[] args)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                values[args[i].TrimStart('-')] = args[i + 1];
            }

            int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
            return new Settings(
                Int("rounds", 3),
                values.TryGetValue("seconds", out var s) ? double.Parse(s, CultureInfo.InvariantCulture) : 5,
                Int("concurrency", 16),
                Int("warmup", 50),
                Int("segments", 500),
                Int("segment-bytes", 1_000_000),
                values.TryGetValue("out", out var o) ? o : "network.json");
        }
    }
}
