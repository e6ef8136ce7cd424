using BenchmarkDotNet.Attributes;
using Livepeer.Protocol;
using Org.BouncyCastle.Crypto.Digests;

namespace Livepeer.Benchmarks.Crypto;

/// <summary>Keccak-256 over 232 bytes, the size of a ticket hash preimage.</summary>
[Config(typeof(CryptoBenchmarkConfig))]
[MemoryDiagnoser]
public class KeccakBenchmarks
{
    private readonly byte[] _input = new byte[232];
    private readonly byte[] _digest = new byte[32];
    private readonly KeccakDigest _bouncyCastle = new(256);

    [GlobalSetup]
    public void Setup() => new Random(232).NextBytes(_input);

    [Benchmark(Baseline = true)]
    public byte Keccak256_Span()
    {
        Keccak256.Hash(_input, _digest);
        return _digest[0];
    }

    [Benchmark]
    public byte BouncyCastle_KeccakDigest()
    {
        _bouncyCastle.BlockUpdate(_input, 0, _input.Length);
        _bouncyCastle.DoFinal(_digest, 0);
        return _digest[0];
    }
}
