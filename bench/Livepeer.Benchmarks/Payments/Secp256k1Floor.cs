using Livepeer.Protocol;

namespace Livepeer.Benchmarks.Payments;

/// <summary>
/// The floors the sender and the recipient are compared with: one libsecp256k1 signature of a 32-byte digest, and
/// one public-key recovery, through the SDK's P/Invoke binding and nothing else. Each benchmark class measures its
/// floor as its baseline, right next to the full path, so that both see the same machine load.
/// </summary>
internal sealed class Secp256k1Floor
{
    // Enough distinct inputs that nothing profits from a repeated digest; a power of two for the index mask.
    private const int InputCount = 64;

    private readonly byte[][] _digests = new byte[InputCount][];
    private readonly byte[][] _signatures = new byte[InputCount][];
    private readonly int[] _recoveryIds = new int[InputCount];
    private readonly byte[] _privateKey = Hex.Decode("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
    private readonly byte[] _signature = new byte[64];
    private readonly byte[] _publicKey = new byte[64];
    private readonly Secp256k1 _native;
    private int _next;

    public Secp256k1Floor()
    {
        _native = Secp256k1.Native ?? throw new InvalidOperationException("libsecp256k1 did not load.");
        var random = new Random(64);
        for (var i = 0; i < InputCount; i++)
        {
            _digests[i] = new byte[32];
            random.NextBytes(_digests[i]);
            _signatures[i] = new byte[64];
            if (!_native.TrySign(_privateKey, _digests[i], _signatures[i], out _recoveryIds[i]))
            {
                throw new InvalidOperationException($"libsecp256k1 could not sign input {i}.");
            }
        }
    }

    public int Sign(int count)
    {
        var sum = 0;
        for (var n = 0; n < count; n++)
        {
            var i = _next++ & (InputCount - 1);
            _native.TrySign(_privateKey, _digests[i], _signature, out var recoveryId);
            sum += recoveryId;
        }
        return sum;
    }

    public int Recover(int count)
    {
        var sum = 0;
        for (var n = 0; n < count; n++)
        {
            var i = _next++ & (InputCount - 1);
            _native.TryRecover(_digests[i], _signatures[i], _recoveryIds[i], _publicKey);
            sum += _publicKey[0];
        }
        return sum;
    }
}
