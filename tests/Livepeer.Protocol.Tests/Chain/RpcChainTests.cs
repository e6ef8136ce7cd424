using System.Numerics;
using Livepeer.Devnet;

namespace Livepeer.Protocol.Tests.Chain;

internal sealed class RpcChainTests : ChainTestBase
{
    [Test]
    public async Task Reads_AgainstAnvil_ReturnChainState()
    {
        var account = AnvilNode.DevAccounts[0].Address;
        Assert.That(await Rpc.GetChainIdAsync(), Is.EqualTo(AnvilNode.DefaultChainId));
        Assert.That((await Rpc.GetBalanceAsync(account)).Value, Is.GreaterThan(BigInteger.Zero));
        Assert.That(await Rpc.GetCodeAsync(account), Is.Empty);
        var block = await Rpc.GetBlockByNumberAsync(BlockParameter.Latest);
        Assert.That(block, Is.Not.Null);
        Assert.That(block!.Number, Is.EqualTo(await Rpc.GetBlockNumberAsync()));
        Assert.That(block.BaseFeePerGas, Is.Not.Null);
        Assert.That(await Rpc.GetBlockByNumberAsync(BlockParameter.At(1_000_000)), Is.Null);
        Assert.That((await Rpc.GetGasPriceAsync()).Value, Is.GreaterThan(BigInteger.Zero));
        Assert.That(await Rpc.GetMaxPriorityFeePerGasAsync(), Is.GreaterThanOrEqualTo(Wei.Zero));
        var history = await Rpc.GetFeeHistoryAsync(1, BlockParameter.Latest, [50]);
        Assert.That(history.BaseFeePerGas, Has.Count.EqualTo(2));
        Assert.That(history.Reward, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SendBatchAsync_MixedCalls_EachGetsItsOwnAnswer()
    {
        var account = AnvilNode.DevAccounts[0].Address;
        var responses = await Rpc.SendBatchAsync(
        [
            new JsonRpcRequest("eth_chainId"),
            new JsonRpcRequest("eth_getBalance", account.ToLowerHex(), "latest"),
            new JsonRpcRequest("eth_noSuchMethod"),
        ]);
        Assert.That(responses[0].GetQuantity(), Is.EqualTo(new BigInteger(AnvilNode.DefaultChainId)));
        Assert.That(responses[1].GetQuantity(), Is.EqualTo((await Rpc.GetBalanceAsync(account)).Value));
        Assert.That(responses[2].Error, Is.Not.Null);
    }

    [Test]
    public async Task GetTransactionCountAsync_PendingIncludesUnminedTransactions()
    {
        var sender = Sender(6);
        await Anvil.Rpc.SendAsync("evm_setAutomine", [false]);
        await sender.SendAsync(new TransactionRequest { To = EthAddress.Zero, Value = new Wei(1) });
        Assert.That(await Rpc.GetTransactionCountAsync(sender.Signer.Address, BlockParameter.Pending), Is.EqualTo(1UL));
        Assert.That(await Rpc.GetTransactionCountAsync(sender.Signer.Address, BlockParameter.Latest), Is.EqualTo(0UL));
    }
}
