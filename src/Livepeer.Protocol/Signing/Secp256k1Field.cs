using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Livepeer.Protocol;

/// <summary>
/// An element of the secp256k1 base field, p = 2^256 − 2^32 − 977, as four little-endian 64-bit limbs.
/// Between operations a value is only kept below 2^256, not below p; <see cref="Normalize"/> gives the
/// canonical form. Arithmetic carries through masks and carries rather than branches, so the signing path
/// does not branch on secret values.
/// </summary>
internal readonly struct Secp256k1Field
{
    // 2^256 ≡ 2^32 + 977 (mod p): the part of a value above 2^256 folds back in multiplied by this.
    private const ulong Fold = 0x1000003D1;

    public static readonly Secp256k1Field Zero;
    public static readonly Secp256k1Field One = new(1, 0, 0, 0);

    public readonly ulong L0;
    public readonly ulong L1;
    public readonly ulong L2;
    public readonly ulong L3;

    public Secp256k1Field(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        L0 = l0;
        L1 = l1;
        L2 = l2;
        L3 = l3;
    }

    /// <summary>Reads 32 big-endian bytes; a value ≥ p is accepted and stands for itself mod p.</summary>
    public static Secp256k1Field FromBytes(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes));

    /// <summary>Writes the canonical value as 32 big-endian bytes.</summary>
    public void WriteBytes(Span<byte> destination)
    {
        var n = Normalize();
        BinaryPrimitives.WriteUInt64BigEndian(destination, n.L3);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], n.L2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], n.L1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], n.L0);
    }

    /// <summary>The representative below p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Secp256k1Field Normalize()
    {
        // x + 2^256 − p carries out of 256 bits exactly when x ≥ p, and then its low 256 bits are x − p.
        ulong carry = 0;
        var t0 = AddCarry(L0, Fold, ref carry);
        var t1 = AddCarry(L1, 0, ref carry);
        var t2 = AddCarry(L2, 0, ref carry);
        var t3 = AddCarry(L3, 0, ref carry);
        var mask = 0 - carry;
        return new((t0 & mask) | (L0 & ~mask), (t1 & mask) | (L1 & ~mask), (t2 & mask) | (L2 & ~mask), (t3 & mask) | (L3 & ~mask));
    }

    public bool IsZero
    {
        get
        {
            var n = Normalize();
            return (n.L0 | n.L1 | n.L2 | n.L3) == 0;
        }
    }

    public bool IsOdd => (Normalize().L0 & 1) != 0;

    public bool EqualsModP(Secp256k1Field other) => Subtract(this, other).IsZero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Secp256k1Field Add(Secp256k1Field a, Secp256k1Field b)
    {
        ulong carry = 0;
        var r0 = AddCarry(a.L0, b.L0, ref carry);
        var r1 = AddCarry(a.L1, b.L1, ref carry);
        var r2 = AddCarry(a.L2, b.L2, ref carry);
        var r3 = AddCarry(a.L3, b.L3, ref carry);
        return FoldTop(r0, r1, r2, r3, carry);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Secp256k1Field Subtract(Secp256k1Field a, Secp256k1Field b)
    {
        ulong borrow = 0;
        var r0 = SubtractBorrow(a.L0, b.L0, ref borrow);
        var r1 = SubtractBorrow(a.L1, b.L1, ref borrow);
        var r2 = SubtractBorrow(a.L2, b.L2, ref borrow);
        var r3 = SubtractBorrow(a.L3, b.L3, ref borrow);

        // A borrow left r = a − b + 2^256, which is 2^256 − p too much; taking that off can borrow once more
        // only when r was below it, and the second wrap leaves a value far from borrowing again.
        for (var round = 0; round < 2; round++)
        {
            var take = borrow * Fold;
            borrow = 0;
            r0 = SubtractBorrow(r0, take, ref borrow);
            r1 = SubtractBorrow(r1, 0, ref borrow);
            r2 = SubtractBorrow(r2, 0, ref borrow);
            r3 = SubtractBorrow(r3, 0, ref borrow);
        }
        return new(r0, r1, r2, r3);
    }

    public static Secp256k1Field Negate(Secp256k1Field a) => Subtract(Zero, a);

    /// <summary>a·k for a small k (below 2^30).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Secp256k1Field MultiplySmall(Secp256k1Field a, ulong k)
    {
        ulong carry = 0;
        var r0 = MultiplyAdd(a.L0, k, 0, ref carry);
        var r1 = MultiplyAdd(a.L1, k, 0, ref carry);
        var r2 = MultiplyAdd(a.L2, k, 0, ref carry);
        var r3 = MultiplyAdd(a.L3, k, 0, ref carry);
        return FoldTop(r0, r1, r2, r3, carry);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Secp256k1Field Multiply(Secp256k1Field a, Secp256k1Field b)
    {
        MultiplyWide(a.L0, a.L1, a.L2, a.L3, b.L0, b.L1, b.L2, b.L3, out var t0, out var t1, out var t2, out var t3, out var t4, out var t5, out var t6, out var t7);
        return Reduce(t0, t1, t2, t3, t4, t5, t6, t7);
    }

    /// <summary>The full 512-bit product of two 256-bit values, as eight little-endian limbs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void MultiplyWide(
        ulong a0, ulong a1, ulong a2, ulong a3, ulong b0, ulong b1, ulong b2, ulong b3,
        out ulong t0, out ulong t1, out ulong t2, out ulong t3, out ulong t4, out ulong t5, out ulong t6, out ulong t7)
    {
        ulong c = 0;
        t0 = MultiplyAdd(a0, b0, 0, ref c);
        t1 = MultiplyAdd(a0, b1, 0, ref c);
        t2 = MultiplyAdd(a0, b2, 0, ref c);
        t3 = MultiplyAdd(a0, b3, 0, ref c);
        t4 = c;

        c = 0;
        t1 = MultiplyAdd(a1, b0, t1, ref c);
        t2 = MultiplyAdd(a1, b1, t2, ref c);
        t3 = MultiplyAdd(a1, b2, t3, ref c);
        t4 = MultiplyAdd(a1, b3, t4, ref c);
        t5 = c;

        c = 0;
        t2 = MultiplyAdd(a2, b0, t2, ref c);
        t3 = MultiplyAdd(a2, b1, t3, ref c);
        t4 = MultiplyAdd(a2, b2, t4, ref c);
        t5 = MultiplyAdd(a2, b3, t5, ref c);
        t6 = c;

        c = 0;
        t3 = MultiplyAdd(a3, b0, t3, ref c);
        t4 = MultiplyAdd(a3, b1, t4, ref c);
        t5 = MultiplyAdd(a3, b2, t5, ref c);
        t6 = MultiplyAdd(a3, b3, t6, ref c);
        t7 = c;
    }

    public static Secp256k1Field Square(Secp256k1Field a)
    {
        // The cross products appear twice, so they are summed once and doubled.
        ulong c = 0;
        var t1 = MultiplyAdd(a.L0, a.L1, 0, ref c);
        var t2 = MultiplyAdd(a.L0, a.L2, 0, ref c);
        var t3 = MultiplyAdd(a.L0, a.L3, 0, ref c);
        var t4 = c;

        c = 0;
        t3 = MultiplyAdd(a.L1, a.L2, t3, ref c);
        t4 = MultiplyAdd(a.L1, a.L3, t4, ref c);
        var t5 = c;

        c = 0;
        t5 = MultiplyAdd(a.L2, a.L3, t5, ref c);
        var t6 = c;

        var t7 = t6 >> 63;
        t6 = (t6 << 1) | (t5 >> 63);
        t5 = (t5 << 1) | (t4 >> 63);
        t4 = (t4 << 1) | (t3 >> 63);
        t3 = (t3 << 1) | (t2 >> 63);
        t2 = (t2 << 1) | (t1 >> 63);
        t1 <<= 1;

        var h0 = Math.BigMul(a.L0, a.L0, out var t0);
        var h1 = Math.BigMul(a.L1, a.L1, out var l1);
        var h2 = Math.BigMul(a.L2, a.L2, out var l2);
        var h3 = Math.BigMul(a.L3, a.L3, out var l3);
        c = 0;
        t1 = AddCarry(t1, h0, ref c);
        t2 = AddCarry(t2, l1, ref c);
        t3 = AddCarry(t3, h1, ref c);
        t4 = AddCarry(t4, l2, ref c);
        t5 = AddCarry(t5, h2, ref c);
        t6 = AddCarry(t6, l3, ref c);
        t7 = AddCarry(t7, h3, ref c);
        return Reduce(t0, t1, t2, t3, t4, t5, t6, t7);
    }

    /// <summary>a^(p−2) = a⁻¹; zero maps to zero.</summary>
    public static Secp256k1Field Invert(Secp256k1Field a)
    {
        var chain = PowerChain(a, out var x2);
        var t = Multiply(SquareTimes(chain.X223, 23), chain.X22);
        t = Multiply(SquareTimes(t, 5), a);
        t = Multiply(SquareTimes(t, 3), x2);
        return Multiply(SquareTimes(t, 2), a);
    }

    /// <summary>A square root of a, if there is one. p ≡ 3 (mod 4), so the candidate is a^((p+1)/4).</summary>
    public static bool TrySqrt(Secp256k1Field a, out Secp256k1Field root)
    {
        var chain = PowerChain(a, out var x2);
        var t = Multiply(SquareTimes(chain.X223, 23), chain.X22);
        t = Multiply(SquareTimes(t, 6), x2);
        root = SquareTimes(t, 2);
        return Square(root).EqualsModP(a);
    }

    // The shared head of the addition chains for p − 2 and (p + 1)/4: xN is a^(2^N − 1).
    private static (Secp256k1Field X223, Secp256k1Field X22) PowerChain(Secp256k1Field a, out Secp256k1Field x2)
    {
        x2 = Multiply(Square(a), a);
        var x3 = Multiply(Square(x2), a);
        var x6 = Multiply(SquareTimes(x3, 3), x3);
        var x9 = Multiply(SquareTimes(x6, 3), x3);
        var x11 = Multiply(SquareTimes(x9, 2), x2);
        var x22 = Multiply(SquareTimes(x11, 11), x11);
        var x44 = Multiply(SquareTimes(x22, 22), x22);
        var x88 = Multiply(SquareTimes(x44, 44), x44);
        var x176 = Multiply(SquareTimes(x88, 88), x88);
        var x220 = Multiply(SquareTimes(x176, 44), x44);
        var x223 = Multiply(SquareTimes(x220, 3), x3);
        return (x223, x22);
    }

    private static Secp256k1Field SquareTimes(Secp256k1Field a, int times)
    {
        for (var i = 0; i < times; i++)
        {
            a = Square(a);
        }
        return a;
    }

    /// <summary>Selects b where mask is all ones and a where it is zero, without branching.</summary>
    public static Secp256k1Field Select(Secp256k1Field a, Secp256k1Field b, ulong mask) => new(
        (a.L0 & ~mask) | (b.L0 & mask),
        (a.L1 & ~mask) | (b.L1 & mask),
        (a.L2 & ~mask) | (b.L2 & mask),
        (a.L3 & ~mask) | (b.L3 & mask));

    // t = high·2^256 + low ≡ low + high·(2^256 mod p).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Secp256k1Field Reduce(ulong t0, ulong t1, ulong t2, ulong t3, ulong t4, ulong t5, ulong t6, ulong t7)
    {
        ulong c = 0;
        var r0 = MultiplyAdd(t4, Fold, t0, ref c);
        var r1 = MultiplyAdd(t5, Fold, t1, ref c);
        var r2 = MultiplyAdd(t6, Fold, t2, ref c);
        var r3 = MultiplyAdd(t7, Fold, t3, ref c);
        return FoldTop(r0, r1, r2, r3, c);
    }

    // top·2^256 + r with top below 2^35: folding top·(2^256 mod p) in can carry out once, and then the low
    // part is small enough that the second fold only reaches the second limb.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Secp256k1Field FoldTop(ulong r0, ulong r1, ulong r2, ulong r3, ulong top)
    {
        var hi = Math.BigMul(top, Fold, out var lo);
        ulong carry = 0;
        r0 = AddCarry(r0, lo, ref carry);
        r1 = AddCarry(r1, hi, ref carry);
        r2 = AddCarry(r2, 0, ref carry);
        r3 = AddCarry(r3, 0, ref carry);
        var extra = carry * Fold;
        carry = 0;
        r0 = AddCarry(r0, extra, ref carry);
        r1 += carry;
        return new(r0, r1, r2, r3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong AddCarry(ulong x, ulong y, ref ulong carry)
    {
        var sum = x + y;
        var next = sum < x ? 1UL : 0UL;
        sum += carry;
        next += sum < carry ? 1UL : 0UL;
        carry = next;
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong SubtractBorrow(ulong x, ulong y, ref ulong borrow)
    {
        var difference = x - y;
        var next = x < y ? 1UL : 0UL;
        var result = difference - borrow;
        next += difference < borrow ? 1UL : 0UL;
        borrow = next;
        return result;
    }

    /// <summary>Low 64 bits of x·y + add + carry; the high 64 bits go to carry. The sum cannot overflow 128 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong MultiplyAdd(ulong x, ulong y, ulong add, ref ulong carry)
    {
        var hi = Math.BigMul(x, y, out var lo);
        lo += add;
        hi += lo < add ? 1UL : 0UL;
        lo += carry;
        hi += lo < carry ? 1UL : 0UL;
        carry = hi;
        return lo;
    }
}
