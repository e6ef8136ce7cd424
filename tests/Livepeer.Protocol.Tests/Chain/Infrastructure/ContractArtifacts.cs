using System.Text.Json;

namespace Livepeer.Protocol.Tests.Chain.Infrastructure;

/// <summary>
/// Loads the genuine protocol builds shipped as hardhat artifacts in npm <c>@livepeer/sdk</c>
/// (<c>abis/contracts/&lt;dir&gt;/&lt;Name&gt;.sol/&lt;Name&gt;.json</c>).
/// </summary>
internal static class ContractArtifacts
{
    /// <summary>
    /// Loads an artifact by contract name (<c>"LivepeerToken"</c>) or, where a name is ambiguous, by its path
    /// under <c>abis/contracts</c> without the extension (<c>"libraries/MathUtilsV2.sol/MathUtils"</c>).
    /// </summary>
    public static ContractArtifact Load(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var root = TestDependencies.ContractAbisPath;
        return ContractArtifact.Parse(File.ReadAllText(Find(root, name)));
    }

    private static string Find(string root, string name)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            var direct = Path.Combine(root, name + ".json");
            return File.Exists(direct) ? direct : throw new FileNotFoundException($"No artifact {name}.json under {root}.", direct);
        }
        var matches = Directory.EnumerateFiles(root, name + ".json", SearchOption.AllDirectories)
            .Where(path => Path.GetFileName(Path.GetDirectoryName(path)) == name + ".sol")
            .ToList();
        if (matches.Count == 0)
        {
            matches = [.. Directory.EnumerateFiles(root, name + ".json", SearchOption.AllDirectories)];
        }
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new FileNotFoundException($"No artifact for contract {name} under {root}."),
            _ => throw new InvalidOperationException(
                $"Contract name {name} is ambiguous under {root}; load it by path: {string.Join(", ", matches.Select(m => Path.GetRelativePath(root, m)[..^".json".Length]))}."),
        };
    }
}

/// <summary>One hardhat artifact. <see cref="Bytecode"/> holds zeros where a library address must be linked in.</summary>
internal sealed record ContractArtifact(
    string ContractName,
    string SourceName,
    string AbiJson,
    byte[] Bytecode,
    IReadOnlyList<LinkReference> LinkReferences)
{
    public bool NeedsLinking => LinkReferences.Count > 0;

    public static ContractArtifact Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var contractName = RequireString(root, "contractName");
        var sourceName = RequireString(root, "sourceName");
        var abi = root.GetProperty("abi").GetRawText();
        var links = ReadLinkReferences(root);
        var bytecode = DecodeBytecode(RequireString(root, "bytecode"), links, contractName);
        return new ContractArtifact(contractName, sourceName, abi, bytecode, links);
    }

    /// <summary>The creation bytecode with each library's 20-byte address written at its link sites.</summary>
    public byte[] Link(IReadOnlyDictionary<string, byte[]> libraryAddresses)
    {
        ArgumentNullException.ThrowIfNull(libraryAddresses);
        var linked = Bytecode.ToArray();
        foreach (var reference in LinkReferences)
        {
            if (!libraryAddresses.TryGetValue(reference.LibraryName, out var address))
            {
                throw new InvalidOperationException($"{ContractName} needs library {reference.LibraryName}, which was not given.");
            }
            if (address.Length != reference.Length)
            {
                throw new ArgumentException($"The address of {reference.LibraryName} must be {reference.Length} bytes.", nameof(libraryAddresses));
            }
            address.CopyTo(linked, reference.Start);
        }
        return linked;
    }

    private static List<LinkReference> ReadLinkReferences(JsonElement root)
    {
        var references = new List<LinkReference>();
        if (!root.TryGetProperty("linkReferences", out var bySource) || bySource.ValueKind != JsonValueKind.Object)
        {
            return references;
        }
        foreach (var source in bySource.EnumerateObject())
        {
            foreach (var library in source.Value.EnumerateObject())
            {
                foreach (var site in library.Value.EnumerateArray())
                {
                    references.Add(new LinkReference(source.Name, library.Name, site.GetProperty("start").GetInt32(), site.GetProperty("length").GetInt32()));
                }
            }
        }
        return references;
    }

    private static byte[] DecodeBytecode(string hex, List<LinkReference> links, string contractName)
    {
        var digits = (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex).ToCharArray();
        foreach (var link in links)
        {
            if ((link.Start + link.Length) * 2 > digits.Length)
            {
                throw new InvalidOperationException($"{contractName}: link reference to {link.LibraryName} at {link.Start} lies outside the bytecode.");
            }
            // The placeholder text (__$<hash>$__) is not hex; zero it so the rest decodes.
            Array.Fill(digits, '0', link.Start * 2, link.Length * 2);
        }
        return Hex.Decode(digits);
    }

    private static string RequireString(JsonElement root, string property)
        => root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidOperationException($"The artifact has no string property '{property}'.");
}

/// <summary>A site in the bytecode where a library's address goes.</summary>
internal sealed record LinkReference(string SourceName, string LibraryName, int Start, int Length);
