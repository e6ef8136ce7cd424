namespace Livepeer.Protocol.Tests.Lifecycle;

/// <summary>The contracts' documented refusals surface as <see cref="ContractRevertException"/>s that name the call and carry the reason.</summary>
internal sealed class ProtocolRevertChainTests : LifecycleChainTestBase
{
    [Test]
    public async Task Bond_ZeroAmountFromUnbondedAccount_RevertsWithReason()
    {
        await RegisterOrchestratorAsync();
        var ex = await AssertRevertsAsync(() => LateDelegator.BondingManager.BondAsync(Wei.Zero, OrchestratorAddress));
        AssertReverted(ex, "BondingManager", "bond", "delegation amount must be greater than 0");
    }

    [Test]
    public async Task Unbond_MoreThanBonded_RevertsWithReason()
    {
        await ActiveOrchestratorWithDelegatorAsync();
        var ex = await AssertRevertsAsync(() => Delegator.BondingManager.UnbondAsync(Delegation + Wei.FromEther(1)));
        AssertReverted(ex, "BondingManager", "unbond", "amount is greater than bonded amount");
    }

    [Test]
    public async Task WithdrawStake_BeforeUnbondingPeriod_RevertsWithReason()
    {
        await ActiveOrchestratorWithDelegatorAsync();
        var unbond = Single<UnbondEvent>(await Delegator.BondingManager.UnbondAsync(Wei.FromEther(10)));
        var ex = await AssertRevertsAsync(() => Delegator.BondingManager.WithdrawStakeAsync(unbond.UnbondingLockId));
        AssertReverted(ex, "BondingManager", "withdrawStake", "withdraw round must be before or equal to the current round");
    }

    [Test]
    public async Task TicketBrokerWithdraw_BeforeUnlockPeriod_RevertsWithReason()
    {
        await Broadcaster.TicketBroker.FundDepositAndReserveAsync(Wei.FromEther(1), Wei.FromEther(1));
        await Broadcaster.TicketBroker.UnlockAsync();
        var ex = await AssertRevertsAsync(() => Broadcaster.TicketBroker.WithdrawAsync());
        AssertReverted(ex, "TicketBroker", "withdraw", "account is locked");
    }

    [Test]
    public async Task Reward_NotYetActive_RevertsWithReason()
    {
        await RegisterOrchestratorAsync();
        var ex = await AssertRevertsAsync(() => Orchestrator.BondingManager.RewardAsync());
        AssertReverted(ex, "BondingManager", "reward", "caller must be an active transcoder");
    }

    [Test]
    public async Task RedeemWinningTicket_SameTicketTwice_RevertsTicketIsUsed()
    {
        await ActiveOrchestratorWithDelegatorAsync();
        await Broadcaster.TicketBroker.FundDepositAndReserveAsync(Wei.FromEther(1), Wei.FromEther(1));
        var winning = await CreateWinningTicketAsync(Wei.FromEther(0.1m), 1);
        await Orchestrator.TicketBroker.RedeemWinningTicketAsync(winning);
        Assert.That(await Orchestrator.TicketBroker.IsTicketUsedAsync(winning.Ticket.ComputeHash()), Is.True);

        var ex = await AssertRevertsAsync(() => Orchestrator.TicketBroker.RedeemWinningTicketAsync(winning));
        AssertReverted(ex, "TicketBroker", "redeemWinningTicket", "ticket is used");
    }

    private static async Task<ContractRevertException> AssertRevertsAsync(Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<ContractRevertException>(async () => await call());
        return ex!;
    }

    private static void AssertReverted(ContractRevertException ex, string contract, string function, string reason)
    {
        Assert.Multiple(() =>
        {
            Assert.That(ex.Kind, Is.EqualTo(RevertKind.Error));
            Assert.That(ex.Reason, Is.EqualTo(reason));
            Assert.That(ex.ContractName, Is.EqualTo(contract));
            Assert.That(ex.FunctionName, Is.EqualTo(function));
            Assert.That(ex.Message, Does.Contain($"{contract}.{function} reverted:"));
            Assert.That(ex.Message, Does.Contain(reason));
        });
    }
}
