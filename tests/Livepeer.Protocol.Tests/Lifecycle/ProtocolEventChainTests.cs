namespace Livepeer.Protocol.Tests.Lifecycle;

/// <summary>Typed events decoded from real receipts agree with what the contracts' state reads say.</summary>
internal sealed class ProtocolEventChainTests : LifecycleChainTestBase
{
    [Test]
    public async Task BondEvent_FromDelegation_MatchesDelegatorState()
    {
        await RegisterOrchestratorAsync();
        var receipt = await DelegateAsync(Delegator, Delegation);

        var bond = Single<BondEvent>(receipt);
        var state = await Delegator.BondingManager.GetDelegatorAsync(DelegatorAddress);
        Assert.Multiple(() =>
        {
            Assert.That(bond.NewDelegate, Is.EqualTo(state.DelegateAddress));
            Assert.That(bond.NewDelegate, Is.EqualTo(OrchestratorAddress));
            Assert.That(bond.OldDelegate.IsZero, Is.True);
            Assert.That(bond.Delegator, Is.EqualTo(DelegatorAddress));
            Assert.That(bond.AdditionalAmount, Is.EqualTo(Delegation));
            Assert.That(bond.BondedAmount, Is.EqualTo(state.BondedAmount));
            Assert.That(bond.Log.Address, Is.EqualTo(Delegator.BondingManager.Address));
            Assert.That(Delegator.BondingManager.DecodeEvents(receipt), Does.Contain(bond));
        });
        var transfer = Single<TransferEvent>(receipt);
        Assert.Multiple(() =>
        {
            Assert.That(transfer.From, Is.EqualTo(DelegatorAddress));
            Assert.That(transfer.Value, Is.EqualTo(Delegation));
        });
    }

    [Test]
    public async Task UnbondEvent_MatchesUnbondingLock()
    {
        var round = await ActiveOrchestratorWithDelegatorAsync();
        var receipt = await Delegator.BondingManager.UnbondAsync(Wei.FromEther(50));

        var unbond = Single<UnbondEvent>(receipt);
        var unbondingLock = await Delegator.BondingManager.GetDelegatorUnbondingLockAsync(DelegatorAddress, unbond.UnbondingLockId);
        var locks = await Delegator.BondingManager.GetUnbondingLocksAsync(DelegatorAddress);
        Assert.Multiple(() =>
        {
            Assert.That(unbond.Amount, Is.EqualTo(unbondingLock.Amount));
            Assert.That(unbond.WithdrawRound, Is.EqualTo(unbondingLock.WithdrawRound));
            Assert.That(unbond.WithdrawRound, Is.GreaterThan(round));
            Assert.That(unbond.Delegate, Is.EqualTo(OrchestratorAddress));
            Assert.That(locks.Select(l => l.Id), Is.EqualTo(new[] { unbond.UnbondingLockId }));
        });
    }

    [Test]
    public async Task RewardEvent_AmountEqualsTotalStakeIncrease()
    {
        var round = await ActiveOrchestratorWithDelegatorAsync();
        var stakeBefore = await Orchestrator.BondingManager.GetTranscoderTotalStakeAsync(OrchestratorAddress);
        var receipt = await Orchestrator.BondingManager.RewardAsync();

        var reward = Single<RewardEvent>(receipt);
        var stakeAfter = await Orchestrator.BondingManager.GetTranscoderTotalStakeAsync(OrchestratorAddress);
        var transcoder = await Orchestrator.BondingManager.GetTranscoderAsync(OrchestratorAddress);
        Assert.Multiple(() =>
        {
            Assert.That(reward.Transcoder, Is.EqualTo(OrchestratorAddress));
            Assert.That(reward.Amount.Value, Is.Positive);
            Assert.That(stakeAfter - stakeBefore, Is.EqualTo(reward.Amount));
            Assert.That(transcoder.LastRewardRound, Is.EqualTo(round));
            Assert.That(Orchestrator.BondingManager.DecodeEvents(receipt).OfType<RewardEvent>().Single(), Is.EqualTo(reward));
        });
    }

    [Test]
    public async Task FundEvents_MatchSenderInfo()
    {
        var receipt = await Broadcaster.TicketBroker.FundDepositAndReserveAsync(Wei.FromEther(2), Wei.FromEther(0.25m));

        var deposit = Single<DepositFundedEvent>(receipt);
        var reserve = Single<ReserveFundedEvent>(receipt);
        var info = await Broadcaster.TicketBroker.GetSenderInfoAsync(BroadcasterAddress);
        Assert.Multiple(() =>
        {
            Assert.That(deposit.Sender, Is.EqualTo(BroadcasterAddress));
            Assert.That(deposit.Amount, Is.EqualTo(info.Deposit));
            Assert.That(reserve.ReserveHolder, Is.EqualTo(BroadcasterAddress));
            Assert.That(reserve.Amount, Is.EqualTo(info.Reserve.FundsRemaining));
            Assert.That(Broadcaster.TicketBroker.DecodeEvents(receipt), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task RedeemEvents_MatchTicketAndDepositChange()
    {
        var round = await ActiveOrchestratorWithDelegatorAsync();
        await Broadcaster.TicketBroker.FundDepositAndReserveAsync(Wei.FromEther(1), Wei.FromEther(1));
        var winning = await CreateWinningTicketAsync(Wei.FromEther(0.2m), 7);
        var receipt = await Orchestrator.TicketBroker.RedeemWinningTicketAsync(winning);

        var redeemed = Single<WinningTicketRedeemedEvent>(receipt);
        var transfer = Single<WinningTicketTransferEvent>(receipt);
        var info = await Broadcaster.TicketBroker.GetSenderInfoAsync(BroadcasterAddress);
        var transcoder = await Orchestrator.BondingManager.GetTranscoderAsync(OrchestratorAddress);
        Assert.Multiple(() =>
        {
            Assert.That(redeemed.Sender, Is.EqualTo(winning.Ticket.Sender));
            Assert.That(redeemed.Recipient, Is.EqualTo(winning.Ticket.Recipient));
            Assert.That(redeemed.FaceValue, Is.EqualTo(winning.Ticket.FaceValue));
            Assert.That(redeemed.WinProb, Is.EqualTo(winning.Ticket.WinProb));
            Assert.That(redeemed.SenderNonce, Is.EqualTo(winning.Ticket.SenderNonce));
            Assert.That(redeemed.RecipientRand, Is.EqualTo(winning.RecipientRand));
            Assert.That(redeemed.AuxData, Is.EqualTo(winning.Ticket.AuxData));
            Assert.That(transfer.Recipient, Is.EqualTo(OrchestratorAddress));
            Assert.That(Wei.FromEther(1) - info.Deposit, Is.EqualTo(transfer.Amount));
            Assert.That(transcoder.LastFeeRound, Is.EqualTo(round));
            Assert.That(redeemed.Log.TransactionHash, Is.EqualTo(receipt.TransactionHash));
        });
    }
}
