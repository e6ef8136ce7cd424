using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Livepeer.Devnet;
using Livepeer.Gateway;
using Livepeer.Payments;
using Livepeer.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Livepeer.Benchmarks.Gateway;

/// <summary>
/// The gateway suite, on loopback with an orchestrator whose transcoder does nothing: (a) the latency the gateway adds
/// to a segment over calling the same orchestrator directly, on chain (tickets on a local devnet) and off chain;
/// (b) how many real-time streams one gateway sustains (see <see cref="GatewayCapacity"/>).
/// </summary>
internal static class GatewayBench
{
    private const double TargetAddedP50Ms = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = Settings.Parse(args);
        var segment = new byte[settings.SegmentBytes];
        Random.Shared.NextBytes(segment);
        var hashMs = MeasureHash(segment);
        var directory = Directory.CreateTempSubdirectory("lp-bench-gateway-").FullName;

        LatencyResult? offChain = null;
        if (settings.OffChainSegments > 0)
        {
            Console.Error.WriteLine($"[bench] gateway off chain: {settings.OffChainSegments} interleaved pairs");
            await using var orchestrator = await GatewayBenchHosts.StartOrchestratorAsync(null, null, Path.Combine(directory, "offchain"));
            var serviceUri = GatewayBenchHosts.ServiceUri(orchestrator);
            using var gatewayHost = await GatewayBenchHosts.StartGatewayAsync(serviceUri, null, null, directory, settings.PrepareTickets);
            var gateway = gatewayHost.Services.GetRequiredService<ILivepeerGateway>();
            offChain = await GatewayLatency.MeasureAsync(
                gateway, serviceUri, PrivateKeySigner.Generate(), sender: null, segment, settings.Warmup, settings.OffChainSegments, settings.GapMs, "latency-offchain");
            await gatewayHost.StopAsync();
        }

        Console.Error.WriteLine("[bench] gateway on chain: starting the devnet");
        await using var devnet = await LocalDevnet.StartAsync();
        var orchestratorAccount = devnet.Accounts[1];
        var gatewayAccount = devnet.Accounts[2];
        var payerAccount = devnet.Accounts[3];
        await devnet.ActivateOrchestratorAsync(orchestratorAccount, Wei.FromEther(1000));
        await devnet.FundGatewayAsync(gatewayAccount, Wei.FromEther(100), Wei.FromEther(100));
        await devnet.FundGatewayAsync(payerAccount, Wei.FromEther(100), Wei.FromEther(100));

        await using var chainOrchestrator = await GatewayBenchHosts.StartOrchestratorAsync(devnet, orchestratorAccount, Path.Combine(directory, "onchain"));
        var chainUri = GatewayBenchHosts.ServiceUri(chainOrchestrator);
        using var chainGateway = await GatewayBenchHosts.StartGatewayAsync(chainUri, devnet, gatewayAccount, directory, settings.PrepareTickets);
        using var payer = await GatewayBenchHosts.StartPayerAsync(devnet, payerAccount, directory);
        var gatewayOnChain = chainGateway.Services.GetRequiredService<ILivepeerGateway>();

        Console.Error.WriteLine($"[bench] gateway on chain: {settings.Segments} interleaved pairs of {settings.SegmentBytes} bytes");
        var onChain = await GatewayLatency.MeasureAsync(
            gatewayOnChain,
            chainUri,
            payerAccount.CreateSigner(),
            payer.Services.GetRequiredService<TicketSender>(),
            segment,
            settings.Warmup,
            settings.Segments,
            settings.GapMs,
            "latency-onchain");

        // The same on a small body: the gateway's cost that does not grow with the segment.
        LatencyResult? small = null;
        if (settings.SmallSegments > 0)
        {
            Console.Error.WriteLine($"[bench] gateway on chain: {settings.SmallSegments} interleaved pairs of {settings.SmallBytes} bytes");
            var smallSegment = new byte[settings.SmallBytes];
            Random.Shared.NextBytes(smallSegment);
            small = await GatewayLatency.MeasureAsync(
                gatewayOnChain,
                chainUri,
                payerAccount.CreateSigner(),
                payer.Services.GetRequiredService<TicketSender>(),
                smallSegment,
                settings.Warmup,
                settings.SmallSegments,
                settings.GapMs,
                "latency-onchain-small");
        }

        var capacity = await GatewayCapacity.MeasureAsync(
            gatewayOnChain, segment, settings.Levels, settings.CapacitySegments, TimeSpan.FromSeconds(settings.CapacityBudgetSeconds));

