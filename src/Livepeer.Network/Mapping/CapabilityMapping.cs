using Wire = Livepeer.Network.Wire;

namespace Livepeer.Network;

/// <summary>Conversions between the wire's <c>Capabilities</c> and <see cref="CapabilitySet"/>.</summary>
internal static class CapabilityMapping
{
    public static Wire.Capabilities ToWire(CapabilitySet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var wire = new Wire.Capabilities { Version = set.Version };
        wire.Bitstring.AddRange(set.Bitstring);
        wire.Mandatories.AddRange(set.Mandatories);
        foreach (var (capability, capacity) in set.Capacities)
        {
            wire.Capacities[ToId(capability)] = capacity;
        }

        if (set.MinVersion.Length > 0 || set.PerCapability.Count > 0)
        {
            var constraints = new Wire.Capabilities.Types.Constraints { MinVersion = set.MinVersion };
            foreach (var (capability, models) in set.PerCapability)
            {
                var perCapability = new Wire.Capabilities.Types.CapabilityConstraints();
                foreach (var (modelId, model) in models)
                {
                    perCapability.Models[modelId] = new Wire.Capabilities.Types.CapabilityConstraints.Types.ModelConstraint
                    {
                        Warm = model.Warm,
                        Capacity = model.Capacity,
                        RunnerVersion = model.RunnerVersion,
                        CapacityInUse = model.CapacityInUse,
                    };
                }

                constraints.PerCapability[ToId(capability)] = perCapability;
            }

            wire.Constraints = constraints;
        }

        return wire;
    }

    public static CapabilitySet FromWire(Wire.Capabilities wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        var capacities = new Dictionary<Capability, uint>(wire.Capacities.Count);
        foreach (var (id, capacity) in wire.Capacities)
        {
            capacities[FromId(id)] = capacity;
        }

        var perCapability = new Dictionary<Capability, IReadOnlyDictionary<string, ModelConstraint>>();
        if (wire.Constraints is { } constraints)
        {
            foreach (var (id, models) in constraints.PerCapability)
            {
                var map = new Dictionary<string, ModelConstraint>(StringComparer.Ordinal);
                foreach (var (modelId, model) in models?.Models ?? [])
                {
                    map[modelId] = model is null
                        ? new ModelConstraint()
                        : new ModelConstraint(model.Warm, model.Capacity, model.RunnerVersion, model.CapacityInUse);
                }

                perCapability[FromId(id)] = map;
            }
        }

        return new CapabilitySet
        {
            Bitstring = [.. wire.Bitstring],
            Mandatories = [.. wire.Mandatories],
            Capacities = capacities,
            Version = wire.Version,
            MinVersion = wire.Constraints?.MinVersion ?? string.Empty,
            PerCapability = perCapability,
        };
    }

    internal static uint ToId(Capability capability)
        => capability >= 0
            ? (uint)capability
            : throw new NetworkException(NetworkErrorCode.Unrepresentable, $"Capability {capability} has no wire id.");

    // Ids above int.MaxValue cannot name a capability; they are kept out of the int-based enum rather than wrapped.
    internal static Capability FromId(uint id)
        => id <= int.MaxValue
            ? (Capability)id
            : throw new NetworkException(NetworkErrorCode.InvalidField, $"Capability id {id} is out of range.");
}
