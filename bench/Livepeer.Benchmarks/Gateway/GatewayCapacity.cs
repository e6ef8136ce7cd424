using System.Diagnostics;
using Livepeer.Gateway;

namespace Livepeer.Benchmarks.Gateway;

/// <summary>
/// How many live streams one gateway keeps up with. At each level N, N streams are opened with
/// <see cref="ILivepeerGateway.OpenStreamAsync"/>; each pushes its 2 s segments at real-time pace (segment k at
/// start + k × 2 s, the streams' starts spread evenly over one segment duration) and reads its results. A segment's
/// latency runs from the moment it was due to the moment its result is read, so a stream whose pushes are held up, or
/// whose results queue behind earlier ones, shows it. A level is sustained when no segment failed and every segment's
/// latency is at most the segment duration: past that, the stream's output falls behind its input. Levels go up until
/// one is not sustained, the list ends, or the time budget is spent.
/// </summary>
internal static class GatewayCapacity
{
    public static readonly TimeSpan SegmentDuration = TimeSpan.FromSeconds(2);

    /// <summary>A level that has not finished this long after its last segment was due is stopped.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    public static async Task<CapacityResult> MeasureAsync(ILivepeerGateway gateway, byte[] segment, IReadOnlyList<int> levels, int segmentsPerStream, TimeSpan budget)
    {
        var results = new List<CapacityLevel>();
        var began = Stopwatch.GetTimestamp();
        var sustained = 0;
        var stop = "all levels sustained";
        foreach (var streams in levels)
        {
            if (Stopwatch.GetElapsedTime(began) > budget)
            {
                stop = $"time budget of {budget.TotalSeconds:0} s spent before {streams} streams";
                break;
            }

            Console.Error.WriteLine($"[bench] gateway capacity: {streams} stream(s) x {segmentsPerStream} segments");
            var level = await RunLevelAsync(gateway, segment, streams, segmentsPerStream);
            results.Add(level);
            Console.Error.WriteLine(
                $"[bench]   p50 {level.P50Ms:0.0} ms, p99 {level.P99Ms:0.0} ms, max {level.MaxMs:0.0} ms, failed {level.Failed}, {(level.Sustained ? "sustained" : "NOT sustained")}");
            if (!level.Sustained)
            {
                stop = level.Failed > 0
                    ? $"{streams} streams: {level.Failed} segment(s) failed ({level.FirstError})"
                    : $"{streams} streams: a segment took {level.MaxMs:0} ms, more than the {SegmentDuration.TotalMilliseconds:0} ms segment";
                break;
            }

            sustained = streams;
        }

        return new CapacityResult(sustained, stop, results);
    }

    private static async Task<CapacityLevel> RunLevelAsync(ILivepeerGateway gateway, byte[] segment, int streamCount, int segmentsPerStream)
    {
        var opening = Stopwatch.GetTimestamp();
        var streams = await Task.WhenAll(Enumerable.Range(0, streamCount).Select(i =>
            gateway.OpenStreamAsync($"capacity-{streamCount}-{i}", GatewayBenchHosts.Profiles)));
        var openMs = Stopwatch.GetElapsedTime(opening).TotalMilliseconds;

        var latencies = new List<double>(streamCount * segmentsPerStream);
        var failed = 0;
        string? firstError = null;
        var gate = new Lock();
        using var deadline = new CancellationTokenSource(SegmentDuration * segmentsPerStream + SegmentDuration + Grace);
        var start = Stopwatch.GetTimestamp();
        try
        {
            await Task.WhenAll(streams.Select((stream, i) => RunStreamAsync(stream, i)));
        }
        finally
        {
            await Task.WhenAll(streams.Select(s => s.DisposeAsync().AsTask()));
        }

        var expected = streamCount * segmentsPerStream;
        var missing = expected - latencies.Count - failed;
        failed += missing;
        var max = latencies.Count > 0 ? latencies.Max() : double.NaN;
        return new CapacityLevel(
            streamCount,
            expected,
            failed,
            Math.Round(openMs, 1),
            Stats.Percentile(latencies, 0.50),
            Stats.Percentile(latencies, 0.99),
            max,
            failed == 0 && max <= SegmentDuration.TotalMilliseconds,
            firstError ?? (missing > 0 ? $"{missing} result(s) missing when the level was stopped" : null));

        async Task RunStreamAsync(ILivepeerStream stream, int index)
        {
            var offset = SegmentDuration * index / streamCount;
            var due = new long[segmentsPerStream];
            var reader = ReadAsync();
            try
            {
                for (var k = 0; k < segmentsPerStream; k++)
                {
                    var at = offset + (SegmentDuration * k);
                    var wait = at - Stopwatch.GetElapsedTime(start);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, deadline.Token);
                    }

                    Volatile.Write(ref due[k], start + (long)(at.TotalSeconds * Stopwatch.Frequency));
                    await stream.PushAsync(new SourceSegment(k, segment, SegmentDuration), deadline.Token);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or GatewayException)
            {
                Note(ex.Message);
            }
            finally
            {
                stream.Complete();
            }

            await reader;

            async Task ReadAsync()
            {
                try
                {
                    await foreach (var outcome in stream.ReadResultsAsync(deadline.Token))
                    {
                        var latency = Stopwatch.GetElapsedTime(Volatile.Read(ref due[outcome.Sequence])).TotalMilliseconds;
                        Record(outcome.Error is null ? latency : null, outcome.Error?.Message);
                    }
                }
                catch (Exception ex) when (ex is OperationCanceledException or GatewayException)
                {
                    Note(ex.Message);
                }
            }
        }

        // A stream that stopped early leaves segments without a result; they are counted as failed at the end.
        void Note(string error)
        {
            lock (gate)
            {
                firstError ??= error;
            }
        }

        void Record(double? latency, string? error)
        {
            lock (gate)
            {
                if (latency is { } ms)
                {
                    latencies.Add(ms);
                }
                else
                {
                    failed++;
                    firstError ??= error;
                }
            }
        }
    }
}

/// <summary>One level: N streams, their segments, and how their latencies came out.</summary>
internal sealed record CapacityLevel(
    int Streams,
    int Segments,
    int Failed,
    double OpenMs,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    bool Sustained,
    string? FirstError);

/// <summary>The largest level sustained, why the search stopped, and every level run.</summary>
internal sealed record CapacityResult(int Streams, string Stop, IReadOnlyList<CapacityLevel> Levels);
