using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace Livepeer.Benchmarks.Payments;

/// <summary>
/// What the payments suite shares: the benchmarks run in the host process, so that they can be timed with
/// <see cref="ProcessCpuClock"/> (the default; <c>LIVEPEER_BENCH_PAYMENTS_CLOCK=wall</c> selects wall time), and
/// the full JSON report that bench/run.sh reads.
/// </summary>
internal static class PaymentsJobs
{
    public static IClock CpuBoundClock
        => string.Equals(Environment.GetEnvironmentVariable("LIVEPEER_BENCH_PAYMENTS_CLOCK"), "wall", StringComparison.OrdinalIgnoreCase)
            ? Chronometer.BestClock
            : ProcessCpuClock.Instance;

    public static Job Short(IClock clock, int warmups, int iterations)
        => Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithClock(clock)
            .WithLaunchCount(1)
            .WithWarmupCount(warmups)
            .WithIterationCount(iterations);

    public static void Configure(ManualConfig config, Job job)
    {
        config.AddJob(job);
        config.AddColumn(StatisticColumn.Median, StatisticColumn.OperationsPerSecond);
        config.AddExporter(JsonExporter.Full);
    }
}

/// <summary>
/// The short job of the crypto suite (3 warmup and 10 measured iterations of 250 ms) on the CPU-time clock. The raw
/// secp256k1 rates and the sender are measured with it, so that their medians are comparable.
/// </summary>
public sealed class PaymentsBenchmarkConfig : ManualConfig
{
    public PaymentsBenchmarkConfig()
        => PaymentsJobs.Configure(this, PaymentsJobs.Short(PaymentsJobs.CpuBoundClock, warmups: 3, iterations: 10)
            .WithIterationTime(TimeInterval.FromMilliseconds(250)));
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
        => PaymentsJobs.Configure(this, PaymentsJobs.Short(PaymentsJobs.CpuBoundClock, warmups: 3, iterations: 10)
            .WithInvocationCount(InvocationsPerIteration)
            .WithUnrollFactor(1));
}

/// <summary>
/// Winning tickets with a durable SQLite write each (an fsync per ticket): few invocations, few iterations, since
/// one write costs milliseconds. Wall time, because waiting for the disk is the cost here.
/// </summary>
public sealed class WinnerBenchmarkConfig : ManualConfig
{
    /// <summary>Invocations per iteration; fresh winning tickets are signed for each iteration.</summary>
    public const int InvocationsPerIteration = 8;

    public WinnerBenchmarkConfig()
        => PaymentsJobs.Configure(this, PaymentsJobs.Short(Chronometer.BestClock, warmups: 1, iterations: 6)
            .WithInvocationCount(InvocationsPerIteration)
            .WithUnrollFactor(1));
}
