using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;

namespace Livepeer.Benchmarks.Payments;

/// <summary>
/// The short job of the crypto suite: 1 launch, 3 warmup and 10 measured iterations of 250 ms. The raw secp256k1
/// rates and the sender are measured with it, so that their medians are comparable.
/// </summary>
public sealed class PaymentsBenchmarkConfig : ManualConfig
{
    public PaymentsBenchmarkConfig()
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

/// <summary>
/// The recipient's job: a fixed number of invocations per iteration, because the tickets of an iteration are
/// pre-signed and each nonce is accepted only once; the recipient is replaced, unmeasured, before every iteration.
/// </summary>
public sealed class RecipientBenchmarkConfig : ManualConfig
{
    /// <summary>Invocations per iteration; the pre-signed pool holds this many invocations' tickets.</summary>
    public const int InvocationsPerIteration = 12;

    public RecipientBenchmarkConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithInvocationCount(InvocationsPerIteration)
            .WithUnrollFactor(1));
        AddColumn(StatisticColumn.Median, StatisticColumn.OperationsPerSecond);
        AddExporter(JsonExporter.Full);
    }
}

/// <summary>
/// Winning tickets with a durable SQLite write each (an fsync per ticket): few invocations, few iterations, since
/// one write costs milliseconds.
/// </summary>
public sealed class WinnerBenchmarkConfig : ManualConfig
{
    /// <summary>Invocations per iteration; fresh winning tickets are signed for each iteration.</summary>
    public const int InvocationsPerIteration = 8;

    public WinnerBenchmarkConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(6)
            .WithInvocationCount(InvocationsPerIteration)
            .WithUnrollFactor(1));
        AddColumn(StatisticColumn.Median, StatisticColumn.OperationsPerSecond);
        AddExporter(JsonExporter.Full);
    }
}
