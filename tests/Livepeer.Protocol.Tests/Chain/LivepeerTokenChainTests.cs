using System.Numerics;
using Livepeer.Devnet;

namespace Livepeer.Protocol.Tests.Chain;

/// <summary>The genuine LivepeerToken from the protocol's build artifacts, driven through the SDK.</summary>
internal sealed class LivepeerTokenChainTests : ChainTestBase
{
    private ContractAbi _abi = null!;
    private EthAddress _token;
    private TransactionSender _deployer = null!;

    private static readonly EthAddress Alice = AnvilNode.DevAccounts[1].Address;
    private static readonly EthAddress Bob = AnvilNode.DevAccounts[2].Address;

    [SetUp]
    public async Task DeployToken()
    {
        var artifact = ContractArtifacts.Open().Load("LivepeerToken");
        _abi = ContractAbi.Parse(artifact.AbiJson);
        _deployer = Sender(0);
        var receipt = await _deployer.SendAndWaitAsync(new TransactionRequest { Data = artifact.Bytecode });
        Assert.That(receipt.ContractAddress, Is.Not.Null);
        _token = receipt.ContractAddress!.Value;

        var minterRole = Keccak256.Hash("MINTER_ROLE");
        await Invoke(_deployer, "grantRole", minterRole, _deployer.Signer.Address);
    }

    [Test]
    public async Task Deploy_ThenMintAndTransfer_BalancesAndEventsMatch()
    {
        Assert.That(await Rpc.GetCodeAsync(_token), Is.Not.Empty);
        Assert.That(await Read<string>("symbol"), Is.EqualTo("LPT"));

        var mint = await Invoke(_deployer, "mint", Alice, Wei.FromEther(100));
        Assert.That(await BalanceOf(Alice), Is.EqualTo(Wei.FromEther(100).Value));

        var alice = Sender(1);
        var transfer = await Invoke(alice, "transfer", Bob, Wei.FromEther(30));
        Assert.That(await BalanceOf(Alice), Is.EqualTo(Wei.FromEther(70).Value));
        Assert.That(await BalanceOf(Bob), Is.EqualTo(Wei.FromEther(30).Value));

        var transferEvent = _abi.GetEvent("Transfer");
        var fromReceipt = transfer.Logs.Single(l => l.Topics.Count > 0 && l.Topics[0].AsSpan().SequenceEqual(transferEvent.Topic0.Span));
        var decoded = transferEvent.DecodeLog(fromReceipt.Topics, fromReceipt.Data);
        Assert.That(decoded["from"], Is.EqualTo(Alice));
        Assert.That(decoded["to"], Is.EqualTo(Bob));
        Assert.That(decoded["value"], Is.EqualTo(Wei.FromEther(30).Value));

        var logs = await Rpc.GetLogsAsync(new LogFilter
        {
            FromBlock = BlockParameter.At(mint.BlockNumber),
            ToBlock = BlockParameter.Latest,
            Addresses = [_token],
            Topics = [[transferEvent.Topic0.ToArray()]],
        });
        var transfers = logs.Select(l => transferEvent.DecodeLog(l.Topics, l.Data)).ToList();
        Assert.That(transfers, Has.Count.EqualTo(2));
        Assert.That(transfers[0]["from"], Is.EqualTo(EthAddress.Zero), "the mint");
        Assert.That(transfers[0]["to"], Is.EqualTo(Alice));
        Assert.That(transfers[1]["to"], Is.EqualTo(Bob));
        Assert.That(logs[1].TransactionHash, Is.EqualTo(transfer.TransactionHash));

        var byTopic = await Rpc.GetLogsAsync(new LogFilter
        {
            FromBlock = BlockParameter.At(mint.BlockNumber),
            Addresses = [_token],
            Topics = [[transferEvent.Topic0.ToArray()], null, [PadTopic(Bob)]],
        });
        Assert.That(byTopic, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Transfer_BeyondBalance_SurfacesTheContractsRevertReason()
    {
        await Invoke(_deployer, "mint", Alice, new Wei(10));
        var alice = Sender(1);
        var data = _abi.GetFunction("transfer").EncodeCall(Bob, new BigInteger(11));

        var estimated = await Assert.ThrowsAsync<ContractRevertException>(() => alice.SendAsync(new TransactionRequest { To = _token, Data = data }));
        Assert.That(estimated!.Kind, Is.EqualTo(RevertKind.Error));
        Assert.That(estimated.Reason, Does.Contain("transfer amount exceeds balance"));
        Assert.That(estimated.Message, Does.Contain("transfer amount exceeds balance"));

        var called = await Assert.ThrowsAsync<ContractRevertException>(() => Rpc.CallAsync(new CallRequest { From = Alice, To = _token, Data = data }));
        Assert.That(called!.Reason, Is.EqualTo(estimated.Reason));

        // Forced on chain with a fixed gas limit: the receipt has status 0 and the reason is recovered by replay.
        var sent = await alice.SendAsync(new TransactionRequest { To = _token, Data = data, GasLimit = 100_000 });
        var mined = await Assert.ThrowsAsync<ContractRevertException>(() => alice.WaitForReceiptAsync(sent));
        Assert.That(mined!.TransactionHash, Is.EqualTo(sent.Hash));
        Assert.That(mined.Reason, Is.EqualTo(estimated.Reason));
        Assert.That(await BalanceOf(Alice), Is.EqualTo(new BigInteger(10)));
    }

    [Test]
    public async Task Mint_WithoutMinterRole_RevertsWithAccessControlReason()
    {
        var alice = Sender(1);
        var ex = await Assert.ThrowsAsync<ContractRevertException>(() => alice.SendAsync(new TransactionRequest
        {
            To = _token,
            Data = _abi.GetFunction("mint").EncodeCall(Alice, new BigInteger(1)),
        }));
        Assert.That(ex!.Reason, Is.Not.Null.And.Not.Empty);
        Assert.That(ex.Message, Does.Contain(ex.Reason!));
    }

    private async Task<TransactionReceipt> Invoke(TransactionSender sender, string function, params object?[] args)
    {
        var receipt = await sender.SendAndWaitAsync(new TransactionRequest { To = _token, Data = _abi.GetFunction(function).EncodeCall(args) });
        Assert.That(receipt.Succeeded, Is.True, function);
        return receipt;
    }

    private async Task<T> Read<T>(string function, params object?[] args)
    {
        var fn = _abi.GetFunction(function);
        var output = await Rpc.CallAsync(new CallRequest { To = _token, Data = fn.EncodeCall(args) });
        return (T)fn.DecodeOutput(output)[0]!;
    }

    private Task<BigInteger> BalanceOf(EthAddress account) => Read<BigInteger>("balanceOf", account);

    private static byte[] PadTopic(EthAddress address)
    {
        var topic = new byte[32];
        address.WriteTo(topic.AsSpan(12));
        return topic;
    }
}
