using CryptographicOperations = System.Security.Cryptography.CryptographicOperations;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Livepeer.Protocol;

/// <summary>secp256k1 on BouncyCastle: RFC 6979 ECDSA, low-S normalisation and SEC1 4.1.6 public-key recovery.</summary>
internal sealed class ManagedSecp256k1 : Secp256k1
{
    public static readonly ManagedSecp256k1 Instance = new();

    private static readonly X9ECParameters Parameters = CustomNamedCurves.GetByName("secp256k1");
    private static readonly ECDomainParameters Domain = new(Parameters.Curve, Parameters.G, Parameters.N, Parameters.H);
    private static readonly ECCurve Curve = Parameters.Curve;
    private static readonly ECPoint G = Parameters.G;
    private static readonly BigInteger N = Parameters.N;
    private static readonly BigInteger HalfN = N.ShiftRight(1);
    private static readonly BigInteger FieldPrime = Curve.Field.Characteristic;
    private static readonly FixedPointCombMultiplier BaseMultiplier = new();

    private ManagedSecp256k1()
    {
    }

    public override string Name => "managed";

    public override bool TryGetPublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey)
    {
        if (privateKey.Length != 32 || publicKey.Length < 64 || !TryReadScalar(privateKey, out var d))
        {
            return false;
        }
        WritePoint(BaseMultiplier.Multiply(G, d).Normalize(), publicKey);
        return true;
    }

    public override bool TrySign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> digest, Span<byte> signature, out int recoveryId)
    {
        recoveryId = 0;
        if (privateKey.Length != 32 || digest.Length != 32 || signature.Length < 64 || !TryReadScalar(privateKey, out var d))
        {
            return false;
        }
        var message = digest.ToArray();
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, new ECPrivateKeyParameters(d, Domain));
        var rs = signer.GenerateSignature(message);
        var r = rs[0];
        var s = rs[1];
        var id = RecoveryIdFromNonce(d, message, r);
        if (id < 0)
        {
            WriteScalar(r, signature[..32]);
            WriteScalar(s, signature[32..64]);
            id = RecoveryIdByTrial(d, digest, signature[..64]);
            if (id < 0)
            {
                return false;
            }
        }
        if (s.CompareTo(HalfN) > 0)
        {
            s = N.Subtract(s);
            id ^= 1;
        }
        WriteScalar(r, signature[..32]);
        WriteScalar(s, signature[32..64]);
        recoveryId = id;
        return true;
    }

    public override bool TryRecover(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature, int recoveryId, Span<byte> publicKey)
    {
        if (digest.Length != 32 || signature.Length != 64 || (uint)recoveryId > 3 || publicKey.Length < 64
            || !TryReadScalar(signature[..32], out var r) || !TryReadScalar(signature[32..], out var s))
        {
            return false;
        }

        // SEC1 4.1.6: rebuild R from its x (r, or r + n for ids 2 and 3) and the parity of its y.
        var x = (recoveryId & 2) != 0 ? r.Add(N) : r;
        if (x.CompareTo(FieldPrime) >= 0)
        {
            return false;
        }
        var fx = Curve.FromBigInteger(x);
        var y = fx.Square().Multiply(fx).Add(Curve.B).Sqrt();
        if (y is null)
        {
            return false;
        }
        if (y.TestBitZero() != ((recoveryId & 1) != 0))
        {
            y = y.Negate();
        }
        var bigR = Curve.CreatePoint(x, y.ToBigInteger());

        // Q = r⁻¹(sR − eG)
        var e = new BigInteger(1, digest.ToArray());
        var rInverse = r.ModInverse(N);
        var u1 = e.Negate().Mod(N).Multiply(rInverse).Mod(N);
        var u2 = s.Multiply(rInverse).Mod(N);
        var q = ECAlgorithms.SumOfTwoMultiplies(G, u1, bigR, u2).Normalize();
        if (q.IsInfinity)
        {
            return false;
        }
        WritePoint(q, publicKey);
        return true;
    }

    // ECDsaSigner does not expose R, so the RFC 6979 nonce is drawn again to find R's y parity and whether
    // its x overflowed n. Returns −1 if the signer did not use the first nonce (it only retries when r or s
    // came out zero).
    private static int RecoveryIdFromNonce(BigInteger d, byte[] message, BigInteger r)
    {
        var calculator = new HMacDsaKCalculator(new Sha256Digest());
        calculator.Init(N, d, message);
        var point = BaseMultiplier.Multiply(G, calculator.NextK()).Normalize();
        var x = point.AffineXCoord.ToBigInteger();
        if (!x.Mod(N).Equals(r))
        {
            return -1;
        }
        return (point.AffineYCoord.TestBitZero() ? 1 : 0) | (x.CompareTo(N) >= 0 ? 2 : 0);
    }

    private static int RecoveryIdByTrial(BigInteger d, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        Span<byte> expected = stackalloc byte[64];
        WritePoint(BaseMultiplier.Multiply(G, d).Normalize(), expected);
        Span<byte> candidate = stackalloc byte[64];
        for (var id = 0; id < 4; id++)
        {
            if (Instance.TryRecover(digest, signature, id, candidate) && candidate.SequenceEqual(expected))
            {
                return id;
            }
        }
        return -1;
    }

    private static bool TryReadScalar(ReadOnlySpan<byte> bytes, out BigInteger value)
    {
        var copy = bytes.ToArray();
        value = new BigInteger(1, copy);
        CryptographicOperations.ZeroMemory(copy);
        return value.SignValue > 0 && value.CompareTo(N) < 0;
    }

    private static void WritePoint(ECPoint point, Span<byte> destination)
    {
        WriteScalar(point.AffineXCoord.ToBigInteger(), destination[..32]);
        WriteScalar(point.AffineYCoord.ToBigInteger(), destination[32..64]);
    }

    private static void WriteScalar(BigInteger value, Span<byte> destination)
    {
        var bytes = value.ToByteArrayUnsigned();
        destination.Clear();
        bytes.CopyTo(destination[(destination.Length - bytes.Length)..]);
    }
}
