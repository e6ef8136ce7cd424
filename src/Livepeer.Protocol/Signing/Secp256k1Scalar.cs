using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using static Livepeer.Protocol.Secp256k1Field;

namespace Livepeer.Protocol;

/// <summary>
/// An integer mod n, the secp256k1 group order, as four little-endian 64-bit limbs, always below n.
/// Products go through Montgomery multiplication, which needs no special form of n.
/// </summary>
internal readonly struct Secp256k1Scalar
{
    private const ulong N0 = 0xBFD25E8CD0364141;
    private const ulong N1 = 0xBAAEDCE6AF48A03B;
    private const ulong N2 = 0xFFFFFFFFFFFFFFFE;
    private const ulong N3 = 0xFFFFFFFFFFFFFFFF;

    // −n⁻¹ mod 2^64, for the Montgomery reduction step.
    private const ulong NegativeInverseN0 = 0x4B0DFF665588B13F;

    // R² mod n with R = 2^256: a Montgomery multiplication by it cancels the R⁻¹ that the first one leaves.
    private static readonly Secp256k1Scalar MontgomeryRSquared = new(0x896CF21467D7D140, 0x741496C20E7CF878, 0xE697F5E45BCD07C6, 0x9D671CD581C69BC5);

    private static readonly Secp256k1Scalar HalfOrder = new(0xDFE92F46681B20A0, 0x5D576E7357A4501D, 0xFFFFFFFFFFFFFFFF, 0x7FFFFFFFFFFFFFFF);

    public static readonly Secp256k1Scalar Order = new(N0, N1, N2, N3);

    // The endomorphism (x, y) → (β·x, y) is multiplication by λ, a cube root of unity mod n. Splitting a scalar
    // into two halves of about 128 bits around λ halves the doublings of a multiplication. −b1, −b2 and
    // g1 = round(2^384·b2/n), g2 = round(2^384·(−b1)/n) come from a short basis of the lattice of pairs
    // (a, b) with a + b·λ ≡ 0 (mod n).
    private static readonly Secp256k1Scalar Lambda = new(0xDF02967C1B23BD72, 0x122E22EA20816678, 0xA5261C028812645A, 0x5363AD4CC05C30E0);
    private static readonly Secp256k1Scalar MinusB1 = new(0x6F547FA90ABFE4C3, 0xE4437ED6010E8828, 0, 0);
    private static readonly Secp256k1Scalar MinusB2 = new(0xD765CDA83DB1562C, 0x8A280AC50774346D, 0xFFFFFFFFFFFFFFFE, 0xFFFFFFFFFFFFFFFF);
    private static readonly Secp256k1Scalar G1 = new(0xE893209A45DBB031, 0x3DAA8A1471E8CA7F, 0xE86C90E49284EB15, 0x3086D221A7D46BCD);
    private static readonly Secp256k1Scalar G2 = new(0x1571B4AE8AC47F71, 0x221208AC9DF506C6, 0x6F547FA90ABFE4C4, 0xE4437ED6010E8828);

    public readonly ulong L0;
    public readonly ulong L1;
    public readonly ulong L2;
    public readonly ulong L3;

    public Secp256k1Scalar(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        L0 = l0;
        L1 = l1;
        L2 = l2;
        L3 = l3;
    }

    public bool IsZero => (L0 | L1 | L2 | L3) == 0;

    /// <summary>True when the value is above n/2, so that n − s is the low-S form.</summary>
    public bool IsHigh => Compare(this, HalfOrder) > 0;

    /// <summary>Reads 32 big-endian bytes; false unless 0 &lt; value &lt; n.</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out Secp256k1Scalar value)
    {
        var raw = ReadRaw(bytes);
        value = raw;
        return !raw.IsZero && Compare(raw, Order) < 0;
    }

    /// <summary>Reads 32 big-endian bytes reduced mod n; overflowed says whether the value was n or more.</summary>
    public static Secp256k1Scalar Reduce(ReadOnlySpan<byte> bytes, out bool overflowed)
    {
        var raw = ReadRaw(bytes);
        ulong borrow = 0;
        var d0 = SubtractBorrow(raw.L0, N0, ref borrow);
        var d1 = SubtractBorrow(raw.L1, N1, ref borrow);
        var d2 = SubtractBorrow(raw.L2, N2, ref borrow);
        var d3 = SubtractBorrow(raw.L3, N3, ref borrow);
        overflowed = borrow == 0;
        var keep = 0 - borrow;
        return new((raw.L0 & keep) | (d0 & ~keep), (raw.L1 & keep) | (d1 & ~keep), (raw.L2 & keep) | (d2 & ~keep), (raw.L3 & keep) | (d3 & ~keep));
    }

    public void WriteBytes(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, L3);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], L2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], L1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], L0);
    }

    /// <summary>Four bits starting at bit offset (a multiple of 4).</summary>
    public int Nibble(int offset)
    {
        var limb = (offset >> 6) switch
        {
            0 => L0,
            1 => L1,
            2 => L2,
            _ => L3,
        };
        return (int)(limb >> (offset & 63)) & 0xF;
    }

    public static Secp256k1Scalar Add(Secp256k1Scalar a, Secp256k1Scalar b)
    {
        ulong carry = 0;
        var s0 = AddCarry(a.L0, b.L0, ref carry);
        var s1 = AddCarry(a.L1, b.L1, ref carry);
        var s2 = AddCarry(a.L2, b.L2, ref carry);
        var s3 = AddCarry(a.L3, b.L3, ref carry);
        return SubtractOrderIfNeeded(s0, s1, s2, s3, carry);
    }

    public static Secp256k1Scalar Negate(Secp256k1Scalar a)
    {
        ulong borrow = 0;
        var r0 = SubtractBorrow(N0, a.L0, ref borrow);
        var r1 = SubtractBorrow(N1, a.L1, ref borrow);
        var r2 = SubtractBorrow(N2, a.L2, ref borrow);
        var r3 = SubtractBorrow(N3, a.L3, ref borrow);
        var nonZero = 0 - (ulong)(a.IsZero ? 0 : 1);
        return new(r0 & nonZero, r1 & nonZero, r2 & nonZero, r3 & nonZero);
    }

    /// <summary>
    /// k = first + second·λ (mod n), where each part or its negation is below 2^128. Variable time; for public scalars.
    /// </summary>
    public static (Secp256k1Scalar First, Secp256k1Scalar Second) SplitLambda(Secp256k1Scalar k)
    {
        var c1 = MultiplyShiftRounded(k, G1);
        var c2 = MultiplyShiftRounded(k, G2);
        var second = Add(Multiply(c1, MinusB1), Multiply(c2, MinusB2));
        var first = Add(k, Negate(Multiply(second, Lambda)));
        return (first, second);
    }

    // round(a·b / 2^384); the result is below 2^128, hence below n.
    private static Secp256k1Scalar MultiplyShiftRounded(Secp256k1Scalar a, Secp256k1Scalar b)
    {
        MultiplyWide(a.L0, a.L1, a.L2, a.L3, b.L0, b.L1, b.L2, b.L3, out _, out _, out _, out _, out _, out var t5, out var t6, out var t7);
        ulong carry = 0;
        var low = AddCarry(t6, t5 >> 63, ref carry);
        return new(low, t7 + carry, 0, 0);
    }

    public static Secp256k1Scalar Multiply(Secp256k1Scalar a, Secp256k1Scalar b) =>
        MontgomeryMultiply(MontgomeryMultiply(a, b), MontgomeryRSquared);

    /// <summary>
    /// a⁻¹ for a ≠ 0 by the binary extended Euclidean algorithm. Its running time depends on a, so a secret
    /// must be blinded first (see <see cref="InvertBlinded"/>).
    /// </summary>
    public static Secp256k1Scalar InvertVariableTime(Secp256k1Scalar a)
    {
        // Invariants: u ≡ x1·a and v ≡ x2·a (mod n); gcd(u, v) = 1 throughout, so one of them reaches 1.
        var u = a;
        var v = Order;
        var x1 = new Secp256k1Scalar(1, 0, 0, 0);
        var x2 = default(Secp256k1Scalar);
        while (!u.IsOne && !v.IsOne)
        {
            while ((u.L0 & 1) == 0)
            {
                u = ShiftRightOne(u, 0);
                x1 = Halve(x1);
            }
            while ((v.L0 & 1) == 0)
            {
                v = ShiftRightOne(v, 0);
                x2 = Halve(x2);
            }
            if (Compare(u, v) >= 0)
            {
                u = SubtractRaw(u, v);
                x1 = Add(x1, Negate(x2));
            }
            else
            {
                v = SubtractRaw(v, u);
                x2 = Add(x2, Negate(x1));
            }
        }
        return u.IsOne ? x1 : x2;
    }

    /// <summary>
    /// a⁻¹ for a secret a ≠ 0: a·b for a random b is uniform and independent of a, so inverting it in variable
    /// time reveals nothing, and multiplying by b again removes the blind. Several times faster than a^(n−2).
    /// </summary>
    public static Secp256k1Scalar InvertBlinded(Secp256k1Scalar a)
    {
        Span<byte> bytes = stackalloc byte[32];
        Secp256k1Scalar blind;
        do
        {
            RandomNumberGenerator.Fill(bytes);
        }
        while (!TryRead(bytes, out blind));
        CryptographicOperations.ZeroMemory(bytes);
        return Multiply(InvertVariableTime(Multiply(a, blind)), blind);
    }

    private bool IsOne => ((L0 ^ 1) | L1 | L2 | L3) == 0;

    // x/2 mod n: an odd x becomes even by adding n, whose carry is the top bit after the shift.
    private static Secp256k1Scalar Halve(Secp256k1Scalar x)
    {
        if ((x.L0 & 1) == 0)
        {
            return ShiftRightOne(x, 0);
        }
        ulong carry = 0;
        var sum = new Secp256k1Scalar(
            AddCarry(x.L0, N0, ref carry),
            AddCarry(x.L1, N1, ref carry),
            AddCarry(x.L2, N2, ref carry),
            AddCarry(x.L3, N3, ref carry));
        return ShiftRightOne(sum, carry);
    }

    private static Secp256k1Scalar ShiftRightOne(Secp256k1Scalar x, ulong topBit) => new(
        (x.L0 >> 1) | (x.L1 << 63),
        (x.L1 >> 1) | (x.L2 << 63),
        (x.L2 >> 1) | (x.L3 << 63),
        (x.L3 >> 1) | (topBit << 63));

    private static Secp256k1Scalar SubtractRaw(Secp256k1Scalar a, Secp256k1Scalar b)
    {
        ulong borrow = 0;
        return new(
            SubtractBorrow(a.L0, b.L0, ref borrow),
            SubtractBorrow(a.L1, b.L1, ref borrow),
            SubtractBorrow(a.L2, b.L2, ref borrow),
            SubtractBorrow(a.L3, b.L3, ref borrow));
    }

    public static int Compare(Secp256k1Scalar a, Secp256k1Scalar b)
    {
        if (a.L3 != b.L3)
        {
            return a.L3 < b.L3 ? -1 : 1;
        }
        if (a.L2 != b.L2)
        {
            return a.L2 < b.L2 ? -1 : 1;
        }
        if (a.L1 != b.L1)
        {
            return a.L1 < b.L1 ? -1 : 1;
        }
        return a.L0 == b.L0 ? 0 : a.L0 < b.L0 ? -1 : 1;
    }

    private static Secp256k1Scalar ReadRaw(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes));

    // a·b·R⁻¹ mod n (CIOS). Inputs below n keep the running value below 2n, so one conditional
    // subtraction at the end suffices.
    private static Secp256k1Scalar MontgomeryMultiply(Secp256k1Scalar a, Secp256k1Scalar b)
    {
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0;
        MontgomeryRow(ref t0, ref t1, ref t2, ref t3, ref t4, a, b.L0);
        MontgomeryRow(ref t0, ref t1, ref t2, ref t3, ref t4, a, b.L1);
        MontgomeryRow(ref t0, ref t1, ref t2, ref t3, ref t4, a, b.L2);
        MontgomeryRow(ref t0, ref t1, ref t2, ref t3, ref t4, a, b.L3);
        return SubtractOrderIfNeeded(t0, t1, t2, t3, t4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MontgomeryRow(ref ulong t0, ref ulong t1, ref ulong t2, ref ulong t3, ref ulong t4, Secp256k1Scalar a, ulong bi)
    {
        ulong c = 0;
        t0 = MultiplyAdd(a.L0, bi, t0, ref c);
        t1 = MultiplyAdd(a.L1, bi, t1, ref c);
        t2 = MultiplyAdd(a.L2, bi, t2, ref c);
        t3 = MultiplyAdd(a.L3, bi, t3, ref c);
        ulong t5 = 0;
        t4 = AddCarry(t4, c, ref t5);

        var m = t0 * NegativeInverseN0;
        c = 0;
        MultiplyAdd(m, N0, t0, ref c);
        t0 = MultiplyAdd(m, N1, t1, ref c);
        t1 = MultiplyAdd(m, N2, t2, ref c);
        t2 = MultiplyAdd(m, N3, t3, ref c);
        ulong k = 0;
        t3 = AddCarry(t4, c, ref k);
        t4 = t5 + k;
    }

    // top·2^256 + t with the whole below 2n: subtracts n when the value is n or more.
    private static Secp256k1Scalar SubtractOrderIfNeeded(ulong t0, ulong t1, ulong t2, ulong t3, ulong top)
    {
        ulong borrow = 0;
        var d0 = SubtractBorrow(t0, N0, ref borrow);
        var d1 = SubtractBorrow(t1, N1, ref borrow);
        var d2 = SubtractBorrow(t2, N2, ref borrow);
        var d3 = SubtractBorrow(t3, N3, ref borrow);
        var keep = 0 - (borrow & (top ^ 1));
        return new((t0 & keep) | (d0 & ~keep), (t1 & keep) | (d1 & ~keep), (t2 & keep) | (d2 & ~keep), (t3 & keep) | (d3 & ~keep));
    }
}
