using Livepeer.Protocol.Tests.Chain;
using Livepeer.Devnet;

namespace Livepeer.Protocol.Tests.Contracts;

/// <summary>The typed clients against genuine LivepeerToken and ServiceRegistry builds, deployed standalone on anvil.</summary>
internal sealed class LivepeerTokenClientChainTests : ChainTestBase
{
    private static readonly EthAddress Alice = AnvilNode.DevAccounts[1].Address;
    private static readonly EthAddress Bob = AnvilNode.DevAccounts[2].Address;

    private async Task<EthAddress> DeployAsync(string artifactName, byte[]? constructorArguments = null)
    {
        var artifact = ContractArtifacts.Open().Load(artifactName);
        var receipt = await Sender(0).SendAndWaitAsync(new TransactionRequest { Data = (byte[])[.. artifact.Bytecode.Span, .. constructorArguments ?? []] });
        return receipt.ContractAddress!.Value;
    }

    [Test]
    public async Task TransferAndApprove_GenuineToken_BalancesAllowanceAndEventsMatch()
    {
        var address = await DeployAsync("LivepeerToken");
        var deployer = Sender(0);
        var abi = ContractAbi.Parse(ContractArtifacts.Open().Load("LivepeerToken").AbiJson);
        await deployer.SendAndWaitAsync(new TransactionRequest { To = address, Data = abi.GetFunction("grantRole").EncodeCall(Keccak256.Hash("MINTER_ROLE"), deployer.Signer.Address) });
        await deployer.SendAndWaitAsync(new TransactionRequest { To = address, Data = abi.GetFunction("mint").EncodeCall(Alice, Wei.FromEther(100)) });
        var alice = new LivepeerTokenClient(new ProtocolContext(Rpc, Sender(1)), address);

        var transfer = await alice.TransferAsync(Bob, Wei.FromEther(30));
        var approve = await alice.ApproveAsync(Bob, Wei.FromEther(5));

        Assert.That(await alice.BalanceOfAsync(Alice), Is.EqualTo(Wei.FromEther(70)));
        Assert.That(await alice.BalanceOfAsync(Bob), Is.EqualTo(Wei.FromEther(30)));
        Assert.That(await alice.AllowanceAsync(Alice, Bob), Is.EqualTo(Wei.FromEther(5)));
        Assert.That(await alice.GetTotalSupplyAsync(), Is.EqualTo(Wei.FromEther(100)));
        Assert.That((await alice.GetSymbolAsync(), await alice.GetNameAsync(), await alice.GetDecimalsAsync()), Is.EqualTo(("LPT", "Livepeer Token", (byte)18)));
        var transferred = (TransferEvent)alice.DecodeEvents(transfer).Single();
        Assert.That((transferred.From, transferred.To, transferred.Value), Is.EqualTo((Alice, Bob, Wei.FromEther(30))));
        Assert.That(alice.DecodeEvents(approve).Single(), Is.TypeOf<ApprovalEvent>());
    }

    [Test]
    public async Task TransferAsync_BeyondBalance_NamesContractFunctionAndTheTokensReason()
    {
        var address = await DeployAsync("LivepeerToken");
        var alice = new LivepeerTokenClient(new ProtocolContext(Rpc, Sender(1)), address);

        var ex = await Assert.ThrowsAsync<ContractRevertException>(() => alice.TransferAsync(Bob, new Wei(1)));

        Assert.That(ex!.Message, Does.StartWith("LivepeerToken.transfer reverted: ").And.Contain("transfer amount exceeds balance"));
    }

    [Test]
    public async Task SetServiceUriAsync_GenuineRegistry_StoresTheUriAndEmitsTheUpdate()
    {
        var controller = EthAddress.Parse("0x00000000000000000000000000000000000000c0");
        var address = await DeployAsync("ServiceRegistry", AbiCodec.Encode([AbiType.Address], [controller]));
        var registry = new ServiceRegistryClient(new ProtocolContext(Rpc, Sender(1)), address, ServiceRegistryClient.AIServiceRegistryName);

        Assert.That(await registry.GetServiceUriAsync(Alice), Is.Empty);
        var receipt = await registry.SetServiceUriAsync("https://127.0.0.1:8935");

        Assert.That(await registry.GetServiceUriAsync(Alice), Is.EqualTo("https://127.0.0.1:8935"));
        Assert.That(registry.DecodeEvents(receipt).Single(), Is.EqualTo(new ServiceUriUpdateEvent(Alice, "https://127.0.0.1:8935") { Log = receipt.Logs.Single() }));
    }

    [Test]
    public async Task BalanceOfAsync_NoContractAtAddress_SaysThereIsNoContract()
    {
        var client = new LivepeerTokenClient(new ProtocolContext(Rpc, null), EthAddress.Parse("0x00000000000000000000000000000000000000c1"));

        var ex = await Assert.ThrowsAsync<ContractCallException>(() => client.BalanceOfAsync(Alice));

        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.NoContractCode));
        Assert.That(ex.Message, Does.StartWith("LivepeerToken.balanceOf"));
    }
}
