using System.Globalization;
using System.Text;
using Livepeer.Protocol;

namespace Livepeer.Network;

/// <summary>
/// The signatures of the go-livepeer wire other than tickets. go-livepeer's node <c>Sign(m)</c> is personal_sign over
/// <c>keccak256(m)</c>, so every message here is hashed once, then signed with the EIP-191 prefix for 32 bytes;
/// the transcode-result signature is the exception (its message is already a hash).
/// </summary>
public static class WireSignatures
{
    /// <summary>Signs the <c>GetOrchestrator</c> request: the signer's EIP-55 address string with <c>0x</c>, hashed.</summary>
    /// <param name="signer">The gateway's signer.</param>
    /// <param name="cancellationToken">Cancels the signing.</param>
    /// <returns>The signature for <c>OrchestratorRequest.sig</c>.</returns>
    public static ValueTask<EthSignature> SignOrchestratorRequestAsync(ISigner signer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        return SignHashedAsync(signer, Encoding.ASCII.GetBytes(signer.Address.ToString()), cancellationToken);
    }

    /// <summary>Verifies a <c>GetOrchestrator</c> request signature against the EIP-55 form of the address, as an
    /// orchestrator does: a signature over the lower-case string does not verify.</summary>
    /// <param name="address">The address from the request.</param>
    /// <param name="signature">The signature from the request.</param>
    /// <returns>True when valid.</returns>
    public static bool VerifyOrchestratorRequest(EthAddress address, ReadOnlySpan<byte> signature)
        => VerifyHashed(address, Encoding.ASCII.GetBytes(address.ToString()), signature);

    /// <summary>
    /// The bytes of a segment that are signed (go-livepeer's <c>Flatten</c>): the UTF-8 manifest id, the sequence
    /// number as a 32-byte word, the 32-byte hash, then lower-case hex text of the first 4 bytes of
    /// <c>keccak256(name)</c> of each profile.
    /// </summary>
    /// <param name="segment">The segment.</param>
    /// <returns>The flattened bytes.</returns>
    public static byte[] FlattenSegment(SegmentCredentials segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return FlattenSegment(segment.ManifestId, segment.Sequence, segment.Hash, (segment.Profiles ?? []).Select(p => p.Name));
    }

    /// <inheritdoc cref="FlattenSegment(SegmentCredentials)"/>
    /// <param name="manifestId">The manifest id.</param>
    /// <param name="sequence">The sequence number; its magnitude is used, as go-livepeer does.</param>
    /// <param name="hash">The segment hash; other lengths than 32 are fitted as go's <c>BytesToHash</c> fits them (last 32 bytes, left-padded).</param>
    /// <param name="profileNames">The rendition names in order.</param>
    public static byte[] FlattenSegment(string manifestId, long sequence, ReadOnlySpan<byte> hash, IEnumerable<string> profileNames)
    {
        ArgumentNullException.ThrowIfNull(manifestId);
        ArgumentNullException.ThrowIfNull(profileNames);
        var names = profileNames as IReadOnlyCollection<string> ?? profileNames.ToArray();
        var manifestLength = Encoding.UTF8.GetByteCount(manifestId);
        var result = new byte[manifestLength + 32 + 32 + (names.Count * 8)];
        var offset = Encoding.UTF8.GetBytes(manifestId, result);

        var magnitude = sequence == long.MinValue ? (System.Numerics.BigInteger)long.MaxValue + 1 : Math.Abs(sequence);
        Uint256.WritePadded(magnitude, result.AsSpan(offset, 32));
        offset += 32;

        var hashPart = hash.Length > 32 ? hash[^32..] : hash;
        hashPart.CopyTo(result.AsSpan(offset + 32 - hashPart.Length));
        offset += 32;

        Span<byte> digest = stackalloc byte[32];
        foreach (var name in names)
        {
            Keccak256.Hash(Encoding.UTF8.GetBytes(name ?? string.Empty), digest);
            for (var i = 0; i < 4; i++)
            {
                digest[i].TryFormat(result.AsSpan(offset), out _, "x2", CultureInfo.InvariantCulture);
                offset += 2;
            }
        }

        return result;
    }

