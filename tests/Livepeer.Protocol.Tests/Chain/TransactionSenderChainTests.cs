using System.Numerics;
using Livepeer.Devnet;

namespace Livepeer.Protocol.Tests.Chain;

internal sealed class TransactionSenderChainTests : ChainTestBase
{
    private static readonly EthAddress Recipient = AnvilNode.DevAccounts[5].Address;

    [TestCase(true)]
    [TestCase(false)]
    public async Task SendAndWaitAsync_Transfer_LandsWithTheRightType(bool legacy)
    {
        var options = FastOptions();
        options.UseLegacyTransactions = legacy;
        var sender = Sender(0, options);
        var before = await Rpc.GetBalanceAsync(Recipient);

        var sent = await sender.SendAsync(new TransactionRequest { To = Recipient, Value = Wei.FromEther(1.25m) });
        var receipt = await sender.WaitForReceiptAsync(sent);

        Assert.That(receipt.Succeeded, Is.True);
        Assert.That(receipt.TransactionHash, Is.EqualTo(sent.Hash));
        Assert.That(receipt.From, Is.EqualTo(sender.Signer.Address));
        Assert.That((await Rpc.GetBalanceAsync(Recipient)) - before, Is.EqualTo(Wei.FromEther(1.25m)));
        var decoded = SignedTransaction.Decode(sent.RawTransaction);
        Assert.That(decoded.Type, Is.EqualTo(legacy ? TransactionType.Legacy : TransactionType.Eip1559));
        Assert.That(decoded.RecoverSender(), Is.EqualTo(sender.Signer.Address));
        Assert.That(decoded.ChainId, Is.EqualTo(AnvilNode.DefaultChainId));
        var onChain = await Rpc.SendAsync("eth_getTransactionByHash", [sent.Hash]);
        Assert.That(onChain.GetProperty("type").GetString(), Is.EqualTo(legacy ? "0x0" : "0x2"));
    }

    [Test]
    public async Task SendAsync_TwentyConcurrentSendsFromOneAccount_AllLandWithDistinctNonces()
    {
        var sender = Sender(1);
        var start = await Rpc.GetTransactionCountAsync(sender.Signer.Address);

        var sends = Enumerable.Range(1, 20)
            .Select(i => sender.SendAsync(new TransactionRequest { To = Recipient, Value = new Wei(i) }))
            .ToArray();
        var sent = await Task.WhenAll(sends);
        var receipts = await Task.WhenAll(sent.Select(s => sender.WaitForReceiptAsync(s)));

        Assert.That(sent.Select(s => s.Nonce).Order(), Is.EqualTo(Enumerable.Range((int)start, 20).Select(n => (ulong)n)));
        Assert.That(receipts.All(r => r.Succeeded), Is.True);
        Assert.That(await Rpc.GetTransactionCountAsync(sender.Signer.Address), Is.EqualTo(start + 20));
    }

    [Test]
    public async Task SendAsync_NonceUsedElsewhere_ResyncsAndLands()
    {
        var sender = Sender(2);
        var first = await sender.SendAndWaitAsync(new TransactionRequest { To = Recipient, Value = new Wei(1) });
        Assert.That(first.Succeeded, Is.True);

        // Another process with its own nonce manager uses the next nonce behind this sender's back.
        var other = Sender(2, nonces: new NonceManager(Rpc));
        await other.SendAndWaitAsync(new TransactionRequest { To = Recipient, Value = new Wei(2) });

        var sent = await sender.SendAsync(new TransactionRequest { To = Recipient, Value = new Wei(3) });
        var receipt = await sender.WaitForReceiptAsync(sent);
        Assert.That(receipt.Succeeded, Is.True);
        Assert.That(sent.Nonce, Is.EqualTo(2UL));
    }

    [Test]
    public async Task ReplaceAsync_StuckTransaction_ReplacementIsMinedInstead()
    {
        var sender = Sender(3);
        await Anvil.Rpc.SendAsync("evm_setAutomine", [false]);

        var stuck = await sender.SendAsync(new TransactionRequest { To = Recipient, Value = new Wei(7) });
        var faster = await sender.ReplaceAsync(stuck);

        Assert.That(faster.Nonce, Is.EqualTo(stuck.Nonce));
        Assert.That(faster.Replaces, Is.EqualTo(stuck.Hash));
        Assert.That(faster.MaxFeePerGas.Value, Is.GreaterThanOrEqualTo(stuck.MaxFeePerGas.Value * 115 / 100));
        Assert.That(faster.MaxPriorityFeePerGas.Value, Is.GreaterThanOrEqualTo(stuck.MaxPriorityFeePerGas.Value * 115 / 100));

        await Anvil.Rpc.SendAsync("evm_mine", []);
        var receipt = await sender.WaitForReceiptAsync(faster);
        Assert.That(receipt.Succeeded, Is.True);
        Assert.That(await Rpc.GetTransactionReceiptAsync(stuck.Hash), Is.Null);
    }

