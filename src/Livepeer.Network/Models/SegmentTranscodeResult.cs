namespace Livepeer.Network;

/// <summary>
/// An orchestrator's answer to a segment (the wire's <c>TranscodeResult</c>): the renditions, in the order of the
/// requested profiles, with its signature over them, or the error it met; and its fresh <see cref="OrchestratorInfo"/>
/// for the next segment.
/// </summary>
public sealed record SegmentTranscodeResult
{
    /// <summary>The segment's sequence number.</summary>
    public long Sequence { get; init; }

    /// <summary>The renditions, in the order of the requested profiles; empty when <see cref="Error"/> is set.</summary>
    public IReadOnlyList<RenditionLocation> Renditions { get; init; } = [];

    /// <summary>The orchestrator's signature over the renditions (see <see cref="WireSignatures.VerifyTranscodeData"/>); empty when unsigned.</summary>
    public byte[] Signature { get; init; } = [];

    /// <summary>The orchestrator's error text (<c>OrchestratorBusy</c>, <c>OrchestratorCapped</c>, an ffmpeg message); null on success.</summary>
    public string? Error { get; init; }

    /// <summary>The orchestrator's fresh info (new ticket parameters); null when it sent none.</summary>
    public OrchestratorInfo? Info { get; init; }

    /// <summary>True when the segment was transcoded.</summary>
    public bool IsSuccess => Error is null;

    /// <inheritdoc/>
    public bool Equals(SegmentTranscodeResult? other)
        => other is not null
            && Sequence == other.Sequence
            && (Renditions ?? []).SequenceEqual(other.Renditions ?? [])
            && (Signature ?? []).AsSpan().SequenceEqual(other.Signature ?? [])
            && string.Equals(Error, other.Error, StringComparison.Ordinal)
            && Equals(Info, other.Info);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Sequence, Error);
}

/// <summary>One transcoded rendition (the wire's <c>TranscodedSegmentData</c>).</summary>
/// <param name="Url">Where to download it (opaque; see <see cref="OrchestratorClient.DownloadRenditionAsync(string, CancellationToken)"/>).</param>
/// <param name="Pixels">The pixels encoded (frames × width × height), which the orchestrator charges for.</param>
/// <param name="PerceptualHashUrl">Where to download its MPEG-7 signature; empty when none was asked for.</param>
public sealed record RenditionLocation(string Url, long Pixels, string PerceptualHashUrl = "");
