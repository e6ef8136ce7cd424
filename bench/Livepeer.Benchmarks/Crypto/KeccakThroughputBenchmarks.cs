using BenchmarkDotNet.Attributes;
using Livepeer.Protocol;

namespace Livepeer.Benchmarks.Crypto;

/// <summary>
/// Keccak-256 over 1,000,000 bytes, the size of a segment an orchestrator hashes on every <c>/segment</c>: what
/// <see cref="Keccak256"/> runs (AVX-512F where the CPU has it) against its portable scalar absorption.
/// </summary>
[Config(typeof(CryptoBenchmarkConfig))]
public class KeccakThroughputBenchmarks
{
    private const int Rate = 136;

    private readonly byte[] _input = new byte[1_000_000];
    private readonly byte[] _digest = new byte[32];
    private readonly ulong[] _state = new ulong[25];

    [GlobalSetup]
    public void Setup() => new Random(1_000_000).NextBytes(_input);

    /// <summary>The whole blocks of the input through the scalar absorption only (the last partial block is left out).</summary>
    [Benchmark(Baseline = true)]
    public ulong Scalar_1MB()
    {
        Keccak256.AbsorbBlocksScalar(_input.AsSpan(0, _input.Length - (_input.Length % Rate)), _state);
        return _state[0];
    }

    /// <summary>The same blocks through the absorption <see cref="Keccak256"/> picks for this CPU.</summary>
    [Benchmark]
    public ulong Dispatched_1MB()
    {
        Keccak256.AbsorbBlocks(_input.AsSpan(0, _input.Length - (_input.Length % Rate)), _state);
        return _state[0];
    }

    /// <summary>The complete public one-shot hash, padding included.</summary>
    [Benchmark]
    public byte Hash_1MB()
    {
        Keccak256.Hash(_input, _digest);
        return _digest[0];
    }
}
