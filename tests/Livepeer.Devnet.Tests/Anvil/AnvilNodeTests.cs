using System.Text.Json;

namespace Livepeer.Devnet.Tests.Anvil;

[Category("Chain")]
public sealed class AnvilNodeTests
{
    private AnvilNode? _started;

    private AnvilNode Node => _started ?? throw new InvalidOperationException("anvil did not start.");

    [OneTimeSetUp]
    public async Task StartAnvil() => _started = await AnvilNode.StartAsync();

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
        Assert.That(await Node.Rpc.GetChainIdAsync(), Is.EqualTo(31337UL));
        Assert.That(Node.ChainId, Is.EqualTo(AnvilNode.DefaultChainId));
        Assert.That(Node.RpcUri.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(Node.RpcUri.Port, Is.EqualTo(Node.Port).And.GreaterThan(0));
    }

    [Test]
    public async Task DevAccounts_ComparedWithAnvilsOwnAccounts_AreTheSame()
    {
        using var config = JsonDocument.Parse(await File.ReadAllTextAsync(Node.ConfigPath));
        var anvilKeys = config.RootElement.GetProperty("private_keys").EnumerateArray().Select(k => k.GetString()).ToList();
        var accounts = await Node.Rpc.SendAsync("eth_accounts", []);
        var anvilAddresses = accounts.EnumerateArray().Select(a => EthAddress.Parse(a.GetString()!)).ToList();

        Assert.That(anvilKeys, Is.EqualTo(AnvilNode.DevAccounts.Select(a => a.PrivateKey)));
        Assert.That(anvilAddresses, Is.EqualTo(AnvilNode.DevAccounts.Select(a => a.Address)));
        Assert.That(AnvilNode.DevAccounts.Select(a => a.Index), Is.EqualTo(Enumerable.Range(0, 10)));
        using var signer = AnvilNode.DevAccounts[3].CreateSigner();
        Assert.That(signer.Address, Is.EqualTo(AnvilNode.DevAccounts[3].Address));
        Assert.That(AnvilNode.DevAccounts[3].ToString(), Does.Not.Contain(AnvilNode.DevAccounts[3].PrivateKey[2..]));
    }

    [Test]
    public async Task RevertAsync_AfterMining_RestoresBlockNumberAndConsumesSnapshot()
    {
        var before = await Node.Rpc.GetBlockNumberAsync();
        var snapshot = await Node.SnapshotAsync();
        await Node.MineAsync(5);
        var mined = await Node.Rpc.GetBlockNumberAsync();

        await Node.RevertAsync(snapshot);
        var after = await Node.Rpc.GetBlockNumberAsync();

        Assert.That(mined, Is.EqualTo(before + 5));
        Assert.That(after, Is.EqualTo(before));
        var reused = await Assert.ThrowsAsync<LivepeerDevnetException>(() => Node.RevertAsync(snapshot));
        Assert.That(reused!.ErrorCode, Is.EqualTo(DevnetErrorCode.NodeCallFailed));
    }

    [Test]
    public async Task SetBalanceAsync_AnyAccount_BalanceIsExactlyThat()
    {
        var account = PrivateKeySigner.Generate().Address;
        var snapshot = await Node.SnapshotAsync();

        await Node.SetBalanceAsync(account, Wei.FromEther(3.5m));

        Assert.That(await Node.Rpc.GetBalanceAsync(account), Is.EqualTo(Wei.FromEther(3.5m)));
        await Node.RevertAsync(snapshot);
        Assert.That(await Node.Rpc.GetBalanceAsync(account), Is.EqualTo(Wei.Zero));
    }

    [Test]
    public async Task SendAsync_UnknownMethod_ThrowsWithTheMethodName()
    {
        var error = await Assert.ThrowsAsync<JsonRpcException>(() => Node.Rpc.SendAsync("eth_noSuchMethod", []));

        Assert.That(error!.RpcCode, Is.Not.Null.And.Not.Zero);
        Assert.That(error.Method, Is.EqualTo("eth_noSuchMethod"));
        Assert.That(await Node.Rpc.GetChainIdAsync(), Is.EqualTo(31337UL), "the node still answers after an error");
    }

    [Test]
    public async Task DisposeAsync_RunningNode_StopsAnsweringAndDeletesConfig()
    {
        var node = await AnvilNode.StartAsync();
        var uri = node.RpcUri;
        Assert.That(await node.Rpc.GetChainIdAsync(), Is.EqualTo(31337UL));

        await node.DisposeAsync();
        await node.DisposeAsync();

        using var probe = EthereumRpcClient.Create(uri, new EthereumRpcClientOptions { MaxRetries = 0, RequestTimeout = TimeSpan.FromSeconds(2) });
        var refused = await Assert.ThrowsAsync<JsonRpcException>(() => probe.GetChainIdAsync());
        Assert.That(refused!.ErrorCode, Is.EqualTo(ProtocolErrorCode.RpcTransport));
        Assert.That(File.Exists(node.ConfigPath), Is.False);
    }

    [Test]
    public async Task StartAsync_FirstPortTaken_RetriesOnAnotherPort()
    {
        using var occupant = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        occupant.Start();
        var taken = ((System.Net.IPEndPoint)occupant.LocalEndpoint).Port;
        var offered = new List<int>();

        await using var node = await AnvilNode.StartAsync(null, () =>
        {
            var port = offered.Count == 0 ? taken : AnvilNode.PickFreePort();
            offered.Add(port);
            return port;
        }, null, CancellationToken.None);

        Assert.That(offered, Has.Count.EqualTo(2));
        Assert.That(node.Port, Is.EqualTo(offered[1]).And.Not.EqualTo(taken));
        Assert.That(await node.Rpc.GetChainIdAsync(), Is.EqualTo(31337UL));
    }

    [Test]
    public async Task StartAsync_OtherChainId_NodeReportsIt()
    {
        await using var node = await AnvilNode.StartAsync(new AnvilNodeOptions { ChainId = 424242 });

        Assert.That(node.ChainId, Is.EqualTo(424242UL));
        Assert.That(await node.Rpc.GetChainIdAsync(), Is.EqualTo(424242UL));
    }

    [Test]
    public async Task StartAsync_MissingBinary_ThrowsAnvilNotFoundWithBootstrapHint()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "anvil");

        var error = await Assert.ThrowsAsync<LivepeerDevnetException>(() => AnvilNode.StartAsync(new AnvilNodeOptions { AnvilPath = missing }));

        Assert.That(error!.ErrorCode, Is.EqualTo(DevnetErrorCode.AnvilNotFound));
        Assert.That(error.Message, Does.Contain(missing).And.Contain("scripts/bootstrap-test-deps.sh"));
    }
}
