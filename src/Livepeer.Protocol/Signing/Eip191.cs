using System.Globalization;

namespace Livepeer.Protocol;

/// <summary>
/// EIP-191 version 0x45 signed messages (<c>personal_sign</c>): keccak256("\x19Ethereum Signed Message:\n" ‖
/// decimal length ‖ message). go-livepeer signs every protocol message this way.
/// </summary>
public static class Eip191
{
    // 0x19 then "Ethereum Signed Message:\n". Written with \u0019: C#'s "\x19E" would read as U+019E.
    private static ReadOnlySpan<byte> Prefix => "\u0019Ethereum Signed Message:\n"u8;

    /// <summary>The 32-byte EIP-191 digest of <paramref name="message"/>.</summary>
    public static byte[] HashMessage(ReadOnlySpan<byte> message)
    {
        var digest = new byte[32];
        HashMessage(message, digest);
        return digest;
    }

    /// <summary>Writes the 32-byte EIP-191 digest of <paramref name="message"/> without allocating.</summary>
    public static void HashMessage(ReadOnlySpan<byte> message, Span<byte> destination)
    {
        if (destination.Length < 32)
        {
            throw new ArgumentException("The destination must hold 32 bytes.", nameof(destination));
        }
        Span<byte> length = stackalloc byte[10];
        message.Length.TryFormat(length, out var written, default, CultureInfo.InvariantCulture);
        var hasher = default(Keccak256);
        hasher.Append(Prefix);
        hasher.Append(length[..written]);
        hasher.Append(message);
        hasher.Finish(destination);
    }

    /// <summary>Signs <paramref name="message"/> with the EIP-191 prefix.</summary>
    public static async ValueTask<EthSignature> SignMessageAsync(ISigner signer, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var digest = HashMessage(message.Span);
        return await signer.SignDigestAsync(digest, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Recovers the address that signed <paramref name="message"/> with the EIP-191 prefix.</summary>
    /// <exception cref="EthereumFormatException">The signature is not 65 bytes, has a high S or a v other than 27/28, or does not recover (<see cref="ProtocolErrorCode.InvalidSignature"/>).</exception>
    public static EthAddress RecoverSigner(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
        => RecoverSigner(message, EthSignature.Parse(signature));

    /// <inheritdoc cref="RecoverSigner(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>
    public static EthAddress RecoverSigner(ReadOnlySpan<byte> message, EthSignature signature)
    {
        Span<byte> digest = stackalloc byte[32];
        HashMessage(message, digest);
        return signature.RecoverAddress(digest);
    }

    /// <summary>
    /// True when <paramref name="signature"/> is a valid EIP-191 signature of <paramref name="message"/> by
    /// <paramref name="expected"/>. A malformed signature gives false, never an exception.
    /// </summary>
    public static bool Verify(EthAddress expected, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (!EthSignature.TryParse(signature, out var parsed))
        {
            return false;
        }
        Span<byte> digest = stackalloc byte[32];
        HashMessage(message, digest);
        Span<byte> publicKey = stackalloc byte[64];
        return Secp256k1.Default.TryRecover(digest, signature[..64], parsed.RecoveryId, publicKey)
            && EthAddress.FromPublicKey(publicKey) == expected;
    }
}
