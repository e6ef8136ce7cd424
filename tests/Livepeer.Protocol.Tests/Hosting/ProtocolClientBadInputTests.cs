using Livepeer.Devnet;

using Livepeer.Protocol.Tests.Chain;

namespace Livepeer.Protocol.Tests.Hosting;

internal sealed class ProtocolClientBadInputTests : DevnetTestBase
{
    [Test]
    public async Task ConnectAsync_EoaAsController_ThrowsNoContractCodeNamingController()
    {
        var eoa = Devnet.Accounts[7].Address;

        var ex = await Assert.ThrowsAsync<ContractCallException>(() =>
            Bounded(LivepeerProtocolClient.ConnectAsync(Devnet.Rpc, LivepeerNetwork.Custom(eoa, Devnet.ChainId))));

        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.NoContractCode));
        Assert.That(ex.ContractName, Is.EqualTo("Controller"));
        Assert.That(ex.Message, Does.Contain("Controller").And.Contain(eoa.ToString()));
    }

    [Test]
    public async Task ConnectAsync_TokenAsController_ThrowsNamingControllerGetContract()
    {
        var token = Devnet.Contracts.LivepeerToken;

        var ex = await Assert.ThrowsAsync(Is.InstanceOf<LivepeerProtocolException>(), () =>
            Bounded(LivepeerProtocolClient.ConnectAsync(Devnet.Rpc, LivepeerNetwork.Custom(token, Devnet.ChainId))));

        Assert.That(ex!.Message, Does.Contain("Controller.getContract"));
    }

    [Test]
    public async Task ConnectAsync_WrongChainId_ThrowsWrongChain()
    {
        var ex = await Assert.ThrowsAsync(Is.InstanceOf<LivepeerProtocolException>(), () =>
            Bounded(LivepeerProtocolClient.ConnectAsync(Devnet.Rpc, LivepeerNetwork.Custom(Devnet.Contracts.Controller, Devnet.ChainId + 1))));

        Assert.That(((LivepeerProtocolException)ex!).ErrorCode, Is.EqualTo(ProtocolErrorCode.WrongChain));
        Assert.That(ex.Message, Does.Contain(Devnet.ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task ResolveAsync_UnknownName_ThrowsUnknownContractWithTheName()
    {
        var protocol = await Devnet.ConnectAsync();

        var ex = await Assert.ThrowsAsync<ContractCallException>(() => Bounded(protocol.Controller.ResolveAsync("NoSuchContract")));

        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.UnknownContract));
        Assert.That(ex.Message, Does.Contain("NoSuchContract"));
        Assert.That(await protocol.Controller.ResolveAsync("BondingManager"), Is.EqualTo(Devnet.Contracts.BondingManager));
    }
}

/// <summary>Endpoints that never answer or answer garbage: every failure is typed, named and bounded in time.</summary>
internal sealed class ProtocolClientStubbedRpcTests
{
    private static readonly LivepeerNetwork Network = LivepeerNetwork.Custom(EthAddress.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"), 31337);

    private static ScriptedRpcHandler ChainWithController() => new ScriptedRpcHandler()
        .Result("eth_chainId", "\"0x7a69\"")
        .Result("eth_getCode", "\"0x6080604052\"");

    private static async Task<Exception> ConnectFailureAsync(ScriptedRpcHandler handler)
    {
        using var http = new HttpClient(handler);
        using var rpc = new EthereumRpcClient(http, new Uri("http://stub.invalid/"), new EthereumRpcClientOptions
        {
            RequestTimeout = TimeSpan.FromMilliseconds(200),
            MaxRetries = 0,
        });
        var ex = await Assert.ThrowsAsync(Is.InstanceOf<LivepeerProtocolException>(), () =>
            LivepeerProtocolClient.ConnectAsync(rpc, Network).WaitAsync(TimeSpan.FromSeconds(10)));
        return ex!;
    }

    [Test]
    public async Task ConnectAsync_ControllerCallTimesOut_ThrowsNamingTheCall()
    {
        var ex = await ConnectFailureAsync(ChainWithController().Hang("eth_call"));

        Assert.That(ex, Is.TypeOf<ContractCallException>());
        Assert.That(((ContractCallException)ex).FunctionName, Is.EqualTo("getContract"));
        Assert.That(ex.Message, Does.Contain("Controller.getContract"));
    }

    [Test]
    public async Task ConnectAsync_ControllerCallAnswersGarbage_ThrowsNamingTheCall()
    {
        var ex = await ConnectFailureAsync(ChainWithController().Garbage("eth_call"));

        Assert.That(ex, Is.TypeOf<ContractCallException>());
        Assert.That(ex.Message, Does.Contain("Controller.getContract"));
    }

    [Test]
    public async Task ConnectAsync_ControllerCallReturnsUndecodableData_ThrowsNamingTheCall()
    {
        var ex = await ConnectFailureAsync(ChainWithController().Result("eth_call", "\"0x1234\""));

        Assert.That(ex, Is.TypeOf<ContractCallException>());
        Assert.That(ex.Message, Does.Contain("Controller.getContract"));
    }

    [Test]
    public async Task ConnectAsync_ChainIdTimesOut_ThrowsBeforeAnyContractCall()
    {
        var ex = await ConnectFailureAsync(new ScriptedRpcHandler().Hang("eth_chainId"));

        Assert.That(ex, Is.Not.TypeOf<ContractCallException>());
        Assert.That(ex.Message, Does.Contain("eth_chainId"));
    }

    [Test]
    public async Task ConnectAsync_ChainIdAnswersGarbage_ThrowsBeforeAnyContractCall()
    {
        var ex = await ConnectFailureAsync(new ScriptedRpcHandler().Garbage("eth_chainId"));

        Assert.That(ex, Is.Not.TypeOf<ContractCallException>());
        Assert.That(ex.Message, Does.Contain("eth_chainId"));
    }
}
