using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Livepeer.Protocol;

/// <summary>
/// Keccak-f[1600] absorption with AVX-512F, used by <see cref="Keccak256"/> for inputs of several blocks when the CPU
/// has it. Each row of the 5×5 state (lanes y·5 … y·5+4) sits in the low five lanes of one 512-bit register; the three
/// high lanes carry values that no step reads back into the low five. Theta and chi are ternary-logic operations over
/// rows, rho is one variable rotate per row, and pi is a fixed network of two-source permutes.
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

        // Theta: D[x] = C[x-1] ^ rot(C[x+1], 1).
        var previousColumn = Lanes(4, 0, 1, 2, 3);
        var nextColumn = Lanes(1, 2, 3, 4, 0);

        // Rho: the rotation of lane (x, y), one vector per row y.
        var rho0 = Lanes(0, 1, 62, 28, 27);
        var rho1 = Lanes(36, 44, 6, 55, 20);
        var rho2 = Lanes(3, 10, 43, 25, 39);
        var rho3 = Lanes(41, 45, 15, 21, 8);
        var rho4 = Lanes(18, 2, 61, 56, 14);

        // Pi moves lane (x, y) to (y, 2x + 3y mod 5), so each output row takes one lane from every input row. The first
        // permutes interleave rows 0/1 and 2/3 into the pairs the output rows need; the second pick an output row's four
        // lanes from those and add the one from row 4.
        var pairs01 = Lanes(0, 9, 3, 12, 1, 10, 4, 8);
        var pairs23 = Lanes(2, 11, 0, 9, 3, 12, 1, 10);
        var pick0 = Lanes(0, 1, 8, 9, 0);
        var pick1 = Lanes(2, 3, 10, 11, 0);
        var pick2 = Lanes(4, 5, 12, 13, 0);
        var pick3 = Lanes(6, 7, 14, 15, 0);
        var withRow4Out0 = Lanes(0, 1, 2, 3, 12);
        var withRow4Out1 = Lanes(0, 1, 2, 3, 10);
        var withRow4Out2 = Lanes(0, 1, 2, 3, 8);
        var withRow4Out3 = Lanes(0, 1, 2, 3, 11);
        var withRow4Out4 = Lanes(0, 1, 2, 3, 9);
        var out4From01 = Lanes(2, 11, 0, 0, 0);
        var out4From23 = Lanes(4, 8, 0, 0, 0);

        // Chi: A[x] = B[x] ^ (~B[x+1] & B[x+2]); ternary-logic truth table 0xD2 computes a ^ (~b & c).
        var plusOne = Lanes(1, 2, 3, 4, 0);
        var plusTwo = Lanes(2, 3, 4, 0, 1);

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

            for (var round = 0; round < 24; round++)
            {
                var c = Avx512F.TernaryLogic(Avx512F.TernaryLogic(r0, r1, r2, 0x96), r3, r4, 0x96);
                var d = Avx512F.PermuteVar8x64(c, previousColumn) ^ Avx512F.RotateLeft(Avx512F.PermuteVar8x64(c, nextColumn), 1);

                r0 = Avx512F.RotateLeftVariable(r0 ^ d, rho0);
                r1 = Avx512F.RotateLeftVariable(r1 ^ d, rho1);
                r2 = Avx512F.RotateLeftVariable(r2 ^ d, rho2);
                r3 = Avx512F.RotateLeftVariable(r3 ^ d, rho3);
                r4 = Avx512F.RotateLeftVariable(r4 ^ d, rho4);

                var u01 = Avx512F.PermuteVar8x64x2(r0, pairs01, r1);
                var u23 = Avx512F.PermuteVar8x64x2(r2, pairs23, r3);
                var w01 = Avx512F.PermuteVar8x64x2(r0, out4From01, r1);
                var w23 = Avx512F.PermuteVar8x64x2(r2, out4From23, r3);
                var b0 = Avx512F.PermuteVar8x64x2(Avx512F.PermuteVar8x64x2(u01, pick0, u23), withRow4Out0, r4);
                var b1 = Avx512F.PermuteVar8x64x2(Avx512F.PermuteVar8x64x2(u01, pick1, u23), withRow4Out1, r4);
                var b2 = Avx512F.PermuteVar8x64x2(Avx512F.PermuteVar8x64x2(u01, pick2, u23), withRow4Out2, r4);
                var b3 = Avx512F.PermuteVar8x64x2(Avx512F.PermuteVar8x64x2(u01, pick3, u23), withRow4Out3, r4);
                var b4 = Avx512F.PermuteVar8x64x2(Avx512F.PermuteVar8x64x2(w01, pick0, w23), withRow4Out4, r4);

                r0 = Avx512F.TernaryLogic(b0, Avx512F.PermuteVar8x64(b0, plusOne), Avx512F.PermuteVar8x64(b0, plusTwo), 0xD2);
                r1 = Avx512F.TernaryLogic(b1, Avx512F.PermuteVar8x64(b1, plusOne), Avx512F.PermuteVar8x64(b1, plusTwo), 0xD2);
                r2 = Avx512F.TernaryLogic(b2, Avx512F.PermuteVar8x64(b2, plusOne), Avx512F.PermuteVar8x64(b2, plusTwo), 0xD2);
                r3 = Avx512F.TernaryLogic(b3, Avx512F.PermuteVar8x64(b3, plusOne), Avx512F.PermuteVar8x64(b3, plusTwo), 0xD2);
                r4 = Avx512F.TernaryLogic(b4, Avx512F.PermuteVar8x64(b4, plusOne), Avx512F.PermuteVar8x64(b4, plusTwo), 0xD2);

                r0 ^= Vector512.CreateScalar(Unsafe.Add(ref constants, round));
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
}
