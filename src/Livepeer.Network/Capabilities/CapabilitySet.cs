namespace Livepeer.Network;

/// <summary>What a node says about one AI model it serves, or what a job asks of it.</summary>
/// <param name="Warm">The model is loaded (for a job: it must be).</param>
/// <param name="Capacity">How many requests the model can serve at once.</param>
/// <param name="RunnerVersion">The AI runner version (for a job: the minimum version); empty when unknown.</param>
/// <param name="CapacityInUse">How many of <paramref name="Capacity"/> are busy.</param>
public sealed record ModelConstraint(bool Warm = false, uint Capacity = 0, string RunnerVersion = "", uint CapacityInUse = 0);

/// <summary>
/// The capabilities of a node or the needs of a job, as the wire's <c>Capabilities</c> message carries them: a
/// bitstring of 64-bit words (bit <c>c % 64</c> of word <c>c / 64</c> set means capability <c>c</c>), mandatory
/// capabilities, capacities, the sender's version, a minimum version and per-capability model constraints.
/// </summary>
public sealed class CapabilitySet : IEquatable<CapabilitySet>
{
    /// <summary>The capabilities every node from before capability discovery has: ids 0 to 11.</summary>
    public static CapabilitySet Legacy { get; } = Create(Enumerable.Range(0, 12).Select(i => (Capability)i));

    /// <summary>The ids of <see cref="DefaultTranscoder"/>, in go-livepeer's order.</summary>
    public static IReadOnlyList<Capability> DefaultCapabilities { get; } =
    [
        Capability.H264, Capability.MpegTs, Capability.Mp4, Capability.FractionalFramerates, Capability.StorageDirect,
        Capability.StorageS3, Capability.StorageGcs, Capability.ProfileH264Baseline, Capability.ProfileH264Main,
        Capability.ProfileH264High, Capability.ProfileH264ConstrainedHigh, Capability.Gop, Capability.AuthToken,
        Capability.Mpeg7VideoSignature, Capability.SegmentSlicing,
    ];

    /// <summary>go-livepeer's default transcoder set (<c>DefaultCapabilities</c>): ids 0 to 12, 14 and 26.</summary>
    public static CapabilitySet DefaultTranscoder { get; } = Create(DefaultCapabilities);

    /// <summary>go-livepeer's <c>MandatoryOCapabilities</c>: auth tokens. Current orchestrators send no mandatories.</summary>
    public static IReadOnlyList<Capability> OrchestratorMandatories { get; } = [Capability.AuthToken];

    /// <summary>The capability bitstring, least significant word first.</summary>
    public IReadOnlyList<ulong> Bitstring { get; init; } = [];

    /// <summary>The capabilities a peer must have, in the same form as <see cref="Bitstring"/>.</summary>
    public IReadOnlyList<ulong> Mandatories { get; init; } = [];

    /// <summary>How many jobs of each capability the node takes at once.</summary>
    public IReadOnlyDictionary<Capability, uint> Capacities { get; init; } = new Dictionary<Capability, uint>();

    /// <summary>The go-livepeer version of the sender (e.g. <c>0.9.1</c>); empty when not sent.</summary>
    public string Version { get; init; } = string.Empty;

    /// <summary>For a job: the lowest node version accepted; empty for any.</summary>
    public string MinVersion { get; init; } = string.Empty;

    /// <summary>Model constraints per capability (AI pipelines): model id → constraint.</summary>
    public IReadOnlyDictionary<Capability, IReadOnlyDictionary<string, ModelConstraint>> PerCapability { get; init; } =
        new Dictionary<Capability, IReadOnlyDictionary<string, ModelConstraint>>();

    /// <summary>A set with the given capabilities in its bitstring and nothing else.</summary>
    /// <param name="capabilities">The capabilities; <see cref="Capability.Unused"/> and other negative ids are skipped as go-livepeer does.</param>
    /// <returns>The set.</returns>
    public static CapabilitySet Create(IEnumerable<Capability> capabilities) => new() { Bitstring = ToBitstring(capabilities) };

    /// <inheritdoc cref="Create(IEnumerable{Capability})"/>
    public static CapabilitySet Create(params Capability[] capabilities) => Create((IEnumerable<Capability>)capabilities);

    /// <summary>The bitstring of a list of capabilities: as few words as hold the highest id; negative ids are skipped.</summary>
    /// <param name="capabilities">The capabilities.</param>
    /// <returns>The words, least significant first.</returns>
    public static ulong[] ToBitstring(IEnumerable<Capability> capabilities)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        var words = new List<ulong>();
        foreach (var capability in capabilities)
        {
            if (capability < 0)
            {
                continue;
            }

            var index = (int)capability / 64;
            while (words.Count <= index)
            {
                words.Add(0);
            }

            words[index] |= 1UL << ((int)capability % 64);
        }

