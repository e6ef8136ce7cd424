namespace Livepeer.Protocol;

/// <summary>
/// An incremental Keccak-256 (Ethereum's, see <see cref="Keccak256"/>) that lives on the heap, so it can hash data as
/// it arrives across <c>await</c>s (a request body read in chunks, say). Not thread-safe.
/// </summary>
public sealed class Keccak256Hasher
{
    private const int Rate = 136;

    private readonly ulong[] _state = new ulong[25];
    private readonly byte[] _pending = new byte[Rate];
    private int _pendingLength;

    /// <summary>The number of bytes appended since the last reset.</summary>
    public long Length { get; private set; }

    /// <summary>Appends bytes to the data being hashed.</summary>
    /// <param name="data">The bytes.</param>
    public void AppendData(ReadOnlySpan<byte> data)
    {
        Length += data.Length;
        if (_pendingLength > 0)
        {
            var take = Math.Min(Rate - _pendingLength, data.Length);
            data[..take].CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += take;
            data = data[take..];
            if (_pendingLength < Rate)
            {
                return;
            }

            Keccak256.AbsorbBlocks(_pending, _state);
            _pendingLength = 0;
        }

        var whole = data.Length - (data.Length % Rate);
        if (whole > 0)
        {
            Keccak256.AbsorbBlocks(data[..whole], _state);
            data = data[whole..];
        }

        data.CopyTo(_pending);
        _pendingLength = data.Length;
    }

    /// <summary>Writes the digest of everything appended and starts over.</summary>
    /// <param name="destination">At least 32 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public void GetHashAndReset(Span<byte> destination)
    {
        if (destination.Length < Keccak256.HashSize)
        {
            throw new ArgumentException("The destination must hold at least 32 bytes.", nameof(destination));
        }

        var pending = _pending.AsSpan();
        pending[_pendingLength..].Clear();
        pending[_pendingLength] ^= 0x01;
        pending[Rate - 1] ^= 0x80;
        Keccak256.AbsorbBlocks(pending, _state);
        for (var i = 0; i < 4; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(destination[(i * 8)..], _state[i]);
        }

        Array.Clear(_state);
        _pendingLength = 0;
        Length = 0;
    }

    /// <summary>Returns the digest of everything appended and starts over.</summary>
    /// <returns>The 32-byte digest.</returns>
    public byte[] GetHashAndReset()
    {
        var digest = new byte[Keccak256.HashSize];
        GetHashAndReset(digest);
        return digest;
    }
}
