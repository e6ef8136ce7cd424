using System.Text.Json;

namespace Livepeer.Devnet.Tests.Artifacts;

/// <summary>Reads the genuine artifacts the bootstrap installs, as the chain tests do.</summary>
[Category("Chain")]
public sealed class ContractArtifactsTests
{
    private static readonly ContractArtifacts Artifacts = ContractArtifacts.Open();

    [Test]
    public void Load_LivepeerToken_HasAbiAndUnlinkedBytecode()
    {
        var artifact = Artifacts.Load("LivepeerToken");

        Assert.That(artifact.ContractName, Is.EqualTo("LivepeerToken"));
        Assert.That(artifact.SourceName, Is.EqualTo("contracts/token/LivepeerToken.sol"));
        Assert.That(artifact.Bytecode.Length, Is.GreaterThan(1000));
        Assert.That(artifact.NeedsLinking, Is.False);
        using var abi = JsonDocument.Parse(artifact.AbiJson);
        var functions = abi.RootElement.EnumerateArray().Select(e => e.TryGetProperty("name", out var n) ? n.GetString() : null).ToList();
        Assert.That(functions, Does.Contain("transfer").And.Contain("mint"));
        Assert.That(artifact.Abi.GetFunction("mint").Signature, Is.EqualTo("mint(address,uint256)"));
        Assert.That(Artifacts.Load("LivepeerToken"), Is.SameAs(artifact), "loaded once and cached");
    }

    [Test]
    public void Link_BondingManager_WritesSortedDoublyLLAddressAtEverySite()
    {
        var artifact = Artifacts.Load("BondingManager");
        var library = new EthAddress(Enumerable.Range(1, 20).Select(i => (byte)i).ToArray());

        var linked = artifact.Link(new Dictionary<string, EthAddress> { ["SortedDoublyLL"] = library });

        Assert.That(artifact.LinkReferences, Has.Count.EqualTo(17));
        Assert.That(artifact.LinkReferences.Select(r => r.LibraryName), Is.All.EqualTo("SortedDoublyLL"));
        foreach (var site in artifact.LinkReferences)
        {
            Assert.That(artifact.Bytecode.Span.Slice(site.Start, site.Length).ToArray(), Is.All.EqualTo(0));
            Assert.That(linked.AsSpan(site.Start, site.Length).ToArray(), Is.EqualTo(library.ToArray()));
        }
        Assert.That(() => artifact.Link(new Dictionary<string, EthAddress>()), Throws.ArgumentException.With.Message.Contains("SortedDoublyLL"));
    }

    [Test]
    public void CreationData_ManagerProxy_IsBytecodeThenEncodedConstructorArguments()
    {
        var artifact = Artifacts.Load("ManagerProxy");
        var controller = AnvilNode.DevAccounts[7].Address;
        var id = Keccak256.Hash("BondingManagerTarget");

        var data = artifact.CreationData([controller, id]);

        Assert.That(data, Has.Length.EqualTo(artifact.Bytecode.Length + 64));
        Assert.That(data.AsSpan(0, artifact.Bytecode.Length).SequenceEqual(artifact.Bytecode.Span), Is.True);
        Assert.That(new EthAddress(data.AsSpan(artifact.Bytecode.Length + 12, 20)), Is.EqualTo(controller));
        Assert.That(data.AsSpan(artifact.Bytecode.Length + 32).ToArray(), Is.EqualTo(id));
        Assert.That(() => artifact.CreationData([controller]), Throws.ArgumentException.With.Message.Contains("ManagerProxy"));
        Assert.That(() => Artifacts.Load("BondingManager").CreationData([controller]), Throws.ArgumentException.With.Message.Contains("SortedDoublyLL"));
    }

    [Test]
    public void Load_NameInTwoSources_PrefersSameNamedSourceAndPathSelectsOther()
    {
        var byName = Artifacts.Load("MathUtils");
        var byPath = Artifacts.Load("libraries/MathUtilsV2.sol/MathUtils");

        Assert.That(byName.SourceName, Is.EqualTo("contracts/libraries/MathUtils.sol"));
        Assert.That(byPath.SourceName, Is.EqualTo("contracts/libraries/MathUtilsV2.sol"));
        var missing = Assert.Throws<LivepeerDevnetException>(() => Artifacts.Load("NoSuchContract"));
        Assert.That(missing!.ErrorCode, Is.EqualTo(DevnetErrorCode.ArtifactNotFound));
    }

    [Test]
    public void Parse_NotAnArtifact_ThrowsArtifactInvalidNamingTheOrigin()
    {
        var error = Assert.Throws<LivepeerDevnetException>(() => ContractArtifact.Parse("""{"contractName":"X","sourceName":"x.sol","abi":[]}""", "x.json"));

        Assert.That(error!.ErrorCode, Is.EqualTo(DevnetErrorCode.ArtifactInvalid));
        Assert.That(error.Message, Does.Contain("x.json").And.Contain("bytecode"));
        Assert.That(() => ContractArtifact.Parse("not json", "y.json"), Throws.InstanceOf<LivepeerDevnetException>().With.Message.Contains("y.json"));
    }

    [Test]
    public void Open_MissingFolder_ThrowsArtifactsNotFoundWithBootstrapHint()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<LivepeerDevnetException>(() => ContractArtifacts.Open(missing));

        Assert.That(error!.ErrorCode, Is.EqualTo(DevnetErrorCode.ArtifactsNotFound));
        Assert.That(error.Message, Does.Contain(missing).And.Contain("scripts/bootstrap-test-deps.sh"));
    }
}
