using System.Text.Json;

namespace Livepeer.Protocol.Tests.Chain.Infrastructure;

[Category("Chain")]
public sealed class AnvilFixtureTests
{
    private AnvilProcess? _started;

    private AnvilProcess Anvil => _started ?? throw new InvalidOperationException("anvil did not start.");

    [OneTimeSetUp]
    public async Task StartAnvil() => _started = await AnvilProcess.StartAsync();

    [OneTimeTearDown]
    public async Task StopAnvil()
    {
        if (_started is not null)
        {
            await _started.DisposeAsync();
        }
    }

    [Test]
    public async Task StartAsync_FreePort_AnswersChainId31337OnLoopback()
    {
        var chainId = await Anvil.Rpc.CallQuantityAsync("eth_chainId", []);

        Assert.That(chainId, Is.EqualTo(31337));
        Assert.That(Anvil.RpcUri.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(Anvil.RpcUri.Port, Is.EqualTo(Anvil.Port).And.GreaterThan(0));
    }

    [Test]
    public async Task DevPrivateKeys_ComparedWithAnvilsOwnAccounts_AreTheSame()
    {
        using var config = JsonDocument.Parse(await File.ReadAllTextAsync(Anvil.ConfigPath));
        var anvilKeys = config.RootElement.GetProperty("private_keys").EnumerateArray().Select(k => k.GetString()).ToList();
        var accounts = await Anvil.Rpc.CallAsync("eth_accounts", []);
        var anvilAddresses = accounts.EnumerateArray().Select(a => a.GetString()!.ToLowerInvariant()).ToList();

        Assert.That(anvilKeys, Is.EqualTo(AnvilProcess.DevPrivateKeys));
        Assert.That(anvilAddresses, Is.EqualTo(AnvilProcess.DevAddresses));
        Assert.That(AnvilProcess.DevPrivateKeys[0], Is.EqualTo("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"));
    }

    [Test]
    public async Task RevertAsync_AfterMining_RestoresBlockNumberAndConsumesSnapshot()
    {
        var before = await Anvil.Rpc.CallQuantityAsync("eth_blockNumber", []);
        var snapshot = await Anvil.SnapshotAsync();
        await Anvil.Rpc.CallAsync("anvil_mine", ["0x5"]);
        var mined = await Anvil.Rpc.CallQuantityAsync("eth_blockNumber", []);

        await Anvil.RevertAsync(snapshot);
        var after = await Anvil.Rpc.CallQuantityAsync("eth_blockNumber", []);

        Assert.That(mined, Is.EqualTo(before + 5));
        Assert.That(after, Is.EqualTo(before));
        Assert.That(async () => await Anvil.RevertAsync(snapshot), Throws.InvalidOperationException);
    }

    [Test]
    public async Task CallAsync_UnknownMethod_ThrowsWithJsonRpcError()
    {
        var error = await Assert.ThrowsAsync<AnvilRpcException>(async () => await Anvil.Rpc.CallAsync("eth_noSuchMethod", []));

        Assert.That(error!.Code, Is.Not.Zero);
        Assert.That(error.Message, Does.Contain("eth_noSuchMethod"));
        Assert.That(await Anvil.Rpc.CallQuantityAsync("eth_chainId", []), Is.EqualTo(31337), "the node still answers after an error");
    }

    [Test]
    public async Task DisposeAsync_RunningNode_StopsAnswering()
    {
        var anvil = await AnvilProcess.StartAsync();
        var uri = anvil.RpcUri;
        Assert.That(await anvil.Rpc.CallQuantityAsync("eth_chainId", []), Is.EqualTo(31337));

        await anvil.DisposeAsync();

        using var probe = new AnvilRpc(uri, TimeSpan.FromSeconds(2));
        Assert.That(async () => await probe.CallAsync("eth_chainId", []), Throws.InstanceOf<HttpRequestException>());
        Assert.That(File.Exists(anvil.ConfigPath), Is.False);
    }

    [Test]
    public async Task StartAsync_FirstPortTaken_RetriesOnAnotherPort()
    {
        using var occupant = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        occupant.Start();
        var taken = ((System.Net.IPEndPoint)occupant.LocalEndpoint).Port;
        var offered = new List<int>();

        await using var anvil = await AnvilProcess.StartAsync(() =>
        {
            var port = offered.Count == 0 ? taken : AnvilProcess.PickFreePort();
            offered.Add(port);
            return port;
        });

        Assert.That(offered, Has.Count.EqualTo(2));
        Assert.That(anvil.Port, Is.EqualTo(offered[1]).And.Not.EqualTo(taken));
        Assert.That(await anvil.Rpc.CallQuantityAsync("eth_chainId", []), Is.EqualTo(31337));
    }

    [Test]
    public void Load_LivepeerToken_HasAbiAndUnlinkedBytecode()
    {
        var artifact = ContractArtifacts.Load("LivepeerToken");

        Assert.That(artifact.ContractName, Is.EqualTo("LivepeerToken"));
        Assert.That(artifact.SourceName, Is.EqualTo("contracts/token/LivepeerToken.sol"));
        Assert.That(artifact.Bytecode, Has.Length.GreaterThan(1000));
        Assert.That(artifact.NeedsLinking, Is.False);
        using var abi = JsonDocument.Parse(artifact.AbiJson);
        var functions = abi.RootElement.EnumerateArray().Select(e => e.TryGetProperty("name", out var n) ? n.GetString() : null).ToList();
        Assert.That(functions, Does.Contain("transfer").And.Contain("mint"));
    }

    [Test]
    public void Link_BondingManager_WritesSortedDoublyLLAddressAtEverySite()
    {
        var artifact = ContractArtifacts.Load("BondingManager");
        var library = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();

        var linked = artifact.Link(new Dictionary<string, byte[]> { ["SortedDoublyLL"] = library });

        Assert.That(artifact.LinkReferences, Has.Count.EqualTo(17));
        Assert.That(artifact.LinkReferences.Select(r => r.LibraryName), Is.All.EqualTo("SortedDoublyLL"));
        foreach (var site in artifact.LinkReferences)
        {
            Assert.That(artifact.Bytecode.AsSpan(site.Start, site.Length).ToArray(), Is.All.EqualTo(0));
            Assert.That(linked.AsSpan(site.Start, site.Length).ToArray(), Is.EqualTo(library));
        }
        Assert.That(() => artifact.Link(new Dictionary<string, byte[]>()), Throws.InvalidOperationException.With.Message.Contains("SortedDoublyLL"));
    }

    [Test]
    public void Load_NameInTwoSources_PrefersSameNamedSourceAndPathSelectsOther()
    {
        var byName = ContractArtifacts.Load("MathUtils");
        var byPath = ContractArtifacts.Load("libraries/MathUtilsV2.sol/MathUtils");

        Assert.That(byName.SourceName, Is.EqualTo("contracts/libraries/MathUtils.sol"));
        Assert.That(byPath.SourceName, Is.EqualTo("contracts/libraries/MathUtilsV2.sol"));
        Assert.That(() => ContractArtifacts.Load("NoSuchContract"), Throws.InstanceOf<FileNotFoundException>());
    }
}
