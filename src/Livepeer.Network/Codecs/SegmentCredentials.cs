using Livepeer.Protocol;
using Livepeer.Transcoding;

namespace Livepeer.Network;

/// <summary>A clip window within a segment (<c>SegParameters</c>).</summary>
/// <param name="From">The start, from the start of the segment.</param>
/// <param name="To">The end, from the start of the segment.</param>
public readonly record struct SegmentClip(TimeSpan From, TimeSpan To);

/// <summary>
/// What the <c>Livepeer-Segment</c> header carries (the wire's <c>SegData</c>): which segment, its hash, the renditions
/// wanted, the job's capabilities, the orchestrator's auth token and the gateway's signature.
/// </summary>
public sealed record SegmentCredentials
{
    /// <summary>The length of a segment hash (Keccak-256).</summary>
    public const int HashSize = 32;

    /// <summary>The stream (manifest) id.</summary>
    public string ManifestId { get; init; } = string.Empty;

    /// <summary>The segment's sequence number.</summary>
    public long Sequence { get; init; }

    /// <summary>Keccak-256 of the segment's bytes (32 bytes).</summary>
    public byte[] Hash { get; init; } = [];

    /// <summary>The segment's duration, carried in whole milliseconds.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>The renditions wanted, in order; their names are signed.</summary>
    public IReadOnlyList<VideoProfile> Profiles { get; init; } = [];

    /// <summary>What the job needs; null when not sent.</summary>
    public CapabilitySet? Capabilities { get; init; }

    /// <summary>The orchestrator's auth token, copied from its <c>OrchestratorInfo</c>; null when not sent.</summary>
    public AuthToken? AuthToken { get; init; }

    /// <summary>Asks the orchestrator for an MPEG-7 perceptual hash per rendition.</summary>
    public bool CalculatePerceptualHash { get; init; }

    /// <summary>The clip window; null for the whole segment.</summary>
    public SegmentClip? Clip { get; init; }

    /// <summary>Asks the orchestrator to re-initialise its hardware encoder session.</summary>
    public bool ForceSessionReinit { get; init; }

    /// <summary>The sender's signature (see <see cref="WireSignatures.SignSegmentAsync"/>); kept as raw bytes so that a
    /// malformed one is refused at verification with <c>ErrSegSig</c>, not at decoding.</summary>
    public byte[] Signature { get; init; } = [];

    /// <summary>
    /// Credentials for a payment or AI request without media: sequence 0 and the hash of no bytes
    /// (<c>c5d24601…a470</c>), no profiles.
    /// </summary>
    /// <param name="manifestId">The manifest id the payment is credited to.</param>
    /// <returns>The unsigned credentials.</returns>
    public static SegmentCredentials ForEmptySegment(string manifestId)
    {
        ArgumentNullException.ThrowIfNull(manifestId);
        return new SegmentCredentials { ManifestId = manifestId, Hash = Keccak256.Hash(ReadOnlySpan<byte>.Empty) };
    }

    /// <inheritdoc/>
    public bool Equals(SegmentCredentials? other)
        => other is not null
            && string.Equals(ManifestId, other.ManifestId, StringComparison.Ordinal)
            && Sequence == other.Sequence
            && (Hash ?? []).AsSpan().SequenceEqual(other.Hash ?? [])
            && Duration == other.Duration
            && (Profiles ?? []).SequenceEqual(other.Profiles ?? [])
            && Equals(Capabilities, other.Capabilities)
            && Equals(AuthToken, other.AuthToken)
            && CalculatePerceptualHash == other.CalculatePerceptualHash
            && Clip == other.Clip
            && ForceSessionReinit == other.ForceSessionReinit
            && (Signature ?? []).AsSpan().SequenceEqual(other.Signature ?? []);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(ManifestId, Sequence, Duration);
}
