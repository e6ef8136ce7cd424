using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Livepeer.Protocol;

/// <summary>
/// Keccak-f[1600] absorption with AVX-512F, used by <see cref="Keccak256"/> for inputs of several blocks when the CPU
/// has it. The 5×5 state sits in five 512-bit registers, five lanes each (the three high lanes carry values that no
/// step reads back into the low five), and rounds go in pairs through three layouts so that pi is mostly a permute
/// within each register:
/// <list type="bullet">
/// <item><description>rows: register y holds A[x, y] in lane x;</description></item>
/// <item><description>columns: register x holds A[x, y] in lane y;</description></item>
/// <item><description>diagonals: register j holds A[x, x − j] in lane x.</description></item>
/// </list>
/// An even round takes rows: theta (column parities are lane-wise XORs of the rows), rho (one variable rotate per
/// register), then pi sends every lane of row y to column y, so one permute per register gives columns, where chi is
/// a lane-wise ternary-logic operation across registers. Masked selects and one permute per register turn columns into
/// diagonals, whose lanes again run along x. An odd round takes diagonals: theta and rho as before, then pi sends every
/// lane of diagonal j to row 2j, so chi's neighbours are permutes of one register, and the round ends in rows.
/// </summary>
internal static class Keccak256Avx512
{
    private const int Rate = 136;

    /// <summary>Fewer blocks than this stay on the scalar path, where loading and storing the state costs nothing extra.</summary>
    public const int MinimumBlocks = 2;

    public static bool IsSupported => Avx512F.IsSupported;

    private static Vector512<ulong> Lanes(ulong l0, ulong l1, ulong l2, ulong l3, ulong l4, ulong l5 = 0, ulong l6 = 0, ulong l7 = 0)
        => Vector512.Create(l0, l1, l2, l3, l4, l5, l6, l7);

