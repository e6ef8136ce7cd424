using Google.Protobuf;
using Wire = Livepeer.Network.Wire;

namespace Livepeer.Network.Tests.Capabilities;

public sealed class CapabilityMappingTests
{
    [Test]
    public void RoundTrip_FullSet_Equal()
    {
        var set = new CapabilitySet
        {
            Bitstring = [201351167, 3],
            Mandatories = [4096],
            Capacities = new Dictionary<Capability, uint> { [Capability.TextToImage] = 2, [Capability.H264] = 10 },
            Version = "0.9.1",
            MinVersion = "0.8.0",
            PerCapability = new Dictionary<Capability, IReadOnlyDictionary<string, ModelConstraint>>
            {
                [Capability.TextToImage] = new Dictionary<string, ModelConstraint>
                {
                    ["stabilityai/sd-turbo"] = new(Warm: true, Capacity: 2, RunnerVersion: "0.1.0", CapacityInUse: 1),
                    ["other"] = new(),
                },
            },
        };

        var bytes = CapabilityMapping.ToWire(set).ToByteArray();
        var back = CapabilityMapping.FromWire(Wire.Capabilities.Parser.ParseFrom(bytes));

        Assert.That(back, Is.EqualTo(set));
        Assert.That(back.PerCapability[Capability.TextToImage]["stabilityai/sd-turbo"].CapacityInUse, Is.EqualTo(1u));
    }

    [Test]
    public void ToWire_NoConstraints_OmitsConstraintsMessage()
        => Assert.That(CapabilityMapping.ToWire(CapabilitySet.Create(Capability.H264)).Constraints, Is.Null);

    [Test]
    public void FromWire_CapabilityIdBeyondInt_InvalidField()
    {
        var wire = new Wire.Capabilities { Capacities = { [uint.MaxValue] = 1 } };
        var e = Assert.Throws<NetworkException>(() => CapabilityMapping.FromWire(wire));
        Assert.That(e.ErrorCode, Is.EqualTo(NetworkErrorCode.InvalidField));
    }
}
