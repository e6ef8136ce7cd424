using System.Buffers.Binary;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Livepeer.Protocol;

/// <summary>
/// The original Keccak-256 used by Ethereum (padding byte 0x01). This is not NIST SHA3-256, which pads
/// with 0x06 and gives different digests. The incremental hasher is a ref struct, so its state cannot be
/// copied by accident.
/// </summary>
public ref struct Keccak256
{
    /// <summary>The digest length in bytes.</summary>
    public const int HashSize = 32;

    private const int Rate = 136;

    /// <summary>Iota's constants, one per round of Keccak-f[1600].</summary>
    internal static readonly ulong[] RoundConstants =
    [
        0x0000000000000001UL, 0x0000000000008082UL, 0x800000000000808aUL, 0x8000000080008000UL,
        0x000000000000808bUL, 0x0000000080000001UL, 0x8000000080008081UL, 0x8000000000008009UL,
        0x000000000000008aUL, 0x0000000000000088UL, 0x0000000080008009UL, 0x000000008000000aUL,
        0x000000008000808bUL, 0x800000000000008bUL, 0x8000000000008089UL, 0x8000000000008003UL,
        0x8000000000008002UL, 0x8000000000000080UL, 0x000000000000800aUL, 0x800000008000000aUL,
        0x8000000080008081UL, 0x8000000000008080UL, 0x0000000080000001UL, 0x8000000080008008UL,
    ];

    private StateBuffer _state;
    private BlockBuffer _pending;
    private int _pendingLength;

    [InlineArray(25)]
    private struct StateBuffer
    {
        private ulong _element0;
    }

    [InlineArray(Rate)]
    private struct BlockBuffer
    {
        private byte _element0;
    }

    /// <summary>Hashes <paramref name="data"/> into a new 32-byte array.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var digest = new byte[HashSize];
        Hash(data, digest);
        return digest;
    }

    /// <summary>Hashes <paramref name="data"/> into <paramref name="destination"/> (at least 32 bytes) without allocating.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var hasher = default(Keccak256);
        hasher.Append(data);
        hasher.Finish(destination);
    }

    /// <summary>Hashes the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static byte[] Hash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Hash(System.Text.Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Absorbs more input. A default-initialised instance is ready to use.</summary>
    public void Append(scoped ReadOnlySpan<byte> data)
    {
        Span<byte> pending = _pending;
        if (_pendingLength > 0)
        {
            var take = Math.Min(Rate - _pendingLength, data.Length);
            data[..take].CopyTo(pending[_pendingLength..]);
            _pendingLength += take;
            data = data[take..];
            if (_pendingLength < Rate)
            {
                return;
            }
            AbsorbBlocks(pending, _state);
            _pendingLength = 0;
        }
        var whole = data.Length - (data.Length % Rate);
        if (whole > 0)
        {
            AbsorbBlocks(data[..whole], _state);
            data = data[whole..];
        }
        data.CopyTo(pending);
        _pendingLength = data.Length;
    }

    /// <summary>Pads, permutes and writes the 32-byte digest. The instance must not be used afterwards.</summary>
    public void Finish(scoped Span<byte> destination)
    {
        if (destination.Length < HashSize)
        {
            throw new ArgumentException("The destination must hold at least 32 bytes.", nameof(destination));
        }
        Span<byte> pending = _pending;
        pending[_pendingLength..].Clear();
        pending[_pendingLength] ^= 0x01;
        pending[Rate - 1] ^= 0x80;
        AbsorbBlocks(pending, _state);
        Span<ulong> state = _state;
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination[(i * 8)..], state[i]);
        }
    }

    /// <summary>
    /// XORs each whole block of <paramref name="blocks"/> (a multiple of the 136-byte rate) into the state and permutes
    /// it. The state stays in locals (or registers) across blocks, so long inputs pay for one load and store of it. Inputs
    /// of several blocks use AVX-512F where the CPU has it.
    /// </summary>
    internal static void AbsorbBlocks(scoped ReadOnlySpan<byte> blocks, Span<ulong> a)
    {
        if (Keccak256Avx512.IsSupported && blocks.Length >= Keccak256Avx512.MinimumBlocks * Rate)
        {
            Keccak256Avx512.AbsorbBlocks(blocks, a);
        }
        else
        {
            AbsorbBlocksScalar(blocks, a);
        }
    }

    /// <summary>The portable <see cref="AbsorbBlocks"/>, on 64-bit integers.</summary>
    [SkipLocalsInit]
    internal static void AbsorbBlocksScalar(scoped ReadOnlySpan<byte> blocks, Span<ulong> a)
    {
        Debug.Assert(blocks.Length % Rate == 0, "Only whole blocks are absorbed.");
        Debug.Assert(a.Length == 25, "The state has 25 lanes.");
        ulong a00 = a[0], a01 = a[1], a02 = a[2], a03 = a[3], a04 = a[4];
        ulong a05 = a[5], a06 = a[6], a07 = a[7], a08 = a[8], a09 = a[9];
        ulong a10 = a[10], a11 = a[11], a12 = a[12], a13 = a[13], a14 = a[14];
        ulong a15 = a[15], a16 = a[16], a17 = a[17], a18 = a[18], a19 = a[19];
        ulong a20 = a[20], a21 = a[21], a22 = a[22], a23 = a[23], a24 = a[24];

        var constants = RoundConstants;
        for (var offset = 0; offset < blocks.Length; offset += Rate)
        {
            var block = blocks.Slice(offset, Rate);
            a00 ^= BinaryPrimitives.ReadUInt64LittleEndian(block); a01 ^= BinaryPrimitives.ReadUInt64LittleEndian(block[8..]);
            a02 ^= BinaryPrimitives.ReadUInt64LittleEndian(block[16..]); a03 ^= BinaryPrimitives.ReadUInt64LittleEndian(block[24..]);
            a04 ^= BinaryPrimitives.ReadUInt64LittleEndian(block[32..]); a05 ^= BinaryPrimitives.ReadUInt64LittleEndian(block[40..]);
            a06 ^= BinaryPrimitives.ReadUInt64LittleEndian(block[48..]); a07 ^= BinaryPrimitives.ReadUInt64LittleEndian(block[56..]);
            a08 ^= BinaryPrimitives.ReadUInt64LittleEndian(block[64..]); a09 ^= BinaryPrimitives.ReadUInt64LittleEndian(block[72..]);
            a10 ^= BinaryPrimitives.ReadUInt64LittleEndian(block[80..]); a11 ^= BinaryPrimitives.ReadUInt64LittleEndian(block[88..]);
            a12 ^= BinaryPrimitives.ReadUInt64LittleEndian(block[96..]); a13 ^= BinaryPrimitives.ReadUInt64LittleEndian(block[104..]);
            a14 ^= BinaryPrimitives.ReadUInt64LittleEndian(block[112..]); a15 ^= BinaryPrimitives.ReadUInt64LittleEndian(block[120..]);
            a16 ^= BinaryPrimitives.ReadUInt64LittleEndian(block[128..]);
            for (var round = 0; round < 24; round++)
            {
                // Theta
                var c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20;
                var c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
                var c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22;
                var c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
                var c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
                var d0 = c4 ^ BitOperations.RotateLeft(c1, 1);
                var d1 = c0 ^ BitOperations.RotateLeft(c2, 1);
                var d2 = c1 ^ BitOperations.RotateLeft(c3, 1);
                var d3 = c2 ^ BitOperations.RotateLeft(c4, 1);
                var d4 = c3 ^ BitOperations.RotateLeft(c0, 1);
                a00 ^= d0; a05 ^= d0; a10 ^= d0; a15 ^= d0; a20 ^= d0;
                a01 ^= d1; a06 ^= d1; a11 ^= d1; a16 ^= d1; a21 ^= d1;
                a02 ^= d2; a07 ^= d2; a12 ^= d2; a17 ^= d2; a22 ^= d2;
                a03 ^= d3; a08 ^= d3; a13 ^= d3; a18 ^= d3; a23 ^= d3;
                a04 ^= d4; a09 ^= d4; a14 ^= d4; a19 ^= d4; a24 ^= d4;

                // Rho and Pi: b[y, 2x+3y] = rot(a[x, y], r[x, y])
                var b00 = a00;
                var b10 = BitOperations.RotateLeft(a01, 1);
                var b20 = BitOperations.RotateLeft(a02, 62);
                var b05 = BitOperations.RotateLeft(a03, 28);
                var b15 = BitOperations.RotateLeft(a04, 27);
                var b16 = BitOperations.RotateLeft(a05, 36);
                var b01 = BitOperations.RotateLeft(a06, 44);
                var b11 = BitOperations.RotateLeft(a07, 6);
                var b21 = BitOperations.RotateLeft(a08, 55);
                var b06 = BitOperations.RotateLeft(a09, 20);
                var b07 = BitOperations.RotateLeft(a10, 3);
                var b17 = BitOperations.RotateLeft(a11, 10);
                var b02 = BitOperations.RotateLeft(a12, 43);
                var b12 = BitOperations.RotateLeft(a13, 25);
                var b22 = BitOperations.RotateLeft(a14, 39);
                var b23 = BitOperations.RotateLeft(a15, 41);
                var b08 = BitOperations.RotateLeft(a16, 45);
                var b18 = BitOperations.RotateLeft(a17, 15);
                var b03 = BitOperations.RotateLeft(a18, 21);
                var b13 = BitOperations.RotateLeft(a19, 8);
                var b14 = BitOperations.RotateLeft(a20, 18);
                var b24 = BitOperations.RotateLeft(a21, 2);
                var b09 = BitOperations.RotateLeft(a22, 61);
                var b19 = BitOperations.RotateLeft(a23, 56);
                var b04 = BitOperations.RotateLeft(a24, 14);

                // Chi
                a00 = b00 ^ (~b01 & b02); a01 = b01 ^ (~b02 & b03); a02 = b02 ^ (~b03 & b04); a03 = b03 ^ (~b04 & b00); a04 = b04 ^ (~b00 & b01);
                a05 = b05 ^ (~b06 & b07); a06 = b06 ^ (~b07 & b08); a07 = b07 ^ (~b08 & b09); a08 = b08 ^ (~b09 & b05); a09 = b09 ^ (~b05 & b06);
                a10 = b10 ^ (~b11 & b12); a11 = b11 ^ (~b12 & b13); a12 = b12 ^ (~b13 & b14); a13 = b13 ^ (~b14 & b10); a14 = b14 ^ (~b10 & b11);
                a15 = b15 ^ (~b16 & b17); a16 = b16 ^ (~b17 & b18); a17 = b17 ^ (~b18 & b19); a18 = b18 ^ (~b19 & b15); a19 = b19 ^ (~b15 & b16);
                a20 = b20 ^ (~b21 & b22); a21 = b21 ^ (~b22 & b23); a22 = b22 ^ (~b23 & b24); a23 = b23 ^ (~b24 & b20); a24 = b24 ^ (~b20 & b21);

                // Iota
                a00 ^= constants[round];
            }
        }

        a[0] = a00; a[1] = a01; a[2] = a02; a[3] = a03; a[4] = a04;
        a[5] = a05; a[6] = a06; a[7] = a07; a[8] = a08; a[9] = a09;
        a[10] = a10; a[11] = a11; a[12] = a12; a[13] = a13; a[14] = a14;
        a[15] = a15; a[16] = a16; a[17] = a17; a[18] = a18; a[19] = a19;
        a[20] = a20; a[21] = a21; a[22] = a22; a[23] = a23; a[24] = a24;
    }
}
