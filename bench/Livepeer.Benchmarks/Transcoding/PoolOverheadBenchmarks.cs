using BenchmarkDotNet.Attributes;
using Livepeer.Benchmarks.Crypto;
using Livepeer.Transcoding;

namespace Livepeer.Benchmarks.Transcoding;

/// <summary>
/// What the pool itself adds per segment (placement, the session queue and loop, the device slot, telemetry), over an
/// engine that returns a ready result at once.
/// </summary>
[Config(typeof(CryptoBenchmarkConfig))]
[MemoryDiagnoser]
public class PoolOverheadBenchmarks
{
    private readonly InstantTranscoder _engine = new();
    private readonly TranscodeSegment _segment = new(new byte[188]);
    private readonly TranscodeOptions _session = new() { SessionId = "bench-stream" };
    private readonly TranscodeOptions _sessionless = new();
    private IReadOnlyList<VideoProfile> _ladder = [];
    private ITranscoderPool? _pool;

    [GlobalSetup]
    public void Setup()
    {
        _ladder = TranscodingConfiguration.ParseProfiles(RealTimeTranscodingBench.LadderJson);
        _pool = TranscoderPoolFactory.Create(_engine, HardwareInfo.SoftwareOnly, new LivepeerTranscodingOptions { Devices = "none" });
    }

    [GlobalCleanup]
    public void Cleanup() => _pool!.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task<TranscodeResult> Engine_Direct() => _engine.TranscodeAsync(_segment, _ladder, _session);

    [Benchmark]
    public Task<TranscodeResult> Pool_Session() => _pool!.TranscodeAsync(_segment, _ladder, _session);

    [Benchmark]
    public Task<TranscodeResult> Pool_Sessionless() => _pool!.TranscodeAsync(_segment, _ladder, _sessionless);

    private sealed class InstantTranscoder : ITranscoder
    {
        private static readonly Task<TranscodeResult> Result = Task.FromResult(new TranscodeResult([], 60, TimeSpan.Zero));

        public Task<TranscodeResult> TranscodeAsync(TranscodeSegment segment, IReadOnlyList<VideoProfile> profiles, TranscodeOptions? options = null, CancellationToken cancellationToken = default) => Result;
    }
}
