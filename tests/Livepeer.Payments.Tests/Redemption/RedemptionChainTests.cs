using System.Numerics;
using Livepeer.Payments.Tests.Chain;
using Livepeer.Protocol;

namespace Livepeer.Payments.Tests.Redemption;

/// <summary>The redemption queue against the genuine TicketBroker on the devnet.</summary>
internal sealed class RedemptionChainTests : PaymentsDevnetTestBase
{
    private static readonly Wei Face = Wei.FromEther(0.01m);

    [Test]
    public async Task RunOnceAsync_DueWinningTicket_MovesExactlyTheFaceValueToTheRecipient()
    {
        var redeemer = await CreateRedeemerAsync();
        var ticket = await CreateTicketAsync(Face, 1);
        await redeemer.QueueTicketAsync(ticket);
        var before = await Broadcaster.TicketBroker.GetSenderInfoAsync(BroadcasterAddress);
        var feesBefore = await Orchestrator.BondingManager.GetPendingFeesAsync(OrchestratorAddress);

        var pass = await PassAsync(redeemer);

        var after = await Broadcaster.TicketBroker.GetSenderInfoAsync(BroadcasterAddress);
        var feesAfter = await Orchestrator.BondingManager.GetPendingFeesAsync(OrchestratorAddress);
        var stored = await redeemer.Store.GetAsync(ticket.Ticket.ComputeHash());
        Assert.Multiple(() =>
        {
            Assert.That(pass.Redeemed, Is.EqualTo(1));
            Assert.That(before.Deposit - after.Deposit, Is.EqualTo(Face), "the deposit falls by the face value");
            Assert.That(feesAfter - feesBefore, Is.EqualTo(Face), "the sole staker's pending fees rise by the face value");
            Assert.That(stored!.Status, Is.EqualTo(StoredTicketStatus.Redeemed));
            Assert.That(stored.TransactionHash, Does.StartWith("0x"));
            Assert.That(stored.Attempts, Is.EqualTo(1));
        });
        Assert.That(await Orchestrator.TicketBroker.IsTicketUsedAsync(ticket.Ticket.ComputeHash()), Is.True);
    }

    [Test]
    public async Task RunOnceAsync_SeveralTicketsOfOneSender_RedeemsThemInOneBatchTransaction()
    {
        var redeemer = await CreateRedeemerAsync();
        var head = await Devnet.Rpc.GetBlockNumberAsync();
        var faces = new[] { Wei.FromEther(0.01m), Wei.FromEther(0.02m), Wei.FromEther(0.03m) };
        for (var i = 0; i < faces.Length; i++)
        {
            await redeemer.QueueTicketAsync(await CreateTicketAsync(faces[i], i + 1));
        }
        var before = await Broadcaster.TicketBroker.GetSenderInfoAsync(BroadcasterAddress);

        var pass = await PassAsync(redeemer);

        var after = await Broadcaster.TicketBroker.GetSenderInfoAsync(BroadcasterAddress);
        var events = await RedeemedEventsAsync(head + 1);
        var stored = await redeemer.Store.SelectAllAsync();
        Assert.Multiple(() =>
        {
            Assert.That(pass.Redeemed, Is.EqualTo(3));
            Assert.That(pass.Transactions, Is.EqualTo(1), "one batchRedeemWinningTickets transaction");
            Assert.That(events, Has.Count.EqualTo(3));
            Assert.That(events.Select(e => e.Log.TransactionHash).Distinct().Count(), Is.EqualTo(1));
            Assert.That(before.Deposit - after.Deposit, Is.EqualTo(Wei.FromEther(0.06m)));
            Assert.That(stored.Select(t => t.Status), Is.All.EqualTo(StoredTicketStatus.Redeemed));
        });
    }

