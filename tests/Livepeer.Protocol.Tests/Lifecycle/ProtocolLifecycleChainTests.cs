using System.Numerics;

namespace Livepeer.Protocol.Tests.Lifecycle;

/// <summary>Orchestrator, delegator and broadcaster lifecycles on the genuine contracts, through <see cref="LivepeerProtocolClient"/>.</summary>
internal sealed class ProtocolLifecycleChainTests : LifecycleChainTestBase
{
    [Test]
    public async Task Orchestrator_FullLifecycle_StakeRewardsUnbondingAndWithdrawalAddUp()
    {
        var bm = Orchestrator.BondingManager;
        var registeredIn = await CurrentRoundAsync();
        await RegisterOrchestratorAsync();
        Assert.That(await Orchestrator.ServiceRegistry.GetServiceUriAsync(OrchestratorAddress), Is.EqualTo(ServiceUri));
        var transcoder = await bm.GetTranscoderAsync(OrchestratorAddress);
        Assert.Multiple(() =>
        {
            Assert.That(transcoder.RewardCut, Is.EqualTo(new BigInteger(RewardCut)));
            Assert.That(transcoder.FeeShare, Is.EqualTo(new BigInteger(FeeShare)));
            Assert.That(transcoder.ActivationRound, Is.EqualTo(registeredIn + 1));
        });
        Assert.That(await bm.IsActiveTranscoderAsync(OrchestratorAddress), Is.False, "active only from the next round");

        await DelegateAsync(Delegator, Delegation);
        var round = await Devnet.AdvanceRoundAsync();

        Assert.That(await bm.IsActiveTranscoderAsync(OrchestratorAddress), Is.True);
        var pool = await bm.GetTranscoderPoolAsync();
        Assert.That(pool, Is.EqualTo(new[] { new TranscoderPoolMember(OrchestratorAddress, SelfBond + Delegation) }));

        // Reward: the minted LPT is split by the reward cut, then pro rata over the round's stake (LIP-36).
        var rewardReceipt = await bm.RewardAsync();
        var minted = Single<RewardEvent>(rewardReceipt).Amount.Value;
        Assert.That(minted, Is.Positive);
        var earningsPool = await bm.GetTranscoderEarningsPoolForRoundAsync(OrchestratorAddress, round);
        var commission = PercOf(minted, RewardCut);
        var delegatorsRewards = minted - commission;
        var rewardFactor = Precise + PrecisePercOf(Precise, delegatorsRewards, earningsPool.TotalStake.Value);
        Assert.That(earningsPool.CumulativeRewardFactor, Is.EqualTo(rewardFactor));
        var orchestratorStake = await bm.GetPendingStakeAsync(OrchestratorAddress);
        var delegatorStake = await bm.GetPendingStakeAsync(DelegatorAddress);
        Assert.Multiple(() =>
        {
            Assert.That(orchestratorStake.Value, Is.EqualTo((SelfBond.Value * rewardFactor / Precise) + commission));
            Assert.That(delegatorStake.Value, Is.EqualTo(Delegation.Value * rewardFactor / Precise));
            Assert.That(delegatorStake.Value - Delegation.Value, Is.GreaterThan(BigInteger.Zero));
            Assert.That(orchestratorStake.Value + delegatorStake.Value, Is.InRange(SelfBond.Value + Delegation.Value + minted - 2, SelfBond.Value + Delegation.Value + minted));
        });

        // Unbond part, rebond that lock, unbond again and withdraw after the unbonding period.
        var unbondingPeriod = await bm.GetUnbondingPeriodAsync();
        var part = Wei.FromEther(100);
        var firstUnbond = Single<UnbondEvent>(await Delegator.BondingManager.UnbondAsync(part));
        Assert.Multiple(() =>
        {
            Assert.That(firstUnbond.Delegator, Is.EqualTo(DelegatorAddress));
            Assert.That(firstUnbond.Delegate, Is.EqualTo(OrchestratorAddress));
            Assert.That(firstUnbond.UnbondingLockId, Is.Zero);
            Assert.That(firstUnbond.Amount, Is.EqualTo(part));
            Assert.That(firstUnbond.WithdrawRound, Is.EqualTo(round + unbondingPeriod));
        });
        Assert.That((await bm.GetDelegatorAsync(DelegatorAddress)).BondedAmount, Is.EqualTo(delegatorStake - part), "unbond claims the rewards first");

        var rebond = Single<RebondEvent>(await Delegator.BondingManager.RebondAsync(firstUnbond.UnbondingLockId));
        Assert.That(rebond.Amount, Is.EqualTo(part));
        Assert.That(await bm.IsValidUnbondingLockAsync(DelegatorAddress, firstUnbond.UnbondingLockId), Is.False);
        Assert.That((await bm.GetDelegatorAsync(DelegatorAddress)).BondedAmount, Is.EqualTo(delegatorStake));

        var secondUnbond = Single<UnbondEvent>(await Delegator.BondingManager.UnbondAsync(part));
        Assert.That(secondUnbond.UnbondingLockId, Is.EqualTo(1UL));
        await Devnet.AdvanceRoundsAsync((int)unbondingPeriod);
        Assert.That(await CurrentRoundAsync(), Is.EqualTo(secondUnbond.WithdrawRound));

        var balanceBefore = await Delegator.LivepeerToken.BalanceOfAsync(DelegatorAddress);
        var withdrawn = Single<WithdrawStakeEvent>(await Delegator.BondingManager.WithdrawStakeAsync(secondUnbond.UnbondingLockId));
        var balanceAfter = await Delegator.LivepeerToken.BalanceOfAsync(DelegatorAddress);
        Assert.Multiple(() =>
        {
            Assert.That(withdrawn.Amount, Is.EqualTo(part));
            Assert.That(balanceAfter - balanceBefore, Is.EqualTo(part));
        });

        // Claiming moves the pending stake into the bond.
        var current = await CurrentRoundAsync();
        var pendingBeforeClaim = await bm.GetPendingStakeAsync(OrchestratorAddress);
        var claimed = Single<EarningsClaimedEvent>(await bm.ClaimEarningsAsync(current));
        var afterClaim = await bm.GetDelegatorAsync(OrchestratorAddress);
        Assert.Multiple(() =>
        {
            Assert.That(claimed.Delegator, Is.EqualTo(OrchestratorAddress));
            Assert.That(claimed.EndRound, Is.EqualTo(current));
            Assert.That(afterClaim.LastClaimRound, Is.EqualTo(current));
            Assert.That(afterClaim.BondedAmount, Is.EqualTo(pendingBeforeClaim));
            Assert.That(afterClaim.BondedAmount - SelfBond, Is.EqualTo(claimed.Rewards));
        });
    }

