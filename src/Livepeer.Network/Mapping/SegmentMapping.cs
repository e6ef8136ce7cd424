using Wire = Livepeer.Network.Wire;

namespace Livepeer.Network;

/// <summary>Conversions between the wire's <c>SegData</c> and <see cref="SegmentCredentials"/>.</summary>
internal static class SegmentMapping
{
    /// <summary>go-livepeer's <c>MaxDuration</c>: longer segments are refused.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(5);

    /// <summary>What go-livepeer's orchestrator assumes when a segment says 0.</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(2);

    public static Wire.AuthToken ToWire(AuthToken token) => new()
    {
        Token = WireValues.Copy(token.Token),
        SessionId = token.SessionId ?? string.Empty,
        Expiration = token.ExpirationUnixSeconds,
    };

    public static AuthToken FromWire(Wire.AuthToken token) => new(token.Token.ToByteArray(), token.SessionId, token.Expiration);

    public static Wire.SegData ToWire(SegmentCredentials segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var milliseconds = (long)segment.Duration.TotalMilliseconds;
        if (milliseconds is < 0 or > int.MaxValue)
        {
            throw new NetworkException(NetworkErrorCode.Unrepresentable, $"A duration of {segment.Duration} does not fit the wire's int32 milliseconds.");
        }

        var wire = new Wire.SegData
        {
            ManifestId = WireValues.ToUtf8(segment.ManifestId ?? string.Empty),
            Seq = segment.Sequence,
            Hash = WireValues.Copy(segment.Hash),
            Sig = WireValues.Copy(segment.Signature),
            Duration = (int)milliseconds,
            CalcPerceptualHash = segment.CalculatePerceptualHash,
            ForceSessionReinit = segment.ForceSessionReinit,
        };
        TranscodingMapping.WriteProfiles(wire, segment.Profiles ?? []);
        if (segment.Capabilities is not null)
        {
            wire.Capabilities = CapabilityMapping.ToWire(segment.Capabilities);
        }

        if (segment.AuthToken is not null)
        {
            wire.AuthToken = ToWire(segment.AuthToken);
        }

        if (segment.Clip is { } clip)
        {
            if (clip.From < TimeSpan.Zero || clip.To < TimeSpan.Zero)
            {
                throw new NetworkException(NetworkErrorCode.Unrepresentable, "A clip window cannot start or end before the segment.");
            }

            wire.SegmentParameters = new Wire.SegParameters { From = (ulong)clip.From.TotalMilliseconds, To = (ulong)clip.To.TotalMilliseconds };
        }

        return wire;
    }

    /// <summary>Reads a received <c>SegData</c> with go-livepeer's checks: profiles convertible, duration in [0, 5 min] with 0 read as 2 s.</summary>
    public static SegmentCredentials FromWire(Wire.SegData wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        var profiles = TranscodingMapping.ReadProfiles(wire);
        var duration = TimeSpan.FromMilliseconds(wire.Duration);
        if (duration < TimeSpan.Zero || duration > MaxDuration)
        {
            throw new NetworkException(NetworkErrorCode.InvalidDuration, $"invalid duration: {wire.Duration} ms");
        }

        SegmentClip? clip = null;
        if (wire.SegmentParameters is { } parameters)
        {
            const ulong maxMilliseconds = (ulong)(long.MaxValue / TimeSpan.TicksPerMillisecond);
            if (parameters.From > maxMilliseconds || parameters.To > maxMilliseconds)
            {
                throw new NetworkException(NetworkErrorCode.InvalidField, "segment_parameters is out of range.");
            }

            clip = new SegmentClip(TimeSpan.FromMilliseconds(parameters.From), TimeSpan.FromMilliseconds(parameters.To));
        }

        return new SegmentCredentials
        {
            ManifestId = WireValues.ReadUtf8(wire.ManifestId, "manifestId"),
            Sequence = wire.Seq,
            Hash = wire.Hash.ToByteArray(),
            Duration = duration == TimeSpan.Zero ? DefaultDuration : duration,
            Profiles = profiles,
            Capabilities = wire.Capabilities is null ? null : CapabilityMapping.FromWire(wire.Capabilities),
            AuthToken = wire.AuthToken is null ? null : FromWire(wire.AuthToken),
            CalculatePerceptualHash = wire.CalcPerceptualHash,
            Clip = clip,
            ForceSessionReinit = wire.ForceSessionReinit,
            Signature = wire.Sig.ToByteArray(),
        };
    }
}
