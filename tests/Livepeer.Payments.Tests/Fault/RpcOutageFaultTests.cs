using Livepeer.Payments.Tests.Chain;
using Livepeer.Protocol;

namespace Livepeer.Payments.Tests.Fault;

/// <summary>The RPC node goes away while tickets are being redeemed, through a relay the test switches off and on.</summary>
[Category("Fault")]
internal sealed class RpcOutageFaultTests : PaymentsDevnetTestBase
{
    private static readonly Wei Face = Wei.FromEther(0.01m);

    private async Task<(LocalTicketRedeemer Redeemer, SwitchableTcpProxy Proxy)> RedeemerBehindProxyAsync(TimeSpan receiptTimeout)
    {
        var proxy = new SwitchableTcpProxy(Devnet.RpcUri);
        DisposeAfterTest(proxy);
        var rpc = EthereumRpcClient.Create(proxy.Uri, new EthereumRpcClientOptions
        {
            MaxRetries = 1,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RequestTimeout = TimeSpan.FromSeconds(2),
        });
        var signer = OrchestratorAccount.CreateSigner();
        var sender = new TransactionSender(rpc, signer, new TransactionSenderOptions
        {
            ReceiptPollInterval = TimeSpan.FromMilliseconds(20),
            ReceiptTimeout = receiptTimeout,
        });
        var protocol = await LivepeerProtocolClient.ConnectAsync(rpc, Devnet.Network, sender);
        var redeemer = await CreateRedeemerAsync(protocol: protocol);
        return (redeemer, proxy);
    }

    [Test]
    public async Task RunOnceAsync_NodeDown_FailsThePassAndRedeemsWhenTheNodeReturns()
    {
        var (redeemer, proxy) = await RedeemerBehindProxyAsync(TimeSpan.FromSeconds(20));
        var ticket = await CreateTicketAsync(Face, 1);
        await redeemer.QueueTicketAsync(ticket);

        proxy.Disable();
        var ex = await Assert.ThrowsAsync<PaymentException>(() => PassAsync(redeemer));
        var whileDown = await redeemer.Store.GetAsync(ticket.Ticket.ComputeHash());
        proxy.Enable();
        var pass = await PassAsync(redeemer);

        Assert.Multiple(() =>
        {
            Assert.That(ex!.ErrorCode, Is.EqualTo(PaymentErrorCode.ChainUnavailable));
            Assert.That(ex.IsTransient, Is.True);
            Assert.That(whileDown!.Status, Is.EqualTo(StoredTicketStatus.Pending), "nothing was sent while the node was away");
            Assert.That(pass.Redeemed, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task RunOnceAsync_NodeGoesAwayWhileWaitingForTheReceipt_RedeemsExactlyOnceWhenItReturns()
    {
        var (redeemer, proxy) = await RedeemerBehindProxyAsync(TimeSpan.FromSeconds(1.5));
        var ticket = await CreateTicketAsync(Face, 1);
        await redeemer.QueueTicketAsync(ticket);
        var start = await Devnet.Rpc.GetBlockNumberAsync();
        var nonceBefore = await Devnet.Rpc.GetTransactionCountAsync(OrchestratorAddress);
        await redeemer.PollingClock.PollOnceAsync();

        await Devnet.SetAutomineAsync(false);
        var sending = redeemer.Queue.RunOnceAsync(redeemer.Clock.LastSeenL1Block);
        await WaitUntilAsync(
            async () => await Devnet.Rpc.GetTransactionCountAsync(OrchestratorAddress, BlockParameter.Pending) > nonceBefore,
            "the redemption transaction to reach the pool");
        proxy.Disable();
        var lost = await Bounded(sending);
        var marker = await redeemer.Store.GetAsync(ticket.Ticket.ComputeHash());

        proxy.Enable();
        var whilePending = await redeemer.Queue.RunOnceAsync(redeemer.Clock.LastSeenL1Block);
        await Devnet.SetAutomineAsync(true);
        await Devnet.MineAsync(1);
        var afterMined = await PassAsync(redeemer);

        var events = await RedeemedEventsAsync(start + 1);
        Assert.Multiple(async () =>
        {
            Assert.That(lost.Retried, Is.EqualTo(1), "the receipt never came");
            Assert.That(marker!.Status, Is.EqualTo(StoredTicketStatus.Sending), "the sending marker survives an unknown outcome");
            Assert.That(whilePending.Held, Is.EqualTo(1), "the pending transaction is waited for, not duplicated");
            Assert.That(whilePending.Transactions, Is.Zero);
            Assert.That(afterMined.AlreadyUsed, Is.EqualTo(1));
            Assert.That(afterMined.Transactions, Is.Zero);
            Assert.That(events, Has.Count.EqualTo(1));
            Assert.That(await Devnet.Rpc.GetTransactionCountAsync(OrchestratorAddress), Is.EqualTo(nonceBefore + 1));
            Assert.That((await redeemer.Store.GetAsync(ticket.Ticket.ComputeHash()))!.Status, Is.EqualTo(StoredTicketStatus.Redeemed));
        });
    }
}
