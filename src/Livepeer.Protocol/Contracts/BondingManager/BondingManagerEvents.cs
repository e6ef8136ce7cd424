using System.Numerics;

namespace Livepeer.Protocol;

/// <summary><c>Bond</c>: a delegator bonded more stake and/or moved its bond to a new delegate.</summary>
/// <param name="NewDelegate">The delegate now bonded to.</param>
/// <param name="OldDelegate">The previous delegate (the zero address for a new bond).</param>
/// <param name="Delegator">The delegator.</param>
/// <param name="AdditionalAmount">The LPT added by this call.</param>
/// <param name="BondedAmount">The delegator's bond after the call.</param>
public sealed record BondEvent(EthAddress NewDelegate, EthAddress OldDelegate, EthAddress Delegator, Wei AdditionalAmount, Wei BondedAmount) : ProtocolEvent;

/// <summary><c>Unbond</c>: stake moved into an unbonding lock.</summary>
/// <param name="Delegate">The delegate the stake left.</param>
/// <param name="Delegator">The delegator.</param>
/// <param name="UnbondingLockId">The lock created.</param>
/// <param name="Amount">The stake unbonded.</param>
/// <param name="WithdrawRound">The round from which it can be withdrawn.</param>
public sealed record UnbondEvent(EthAddress Delegate, EthAddress Delegator, ulong UnbondingLockId, Wei Amount, ulong WithdrawRound) : ProtocolEvent;

/// <summary><c>Rebond</c>: an unbonding lock returned to the delegator's delegate.</summary>
/// <param name="Delegate">The delegate.</param>
/// <param name="Delegator">The delegator.</param>
/// <param name="UnbondingLockId">The lock used.</param>
/// <param name="Amount">The stake rebonded.</param>
public sealed record RebondEvent(EthAddress Delegate, EthAddress Delegator, ulong UnbondingLockId, Wei Amount) : ProtocolEvent;

/// <summary><c>Reward</c>: a transcoder minted its round's rewards.</summary>
/// <param name="Transcoder">The transcoder.</param>
/// <param name="Amount">The rewards added to its stake (after the treasury cut).</param>
public sealed record RewardEvent(EthAddress Transcoder, Wei Amount) : ProtocolEvent;

/// <summary><c>TreasuryReward</c>: the treasury's cut of a reward call (LIP-92).</summary>
/// <param name="Transcoder">The transcoder that called reward.</param>
/// <param name="Treasury">The treasury paid.</param>
/// <param name="Amount">The LPT sent to the treasury.</param>
public sealed record TreasuryRewardEvent(EthAddress Transcoder, EthAddress Treasury, Wei Amount) : ProtocolEvent;

/// <summary><c>TranscoderUpdate</c>: a transcoder set its commission.</summary>
/// <param name="Transcoder">The transcoder.</param>
/// <param name="RewardCut">The reward it keeps, in parts per million.</param>
/// <param name="FeeShare">The fees it passes on to delegators, in parts per million.</param>
public sealed record TranscoderUpdateEvent(EthAddress Transcoder, BigInteger RewardCut, BigInteger FeeShare) : ProtocolEvent
{
    /// <summary><see cref="RewardCut"/> as a fraction in [0, 1].</summary>
    public decimal RewardCutFraction => StakingMath.PartsPerMillionToFraction(RewardCut);

    /// <summary><see cref="FeeShare"/> as a fraction in [0, 1].</summary>
    public decimal FeeShareFraction => StakingMath.PartsPerMillionToFraction(FeeShare);
}

/// <summary><c>TranscoderActivated</c>: a transcoder joined the pool.</summary>
/// <param name="Transcoder">The transcoder.</param>
/// <param name="ActivationRound">The round from which it is active.</param>
public sealed record TranscoderActivatedEvent(EthAddress Transcoder, ulong ActivationRound) : ProtocolEvent;

/// <summary><c>TranscoderDeactivated</c>: a transcoder left the pool (resigned or evicted).</summary>
/// <param name="Transcoder">The transcoder.</param>
/// <param name="DeactivationRound">The round from which it is no longer active.</param>
public sealed record TranscoderDeactivatedEvent(EthAddress Transcoder, ulong DeactivationRound) : ProtocolEvent;