        var added = Stats.Percentile(onChain.GatewayMs, 0.50) - Stats.Percentile(onChain.BaselineMs, 0.50);
        var result = new
        {
            suite = "gateway",
            body_bytes = settings.SegmentBytes,
            renditions = GatewayBenchHosts.Profiles.Select(p => p.Name),
            transcoder = "no-op (renditions of 1,504 bytes with the profile's exact pixel count)",
            verify_pixels = false,
            prepare_tickets = settings.PrepareTickets,
            gap_ms = settings.GapMs,
            segment_hash_ms = Num(hashMs),
            latency = new
            {
                on_chain = Latency(onChain, settings.SegmentBytes),
                off_chain = offChain is null ? null : Latency(offChain, settings.SegmentBytes),
                on_chain_small = small is null ? null : Latency(small, settings.SmallBytes),
            },
            capacity = new
            {
                definition = "N streams opened with OpenStreamAsync, each pushing 2 s segments at real-time pace (segment k due at start + k*2 s, starts spread over 2 s); latency = due time to result read; a level is sustained when no segment failed and every latency <= 2000 ms",
                on_chain = true,
                segment_seconds = GatewayCapacity.SegmentDuration.TotalSeconds,
                segments_per_stream = settings.CapacitySegments,
                streams = capacity.Streams,
                stop = capacity.Stop,
                levels = capacity.Levels.Select(l => new
                {
                    streams = l.Streams,
                    segments = l.Segments,
                    failed = l.Failed,
                    open_ms = Num(l.OpenMs),
                    p50_ms = Num(l.P50Ms),
                    p99_ms = Num(l.P99Ms),
                    max_ms = Num(l.MaxMs),
                    sustained = l.Sustained,
                    first_error = l.FirstError,
                }),
            },
            targets = new
            {
                added_p50_ms = new { max = TargetAddedP50Ms, met = double.IsFinite(added) && added <= TargetAddedP50Ms },
            },
        };

        await File.WriteAllTextAsync(settings.Output, JsonSerializer.Serialize(result));
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // The ticket stores may still be closing; the folder is in the temp directory.
        }

        return 0;
    }

    private static object Latency(LatencyResult r, int bodyBytes)
    {
        double P(List<double> values, double p) => Stats.Percentile(values, p);
        var paired = r.GatewayMs.Select((g, i) => g - r.BaselineMs[i]).ToList();
        return new
        {
            body_bytes = bodyBytes,
            segments = r.GatewayMs.Count,
            gateway_p50_ms = Num(P(r.GatewayMs, 0.50)),
            gateway_p99_ms = Num(P(r.GatewayMs, 0.99)),
            baseline_p50_ms = Num(P(r.BaselineMs, 0.50)),
            baseline_p99_ms = Num(P(r.BaselineMs, 0.99)),
            added_p50_ms = Num(P(r.GatewayMs, 0.50) - P(r.BaselineMs, 0.50)),
            added_p99_ms = Num(P(r.GatewayMs, 0.99) - P(r.BaselineMs, 0.99)),
            paired_added_median_ms = Num(P(paired, 0.50)),
            segment_hash_p50_ms = Num(P(r.HashMs, 0.50)),
            added_p50_without_hash_ms = Num(P(r.GatewayMs, 0.50) - P(r.BaselineMs, 0.50) - P(r.HashMs, 0.50)),
            ratio_p50 = Num(P(r.GatewayMs, 0.50) / P(r.BaselineMs, 0.50)),
            tickets_per_segment = Num(r.GatewayMs.Count == 0 ? double.NaN : (double)r.GatewayTickets / r.GatewayMs.Count),
            baseline_tickets_per_segment = Num(r.BaselineMs.Count == 0 ? double.NaN : (double)r.BaselineTickets / r.BaselineMs.Count),
        };
    }

    /// <summary>The Keccak-256 of the segment, which the gateway computes to sign it (median of 21 after 5 warm-ups).</summary>
    private static double MeasureHash(byte[] segment)
    {
        var times = new List<double>();
        for (var i = 0; i < 26; i++)
        {
            var started = Stopwatch.GetTimestamp();
            _ = Keccak256.Hash(segment);
            if (i >= 5)
            {
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        return Stats.Percentile(times, 0.50);
    }

    private static double? Num(double value) => double.IsFinite(value) ? Math.Round(value, 3) : null;

    private sealed record Settings(
        int Warmup,
        int Segments,
        int OffChainSegments,
        int SegmentBytes,
        int SmallSegments,
        int SmallBytes,
        IReadOnlyList<int> Levels,
        int CapacitySegments,
        int CapacityBudgetSeconds,
        bool PrepareTickets,
        int GapMs,
        string Output)
    {
        public static Settings Parse(string[] args)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                values[args[i].TrimStart('-')] = args[i + 1];
            }

            int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
            var levels = values.TryGetValue("levels", out var l) ? l : "1,4,16,32,64,128,192,256,384,512";
            return new Settings(
                Int("warmup", 30),
                Int("segments", 300),
                Int("offchain-segments", 100),
                Int("segment-bytes", 1_000_000),
                Int("small-segments", 200),
                Int("small-bytes", 1000),
                [.. levels.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))],
                Int("capacity-segments", 5),
                Int("capacity-budget", 120),
                Int("prepare-tickets", 1) != 0,
                Int("gap-ms", 5),
                values.TryGetValue("out", out var o) ? o : "gateway.json");
        }
    }
}