        return [.. words];
    }

    /// <summary>The capabilities whose bits are set in a bitstring, in ascending order.</summary>
    /// <param name="words">The bitstring.</param>
    /// <returns>The capabilities, including ids this SDK has no name for.</returns>
    public static IEnumerable<Capability> FromBitstring(IReadOnlyList<ulong> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        for (var i = 0; i < words.Count; i++)
        {
            for (var bit = 0; bit < 64; bit++)
            {
                if ((words[i] & (1UL << bit)) != 0)
                {
                    yield return (Capability)((i * 64) + bit);
                }
            }
        }
    }

    /// <summary>
    /// True when every bit of <paramref name="required"/> is set in <paramref name="available"/>, word by word
    /// (<c>(required &amp; available) == required</c>), and <paramref name="required"/> has no more words.
    /// </summary>
    /// <param name="required">The bits needed.</param>
    /// <param name="available">The bits offered.</param>
    /// <returns>True when covered.</returns>
    public static bool Covers(IReadOnlyList<ulong> required, IReadOnlyList<ulong> available)
    {
        ArgumentNullException.ThrowIfNull(required);
        ArgumentNullException.ThrowIfNull(available);
        if (required.Count > available.Count)
        {
            return false;
        }

        for (var i = 0; i < required.Count; i++)
        {
            if ((required[i] & available[i]) != required[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The capabilities set in <see cref="Bitstring"/>.</summary>
    public IEnumerable<Capability> Capabilities => FromBitstring(Bitstring);

    /// <summary>True when <paramref name="capability"/> is set in <see cref="Bitstring"/>.</summary>
    /// <param name="capability">The capability.</param>
    /// <returns>True when set.</returns>
    public bool Contains(Capability capability)
    {
        if (capability < 0)
        {
            return false;
        }

        var index = (int)capability / 64;
        return index < Bitstring.Count && (Bitstring[index] & (1UL << ((int)capability % 64))) != 0;
    }

    /// <summary>
    /// go-livepeer's compatibility check of this set as a job against <paramref name="node"/>: the node's version is at
    /// least <see cref="MinVersion"/> (pre-release suffixes ignored); the job has every mandatory capability of the node;
    /// every model the job constrains is served by the node (warm where the job asks for warm, with a runner version at
    /// least the job's); and every capability of the job is in the node's bitstring. A node that sent no capabilities
    /// (null) is taken to have <see cref="Legacy"/>.
    /// </summary>
    /// <param name="node">The node's capabilities.</param>
    /// <returns>True when the node can take the job.</returns>
    public bool IsCompatibleWith(CapabilitySet? node)
    {
        if (node is null)
        {
            return Covers(Bitstring, Legacy.Bitstring);
        }

        if (MinVersion.Length > 0 && !SemanticVersionRule.IsAtLeast(node.Version, MinVersion))
        {
            return false;
        }

        if (!Covers(node.Mandatories, Bitstring))
        {
            return false;
        }

        foreach (var (capability, models) in PerCapability)
        {
            if (!node.PerCapability.TryGetValue(capability, out var nodeModels))
            {
                continue;
            }

            foreach (var (modelId, wanted) in models)
            {
                if (!nodeModels.TryGetValue(modelId, out var offered)
                    || (wanted.Warm && !offered.Warm)
                    || (wanted.RunnerVersion.Length > 0 && !SemanticVersionRule.IsAtLeast(offered.RunnerVersion, wanted.RunnerVersion)))
                {
                    return false;
                }
            }
        }

        return Covers(Bitstring, node.Bitstring);
    }

    /// <summary>Value equality: the same words, capacities, versions and model constraints.</summary>
    /// <param name="other">The other set.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(CapabilitySet? other)
    {
        if (other is null)
        {
            return false;
        }

        return ReferenceEquals(this, other)
            || (Bitstring.SequenceEqual(other.Bitstring)
                && Mandatories.SequenceEqual(other.Mandatories)
                && string.Equals(Version, other.Version, StringComparison.Ordinal)
                && string.Equals(MinVersion, other.MinVersion, StringComparison.Ordinal)
                && Capacities.Count == other.Capacities.Count
                && Capacities.All(c => other.Capacities.TryGetValue(c.Key, out var v) && v == c.Value)
                && PerCapability.Count == other.PerCapability.Count
                && PerCapability.All(c => other.PerCapability.TryGetValue(c.Key, out var models)
                    && models.Count == c.Value.Count
                    && c.Value.All(m => models.TryGetValue(m.Key, out var model) && model == m.Value)));
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as CapabilitySet);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var word in Bitstring)
        {
            hash.Add(word);
        }

        hash.Add(Version, StringComparer.Ordinal);
        return hash.ToHashCode();
    }
}
