using Livepeer.Protocol;

namespace Livepeer.Payments;

/// <summary>
/// Ticket signatures: the sender signs the EIP-191 digest of the 32-byte ticket hash (personal_sign), and a
/// signature counts only if it is 65 bytes, low-S, has v 27 or 28 and recovers to the sender.
/// </summary>
internal static class TicketSignatures
{
    /// <summary>Writes the EIP-191 digest (<c>keccak256("\x19Ethereum Signed Message:\n32" ‖ ticketHash)</c>) of a ticket hash.</summary>
    public static void Digest(ReadOnlySpan<byte> ticketHash, Span<byte> digest) => Eip191.HashMessage(ticketHash, digest);

    /// <summary>Signs a ticket hash through the signer.</summary>
    public static async ValueTask<EthSignature> SignAsync(ISigner signer, ReadOnlyMemory<byte> ticketHash, CancellationToken cancellationToken)
    {
        var digest = new byte[32];
        Digest(ticketHash.Span, digest);
        return await signer.SignDigestAsync(digest, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Recovers the signer of a ticket hash from a parsed signature; false when it does not recover or is empty.</summary>
    public static bool TryRecoverSigner(ReadOnlySpan<byte> ticketHash, EthSignature signature, out EthAddress signer)
    {
        signer = default;
        if (signature.Equals(default))
        {
            return false;
        }
        Span<byte> digest = stackalloc byte[32];
        Digest(ticketHash, digest);
        try
        {
            signer = signature.RecoverAddress(digest);
            return true;
        }
        catch (EthereumFormatException)
        {
            // r is not the x of a curve point for this parity: a forged or corrupted signature.
            return false;
        }
    }

    /// <summary>Parses raw signature bytes and recovers their signer; <paramref name="error"/> says why it failed.</summary>
    public static bool TryRecoverSigner(ReadOnlySpan<byte> ticketHash, ReadOnlySpan<byte> signature, out EthAddress signer, out string error)
    {
        signer = default;
        try
        {
            var parsed = EthSignature.Parse(signature);
            if (TryRecoverSigner(ticketHash, parsed, out signer))
            {
                error = string.Empty;
                return true;
            }
            error = "the signature does not recover to a public key";
            return false;
        }
        catch (EthereumFormatException e)
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>True when <paramref name="signature"/> is a valid signature of the ticket hash by <paramref name="sender"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> ticketHash, EthSignature signature, EthAddress sender)
        => TryRecoverSigner(ticketHash, signature, out var signer) && signer == sender;
}
