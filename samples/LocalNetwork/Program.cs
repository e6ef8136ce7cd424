using System.Diagnostics;
using LocalNetwork;

// Usage: LocalNetwork [--offchain] [--out <folder>]
// Starts a local Livepeer network (anvil with the genuine contracts and three in-process orchestrators), then sends a
// 20-second clip through ILivepeerGateway as a three-rendition ladder, paying in tickets, and writes it as HLS. With
// --offchain there is no anvil: the orchestrators run off chain and nothing is paid.
if (!DemoSettings.TryParse(args, out var settings, out var usage))
{
    var help = args.Any(a => a is "-h" or "--help");
    (help ? Console.Out : Console.Error).WriteLine(usage);
    return help ? 0 : 2;
}

var total = Stopwatch.StartNew();
using var stop = new CancellationTokenSource(DemoSettings.Deadline);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    Console.WriteLine($"Livepeer local network demo ({(settings.OffChain ? "off chain" : "on chain")}), output in {settings.OutputDirectory}");
    var clip = await SourceClip.CreateAsync(Path.Combine(settings.OutputDirectory, "source"), stop.Token);
    Console.WriteLine($"clip: {clip.Segments.Count} segments, {clip.Duration.TotalSeconds:0.#} s ({Elapsed(total)})");

    await using var network = await DemoNetwork.StartAsync(settings, stop.Token);
    Console.WriteLine($"network ready ({Elapsed(total)})");
    foreach (var orchestrator in network.Orchestrators)
    {
        Console.WriteLine($"  {orchestrator.Describe(network.OnChain)}");
    }

    var before = await network.ReadGatewayFundsAsync(stop.Token);
    using var report = new DemoReport(network.Orchestrators, DemoSettings.Profiles, network.OnChain);
    var outcomes = await GatewayRun.TranscodeAsync(settings, network, clip, report, stop.Token);

    var hls = HlsOutput.Write(settings.OutputDirectory, DemoSettings.Profiles, clip, outcomes);
    var payments = await network.SettlePaymentsAsync(before, report.TicketsWon, stop.Token);
    report.PrintSummary(outcomes, payments);

    var problems = await HlsOutput.CheckAsync(hls, DemoSettings.Profiles, clip.Duration, stop.Token);
    var failed = outcomes.Count(o => o.Result is null);
    if (failed > 0)
    {
        problems.Add($"{failed} of {outcomes.Count} segments failed on every attempt");
    }

    Console.WriteLine($"total time {Elapsed(total)}");
    if (problems.Count > 0)
    {
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"FAILED: {problem}");
        }
        return 1;
    }

    Console.WriteLine($"OK: play {hls.MasterPlaylist} (e.g. ffplay or any HLS player)");
    return 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine($"FAILED: stopped after {Elapsed(total)} (Ctrl+C or the {DemoSettings.Deadline.TotalSeconds:0} s limit).");
    return 1;
}
catch (DemoException ex)
{
    Console.Error.WriteLine($"FAILED: {ex.Message}");
    Console.Error.WriteLine($"total time {Elapsed(total)}");
    return 1;
}
catch (Exception ex)
{
    Console.Error.WriteLine($"FAILED: unexpected error after {Elapsed(total)}: {ex}");
    return 1;
}

static string Elapsed(Stopwatch watch) => $"{watch.Elapsed.TotalSeconds:0.0} s";