    /// <summary>Signs a segment (personal_sign over <c>keccak256(Flatten)</c>) and returns it with <see cref="SegmentCredentials.Signature"/> set.</summary>
    /// <param name="signer">The gateway's signer; the orchestrator checks it against the payment's sender.</param>
    /// <param name="segment">The segment.</param>
    /// <param name="cancellationToken">Cancels the signing.</param>
    /// <returns>The signed segment.</returns>
    public static async ValueTask<SegmentCredentials> SignSegmentAsync(ISigner signer, SegmentCredentials segment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var signature = await SignHashedAsync(signer, FlattenSegment(segment), cancellationToken).ConfigureAwait(false);
        return segment with { Signature = signature.ToArray() };
    }

    /// <summary>Verifies a segment's signature against the payment's sender, as an orchestrator does (failure: <c>ErrSegSig</c>).</summary>
    /// <param name="segment">The received segment.</param>
    /// <param name="sender">The payment's sender.</param>
    /// <returns>True when valid.</returns>
    public static bool VerifySegment(SegmentCredentials segment, EthAddress sender)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return VerifyHashed(sender, FlattenSegment(segment), segment.Signature);
    }

    /// <summary>The 32-byte message of a transcode result: <c>keccak256(keccak256(rendition₀) ‖ keccak256(rendition₁) ‖ …)</c>.</summary>
    /// <param name="renditions">The rendition bytes, in the order of the requested profiles.</param>
    /// <returns>The message.</returns>
    public static byte[] TranscodeDataMessage(IEnumerable<ReadOnlyMemory<byte>> renditions)
    {
        ArgumentNullException.ThrowIfNull(renditions);
        var outer = default(Keccak256);
        Span<byte> digest = stackalloc byte[32];
        foreach (var rendition in renditions)
        {
            Keccak256.Hash(rendition.Span, digest);
            outer.Append(digest);
        }

        var message = new byte[32];
        outer.Finish(message);
        return message;
    }

    /// <summary>Signs a transcode result's message as is (personal_sign over the 32 bytes, no further hashing).</summary>
    /// <param name="signer">The orchestrator's signer.</param>
    /// <param name="message">The message from <see cref="TranscodeDataMessage"/>.</param>
    /// <param name="cancellationToken">Cancels the signing.</param>
    /// <returns>The signature for <c>TranscodeData.sig</c>.</returns>
    public static ValueTask<EthSignature> SignTranscodeDataAsync(ISigner signer, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
        => Eip191.SignMessageAsync(signer, message, cancellationToken);

    /// <summary>Verifies a transcode result's signature against the orchestrator's address (or its ticket recipient when it sent no address).</summary>
    /// <param name="orchestrator">The expected signer.</param>
    /// <param name="message">The message from <see cref="TranscodeDataMessage"/>.</param>
    /// <param name="signature">The received signature.</param>
    /// <returns>True when valid.</returns>
    public static bool VerifyTranscodeData(EthAddress orchestrator, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
        => Eip191.Verify(orchestrator, message, signature);

    /// <summary>Signs a <c>Ping</c> value as an orchestrator answers it: personal_sign over <c>keccak256(value)</c>.</summary>
    /// <param name="signer">The orchestrator's signer.</param>
    /// <param name="value">The request's value.</param>
    /// <param name="cancellationToken">Cancels the signing.</param>
    /// <returns>The signature for the reply's value.</returns>
    public static ValueTask<EthSignature> SignPingAsync(ISigner signer, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
        => SignHashedAsync(signer, value.Span, cancellationToken);

    /// <summary>Verifies a <c>Ping</c> reply.</summary>
    /// <param name="orchestrator">The expected signer.</param>
    /// <param name="value">The value that was sent.</param>
    /// <param name="signature">The value that came back.</param>
    /// <returns>True when valid.</returns>
    public static bool VerifyPing(EthAddress orchestrator, ReadOnlySpan<byte> value, ReadOnlySpan<byte> signature)
        => VerifyHashed(orchestrator, value, signature);

    private static ValueTask<EthSignature> SignHashedAsync(ISigner signer, ReadOnlySpan<byte> message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signer);
        return Eip191.SignMessageAsync(signer, Keccak256.Hash(message), cancellationToken);
    }

    private static bool VerifyHashed(EthAddress expected, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        Span<byte> digest = stackalloc byte[32];
        Keccak256.Hash(message, digest);
        return Eip191.Verify(expected, digest, signature);
    }
}
