using System.Numerics;

namespace Livepeer.Protocol.Tests.Sending;

public sealed class TransactionSenderTests
{
    private const string Key = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
    private static readonly EthAddress To = EthAddress.Parse("0x3535353535353535353535353535353535353535");

    private static (TransactionSender Sender, FakeNode Node, HttpClient Http) Create(TransactionSenderOptions? options = null)
    {
        var node = new FakeNode { PendingNonce = 7 };
        var http = new HttpClient(node);
        var rpc = new EthereumRpcClient(http, new Uri("http://127.0.0.1:1/"), new EthereumRpcClientOptions { MaxRetries = 0 });
        return (new TransactionSender(rpc, PrivateKeySigner.FromHex(Key), options), node, http);
    }

    private static TransactionRequest Transfer(long value = 1) => new() { To = To, Value = new Wei(value) };

    [Test]
    public async Task SendAsync_NodeRefuses_NonceIsUsedByTheNextSend()
    {
        var (sender, node, http) = Create();
        using (http)
        {
            node.OnSend = (_, n) => n == 1 ? new SendOutcome(Error: "insufficient funds for gas * price + value") : null;

            var ex = await Assert.ThrowsAsync<JsonRpcException>(() => sender.SendAsync(Transfer()));
            Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InsufficientFunds));
            var sent = await sender.SendAsync(Transfer());