    [Test]
    public async Task RunOnceAsync_BatchWithALosingTicket_RedeemsTheOthersAndRetriesItAlone()
    {
        var redeemer = await CreateRedeemerAsync();
        var good = await CreateTicketAsync(Face, 1);
        var losing = await CreateTicketAsync(Face, 2, winProb: BigInteger.Zero);
        await redeemer.QueueTicketAsync(good);
        await redeemer.QueueTicketAsync(losing);

        var first = await PassAsync(redeemer);
        var second = await PassAsync(redeemer);

        var lost = await redeemer.Store.GetAsync(losing.Ticket.ComputeHash());
        Assert.Multiple(() =>
        {
            Assert.That(first.Redeemed, Is.EqualTo(1));
            Assert.That(first.Retried, Is.EqualTo(1));
            Assert.That(second.Transactions, Is.EqualTo(1), "the skipped ticket is sent alone");
            Assert.That(lost!.Status, Is.EqualTo(StoredTicketStatus.Pending));
            Assert.That(lost.Attempts, Is.EqualTo(2));
            Assert.That(lost.LastError, Does.Contain("ticket did not win"));
        });
    }

    [Test]
    public async Task RunOnceAsync_ParamsNotYetExpired_WaitsUntilTheExpirationBlock()
    {
        var redeemer = await CreateRedeemerAsync();
        var head = await Devnet.Rpc.GetBlockNumberAsync();
        var ticket = await CreateTicketAsync(Face, 1, paramsExpirationBlock: head + 5);
        await redeemer.QueueTicketAsync(ticket);

        var early = await PassAsync(redeemer);
        await Devnet.MineAsync(5);
        var due = await PassAsync(redeemer);

        Assert.Multiple(() =>
        {
            Assert.That(early.Transactions, Is.Zero, "the recipient's secret is not revealed while its parameters are usable");
            Assert.That(due.Redeemed, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task RunOnceAsync_TicketAlreadyUsedOnChain_MarksItRedeemedWithoutSending()
    {
        var redeemer = await CreateRedeemerAsync();
        var ticket = await CreateTicketAsync(Face, 1);
        await Broadcaster.TicketBroker.RedeemWinningTicketAsync(ticket.ToWinningTicket());
        await redeemer.QueueTicketAsync(ticket);
        var nonceBefore = await Devnet.Rpc.GetTransactionCountAsync(OrchestratorAddress);

        var pass = await PassAsync(redeemer);

        var stored = await redeemer.Store.GetAsync(ticket.Ticket.ComputeHash());
        Assert.Multiple(() =>
        {
            Assert.That(pass.AlreadyUsed, Is.EqualTo(1));
            Assert.That(pass.Transactions, Is.Zero);
            Assert.That(stored!.Status, Is.EqualTo(StoredTicketStatus.Redeemed));
        });
        Assert.That(await Devnet.Rpc.GetTransactionCountAsync(OrchestratorAddress), Is.EqualTo(nonceBefore));
    }

    [TestCase("wrong rand", "recipientRand does not match recipientRandHash")]
    [TestCase("wrong signer", "invalid signature over ticket hash")]
    [TestCase("losing", "ticket did not win")]
    [TestCase("wrong block hash", "ticket creationRoundBlockHash invalid for creationRound")]
    public async Task RunOnceAsync_TicketTheBrokerRefuses_KeepsItForRetryWithTheRevertReason(string fault, string reason)
    {
        var redeemer = await CreateRedeemerAsync();
        using var stranger = PrivateKeySigner.Generate();
        var ticket = fault switch
        {
            "wrong rand" => await CreateTicketAsync(Face, 1) is var t ? t with { RecipientRand = t.RecipientRand + 1 } : null!,
            "wrong signer" => await CreateTicketAsync(Face, 1, signer: stranger),
            "losing" => await CreateTicketAsync(Face, 1, winProb: BigInteger.Zero),
            _ => await CreateTicketAsync(Face, 1, auxData: async round => (round, await Broadcaster.RoundsManager.GetBlockHashForRoundAsync(round - 1))),
        };
        await redeemer.QueueTicketAsync(ticket);

        var pass = await PassAsync(redeemer);

        var stored = await redeemer.Store.GetAsync(ticket.Ticket.ComputeHash());
        Assert.Multiple(() =>
        {
            Assert.That(pass.Retried, Is.EqualTo(1));
            Assert.That(stored!.Status, Is.EqualTo(StoredTicketStatus.Pending), "a revert settles the attempt");
            Assert.That(stored.LastError, Does.Contain(reason));
            Assert.That(stored.Attempts, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task RunOnceAsync_CreationRoundWithoutBlockHash_FailsForGood()
    {
        var redeemer = await CreateRedeemerAsync();
        var ticket = await CreateTicketAsync(Face, 1, auxData: round => Task.FromResult((round + 1, new byte[32])));
        await redeemer.QueueTicketAsync(ticket);

        var pass = await PassAsync(redeemer);
        var again = await PassAsync(redeemer);

        var stored = await redeemer.Store.GetAsync(ticket.Ticket.ComputeHash());
        Assert.Multiple(() =>
        {
            Assert.That(pass.Failed, Is.EqualTo(1));
            Assert.That(again.Transactions, Is.Zero, "a final error is never retried");
            Assert.That(stored!.Status, Is.EqualTo(StoredTicketStatus.Failed));
            Assert.That(stored.LastError, Does.Contain("ticket creationRound does not have a block hash"));
        });
    }

    [Test]
    public async Task RunOnceAsync_ContractSaysExpired_FailsForGood()
    {
        // A validity period longer than the contract's lets the queue send, so the contract's own verdict is met.
        var options = RedemptionOptions();
        options.TicketValidityPeriod = 5;
        var redeemer = await CreateRedeemerAsync(options);
        var ticket = await CreateTicketAsync(Face, 1);
        await redeemer.QueueTicketAsync(ticket);
        await Devnet.AdvanceRoundsAsync(2);

        var pass = await PassAsync(redeemer);

        var stored = await redeemer.Store.GetAsync(ticket.Ticket.ComputeHash());
        Assert.Multiple(() =>
        {
            Assert.That(pass.Transactions, Is.EqualTo(1));
            Assert.That(pass.Failed, Is.EqualTo(1));
            Assert.That(stored!.Status, Is.EqualTo(StoredTicketStatus.Failed));
            Assert.That(stored.LastError, Does.Contain("ticket is expired"));
        });
    }

    [Test]
    public async Task RunOnceAsync_ValidityWindowPassed_FailsWithoutSending()
    {
        var redeemer = await CreateRedeemerAsync();
        var ticket = await CreateTicketAsync(Face, 1);
        await redeemer.QueueTicketAsync(ticket);
        await Devnet.AdvanceRoundsAsync(2);

        var pass = await PassAsync(redeemer);

        var stored = await redeemer.Store.GetAsync(ticket.Ticket.ComputeHash());
        Assert.Multiple(() =>
        {
            Assert.That(pass.Failed, Is.EqualTo(1));
            Assert.That(pass.Transactions, Is.Zero);
            Assert.That(stored!.LastError, Does.StartWith("ticket is expired"));
        });
    }

    [Test]
    public async Task RunOnceAsync_RoundNotInitialized_RetriesAndRedeemsOnceItIs()
    {
        var redeemer = await CreateRedeemerAsync();
        var ticket = await CreateTicketAsync(Face, 1);
        await redeemer.QueueTicketAsync(ticket);
        var start = await Orchestrator.RoundsManager.GetCurrentRoundStartBlockAsync();
        var length = await Orchestrator.RoundsManager.GetRoundLengthAsync();
        await Devnet.MineAsync(start + length - await Devnet.Rpc.GetBlockNumberAsync());

        var blocked = await PassAsync(redeemer);
        var reason = (await redeemer.Store.GetAsync(ticket.Ticket.ComputeHash()))!.LastError;
        await Orchestrator.RoundsManager.InitializeRoundAsync();
        var redeemed = await PassAsync(redeemer);

        Assert.Multiple(() =>
        {
            Assert.That(blocked.Retried, Is.EqualTo(1));
            Assert.That(reason, Does.Contain("current round is not initialized"));
            Assert.That(redeemed.Redeemed, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task RunOnceAsync_RecipientNotRegistered_HoldsTheTicketWithoutSending()
    {
        var unbonded = Devnet.Accounts[5];
        var options = RedemptionOptions();
        options.Recipient = unbonded.Address;
        var redeemer = await CreateRedeemerAsync(options);
        var ticket = await CreateTicketAsync(Face, 1, recipient: unbonded.Address);
        await redeemer.QueueTicketAsync(ticket);

        var pass = await PassAsync(redeemer);

        Assert.Multiple(() =>
        {
            Assert.That(pass.Held, Is.EqualTo(1), "'transcoder must be registered' is not paid for");
            Assert.That(pass.Transactions, Is.Zero);
        });
        Assert.That((await redeemer.Store.GetAsync(ticket.Ticket.ComputeHash()))!.Status, Is.EqualTo(StoredTicketStatus.Pending));
    }

    [Test]
    public async Task QueueTicketAsync_OtherRecipient_IsRefusedWithInvalidRecipient()
    {
        var redeemer = await CreateRedeemerAsync();
        var ticket = await CreateTicketAsync(Face, 1, recipient: Devnet.Accounts[5].Address);

        var ex = await Assert.ThrowsAsync<PaymentException>(() => redeemer.QueueTicketAsync(ticket));

        Assert.Multiple(async () =>
        {
            Assert.That(ex!.Rejection!.Reason, Is.EqualTo(TicketRejectionReason.InvalidRecipient));
            Assert.That(ex.Message, Is.EqualTo($"invalid ticket recipient {Devnet.Accounts[5].Address}, expected {OrchestratorAddress}"));
            Assert.That(await redeemer.CountUnredeemedAsync(), Is.Zero);
        });
    }

    [Test]
    public async Task QueueTicketAsync_AuxDataNot64Bytes_IsRefusedAsMalformed()
    {
        var redeemer = await CreateRedeemerAsync();
        var ticket = await CreateTicketAsync(Face, 1);
        var bad = ticket with { Ticket = ticket.Ticket with { AuxData = new byte[32] } };

        var ex = await Assert.ThrowsAsync<PaymentException>(() => redeemer.QueueTicketAsync(bad));

        Assert.That(ex!.Rejection!.Reason, Is.EqualTo(TicketRejectionReason.Malformed));
    }

    [Test]
    public async Task QueueTicketAsync_WinProbAboveUint256_IsRefusedAsMalformed()
    {
        var redeemer = await CreateRedeemerAsync();
        var ticket = await CreateTicketAsync(Face, 1);
        var bad = ticket with { Ticket = ticket.Ticket with { WinProb = BigInteger.Pow(2, 256) } };

        var ex = await Assert.ThrowsAsync<PaymentException>(() => redeemer.QueueTicketAsync(bad));

        Assert.Multiple(async () =>
        {
            Assert.That(ex!.Rejection!.Reason, Is.EqualTo(TicketRejectionReason.Malformed));
            Assert.That(await redeemer.CountUnredeemedAsync(), Is.Zero);
        });
    }

    [Test]
    public async Task QueueTicketAsync_SameTicketTwice_StoresItOnce()
    {
        var redeemer = await CreateRedeemerAsync();
        var ticket = await CreateTicketAsync(Face, 1);

        await redeemer.QueueTicketAsync(ticket);
        await redeemer.QueueTicketAsync(ticket);

        Assert.That(await redeemer.CountUnredeemedAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task StartAsync_TicketQueued_IsRedeemedInTheBackground()
    {
        var redeemer = await CreateRedeemerAsync();
        await redeemer.StartAsync();
        var ticket = await CreateTicketAsync(Face, 1);

        await redeemer.QueueTicketAsync(ticket);

        await WaitUntilAsync(async () => await redeemer.CountUnredeemedAsync() == 0, "the background queue to redeem the ticket");
        Assert.That(await Orchestrator.TicketBroker.IsTicketUsedAsync(ticket.Ticket.ComputeHash()), Is.True);
    }
}
