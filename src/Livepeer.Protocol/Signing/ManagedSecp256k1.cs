using System.Security.Cryptography;

namespace Livepeer.Protocol;

/// <summary>
/// secp256k1 in managed code: RFC 6979 ECDSA, low-S normalisation and SEC1 4.1.6 public-key recovery on the
/// SDK's own field, scalar and point arithmetic (<see cref="Secp256k1Field"/>, <see cref="Secp256k1Scalar"/>,
/// <see cref="Secp256k1Multiplier"/>).
/// </summary>
internal sealed class ManagedSecp256k1 : Secp256k1
{
    public static readonly ManagedSecp256k1 Instance = new();

    // p − n: an x coordinate r + n is still a field element only when r is below this.
    private static readonly Secp256k1Scalar FieldPrimeMinusOrder = new(0x402DA1722FC9BAEE, 0x4551231950B75FC4, 1, 0);

    // y² = x³ + 7
    private static readonly Secp256k1Field CurveB = new(7, 0, 0, 0);

    private ManagedSecp256k1()
    {
    }

    public override string Name => "managed";

    public override bool TryGetPublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey)
    {
        if (privateKey.Length != 32 || publicKey.Length < 64 || !Secp256k1Scalar.TryRead(privateKey, out var d))
        {
            return false;
        }
        if (!Secp256k1Multiplier.MultiplyGenerator(d).TryToAffine(out var q))
        {
            return false;
        }
        q.WriteBytes(publicKey);
        return true;
    }

    public override bool TrySign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> digest, Span<byte> signature, out int recoveryId)
    {
        recoveryId = 0;
        if (privateKey.Length != 32 || digest.Length != 32 || signature.Length < 64 || !Secp256k1Scalar.TryRead(privateKey, out var d))
        {
            return false;
        }
        var e = Secp256k1Scalar.Reduce(digest, out _);
        Span<byte> nonceBytes = stackalloc byte[32];
        Span<byte> xBytes = stackalloc byte[32];
        Span<byte> nonceState = stackalloc byte[5 * 32 + 1];
        var nonces = new Rfc6979Nonces(privateKey, e, nonceState);
        try
        {
            // RFC 6979 (and libsecp256k1) move on to the generator's next output when r or s comes out zero.
            while (true)
            {
                nonces.Next(nonceBytes);
                if (!Secp256k1Scalar.TryRead(nonceBytes, out var k))
                {
                    continue;
                }
                if (!Secp256k1Multiplier.MultiplyGenerator(k).TryToAffine(out var bigR))
                {
                    continue;
                }
                bigR.X.WriteBytes(xBytes);
                var r = Secp256k1Scalar.Reduce(xBytes, out var overflowed);
                if (r.IsZero)
                {
                    continue;
                }
                var s = Secp256k1Scalar.Multiply(Secp256k1Scalar.InvertBlinded(k), Secp256k1Scalar.Add(e, Secp256k1Scalar.Multiply(r, d)));
                if (s.IsZero)
                {
                    continue;
                }
                var id = (bigR.Y.IsOdd ? 1 : 0) | (overflowed ? 2 : 0);
                if (s.IsHigh)
                {
                    s = Secp256k1Scalar.Negate(s);
                    id ^= 1;
                }
                r.WriteBytes(signature[..32]);
                s.WriteBytes(signature[32..64]);
                recoveryId = id;
                return true;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(nonceState);
            CryptographicOperations.ZeroMemory(nonceBytes);
        }
    }

    public override bool TryRecover(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature, int recoveryId, Span<byte> publicKey)
    {
        if (digest.Length != 32 || signature.Length != 64 || (uint)recoveryId > 3 || publicKey.Length < 64
            || !Secp256k1Scalar.TryRead(signature[..32], out var r) || !Secp256k1Scalar.TryRead(signature[32..], out var s))
        {
            return false;
        }

        // SEC1 4.1.6: rebuild R from its x (r, or r + n for ids 2 and 3) and the parity of its y.
        Secp256k1Field x;
        if ((recoveryId & 2) == 0)
        {
            x = new(r.L0, r.L1, r.L2, r.L3);
        }
        else
        {
            if (Secp256k1Scalar.Compare(r, FieldPrimeMinusOrder) >= 0)
            {
                return false;
            }
            ulong carry = 0;
            var order = Secp256k1Scalar.Order;
            x = new(
                Secp256k1Field.AddCarry(r.L0, order.L0, ref carry),
                Secp256k1Field.AddCarry(r.L1, order.L1, ref carry),
                Secp256k1Field.AddCarry(r.L2, order.L2, ref carry),
                Secp256k1Field.AddCarry(r.L3, order.L3, ref carry));
        }
        var ySquared = Secp256k1Field.Add(Secp256k1Field.Multiply(Secp256k1Field.Square(x), x), CurveB);
        if (!Secp256k1Field.TrySqrt(ySquared, out var y))
        {
            return false;
        }
        if (y.IsOdd != ((recoveryId & 1) != 0))
        {
            y = Secp256k1Field.Negate(y);
        }

        // Q = r⁻¹(sR − eG) = (−e·r⁻¹)·G + (s·r⁻¹)·R
        var e = Secp256k1Scalar.Reduce(digest, out _);
        var rInverse = Secp256k1Scalar.InvertVariableTime(r);
        var u1 = Secp256k1Scalar.Negate(Secp256k1Scalar.Multiply(e, rInverse));
        var u2 = Secp256k1Scalar.Multiply(s, rInverse);
        if (!Secp256k1Multiplier.MultiplyGeneratorAndAdd(u1, u2, new(x, y)).TryToAffine(out var q))
        {
            return false;
        }
        q.WriteBytes(publicKey);
        return true;
    }

    /// <summary>
    /// The RFC 6979 section 3.2 HMAC-SHA256 generator for a 256-bit order, keyed by the private key and the
    /// digest mod n. K and V live in a caller's buffer so that they can be wiped.
    /// </summary>
    private ref struct Rfc6979Nonces
    {
        private const int Size = 32;

        private readonly Span<byte> key;
        private readonly Span<byte> value;
        private readonly Span<byte> scratch;
        private bool started;

        public Rfc6979Nonces(ReadOnlySpan<byte> privateKey, Secp256k1Scalar digest, Span<byte> state)
        {
            key = state[..Size];
            value = state[Size..(2 * Size)];
            scratch = state[(2 * Size)..];
            key.Clear();
            value.Fill(0x01);
            var seed = scratch[..(3 * Size + 1)];
            privateKey.CopyTo(seed[(Size + 1)..]);
            digest.WriteBytes(seed[(2 * Size + 1)..]);
            for (byte round = 0; round < 2; round++)
            {
                value.CopyTo(seed);
                seed[Size] = round;
                Step(seed);
            }
            started = false;
        }

        /// <summary>The next candidate nonce; after the first, K and V are stepped as step (h) requires.</summary>
        public void Next(Span<byte> nonce)
        {
            if (started)
            {
                var input = scratch[..(Size + 1)];
                value.CopyTo(input);
                input[Size] = 0x00;
                Step(input);
            }
            started = true;
            HMACSHA256.HashData(key, value, scratch);
            scratch[..Size].CopyTo(value);
            value.CopyTo(nonce);
        }

        // K = HMAC_K(input); V = HMAC_K(V)
        private readonly void Step(ReadOnlySpan<byte> input)
        {
            Span<byte> next = stackalloc byte[Size];
            HMACSHA256.HashData(key, input, next);
            next.CopyTo(key);
            HMACSHA256.HashData(key, value, next);
            next.CopyTo(value);
            CryptographicOperations.ZeroMemory(next);
        }
    }
}