/// <summary><c>TranscoderSlashed</c>: a transcoder's stake was slashed.</summary>
/// <param name="Transcoder">The transcoder.</param>
/// <param name="Finder">The finder rewarded.</param>
/// <param name="Penalty">The stake burned.</param>
/// <param name="FinderReward">The finder's share.</param>
public sealed record TranscoderSlashedEvent(EthAddress Transcoder, EthAddress Finder, Wei Penalty, Wei FinderReward) : ProtocolEvent;

/// <summary><c>WithdrawStake</c>: an unbonding lock was withdrawn to the delegator.</summary>
/// <param name="Delegator">The delegator.</param>
/// <param name="UnbondingLockId">The lock withdrawn.</param>
/// <param name="Amount">The LPT returned.</param>
/// <param name="WithdrawRound">The lock's withdraw round.</param>
public sealed record WithdrawStakeEvent(EthAddress Delegator, ulong UnbondingLockId, Wei Amount, ulong WithdrawRound) : ProtocolEvent;

/// <summary><c>WithdrawFees</c>: fees were paid out.</summary>
/// <param name="Delegator">The delegator whose fees were paid.</param>
/// <param name="Recipient">The account that received the ETH.</param>
/// <param name="Amount">The wei paid.</param>
public sealed record WithdrawFeesEvent(EthAddress Delegator, EthAddress Recipient, Wei Amount) : ProtocolEvent;

/// <summary><c>EarningsClaimed</c>: rewards and fees folded into a delegator's bond and fees.</summary>
/// <param name="Delegate">The delegate.</param>
/// <param name="Delegator">The delegator.</param>
/// <param name="Rewards">The stake added.</param>
/// <param name="Fees">The fees added.</param>
/// <param name="StartRound">The first round claimed.</param>
/// <param name="EndRound">The last round claimed.</param>
public sealed record EarningsClaimedEvent(EthAddress Delegate, EthAddress Delegator, Wei Rewards, Wei Fees, ulong StartRound, ulong EndRound) : ProtocolEvent;

/// <summary><c>TransferBond</c>: part of a bond moved to another delegator.</summary>
/// <param name="OldDelegator">The delegator that gave the stake.</param>
/// <param name="NewDelegator">The delegator that received it.</param>
/// <param name="OldUnbondingLockId">The lock created on the giver.</param>
/// <param name="NewUnbondingLockId">The lock created (and rebonded) on the receiver.</param>
/// <param name="Amount">The stake moved.</param>
public sealed record TransferBondEvent(EthAddress OldDelegator, EthAddress NewDelegator, ulong OldUnbondingLockId, ulong NewUnbondingLockId, Wei Amount) : ProtocolEvent;

/// <summary><c>ParameterUpdate</c> from the BondingManager: a governance parameter (or the treasury cut rate) changed.</summary>
/// <param name="Parameter">The parameter's name, e.g. <c>nextRoundTreasuryRewardCutRate</c>.</param>
public sealed record BondingManagerParameterUpdateEvent(string Parameter) : ProtocolEvent;

