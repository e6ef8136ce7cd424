using System.Reflection;
using Livepeer.Devnet;

namespace Livepeer.Protocol.Tests.Contracts;

/// <summary>Checks a client's functions, events and errors against the selector tables of the protocol reference.</summary>
internal static class AbiTables
{
    /// <summary>Every function the client declares is in <paramref name="expected"/> (signature → selector) and every row is one the client declares.</summary>
    public static void AssertFunctions(Type client, IReadOnlyDictionary<string, string> expected)
    {
        var actual = client.GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Where(f => f.FieldType == typeof(AbiFunction))
            .Select(f => (AbiFunction)f.GetValue(null)!)
            .ToDictionary(f => f.Signature, f => f.SelectorHex);
        AssertSame(client.Name, "function", actual, expected);
    }

    /// <summary>
    /// Every function and event the client declares is in the genuine build artifact, with the same outputs,
    /// mutability and indexed parameters.
    /// </summary>
    public static void AssertInArtifact(Type client, IEnumerable<AbiEvent> events, string artifactName)
    {
        var genuine = ContractAbi.Parse(ContractArtifacts.Open().Load(artifactName).AbiJson);
        var functions = client.GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Where(f => f.FieldType == typeof(AbiFunction))
            .Select(f => (AbiFunction)f.GetValue(null)!)
            .ToList();
        Assert.That(functions, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var function in functions)
            {
                var match = genuine.Functions.SingleOrDefault(f => f.Signature == function.Signature);
                Assert.That(match, Is.Not.Null, $"{artifactName} has no {function.Signature}");
                if (match is not null)
                {
                    Assert.That(function.Outputs.Select(o => o.Type.CanonicalName), Is.EqualTo(match.Outputs.Select(o => o.Type.CanonicalName)), $"outputs of {function.Signature}");
                    Assert.That(function.StateMutability, Is.EqualTo(match.StateMutability), $"mutability of {function.Signature}");
                }
            }
            foreach (var abiEvent in events)
            {
                var match = genuine.Events.SingleOrDefault(e => e.Signature == abiEvent.Signature);
                Assert.That(match, Is.Not.Null, $"{artifactName} has no event {abiEvent.Signature}");
                if (match is not null)
                {
                    Assert.That(abiEvent.Inputs.Select(i => i.Indexed), Is.EqualTo(match.Inputs.Select(i => i.Indexed)), $"indexed parameters of {abiEvent.Signature}");
                }
            }
        });
    }

    public static void AssertEvents(string contract, IEnumerable<AbiEvent> events, IReadOnlyDictionary<string, string> expected)
        => AssertSame(contract, "event", events.ToDictionary(e => e.Signature, e => e.Topic0Hex), expected);

    public static void AssertErrors(string contract, IEnumerable<AbiError> errors, IReadOnlyDictionary<string, string> expected)
        => AssertSame(contract, "error", errors.ToDictionary(e => e.Signature, e => Hex.Encode(e.Selector.Span)), expected);

    private static void AssertSame(string contract, string kind, Dictionary<string, string> actual, IReadOnlyDictionary<string, string> expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(actual.Keys, Is.EquivalentTo(expected.Keys), $"the {kind}s of {contract}");
            foreach (var (signature, hash) in expected)
            {
                if (actual.TryGetValue(signature, out var computed))
                {
                    Assert.That(computed, Is.EqualTo(hash), $"{contract} {kind} {signature}");
                }
            }
        });
    }
}

/// <summary>Builds ABI encodings by hand, word by word, to check the codec's output independently.</summary>
internal sealed class Words
{
    private readonly List<byte> _bytes = [];

    public Words Selector(string hex)
    {
        _bytes.AddRange(Hex.Decode(hex));
        return this;
    }

    public Words Uint(System.Numerics.BigInteger value)
    {
        _bytes.AddRange(Uint256.ToPadded(value));
        return this;
    }

    public Words Address(EthAddress address)
    {
        _bytes.AddRange(new byte[12]);
        _bytes.AddRange(address.ToArray());
        return this;
    }

    public Words Raw(byte[] word)
    {
        _bytes.AddRange(word);
        return this;
    }

    /// <summary>A length word, then the bytes right-padded to a multiple of 32.</summary>
    public Words Bytes(byte[] content)
    {
        Uint(content.Length);
        _bytes.AddRange(content);
        _bytes.AddRange(new byte[(32 - content.Length % 32) % 32]);
        return this;
    }

    public byte[] ToArray() => [.. _bytes];
}
