using static Livepeer.Protocol.Secp256k1Field;

namespace Livepeer.Protocol;

/// <summary>A secp256k1 point in affine coordinates; never the point at infinity.</summary>
internal readonly struct Secp256k1AffinePoint
{
    public static readonly Secp256k1AffinePoint Generator = new(
        new(0x59F2815B16F81798, 0x029BFCDB2DCE28D9, 0x55A06295CE870B07, 0x79BE667EF9DCBBAC),
        new(0x9C47D08FFB10D4B8, 0xFD17B448A6855419, 0x5DA4FBFC0E1108A8, 0x483ADA7726A3C465));

    public readonly Secp256k1Field X;
    public readonly Secp256k1Field Y;

    public Secp256k1AffinePoint(Secp256k1Field x, Secp256k1Field y)
    {
        X = x;
        Y = y;
    }

    public Secp256k1AffinePoint Negate() => new(X, Secp256k1Field.Negate(Y));

    /// <summary>Writes X‖Y, 64 bytes.</summary>
    public void WriteBytes(Span<byte> destination)
    {
        X.WriteBytes(destination[..32]);
        Y.WriteBytes(destination[32..64]);
    }
}

/// <summary>
/// A secp256k1 point in Jacobian coordinates (x = X/Z², y = Y/Z³). The general operations here branch on
/// the exceptional cases (infinity, P = Q, P = −Q), so they are for public inputs; signing uses
/// <see cref="AddAffineUnchecked"/> where those cases cannot occur.
/// </summary>
internal readonly struct Secp256k1Point
{
    public static readonly Secp256k1Point Infinity = new(Secp256k1Field.One, Secp256k1Field.One, Secp256k1Field.Zero, true);

    public readonly Secp256k1Field X;
    public readonly Secp256k1Field Y;
    public readonly Secp256k1Field Z;
    public readonly bool IsInfinity;

    public Secp256k1Point(Secp256k1Field x, Secp256k1Field y, Secp256k1Field z, bool isInfinity)
    {
        X = x;
        Y = y;
        Z = z;
        IsInfinity = isInfinity;
    }

    public static Secp256k1Point FromAffine(Secp256k1AffinePoint p) => new(p.X, p.Y, Secp256k1Field.One, false);

    public Secp256k1Point Negate() => new(X, Secp256k1Field.Negate(Y), Z, IsInfinity);

    /// <summary>The affine form, or false for the point at infinity.</summary>
    public bool TryToAffine(out Secp256k1AffinePoint affine)
    {
        if (IsInfinity)
        {
            affine = default;
            return false;
        }
        var zInverse = Invert(Z);
        var zInverse2 = Square(zInverse);
        affine = new(Multiply(X, zInverse2), Multiply(Y, Multiply(zInverse2, zInverse)));
        return true;
    }

    // a = 0 doubling: 2M + 5S.
    public static Secp256k1Point Double(Secp256k1Point p)
    {
        if (p.IsInfinity)
        {
            return p;
        }
        var a = Square(p.X);
        var b = Square(p.Y);
        var c = Square(b);
        var d = Subtract(Subtract(Square(Secp256k1Field.Add(p.X, b)), a), c);
        d = Secp256k1Field.Add(d, d);
        var e = MultiplySmall(a, 3);
        var f = Square(e);
        var x3 = Subtract(f, Secp256k1Field.Add(d, d));
        var y3 = Subtract(Multiply(e, Subtract(d, x3)), MultiplySmall(c, 8));
        var z3 = Multiply(p.Y, p.Z);
        return new(x3, y3, Secp256k1Field.Add(z3, z3), false);
    }

    /// <summary>p + q for affine q, with every exceptional case handled.</summary>
    public static Secp256k1Point AddAffine(Secp256k1Point p, Secp256k1AffinePoint q)
    {
        if (p.IsInfinity)
        {
            return FromAffine(q);
        }
        var z1z1 = Square(p.Z);
        var h = Subtract(Multiply(q.X, z1z1), p.X);
        var r = Subtract(Multiply(q.Y, Multiply(p.Z, z1z1)), p.Y);
        if (h.IsZero)
        {
            return r.IsZero ? Double(p) : Infinity;
        }
        return FinishAdd(p.X, p.Y, p.Z, h, r);
    }

    /// <summary>
    /// p + q for affine q where the caller knows p is finite and p ≠ ±q; no branches, for secret data.
    /// </summary>
    public static Secp256k1Point AddAffineUnchecked(Secp256k1Point p, Secp256k1AffinePoint q)
    {
        var z1z1 = Square(p.Z);
        var h = Subtract(Multiply(q.X, z1z1), p.X);
        var r = Subtract(Multiply(q.Y, Multiply(p.Z, z1z1)), p.Y);
        return FinishAdd(p.X, p.Y, p.Z, h, r);
    }

    /// <summary>p + q, with every exceptional case handled.</summary>
    public static Secp256k1Point Add(Secp256k1Point p, Secp256k1Point q)
    {
        if (p.IsInfinity)
        {
            return q;
        }
        if (q.IsInfinity)
        {
            return p;
        }
        var z1z1 = Square(p.Z);
        var z2z2 = Square(q.Z);
        var u1 = Multiply(p.X, z2z2);
        var s1 = Multiply(p.Y, Multiply(q.Z, z2z2));
        var h = Subtract(Multiply(q.X, z1z1), u1);
        var r = Subtract(Multiply(q.Y, Multiply(p.Z, z1z1)), s1);
        if (h.IsZero)
        {
            return r.IsZero ? Double(p) : Infinity;
        }
        return FinishAdd(u1, s1, Multiply(p.Z, q.Z), h, r);
    }

    // With h = U2 − U1 and r = S2 − S1: X3 = r² − h³ − 2·U1·h², Y3 = r·(U1·h² − X3) − S1·h³, Z3 = Z·h.
    private static Secp256k1Point FinishAdd(Secp256k1Field u1, Secp256k1Field s1, Secp256k1Field z, Secp256k1Field h, Secp256k1Field r)
    {
        var hh = Square(h);
        var hhh = Multiply(h, hh);
        var v = Multiply(u1, hh);
        var x3 = Subtract(Subtract(Square(r), hhh), Secp256k1Field.Add(v, v));
        var y3 = Subtract(Multiply(r, Subtract(v, x3)), Multiply(s1, hhh));
        return new(x3, y3, Multiply(z, h), false);
    }

    /// <summary>Converts finite points to affine with one inversion (Montgomery's trick).</summary>
    public static Secp256k1AffinePoint[] ToAffine(ReadOnlySpan<Secp256k1Point> points)
    {
        var prefix = new Secp256k1Field[points.Length];
        var running = Secp256k1Field.One;
        for (var i = 0; i < points.Length; i++)
        {
            prefix[i] = running;
            running = Multiply(running, points[i].Z);
        }
        var inverse = Invert(running);
        var result = new Secp256k1AffinePoint[points.Length];
        for (var i = points.Length - 1; i >= 0; i--)
        {
            var zInverse = Multiply(inverse, prefix[i]);
            inverse = Multiply(inverse, points[i].Z);
            var zInverse2 = Square(zInverse);
            result[i] = new(Multiply(points[i].X, zInverse2), Multiply(points[i].Y, Multiply(zInverse2, zInverse)));
        }
        return result;
    }
}
