using BenchmarkDotNet.Attributes;
using Livepeer.Protocol;

namespace Livepeer.Benchmarks.Crypto;

/// <summary>
/// Signing a 32-byte digest, and recovering the signer's address from it (public-key recovery plus the
/// Keccak-256 of the key, as <c>EthSignature.RecoverAddress</c> does), for each secp256k1 backend.
/// </summary>
[Config(typeof(CryptoBenchmarkConfig))]
[MemoryDiagnoser]
public class Secp256k1Benchmarks
{
    // Enough distinct inputs that no backend can profit from a repeated digest.
    private const int InputCount = 64;

    private readonly byte[][] _digests = new byte[InputCount][];
    private readonly byte[][] _signatures = new byte[InputCount][];
    private readonly int[] _recoveryIds = new int[InputCount];
    private readonly byte[] _privateKey = Hex.Decode("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
    private readonly byte[] _signature = new byte[64];
    private readonly byte[] _publicKey = new byte[64];
    private readonly byte[] _addressHash = new byte[32];
    private Secp256k1 _backend = null!;
    private int _next;

    /// <summary>"native" appears only where libsecp256k1 loads on this machine.</summary>
    public static IEnumerable<string> Backends()
    {
        if (Secp256k1.Native is not null)
        {
            yield return "native";
        }
        yield return "managed";
    }

    [ParamsSource(nameof(Backends))]
    public string Backend { get; set; } = "managed";

    [GlobalSetup]
    public void Setup()
    {
        _backend = Backend == "native"
            ? Secp256k1.Native ?? throw new InvalidOperationException("libsecp256k1 did not load.")
            : Secp256k1.Managed;
        var random = new Random(64);
        for (var i = 0; i < InputCount; i++)
        {
            _digests[i] = new byte[32];
            random.NextBytes(_digests[i]);
            _signatures[i] = new byte[64];
            if (!_backend.TrySign(_privateKey, _digests[i], _signatures[i], out _recoveryIds[i]))
            {
                throw new InvalidOperationException($"{_backend.Name} could not sign input {i}.");
            }
        }
    }

    [Benchmark]
    public int Sign()
    {
        var i = _next++ & (InputCount - 1);
        _backend.TrySign(_privateKey, _digests[i], _signature, out var recoveryId);
        return recoveryId;
    }

    [Benchmark]
    public byte Recover()
    {
        var i = _next++ & (InputCount - 1);
        _backend.TryRecover(_digests[i], _signatures[i], _recoveryIds[i], _publicKey);
        Keccak256.Hash(_publicKey, _addressHash);
        return _addressHash[12];
    }
}