    [Test]
    public async Task Broadcaster_FundUnlockCancelAndWithdraw_EthComesBack()
    {
        var tb = Broadcaster.TicketBroker;
        var deposit = Wei.FromEther(1);
        var reserve = Wei.FromEther(0.5m);
        await tb.FundDepositAndReserveAsync(deposit, reserve);
        var info = await tb.GetSenderInfoAsync(BroadcasterAddress);
        Assert.Multiple(() =>
        {
            Assert.That(info.Deposit, Is.EqualTo(deposit));
            Assert.That(info.Reserve.FundsRemaining, Is.EqualTo(reserve));
            Assert.That(info.IsUnlocking, Is.False);
        });

        var round = await CurrentRoundAsync();
        var unlockPeriod = await tb.GetUnlockPeriodAsync();
        var unlock = Single<UnlockEvent>(await tb.UnlockAsync());
        Assert.Multiple(() =>
        {
            Assert.That(unlock.Sender, Is.EqualTo(BroadcasterAddress));
            Assert.That(unlock.StartRound, Is.EqualTo(round));
            Assert.That(unlock.EndRound, Is.EqualTo(round + unlockPeriod));
        });
        info = await tb.GetSenderInfoAsync(BroadcasterAddress);
        Assert.That(info.IsUnlocking, Is.True);
        Assert.That(info.WithdrawRound, Is.EqualTo(unlock.EndRound));

        Assert.That(Single<UnlockCancelledEvent>(await tb.CancelUnlockAsync()).Sender, Is.EqualTo(BroadcasterAddress));
        Assert.That((await tb.GetSenderInfoAsync(BroadcasterAddress)).IsUnlocking, Is.False);

        await tb.UnlockAsync();
        Assert.That(await tb.IsUnlockInProgressAsync(BroadcasterAddress), Is.True);
        await Devnet.AdvanceRoundsAsync((int)unlockPeriod);

        var before = await Broadcaster.Rpc.GetBalanceAsync(BroadcasterAddress);
        var receipt = await tb.WithdrawAsync();
        var after = await Broadcaster.Rpc.GetBalanceAsync(BroadcasterAddress);
        var withdrawal = Single<WithdrawalEvent>(receipt);
        var gas = receipt.EffectiveGasPrice * receipt.GasUsed;
        Assert.Multiple(() =>
        {
            Assert.That(withdrawal.Deposit, Is.EqualTo(deposit));
            Assert.That(withdrawal.Reserve, Is.EqualTo(reserve));
            Assert.That(after - before, Is.EqualTo(withdrawal.Deposit + withdrawal.Reserve - gas));
        });
        info = await tb.GetSenderInfoAsync(BroadcasterAddress);
        Assert.That(info.Deposit + info.Reserve.FundsRemaining, Is.EqualTo(Wei.Zero));
    }

