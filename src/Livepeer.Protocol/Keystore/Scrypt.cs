using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Livepeer.Protocol;

/// <summary>
/// scrypt (RFC 7914) over .NET's PBKDF2-HMAC-SHA256. BouncyCastle's <c>SCrypt.Generate</c> is not used because it
/// refuses r = 1 with N ≥ 65536 (RFC 7914's N &lt; 2^(16r) bound), which the Web3 Secret Storage test vector and
/// keystores written by geth use. Callers bound N, r and p before calling.
/// </summary>
internal static class Scrypt
{
    public static byte[] DeriveKey(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, int n, int r, int p, int keyLength)
    {
        var words = 32 * r;
        var blockBytes = 128 * r;
        var b = Rfc2898DeriveBytes.Pbkdf2(password, salt, 1, HashAlgorithmName.SHA256, p * blockBytes);
        var block = new uint[words];
        var scratch = new uint[words];
        var v = GC.AllocateUninitializedArray<uint>(n * words);
        try
        {
            for (var i = 0; i < p; i++)
            {
                var chunk = b.AsSpan(i * blockBytes, blockBytes);
                for (var k = 0; k < words; k++)
                {
                    block[k] = BinaryPrimitives.ReadUInt32LittleEndian(chunk[(4 * k)..]);
                }
                RoMix(block, scratch, v, n, r);
                for (var k = 0; k < words; k++)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(chunk[(4 * k)..], block[k]);
                }
            }
            return Rfc2898DeriveBytes.Pbkdf2(password, b, 1, HashAlgorithmName.SHA256, keyLength);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(b);
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(block.AsSpan()));
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(scratch.AsSpan()));
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(v.AsSpan()));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RoMix(Span<uint> x, Span<uint> scratch, uint[] v, int n, int r)
    {
        var words = 32 * r;
        var last = (2 * r - 1) * 16;
        Span<uint> salsa = stackalloc uint[16];
        for (var i = 0; i < n; i++)
        {
            x.CopyTo(v.AsSpan(i * words, words));
            BlockMix(x, scratch, salsa, r);
            scratch.CopyTo(x);
        }
        for (var i = 0; i < n; i++)
        {
            // Integerify: the first word of the last 64-byte block, reduced mod N (a power of two).
            var j = (int)(x[last] & (uint)(n - 1));
            var row = v.AsSpan(j * words, words);
            for (var k = 0; k < words; k++)
            {
                x[k] ^= row[k];
            }
            BlockMix(x, scratch, salsa, r);
            scratch.CopyTo(x);
        }
    }

    // Output order: the even-indexed 64-byte blocks first, then the odd ones.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BlockMix(ReadOnlySpan<uint> input, Span<uint> output, Span<uint> x, int r)
    {
        input.Slice((2 * r - 1) * 16, 16).CopyTo(x);
        for (var i = 0; i < 2 * r; i++)
        {
            var chunk = input.Slice(i * 16, 16);
            for (var k = 0; k < 16; k++)
            {
                x[k] ^= chunk[k];
            }
            Salsa208(x);
            x.CopyTo(output.Slice(((i >> 1) + (i & 1) * r) * 16, 16));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Salsa208(Span<uint> b)
    {
        uint x0 = b[0], x1 = b[1], x2 = b[2], x3 = b[3], x4 = b[4], x5 = b[5], x6 = b[6], x7 = b[7];
        uint x8 = b[8], x9 = b[9], x10 = b[10], x11 = b[11], x12 = b[12], x13 = b[13], x14 = b[14], x15 = b[15];
        for (var round = 0; round < 8; round += 2)
        {
            // Columns
            x4 ^= BitOperations.RotateLeft(x0 + x12, 7); x8 ^= BitOperations.RotateLeft(x4 + x0, 9);
            x12 ^= BitOperations.RotateLeft(x8 + x4, 13); x0 ^= BitOperations.RotateLeft(x12 + x8, 18);
            x9 ^= BitOperations.RotateLeft(x5 + x1, 7); x13 ^= BitOperations.RotateLeft(x9 + x5, 9);
            x1 ^= BitOperations.RotateLeft(x13 + x9, 13); x5 ^= BitOperations.RotateLeft(x1 + x13, 18);
            x14 ^= BitOperations.RotateLeft(x10 + x6, 7); x2 ^= BitOperations.RotateLeft(x14 + x10, 9);
            x6 ^= BitOperations.RotateLeft(x2 + x14, 13); x10 ^= BitOperations.RotateLeft(x6 + x2, 18);
            x3 ^= BitOperations.RotateLeft(x15 + x11, 7); x7 ^= BitOperations.RotateLeft(x3 + x15, 9);
            x11 ^= BitOperations.RotateLeft(x7 + x3, 13); x15 ^= BitOperations.RotateLeft(x11 + x7, 18);

            // Rows
            x1 ^= BitOperations.RotateLeft(x0 + x3, 7); x2 ^= BitOperations.RotateLeft(x1 + x0, 9);
            x3 ^= BitOperations.RotateLeft(x2 + x1, 13); x0 ^= BitOperations.RotateLeft(x3 + x2, 18);
            x6 ^= BitOperations.RotateLeft(x5 + x4, 7); x7 ^= BitOperations.RotateLeft(x6 + x5, 9);
            x4 ^= BitOperations.RotateLeft(x7 + x6, 13); x5 ^= BitOperations.RotateLeft(x4 + x7, 18);
            x11 ^= BitOperations.RotateLeft(x10 + x9, 7); x8 ^= BitOperations.RotateLeft(x11 + x10, 9);
            x9 ^= BitOperations.RotateLeft(x8 + x11, 13); x10 ^= BitOperations.RotateLeft(x9 + x8, 18);
            x12 ^= BitOperations.RotateLeft(x15 + x14, 7); x13 ^= BitOperations.RotateLeft(x12 + x15, 9);
            x14 ^= BitOperations.RotateLeft(x13 + x12, 13); x15 ^= BitOperations.RotateLeft(x14 + x13, 18);
        }
        b[0] += x0; b[1] += x1; b[2] += x2; b[3] += x3; b[4] += x4; b[5] += x5; b[6] += x6; b[7] += x7;
        b[8] += x8; b[9] += x9; b[10] += x10; b[11] += x11; b[12] += x12; b[13] += x13; b[14] += x14; b[15] += x15;
    }
}