/// <content>The BondingManager's events.</content>
public sealed partial class BondingManagerClient
{
    /// <summary>The BondingManager's events, for decoding receipts and logs.</summary>
    internal static EventCatalog EventCatalog { get; } = new EventCatalog()
        .Add("Bond(address indexed newDelegate, address indexed oldDelegate, address indexed delegator, uint256 additionalAmount, uint256 bondedAmount)",
            (e, log) => new BondEvent(AddressOf(e, "newDelegate"), AddressOf(e, "oldDelegate"), AddressOf(e, "delegator"), AmountOf(e, "additionalAmount"), AmountOf(e, "bondedAmount")) { Log = log })
        .Add("Unbond(address indexed delegate, address indexed delegator, uint256 unbondingLockId, uint256 amount, uint256 withdrawRound)",
            (e, log) => new UnbondEvent(AddressOf(e, "delegate"), AddressOf(e, "delegator"), RoundOf(e, "unbondingLockId"), AmountOf(e, "amount"), RoundOf(e, "withdrawRound")) { Log = log })
        .Add("Rebond(address indexed delegate, address indexed delegator, uint256 unbondingLockId, uint256 amount)",
            (e, log) => new RebondEvent(AddressOf(e, "delegate"), AddressOf(e, "delegator"), RoundOf(e, "unbondingLockId"), AmountOf(e, "amount")) { Log = log })
        .Add("Reward(address indexed transcoder, uint256 amount)",
            (e, log) => new RewardEvent(AddressOf(e, "transcoder"), AmountOf(e, "amount")) { Log = log })
        .Add("TreasuryReward(address indexed transcoder, address treasury, uint256 amount)",
            (e, log) => new TreasuryRewardEvent(AddressOf(e, "transcoder"), AddressOf(e, "treasury"), AmountOf(e, "amount")) { Log = log })
        .Add("TranscoderUpdate(address indexed transcoder, uint256 rewardCut, uint256 feeShare)",
            (e, log) => new TranscoderUpdateEvent(AddressOf(e, "transcoder"), IntegerOf(e, "rewardCut"), IntegerOf(e, "feeShare")) { Log = log })
        .Add("TranscoderActivated(address indexed transcoder, uint256 activationRound)",
            (e, log) => new TranscoderActivatedEvent(AddressOf(e, "transcoder"), RoundOf(e, "activationRound")) { Log = log })
        .Add("TranscoderDeactivated(address indexed transcoder, uint256 deactivationRound)",
            (e, log) => new TranscoderDeactivatedEvent(AddressOf(e, "transcoder"), RoundOf(e, "deactivationRound")) { Log = log })
        .Add("TranscoderSlashed(address indexed transcoder, address finder, uint256 penalty, uint256 finderReward)",
            (e, log) => new TranscoderSlashedEvent(AddressOf(e, "transcoder"), AddressOf(e, "finder"), AmountOf(e, "penalty"), AmountOf(e, "finderReward")) { Log = log })
        .Add("WithdrawStake(address indexed delegator, uint256 unbondingLockId, uint256 amount, uint256 withdrawRound)",
            (e, log) => new WithdrawStakeEvent(AddressOf(e, "delegator"), RoundOf(e, "unbondingLockId"), AmountOf(e, "amount"), RoundOf(e, "withdrawRound")) { Log = log })
        .Add("WithdrawFees(address indexed delegator, address recipient, uint256 amount)",
            (e, log) => new WithdrawFeesEvent(AddressOf(e, "delegator"), AddressOf(e, "recipient"), AmountOf(e, "amount")) { Log = log })
        .Add("EarningsClaimed(address indexed delegate, address indexed delegator, uint256 rewards, uint256 fees, uint256 startRound, uint256 endRound)",
            (e, log) => new EarningsClaimedEvent(AddressOf(e, "delegate"), AddressOf(e, "delegator"), AmountOf(e, "rewards"), AmountOf(e, "fees"), RoundOf(e, "startRound"), RoundOf(e, "endRound")) { Log = log })
        .Add("TransferBond(address indexed oldDelegator, address indexed newDelegator, uint256 oldUnbondingLockId, uint256 newUnbondingLockId, uint256 amount)",
            (e, log) => new TransferBondEvent(AddressOf(e, "oldDelegator"), AddressOf(e, "newDelegator"), RoundOf(e, "oldUnbondingLockId"), RoundOf(e, "newUnbondingLockId"), AmountOf(e, "amount")) { Log = log })
        .Add("ParameterUpdate(string param)",
            (e, log) => new BondingManagerParameterUpdateEvent((string)e["param"]!) { Log = log });

    private protected override EventCatalog? Events => EventCatalog;

    private static EthAddress AddressOf(DecodedEvent e, string name) => (EthAddress)e[name]!;

    private static Wei AmountOf(DecodedEvent e, string name) => new((BigInteger)e[name]!);

    private static BigInteger IntegerOf(DecodedEvent e, string name) => (BigInteger)e[name]!;

    private static ulong RoundOf(DecodedEvent e, string name) => ToUInt64((BigInteger)e[name]!);
}