    [Test]
    public async Task WinningTicket_RedeemedByOrchestrator_FeesSplitByFeeShare()
    {
        var round = await ActiveOrchestratorWithDelegatorAsync();
        await Broadcaster.TicketBroker.FundDepositAndReserveAsync(Wei.FromEther(1), Wei.FromEther(1));
        var faceValue = Wei.FromEther(0.1m);
        var winning = await CreateWinningTicketAsync(faceValue, 1);
        Assert.That(await Orchestrator.TicketBroker.GetTicketHashAsync(winning.Ticket), Is.EqualTo(winning.Ticket.ComputeHash()));

        var receipt = await Orchestrator.TicketBroker.RedeemWinningTicketAsync(winning);
        var redeemed = Orchestrator.TicketBroker.DecodeEvents(receipt).OfType<WinningTicketRedeemedEvent>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(redeemed.Sender, Is.EqualTo(BroadcasterAddress));
            Assert.That(redeemed.Recipient, Is.EqualTo(OrchestratorAddress));
            Assert.That(redeemed.FaceValue, Is.EqualTo(faceValue));
            Assert.That(redeemed.RecipientRand, Is.EqualTo(winning.RecipientRand));
        });
        var paid = Single<WinningTicketTransferEvent>(receipt).Amount.Value;
        Assert.That(paid, Is.EqualTo(faceValue.Value));

        var earningsPool = await Orchestrator.BondingManager.GetTranscoderEarningsPoolForRoundAsync(OrchestratorAddress, round);
        var delegatorsFees = PercOf(paid, FeeShare);
        var feeFactor = PrecisePercOf(Precise, delegatorsFees, earningsPool.TotalStake.Value);
        Assert.That(earningsPool.CumulativeFeeFactor, Is.EqualTo(feeFactor));
        var orchestratorFees = await Orchestrator.BondingManager.GetPendingFeesAsync(OrchestratorAddress);
        var delegatorFees = await Orchestrator.BondingManager.GetPendingFeesAsync(DelegatorAddress);
        Assert.Multiple(() =>
        {
            Assert.That(orchestratorFees.Value, Is.EqualTo((SelfBond.Value * feeFactor / Precise) + (paid - delegatorsFees)));
            Assert.That(delegatorFees.Value, Is.EqualTo(Delegation.Value * feeFactor / Precise));
            Assert.That(orchestratorFees.Value + delegatorFees.Value, Is.InRange(paid - 2, paid));
        });

        // Fees are paid out in ETH from the Minter.
        var before = await Orchestrator.Rpc.GetBalanceAsync(DelegatorAddress);
        await Orchestrator.BondingManager.WithdrawFeesAsync(DelegatorAddress, orchestratorFees);
        Assert.That(await Orchestrator.Rpc.GetBalanceAsync(DelegatorAddress) - before, Is.EqualTo(orchestratorFees));
    }

    [Test]
    public async Task ComputePendingEarnings_AcrossRewardAndFeeRounds_MatchesChain()
    {
        await ActiveOrchestratorWithDelegatorAsync();
        await Broadcaster.TicketBroker.FundDepositAndReserveAsync(Wei.FromEther(1), Wei.FromEther(1));
        var bm = Orchestrator.BondingManager;
        var checkedStates = 0;

        async Task AssertComputedMatchesChainAsync(string step)
        {
            var current = await CurrentRoundAsync();
            foreach (var account in new[] { OrchestratorAddress, DelegatorAddress, LateDelegatorAddress })
            {
                var computed = await bm.ComputePendingEarningsAsync(account, current);
                var stake = await bm.GetPendingStakeAsync(account);
                var fees = await bm.GetPendingFeesAsync(account);
                var computedStake = await bm.ComputePendingStakeAsync(account, current);
                var computedFees = await bm.ComputePendingFeesAsync(account, current);
                Assert.Multiple(() =>
                {
                    Assert.That(computed.Stake, Is.EqualTo(stake), $"{step}: pending stake of {account}");
                    Assert.That(computed.Fees, Is.EqualTo(fees), $"{step}: pending fees of {account}");
                    Assert.That(computedStake, Is.EqualTo(stake));
                    Assert.That(computedFees, Is.EqualTo(fees));
                });
                checkedStates++;
            }
        }

        await bm.RewardAsync();
        await AssertComputedMatchesChainAsync("after the first reward");

        await Devnet.AdvanceRoundAsync();
        await AssertComputedMatchesChainAsync("a round without reward or fees");
        await Orchestrator.TicketBroker.RedeemWinningTicketAsync(await CreateWinningTicketAsync(Wei.FromEther(0.1m), 1));
        await AssertComputedMatchesChainAsync("fees before the round's reward");
        await bm.RewardAsync();
        await DelegateAsync(LateDelegator, Wei.FromEther(250));
        await AssertComputedMatchesChainAsync("second reward and a late delegator");

        await Devnet.AdvanceRoundAsync();
        await bm.RewardAsync();
        await Orchestrator.TicketBroker.RedeemWinningTicketAsync(await CreateWinningTicketAsync(Wei.FromEther(0.05m), 2));
        await AssertComputedMatchesChainAsync("third reward, then fees");

        await Devnet.AdvanceRoundAsync();
        await AssertComputedMatchesChainAsync("the round after");
        Assert.That(checkedStates, Is.EqualTo(18), "six steps, three accounts each");
        Assert.That((await bm.GetPendingFeesAsync(LateDelegatorAddress)).Value, Is.Positive, "the late delegator shares the last fees");
    }
}
