using System.Numerics;

namespace Livepeer.Protocol;

/// <summary>A 65-byte secp256k1 signature r‖s‖v with v = 27 or 28, as Ethereum and go-livepeer exchange it.</summary>
public readonly record struct EthSignature
{
    /// <summary>The serialised length, r‖s‖v.</summary>
    public const int Size = 65;

    /// <summary>The order n of the secp256k1 group.</summary>
    internal static readonly BigInteger CurveOrder = BigInteger.Parse("0fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

    internal static readonly BigInteger HalfCurveOrder = CurveOrder >> 1;

    private readonly byte[]? _bytes;

    private EthSignature(byte[] bytes) => _bytes = bytes;

    /// <summary>Creates a signature from r, s (32 bytes each, big-endian) and v (27 or 28).</summary>
    /// <exception cref="EthereumFormatException">r or s is not 32 bytes, either is zero or not below n, s is above n/2, or v is not 27 or 28.</exception>
    public static EthSignature Create(ReadOnlySpan<byte> r, ReadOnlySpan<byte> s, byte v)
    {
        if (r.Length != 32 || s.Length != 32)
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidSignature, "r and s are 32 bytes each.");
        }
        var bytes = new byte[Size];
        r.CopyTo(bytes);
        s.CopyTo(bytes.AsSpan(32));
        bytes[64] = v;
        return Parse(bytes);
    }

    /// <summary>Parses r‖s‖v. Rejects what go-livepeer's verifier rejects: a length other than 65, s above n/2, v other than 27/28.</summary>
    /// <exception cref="EthereumFormatException">The bytes are not a valid signature; the message says why.</exception>
    public static EthSignature Parse(ReadOnlySpan<byte> bytes)
    {
        if (!TryParse(bytes, out var signature, out var error))
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidSignature, error);
        }
        return signature;
    }

    /// <summary>Wraps r‖s‖v from a backend that already produced a valid low-S signature; skips re-validation on the signing path.</summary>
    internal static EthSignature FromSigner(ReadOnlySpan<byte> rs, int recoveryId)
    {
        var bytes = new byte[Size];
        rs[..64].CopyTo(bytes);
        bytes[64] = (byte)(27 + recoveryId);
        return new EthSignature(bytes);
    }

    /// <summary>Parses hex text (with or without 0x) holding r‖s‖v.</summary>
    public static EthSignature Parse(string hex) => Parse(Hex.Decode(hex));

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out EthSignature signature) => TryParse(bytes, out signature, out _);

    private static bool TryParse(ReadOnlySpan<byte> bytes, out EthSignature signature, out string error)
    {
        signature = default;
        if (bytes.Length != Size)
        {
            error = $"invalid signature length: a signature is 65 bytes, not {bytes.Length}.";
            return false;
        }
        if (bytes[64] is not (27 or 28))
        {
            error = $"signature v value must be 27 or 28, not {bytes[64]}.";
            return false;
        }
        var r = Uint256.ReadUnsigned(bytes[..32]);
        var s = Uint256.ReadUnsigned(bytes[32..64]);
        if (r.IsZero || r >= CurveOrder || s.IsZero)
        {
            error = "signature r or s is zero or not below the curve order.";
            return false;
        }
        if (s > HalfCurveOrder)
        {
            error = "signature s value too high: s must be at most n/2 (low-S).";
            return false;
        }
        signature = new EthSignature(bytes.ToArray());
        error = string.Empty;
        return true;
    }

    /// <summary>The 32-byte r.</summary>
    public ReadOnlySpan<byte> R => Bytes[..32];

    /// <summary>The 32-byte s (at most n/2).</summary>
    public ReadOnlySpan<byte> S => Bytes[32..64];

    /// <summary>27 or 28.</summary>
    public byte V => Bytes[64];

    /// <summary>The recovery id, 0 or 1 (the y-parity of R); <c>V − 27</c>.</summary>
    public int RecoveryId => V - 27;

    private ReadOnlySpan<byte> Bytes => _bytes ?? throw new InvalidOperationException("The signature is default-initialised; create it with Parse or Create.");

    /// <summary>The 65 bytes r‖s‖v as a new array.</summary>
    public byte[] ToArray() => Bytes.ToArray();

    /// <summary>0x-prefixed lower-case hex of r‖s‖v.</summary>
    public override string ToString() => _bytes is null ? string.Empty : Hex.Encode(_bytes);

    /// <summary>Recovers the address that signed <paramref name="digest"/> (32 bytes, used as is).</summary>
    /// <exception cref="EthereumFormatException">The signature does not recover to any public key for this digest.</exception>
    public EthAddress RecoverAddress(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != 32)
        {
            throw new ArgumentException("A digest is 32 bytes.", nameof(digest));
        }
        Span<byte> publicKey = stackalloc byte[64];
        if (!Secp256k1.Default.TryRecover(digest, Bytes[..64], RecoveryId, publicKey))
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidSignature, "The signature does not recover to a public key for this digest.");
        }
        return EthAddress.FromPublicKey(publicKey);
    }

    /// <summary>Value equality over the 65 bytes.</summary>
    public bool Equals(EthSignature other) => (_bytes ?? []).AsSpan().SequenceEqual(other._bytes ?? []);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(_bytes ?? []);
        return hash.ToHashCode();
    }
}
