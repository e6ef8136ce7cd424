using System.Collections.Concurrent;
using Livepeer.Protocol;

namespace Livepeer.Gateway;

/// <summary>
/// Nonces for the gateway's segment signatures, prepared off the segment's path when its key is a
/// <see cref="PrivateKeySigner"/>: k·G, most of a signature's cost, is done between segments (or while a large segment
/// is hashed), and the segment's signature then takes a few multiplications. Another <see cref="ISigner"/> (a remote
/// signer, say) signs as it always does.
/// </summary>
internal sealed class SegmentPresigner
{
    /// <summary>The most nonces kept ready.</summary>
    public const int Capacity = 16;

    private readonly ConcurrentQueue<Presignature> _ready = new();
    private int _count;
    private long _used;

    /// <summary>Nonces ready now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Segment signatures made with a prepared nonce so far.</summary>
    public long Used => Interlocked.Read(ref _used);

    /// <summary>
    /// The signer for one segment's credentials: <paramref name="signer"/> with a ready nonce, or with one made now when
    /// <paramref name="makeNow"/> (the caller has time to spare, waiting for the segment's hash); otherwise the signer
    /// itself.
    /// </summary>
    public ISigner For(ISigner signer, bool makeNow)
    {
        if (signer is not PrivateKeySigner key)
        {
            return signer;
        }

        while (_ready.TryDequeue(out var ready))
        {
            Interlocked.Decrement(ref _count);
            if (ReferenceEquals(ready.Owner, key) && !ready.IsSpent)
            {
                Interlocked.Increment(ref _used);
                return new PresignedSigner(key, ready);
            }

            ready.Discard();
        }

        if (!makeNow)
        {
            return signer;
        }

        Interlocked.Increment(ref _used);
        return new PresignedSigner(key, key.Presign());
    }

    /// <summary>Prepares one nonce for a later segment, unless <see cref="Capacity"/> are ready.</summary>
    public void Refill(ISigner signer)
    {
        if (signer is not PrivateKeySigner key)
        {
            return;
        }

        if (Interlocked.Increment(ref _count) > Capacity)
        {
            Interlocked.Decrement(ref _count);
            return;
        }

        try
        {
            _ready.Enqueue(key.Presign());
        }
        catch
        {
            Interlocked.Decrement(ref _count);
            throw;
        }
    }

    /// <summary>Forgets every ready nonce.</summary>
    public void Clear()
    {
        while (_ready.TryDequeue(out var ready))
        {
            Interlocked.Decrement(ref _count);
            ready.Discard();
        }
    }

    /// <summary>Signs one digest with its prepared nonce.</summary>
    private sealed class PresignedSigner(PrivateKeySigner key, Presignature presignature) : ISigner
    {
        public EthAddress Address => key.Address;

        public ValueTask<EthSignature> SignDigestAsync(ReadOnlyMemory<byte> digest, CancellationToken cancellationToken = default)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                presignature.Discard();
                return ValueTask.FromCanceled<EthSignature>(cancellationToken);
            }

            return new ValueTask<EthSignature>(key.SignDigest(digest.Span, presignature));
        }
    }
}