    [Test]
    public async Task ReplaceAsync_AfterOriginalWasMined_ThrowsNonceTooLow()
    {
        var sender = Sender(3);
        var sent = await sender.SendAsync(new TransactionRequest { To = Recipient, Value = new Wei(7) });
        await sender.WaitForReceiptAsync(sent);

        var ex = await Assert.ThrowsAsync<LivepeerProtocolException>(() => sender.ReplaceAsync(sent));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.NonceTooLow));
    }

    [Test]
    public async Task WaitForReceiptAsync_NeverMined_TimesOut()
    {
        var options = FastOptions();
        options.ReceiptTimeout = TimeSpan.FromMilliseconds(300);
        var sender = Sender(4, options);
        await Anvil.Rpc.SendAsync("evm_setAutomine", [false]);

        var sent = await sender.SendAsync(new TransactionRequest { To = Recipient, Value = new Wei(1) });
        var ex = await Assert.ThrowsAsync<LivepeerProtocolException>(() => sender.WaitForReceiptAsync(sent));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.TransactionTimeout));
        Assert.That(ex.Message, Does.Contain(sent.Hash));
    }

    [Test]
    public async Task WaitForReceiptAsync_ThreeConfirmations_ReturnsOnlyAfterTwoMoreBlocks()
    {
        var options = FastOptions();
        options.Confirmations = 3;
        var sender = Sender(4, options);
        var sent = await sender.SendAsync(new TransactionRequest { To = Recipient, Value = new Wei(1) });

        var wait = sender.WaitForReceiptAsync(sent);
        await Anvil.Rpc.SendAsync("anvil_mine", ["0x1"]);
        // Two confirmations now; with a 20 ms poll the waiter looks many times in this half second.
        await Task.Delay(500);
        Assert.That(wait.IsCompleted, Is.False, "returned with two confirmations of three");

        await Anvil.Rpc.SendAsync("anvil_mine", ["0x1"]);
        var receipt = await wait.WaitAsync(TimeSpan.FromSeconds(10));
        var head = await Rpc.GetBlockNumberAsync();
        Assert.That(head - receipt.BlockNumber + 1, Is.GreaterThanOrEqualTo(3UL));
    }

    [Test]
    public async Task SuggestFeesAsync_CapBelowBaseFee_ThrowsFeeCapExceeded()
    {
        var options = FastOptions();
        options.MaxFeePerGasCap = new Wei(1);
        var sender = Sender(0, options);
        var ex = await Assert.ThrowsAsync<LivepeerProtocolException>(() => sender.SendAsync(new TransactionRequest { To = Recipient, Value = new Wei(1) }));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.FeeCapExceeded));
        Assert.That(ex.Message, Does.Contain("MaxFeePerGasCap"));
    }

    [Test]
    public async Task SuggestFeesAsync_CapAboveBaseFee_LowersMaxFeeToCap()
    {
        var block = await Rpc.GetBlockByNumberAsync();
        var cap = new Wei(block!.BaseFeePerGas!.Value.Value + 1);
        var options = FastOptions();
        options.MaxFeePerGasCap = cap;
        var fees = await Sender(0, options).SuggestFeesAsync();
        Assert.That(fees.MaxFeePerGas, Is.EqualTo(cap));
        Assert.That(fees.MaxPriorityFeePerGas, Is.LessThanOrEqualTo(cap));
    }

    [Test]
    public async Task SendAsync_MoreThanTheBalance_ThrowsInsufficientFunds()
    {
        var poor = PrivateKeySigner.Generate();
        var sender = new TransactionSender(Rpc, poor, FastOptions());
        var ex = await Assert.ThrowsAsync<JsonRpcException>(() => sender.SendAsync(new TransactionRequest { To = Recipient, Value = new Wei(1), GasLimit = 21_000 }));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InsufficientFunds));
    }
}