            Assert.That(node.Sent.Select(t => t.Nonce), Is.EqualTo(new ulong[] { 7, 7 }));
            Assert.That(sent.Nonce, Is.EqualTo(7UL));
            Assert.That(node.CountReads, Is.EqualTo(1), "a refusal needs no chain read");
        }
    }

    [Test]
    public async Task SendAsync_ConnectionLostDuringSend_NextSendRereadsTheChain()
    {
        var (sender, node, http) = Create();
        using (http)
        {
            node.OnSend = (_, n) => n == 1 ? new SendOutcome(Throw: new HttpRequestException("connection reset")) : null;

            var ex = await Assert.ThrowsAsync<JsonRpcException>(() => sender.SendAsync(Transfer()));
            Assert.That(ex!.IsTransient, Is.True);
            // The transaction did reach the node after all.
            node.PendingNonce = 8;
            var sent = await sender.SendAsync(Transfer());

            Assert.That(sent.Nonce, Is.EqualTo(8UL));
            Assert.That(node.CountReads, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task SendAsync_CancelledDuringSend_NextSendRereadsTheChain()
    {
        var (sender, node, http) = Create();
        using (http)
        {
            using var cts = new CancellationTokenSource();
            node.OnSend = (_, n) =>
            {
                if (n == 1)
                {
                    cts.Cancel();
                    return new SendOutcome(Throw: new OperationCanceledException(cts.Token));
                }
                return null;
            };

            Assert.That(async () => await sender.SendAsync(Transfer(), cts.Token), Throws.InstanceOf<OperationCanceledException>());
            await sender.SendAsync(Transfer());
            Assert.That(node.CountReads, Is.EqualTo(2));
        }
    }

    [TestCase("nonce too low: next nonce 9, tx nonce 7")]
    [TestCase("replacement transaction underpriced")]
    public async Task SendAsync_NonceTakenElsewhere_ResyncsAndRetries(string refusal)
    {
        var (sender, node, http) = Create();
        using (http)
        {
            node.OnSend = (_, n) =>
            {
                if (n == 1)
                {
                    node.PendingNonce = 9;
                    return new SendOutcome(Error: refusal);
                }
                return null;
            };

            var sent = await sender.SendAsync(Transfer());
            Assert.That(sent.Nonce, Is.EqualTo(9UL));
            Assert.That(node.Sent.Select(t => t.Nonce), Is.EqualTo(new ulong[] { 7, 9 }));
        }
    }

    [Test]
    public async Task SendAsync_NonceTooLowEveryTime_GivesUpAfterTheRetries()
    {
        var (sender, node, http) = Create(new TransactionSenderOptions { MaxNonceRetries = 2 });
        using (http)
        {
            node.OnSend = (_, _) => new SendOutcome(Error: "nonce too low");
            var ex = await Assert.ThrowsAsync<JsonRpcException>(() => sender.SendAsync(Transfer()));
            Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.NonceTooLow));
            Assert.That(node.Sent, Has.Count.EqualTo(3));
        }
    }

    [Test]
    public async Task SendAsync_ChainWithoutBaseFee_SendsLegacyAtTheGasPrice()
    {
        var (sender, node, http) = Create();
        using (http)
        {
            node.BaseFee = null;
            var sent = await sender.SendAsync(Transfer());
            Assert.That(sent.IsLegacy, Is.True);
            Assert.That(node.Sent[0].Type, Is.EqualTo(TransactionType.Legacy));
            Assert.That(node.Sent[0].Legacy!.GasPrice, Is.EqualTo(new Wei(node.GasPrice)));
            Assert.That(node.Sent[0].ChainId, Is.EqualTo(FakeNode.ChainId));
        }
    }

    [Test]
    public async Task SendAsync_Eip1559_FeesFollowBaseFeeAndGasHasMargin()
    {
        var (sender, node, http) = Create();
        using (http)
        {
            var sent = await sender.SendAsync(Transfer());
            var tx = node.Sent[0].Eip1559!;
            Assert.That(tx.MaxPriorityFeePerGas, Is.EqualTo(Wei.FromGwei(1)));
            Assert.That(tx.MaxFeePerGas, Is.EqualTo(Wei.FromGwei(3)), "2 × base fee + priority fee");
            Assert.That(tx.GasLimit, Is.EqualTo(25_200UL), "21000 × 1.2");
            Assert.That(node.Sent[0].RecoverSender(), Is.EqualTo(sender.Signer.Address));
            Assert.That(sent.Hash, Is.EqualTo(node.Sent[0].Hash));
        }
    }

    [Test]
    public async Task SendAsync_FixedMaxFeeAboveCap_ThrowsFeeCapExceeded()
    {
        var (sender, node, http) = Create(new TransactionSenderOptions { MaxFeePerGasCap = Wei.FromGwei(2) });
        using (http)
        {
            var ex = await Assert.ThrowsAsync<LivepeerProtocolException>(() => sender.SendAsync(Transfer() with { MaxFeePerGas = Wei.FromGwei(5), MaxPriorityFeePerGas = Wei.FromGwei(1) }));
            Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.FeeCapExceeded));
            Assert.That(node.Sent, Is.Empty);
        }
    }

    [Test]
    public async Task ReplaceAsync_ZeroPriorityFee_StillRaisesIt()
    {
        var (sender, node, http) = Create();
        using (http)
        {
            var sent = await sender.SendAsync(Transfer() with { MaxFeePerGas = Wei.FromGwei(3), MaxPriorityFeePerGas = Wei.Zero });
            node.BaseFee = 0;
            var faster = await sender.ReplaceAsync(sent);
            Assert.That(faster.Nonce, Is.EqualTo(sent.Nonce));
            Assert.That(faster.MaxPriorityFeePerGas.Value, Is.GreaterThan(BigInteger.Zero));
            Assert.That(faster.MaxFeePerGas.Value, Is.GreaterThanOrEqualTo(sent.MaxFeePerGas.Value * 115 / 100));
        }
    }

    [Test]
    public void Constructor_BadOptions_NameTheSetting()
    {
        using var http = new HttpClient(new FakeNode());
        var rpc = new EthereumRpcClient(http, new Uri("http://127.0.0.1:1/"));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new TransactionSender(rpc, PrivateKeySigner.FromHex(Key), new TransactionSenderOptions { ReplacementFeeIncreasePercent = 5 }));
        Assert.That(ex!.ParamName, Is.EqualTo("ReplacementFeeIncreasePercent"));
    }
}