    /// <summary>
    /// XORs each whole block of <paramref name="blocks"/> into <paramref name="state"/> (25 lanes) and permutes it, with
    /// the same result as the scalar <see cref="Keccak256.AbsorbBlocks"/>. Only call it when <see cref="IsSupported"/>.
    /// </summary>
    [SkipLocalsInit]
    public static void AbsorbBlocks(ReadOnlySpan<byte> blocks, Span<ulong> state)
    {
        Debug.Assert(blocks.Length % Rate == 0, "Only whole blocks are absorbed.");
        Debug.Assert(state.Length == 25, "The state has 25 lanes.");
        if (!Avx512F.IsSupported)
        {
            throw new PlatformNotSupportedException("AVX-512F is not available.");
        }

        // Rows are padded to eight lanes so that each loads and stores as one register.
        Span<ulong> rows = stackalloc ulong[40];
        rows.Clear();
        for (var y = 0; y < 5; y++)
        {
            state.Slice(5 * y, 5).CopyTo(rows.Slice(8 * y, 5));
        }

        ref var rowsRef = ref MemoryMarshal.GetReference(rows);
        var r0 = Vector512.LoadUnsafe(ref rowsRef, 0);
        var r1 = Vector512.LoadUnsafe(ref rowsRef, 8);
        var r2 = Vector512.LoadUnsafe(ref rowsRef, 16);
        var r3 = Vector512.LoadUnsafe(ref rowsRef, 24);
        var r4 = Vector512.LoadUnsafe(ref rowsRef, 32);

        // Lane rotations: lane x of Rotate1 is lane x + 1 of its input, and so on.
        var rotate1 = Lanes(1, 2, 3, 4, 0, 5, 6, 7);
        var rotate2 = Lanes(2, 3, 4, 0, 1, 5, 6, 7);
        var rotate3 = Lanes(3, 4, 0, 1, 2, 5, 6, 7);
        var rotate4 = Lanes(4, 0, 1, 2, 3, 5, 6, 7);

        // Even round. Rho for row y: lane x rotates by r[x, y].
        var rhoRow0 = Lanes(0, 1, 62, 28, 27);
        var rhoRow1 = Lanes(36, 44, 6, 55, 20);
        var rhoRow2 = Lanes(3, 10, 43, 25, 39);
        var rhoRow3 = Lanes(41, 45, 15, 21, 8);
        var rhoRow4 = Lanes(18, 2, 61, 56, 14);

        // Pi sends (x, y) to (y, 2x + 3y), so row y becomes column y: its lane y' takes lane x = 3(y' − 3y) mod 5.
        var piRow0 = Lanes(0, 3, 1, 4, 2, 5, 6, 7);
        var piRow1 = Lanes(1, 4, 2, 0, 3, 5, 6, 7);
        var piRow2 = Lanes(2, 0, 3, 1, 4, 5, 6, 7);
        var piRow3 = Lanes(3, 1, 4, 2, 0, 5, 6, 7);
        var piRow4 = Lanes(4, 2, 0, 3, 1, 5, 6, 7);

        // Columns to diagonals: lane l of g[j] comes from column l + j; a rotation by j then puts lane x at x.
        var lane1 = Lanes(0, ulong.MaxValue, 0, 0, 0);
        var lane2 = Lanes(0, 0, ulong.MaxValue, 0, 0);
        var lane3 = Lanes(0, 0, 0, ulong.MaxValue, 0);
        var lane4 = Lanes(0, 0, 0, 0, ulong.MaxValue);

        // Odd round. Rho for diagonal j: lane x rotates by r[x, x − j].
        var rhoDiagonal0 = Lanes(0, 44, 43, 21, 14);
        var rhoDiagonal1 = Lanes(18, 1, 6, 25, 8);
        var rhoDiagonal2 = Lanes(41, 2, 62, 55, 39);
        var rhoDiagonal3 = Lanes(3, 45, 61, 28, 20);
        var rhoDiagonal4 = Lanes(36, 10, 15, 56, 27);

        // A block's lanes 10–16 are read as one load at byte 72 (lanes 9–16) and moved into rows 2 and 3.
        var row2FromTail = Lanes(1, 2, 3, 4, 5, 6, 7, 0);
        var row3FromTail = Lanes(6, 7, 0, 0, 0);
        var row3Mask = Lanes(ulong.MaxValue, ulong.MaxValue, 0, 0, 0);

        ref var input = ref MemoryMarshal.GetReference(blocks);
        ref var constants = ref MemoryMarshal.GetArrayDataReference(Keccak256.RoundConstants);
        for (var offset = 0; offset < blocks.Length; offset += Rate)
        {
            ref var block = ref Unsafe.Add(ref input, offset);
            r0 ^= Vector512.LoadUnsafe(ref Unsafe.As<byte, ulong>(ref block));
            r1 ^= Vector512.LoadUnsafe(ref Unsafe.As<byte, ulong>(ref Unsafe.Add(ref block, 40)));
            var tail = Vector512.LoadUnsafe(ref Unsafe.As<byte, ulong>(ref Unsafe.Add(ref block, 72)));
            r2 ^= Avx512F.PermuteVar8x64(tail, row2FromTail);
            r3 ^= Avx512F.PermuteVar8x64(tail, row3FromTail) & row3Mask;

            for (var round = 0; round < 24; round += 2)
            {
                // Even round, rows in. Theta: A[x, y] ^= C[x − 1] ^ rot(C[x + 1], 1), the ternary logic 0x96 being a three-way XOR.
                var c = Avx512F.TernaryLogic(Avx512F.TernaryLogic(r0, r1, r2, 0x96), r3, r4, 0x96);
                var previous = Avx512F.PermuteVar8x64(c, rotate4);
                var next = Avx512F.PermuteVar8x64(Avx512F.RotateLeft(c, 1), rotate1);

                // Theta, rho and pi: row y becomes column y.
                var t0 = Avx512F.PermuteVar8x64(Avx512F.RotateLeftVariable(Avx512F.TernaryLogic(r0, previous, next, 0x96), rhoRow0), piRow0);
                var t1 = Avx512F.PermuteVar8x64(Avx512F.RotateLeftVariable(Avx512F.TernaryLogic(r1, previous, next, 0x96), rhoRow1), piRow1);
                var t2 = Avx512F.PermuteVar8x64(Avx512F.RotateLeftVariable(Avx512F.TernaryLogic(r2, previous, next, 0x96), rhoRow2), piRow2);
                var t3 = Avx512F.PermuteVar8x64(Avx512F.RotateLeftVariable(Avx512F.TernaryLogic(r3, previous, next, 0x96), rhoRow3), piRow3);
                var t4 = Avx512F.PermuteVar8x64(Avx512F.RotateLeftVariable(Avx512F.TernaryLogic(r4, previous, next, 0x96), rhoRow4), piRow4);

                // Chi across columns, A[x] = B[x] ^ (~B[x + 1] & B[x + 2]) (ternary logic 0xD2), and iota.
                var a0 = Avx512F.TernaryLogic(t0, t1, t2, 0xD2) ^ Vector512.CreateScalar(Unsafe.Add(ref constants, round));
                var a1 = Avx512F.TernaryLogic(t1, t2, t3, 0xD2);
                var a2 = Avx512F.TernaryLogic(t2, t3, t4, 0xD2);
                var a3 = Avx512F.TernaryLogic(t3, t4, t0, 0xD2);
                var a4 = Avx512F.TernaryLogic(t4, t0, t1, 0xD2);

                // Columns to diagonals.
                var d0 = Diagonal(a0, a1, a2, a3, a4, lane1, lane2, lane3, lane4);
                var d1 = Avx512F.PermuteVar8x64(Diagonal(a1, a2, a3, a4, a0, lane1, lane2, lane3, lane4), rotate4);
                var d2 = Avx512F.PermuteVar8x64(Diagonal(a2, a3, a4, a0, a1, lane1, lane2, lane3, lane4), rotate3);
                var d3 = Avx512F.PermuteVar8x64(Diagonal(a3, a4, a0, a1, a2, lane1, lane2, lane3, lane4), rotate2);
                var d4 = Avx512F.PermuteVar8x64(Diagonal(a4, a0, a1, a2, a3, lane1, lane2, lane3, lane4), rotate1);

                // Odd round, diagonals in: theta and rho.
                c = Avx512F.TernaryLogic(Avx512F.TernaryLogic(d0, d1, d2, 0x96), d3, d4, 0x96);
                previous = Avx512F.PermuteVar8x64(c, rotate4);
                next = Avx512F.PermuteVar8x64(Avx512F.RotateLeft(c, 1), rotate1);
                d0 = Avx512F.RotateLeftVariable(Avx512F.TernaryLogic(d0, previous, next, 0x96), rhoDiagonal0);
                d1 = Avx512F.RotateLeftVariable(Avx512F.TernaryLogic(d1, previous, next, 0x96), rhoDiagonal1);
                d2 = Avx512F.RotateLeftVariable(Avx512F.TernaryLogic(d2, previous, next, 0x96), rhoDiagonal2);
                d3 = Avx512F.RotateLeftVariable(Avx512F.TernaryLogic(d3, previous, next, 0x96), rhoDiagonal3);
                d4 = Avx512F.RotateLeftVariable(Avx512F.TernaryLogic(d4, previous, next, 0x96), rhoDiagonal4);

                // Pi sends diagonal j to row 2j, lane x' taking lane x' + j; chi's neighbours x' + 1 and x' + 2 are the
                // lanes x' + j + 1 and x' + j + 2 of the same diagonal. Then iota.
                r0 = Avx512F.TernaryLogic(d0, Avx512F.PermuteVar8x64(d0, rotate1), Avx512F.PermuteVar8x64(d0, rotate2), 0xD2)
                    ^ Vector512.CreateScalar(Unsafe.Add(ref constants, round + 1));
                r2 = Avx512F.TernaryLogic(Avx512F.PermuteVar8x64(d1, rotate1), Avx512F.PermuteVar8x64(d1, rotate2), Avx512F.PermuteVar8x64(d1, rotate3), 0xD2);
                r4 = Avx512F.TernaryLogic(Avx512F.PermuteVar8x64(d2, rotate2), Avx512F.PermuteVar8x64(d2, rotate3), Avx512F.PermuteVar8x64(d2, rotate4), 0xD2);
                r1 = Avx512F.TernaryLogic(Avx512F.PermuteVar8x64(d3, rotate3), Avx512F.PermuteVar8x64(d3, rotate4), d3, 0xD2);
                r3 = Avx512F.TernaryLogic(Avx512F.PermuteVar8x64(d4, rotate4), d4, Avx512F.PermuteVar8x64(d4, rotate1), 0xD2);
            }
        }

        r0.StoreUnsafe(ref rowsRef, 0);
        r1.StoreUnsafe(ref rowsRef, 8);
        r2.StoreUnsafe(ref rowsRef, 16);
        r3.StoreUnsafe(ref rowsRef, 24);
        r4.StoreUnsafe(ref rowsRef, 32);
        for (var y = 0; y < 5; y++)
        {
            rows.Slice(8 * y, 5).CopyTo(state.Slice(5 * y, 5));
        }
    }

    /// <summary>Lane l (0 to 4) of the result is lane l of the argument at position l, <paramref name="first"/> being position 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Diagonal(
        Vector512<ulong> first,
        Vector512<ulong> second,
        Vector512<ulong> third,
        Vector512<ulong> fourth,
        Vector512<ulong> fifth,
        Vector512<ulong> lane1,
        Vector512<ulong> lane2,
        Vector512<ulong> lane3,
        Vector512<ulong> lane4)
        => Vector512.ConditionalSelect(lane4, fifth, Vector512.ConditionalSelect(lane3, fourth, Vector512.ConditionalSelect(lane2, third, Vector512.ConditionalSelect(lane1, second, first))));
}
