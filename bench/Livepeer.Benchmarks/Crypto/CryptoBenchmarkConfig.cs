using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;

namespace Livepeer.Benchmarks.Crypto;

/// <summary>
/// One short job so that the whole suite finishes in a few minutes on two cores; bench/run.sh reads the
/// medians from the full JSON report.
/// </summary>
public sealed class CryptoBenchmarkConfig : ManualConfig
{
    public CryptoBenchmarkConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250)));
        AddColumn(StatisticColumn.Median, StatisticColumn.OperationsPerSecond);
        AddExporter(JsonExporter.Full);
    }
}
