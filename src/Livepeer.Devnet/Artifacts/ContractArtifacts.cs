using System.Collections.Concurrent;
using Livepeer.Protocol;

namespace Livepeer.Devnet;

/// <summary>
/// A folder of hardhat artifacts of the genuine protocol builds, as shipped in npm <c>@livepeer/sdk</c>
/// (<c>abis/contracts/&lt;dir&gt;/&lt;Name&gt;.sol/&lt;Name&gt;.json</c>). Artifacts are parsed once and cached.
/// </summary>
public sealed class ContractArtifacts
{
    private readonly ConcurrentDictionary<string, ContractArtifact> _loaded = new(StringComparer.Ordinal);

    private ContractArtifacts(string directory)
    {
        Directory = directory;
    }

    /// <summary>The <c>abis/contracts</c> folder the artifacts are read from.</summary>
    public string Directory { get; }

    /// <summary>
    /// Opens <paramref name="directory"/>; when it is null, the folder named by <c>LIVEPEER_CONTRACT_ABIS</c>,
    /// else the one <c>scripts/bootstrap-test-deps.sh</c> installs under <c>~/.cache/livepeer-sdk</c> (or <c>$LIVEPEER_SDK_CACHE</c>).
    /// </summary>
    /// <exception cref="LivepeerDevnetException">With <see cref="DevnetErrorCode.ArtifactsNotFound"/> when the folder does not exist.</exception>
    public static ContractArtifacts Open(string? directory = null) => new(DevnetDependencies.ResolveArtifacts(directory));

    /// <summary>
    /// Loads an artifact by contract name (<c>"LivepeerToken"</c>) or, where a name is ambiguous, by its path
    /// under the folder without the extension (<c>"libraries/MathUtilsV2.sol/MathUtils"</c>).
    /// </summary>
    /// <exception cref="LivepeerDevnetException">
    /// With <see cref="DevnetErrorCode.ArtifactNotFound"/>, <see cref="DevnetErrorCode.ArtifactAmbiguous"/> or
    /// <see cref="DevnetErrorCode.ArtifactInvalid"/>.
    /// </exception>
    public ContractArtifact Load(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return _loaded.GetOrAdd(name, static (key, self) => self.Read(key), this);
    }

    private ContractArtifact Read(string name)
    {
        var path = Find(name);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw new LivepeerDevnetException(DevnetErrorCode.ArtifactInvalid, $"The artifact {path} could not be read: {ex.Message}", innerException: ex);
        }
        return ContractArtifact.Parse(json, path);
    }

    private string Find(string name)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            var direct = Path.Combine(Directory, name + ".json");
            return File.Exists(direct)
                ? direct
                : throw new LivepeerDevnetException(DevnetErrorCode.ArtifactNotFound, $"There is no artifact {name}.json under {Directory}.");
        }
        var all = System.IO.Directory.EnumerateFiles(Directory, name + ".json", SearchOption.AllDirectories).ToList();
        // A source file may declare helper contracts too (Minter.sol holds IL2LPTDataCache); prefer the
        // artifact whose source file is named after the contract.
        var sameNamed = all.Where(path => Path.GetFileName(Path.GetDirectoryName(path)) == name + ".sol").ToList();
        var matches = sameNamed.Count > 0 ? sameNamed : all;
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new LivepeerDevnetException(DevnetErrorCode.ArtifactNotFound, $"There is no artifact for contract {name} under {Directory}."),
            _ => throw new LivepeerDevnetException(
                DevnetErrorCode.ArtifactAmbiguous,
                $"Contract name {name} is ambiguous under {Directory}; load it by path: {string.Join(", ", matches.Select(m => Path.GetRelativePath(Directory, m)[..^".json".Length]))}."),
        };
    }
}
