using System.Text.Json;
using Livepeer.Protocol;

namespace Livepeer.Devnet;

/// <summary>A site in a contract's creation bytecode where a library's address goes.</summary>
/// <param name="SourceName">The library's source file (e.g. <c>contracts/libraries/SortedDoublyLL.sol</c>).</param>
/// <param name="LibraryName">The library's name (e.g. <c>SortedDoublyLL</c>).</param>
/// <param name="Start">The byte offset in the creation bytecode.</param>
/// <param name="Length">The length in bytes (20).</param>
public sealed record LinkReference(string SourceName, string LibraryName, int Start, int Length);

/// <summary>
/// One hardhat artifact: the ABI and the creation bytecode. <see cref="Bytecode"/> holds zeros where a
/// library address must be linked in; <see cref="Link"/> writes them.
/// </summary>
public sealed class ContractArtifact
{
    private readonly byte[] _bytecode;
    private readonly Lazy<ContractAbi> _abi;

    private ContractArtifact(string contractName, string sourceName, string abiJson, byte[] bytecode, IReadOnlyList<LinkReference> linkReferences)
    {
        ContractName = contractName;
        SourceName = sourceName;
        AbiJson = abiJson;
        _bytecode = bytecode;
        LinkReferences = linkReferences;
        _abi = new Lazy<ContractAbi>(() => ContractAbi.Parse(abiJson));
    }

    /// <summary>The contract's name (e.g. <c>BondingManager</c>).</summary>
    public string ContractName { get; }

    /// <summary>The source file it was compiled from (e.g. <c>contracts/bonding/BondingManager.sol</c>).</summary>
    public string SourceName { get; }

    /// <summary>The JSON ABI array, as written in the artifact.</summary>
    public string AbiJson { get; }

    /// <summary>The parsed ABI.</summary>
    public ContractAbi Abi => _abi.Value;

    /// <summary>The creation bytecode, with zeros at the library link sites.</summary>
    public ReadOnlyMemory<byte> Bytecode => _bytecode;

    /// <summary>Where library addresses must be written before the bytecode can be deployed.</summary>
    public IReadOnlyList<LinkReference> LinkReferences { get; }

    /// <summary>True when <see cref="LinkReferences"/> is not empty.</summary>
    public bool NeedsLinking => LinkReferences.Count > 0;

    /// <summary>Parses the JSON of a hardhat artifact.</summary>
    /// <param name="json">The artifact's JSON.</param>
    /// <param name="origin">Where it came from, for error messages.</param>
    /// <exception cref="LivepeerDevnetException">With <see cref="DevnetErrorCode.ArtifactInvalid"/>.</exception>
    public static ContractArtifact Parse(string json, string origin = "artifact")
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(origin);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var contractName = RequireString(root, "contractName", origin);
            var sourceName = RequireString(root, "sourceName", origin);
            if (!root.TryGetProperty("abi", out var abi) || abi.ValueKind != JsonValueKind.Array)
            {
                throw Invalid(origin, "it has no 'abi' array");
            }
            var links = ReadLinkReferences(root);
            var bytecode = DecodeBytecode(RequireString(root, "bytecode", origin), links, origin);
            return new ContractArtifact(contractName, sourceName, abi.GetRawText(), bytecode, links);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or EthereumFormatException)
        {
            throw Invalid(origin, ex.Message, ex);
        }
    }

    /// <summary>The creation bytecode with each library's address written at its link sites.</summary>
    /// <exception cref="ArgumentException">A library this contract needs is missing from <paramref name="libraries"/>.</exception>
    public byte[] Link(IReadOnlyDictionary<string, EthAddress> libraries)
    {
        ArgumentNullException.ThrowIfNull(libraries);
        var linked = _bytecode.ToArray();
        foreach (var reference in LinkReferences)
        {
            if (!libraries.TryGetValue(reference.LibraryName, out var address))
            {
                throw new ArgumentException($"{ContractName} needs library {reference.LibraryName}, which was not given.", nameof(libraries));
            }
            address.WriteTo(linked.AsSpan(reference.Start, reference.Length));
        }
        return linked;
    }

    /// <summary>
    /// The data of a contract-creation transaction: the bytecode (linked against <paramref name="libraries"/>
    /// when it needs linking) followed by the ABI-encoded constructor arguments.
    /// </summary>
    /// <exception cref="ArgumentException">The arguments do not match the constructor, or a library is missing.</exception>
    public byte[] CreationData(IReadOnlyList<object?> constructorArguments, IReadOnlyDictionary<string, EthAddress>? libraries = null)
    {
        ArgumentNullException.ThrowIfNull(constructorArguments);
        if (NeedsLinking && libraries is null)
        {
            throw new ArgumentException($"{ContractName} needs libraries {string.Join(", ", LinkReferences.Select(r => r.LibraryName).Distinct())} linked in.", nameof(libraries));
        }
        var code = NeedsLinking ? Link(libraries!) : _bytecode;
        byte[] arguments;
        try
        {
            arguments = AbiCodec.Encode(Abi.ConstructorInputs, constructorArguments);
        }
        catch (EthereumFormatException ex)
        {
            throw new ArgumentException($"The constructor arguments do not match {ContractName}'s constructor: {ex.Message}", nameof(constructorArguments), ex);
        }
        var data = new byte[code.Length + arguments.Length];
        code.CopyTo(data, 0);
        arguments.CopyTo(data, code.Length);
        return data;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{SourceName}:{ContractName}";

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

    private static byte[] DecodeBytecode(string hex, List<LinkReference> links, string origin)
    {
        var digits = (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex).ToCharArray();
        foreach (var link in links)
        {
            if (link.Length != EthAddress.Size || link.Start < 0 || (link.Start + link.Length) * 2 > digits.Length)
            {
                throw Invalid(origin, $"the link reference to {link.LibraryName} at {link.Start} (length {link.Length}) does not fit the bytecode");
            }
            // The placeholder text (__$<hash>$__) is not hex; zero it so the rest decodes.
            Array.Fill(digits, '0', link.Start * 2, link.Length * 2);
        }
        return Hex.Decode(digits);
    }

    private static string RequireString(JsonElement root, string property, string origin)
        => root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Invalid(origin, $"it has no string property '{property}'");

    private static LivepeerDevnetException Invalid(string origin, string why, Exception? inner = null)
        => new(DevnetErrorCode.ArtifactInvalid, $"{origin} is not a usable hardhat artifact: {why}.", innerException: inner);
}
