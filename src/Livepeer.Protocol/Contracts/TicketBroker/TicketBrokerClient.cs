using System.Numerics;

namespace Livepeer.Protocol;

/// <summary>A sender's funds at the TicketBroker, as <c>getSenderInfo</c> returns them.</summary>
/// <param name="Deposit">The deposit, spent first when tickets win.</param>
/// <param name="WithdrawRound">The round from which an unlocking sender may withdraw; 0 when no unlock is in progress.</param>
/// <param name="Reserve">The reserve, which backs the deposit.</param>
public sealed record SenderInfo(Wei Deposit, ulong WithdrawRound, ReserveInfo Reserve)
{
    /// <summary>True while an unlock is in progress (<see cref="WithdrawRound"/> is set).</summary>
    public bool IsUnlocking => WithdrawRound != 0;
}

/// <summary>A sender's reserve.</summary>
/// <param name="FundsRemaining">What is left of the reserve.</param>
/// <param name="ClaimedInCurrentRound">What recipients have claimed from it in the current round.</param>
public sealed record ReserveInfo(Wei FundsRemaining, Wei ClaimedInCurrentRound);

/// <summary>A sender funded its deposit.</summary>
/// <param name="Sender">The sender credited.</param>
/// <param name="Amount">The amount added.</param>
public sealed record DepositFundedEvent(EthAddress Sender, Wei Amount) : ProtocolEvent;

/// <summary>A sender funded its reserve.</summary>
/// <param name="ReserveHolder">The sender credited.</param>
/// <param name="Amount">The amount added.</param>
public sealed record ReserveFundedEvent(EthAddress ReserveHolder, Wei Amount) : ProtocolEvent;

/// <summary>A recipient was paid from a sender's reserve because the deposit did not cover a winning ticket.</summary>
/// <param name="ReserveHolder">The sender whose reserve paid.</param>
/// <param name="Claimant">The recipient paid.</param>
/// <param name="Amount">The amount taken from the reserve.</param>
public sealed record ReserveClaimedEvent(EthAddress ReserveHolder, EthAddress Claimant, Wei Amount) : ProtocolEvent;

/// <summary>A winning ticket was redeemed (emitted whether or not anything was paid).</summary>
/// <param name="Sender">The ticket's sender.</param>
/// <param name="Recipient">The ticket's recipient.</param>
/// <param name="FaceValue">The ticket's face value.</param>
/// <param name="WinProb">The ticket's win probability (scaled to 2²⁵⁶−1).</param>
/// <param name="SenderNonce">The ticket's sender nonce.</param>
/// <param name="RecipientRand">The recipient's revealed secret.</param>
/// <param name="AuxData">The ticket's auxiliary data (creation round and block hash).</param>
public sealed record WinningTicketRedeemedEvent(
    EthAddress Sender,
    EthAddress Recipient,
    Wei FaceValue,
    BigInteger WinProb,
    BigInteger SenderNonce,
    BigInteger RecipientRand,
    byte[] AuxData) : ProtocolEvent;

/// <summary>What a redeemed winning ticket actually paid; this can be less than the face value.</summary>
/// <param name="Sender">The ticket's sender.</param>
/// <param name="Recipient">The ticket's recipient, credited as fees in its earnings pool.</param>
/// <param name="Amount">The amount paid.</param>
public sealed record WinningTicketTransferEvent(EthAddress Sender, EthAddress Recipient, Wei Amount) : ProtocolEvent;

/// <summary>A sender started to unlock its funds.</summary>
/// <param name="Sender">The sender.</param>
/// <param name="StartRound">The round the unlock started.</param>
/// <param name="EndRound">The round from which the sender may withdraw.</param>
public sealed record UnlockEvent(EthAddress Sender, ulong StartRound, ulong EndRound) : ProtocolEvent;

/// <summary>A sender's unlock was cancelled (by the sender, or by funding its deposit or reserve).</summary>
/// <param name="Sender">The sender.</param>
public sealed record UnlockCancelledEvent(EthAddress Sender) : ProtocolEvent;

/// <summary>A sender withdrew its deposit and reserve.</summary>
/// <param name="Sender">The sender.</param>
/// <param name="Deposit">The deposit paid out.</param>
/// <param name="Reserve">The reserve paid out.</param>
public sealed record WithdrawalEvent(EthAddress Sender, Wei Deposit, Wei Reserve) : ProtocolEvent;

/// <summary>
/// The TicketBroker: senders' deposits and reserves, and the redemption of winning tickets. Call it at the proxy
/// address; the ETH it holds is custodied by the Minter.
/// </summary>
public sealed class TicketBrokerClient : ContractClient
{
    private const string TicketTuple = "(address recipient, address sender, uint256 faceValue, uint256 winProb, uint256 senderNonce, bytes32 recipientRandHash, bytes auxData)";

    private static readonly AbiFunction FundDepositFunction = AbiFunction.Parse("function fundDeposit() payable");
    private static readonly AbiFunction FundReserveFunction = AbiFunction.Parse("function fundReserve() payable");
    private static readonly AbiFunction FundDepositAndReserveFunction = AbiFunction.Parse("function fundDepositAndReserve(uint256 _depositAmount, uint256 _reserveAmount) payable");
    private static readonly AbiFunction FundDepositAndReserveForFunction = AbiFunction.Parse("function fundDepositAndReserveFor(address _addr, uint256 _depositAmount, uint256 _reserveAmount) payable");
    private static readonly AbiFunction UnlockFunction = AbiFunction.Parse("function unlock()");
    private static readonly AbiFunction CancelUnlockFunction = AbiFunction.Parse("function cancelUnlock()");
    private static readonly AbiFunction WithdrawFunction = AbiFunction.Parse("function withdraw()");
    private static readonly AbiFunction RedeemWinningTicketFunction = AbiFunction.Parse($"function redeemWinningTicket({TicketTuple} _ticket, bytes _sig, uint256 _recipientRand)");
    private static readonly AbiFunction BatchRedeemWinningTicketsFunction = AbiFunction.Parse($"function batchRedeemWinningTickets({TicketTuple}[] _tickets, bytes[] _sigs, uint256[] _recipientRands)");
    private static readonly AbiFunction GetSenderInfoFunction = AbiFunction.Parse("function getSenderInfo(address _sender) view returns ((uint256 deposit, uint256 withdrawRound) sender, (uint256 fundsRemaining, uint256 claimedInCurrentRound) reserve)");
    private static readonly AbiFunction GetReserveInfoFunction = AbiFunction.Parse("function getReserveInfo(address _reserveHolder) view returns ((uint256 fundsRemaining, uint256 claimedInCurrentRound) info)");
    private static readonly AbiFunction ClaimedReserveFunction = AbiFunction.Parse("function claimedReserve(address _reserveHolder, address _claimant) view returns (uint256)");
    private static readonly AbiFunction ClaimableReserveFunction = AbiFunction.Parse("function claimableReserve(address _reserveHolder, address _claimant) view returns (uint256)");
    private static readonly AbiFunction UsedTicketsFunction = AbiFunction.Parse("function usedTickets(bytes32) view returns (bool)");
    private static readonly AbiFunction GetTicketHashFunction = AbiFunction.Parse($"function getTicketHash({TicketTuple} _ticket) pure returns (bytes32)");
    private static readonly AbiFunction UnlockPeriodFunction = AbiFunction.Parse("function unlockPeriod() view returns (uint256)");
    private static readonly AbiFunction TicketValidityPeriodFunction = AbiFunction.Parse("function ticketValidityPeriod() view returns (uint256)");
    private static readonly AbiFunction IsUnlockInProgressFunction = AbiFunction.Parse("function isUnlockInProgress(address _sender) view returns (bool)");

    internal TicketBrokerClient(ProtocolContext context, EthAddress address)
        : base(context, "TicketBroker", address)
    {
    }

    /// <summary>The TicketBroker's events: funding, unlocking, withdrawal and redemption.</summary>
    internal static EventCatalog EventCatalog { get; } = new EventCatalog()
        .Add("DepositFunded(address indexed sender, uint256 amount)",
            (e, log) => new DepositFundedEvent((EthAddress)e["sender"]!, new Wei((BigInteger)e["amount"]!)) { Log = log })
        .Add("ReserveFunded(address indexed reserveHolder, uint256 amount)",
            (e, log) => new ReserveFundedEvent((EthAddress)e["reserveHolder"]!, new Wei((BigInteger)e["amount"]!)) { Log = log })
        .Add("ReserveClaimed(address indexed reserveHolder, address claimant, uint256 amount)",
            (e, log) => new ReserveClaimedEvent((EthAddress)e["reserveHolder"]!, (EthAddress)e["claimant"]!, new Wei((BigInteger)e["amount"]!)) { Log = log })
        .Add("WinningTicketRedeemed(address indexed sender, address indexed recipient, uint256 faceValue, uint256 winProb, uint256 senderNonce, uint256 recipientRand, bytes auxData)",
            (e, log) => new WinningTicketRedeemedEvent(
                (EthAddress)e["sender"]!,
                (EthAddress)e["recipient"]!,
                new Wei((BigInteger)e["faceValue"]!),
                (BigInteger)e["winProb"]!,
                (BigInteger)e["senderNonce"]!,
                (BigInteger)e["recipientRand"]!,
                (byte[])e["auxData"]!) { Log = log })
        .Add("WinningTicketTransfer(address indexed sender, address indexed recipient, uint256 amount)",
            (e, log) => new WinningTicketTransferEvent((EthAddress)e["sender"]!, (EthAddress)e["recipient"]!, new Wei((BigInteger)e["amount"]!)) { Log = log })
        .Add("Unlock(address indexed sender, uint256 startRound, uint256 endRound)",
            (e, log) => new UnlockEvent(
                (EthAddress)e["sender"]!,
                ContractNumbers.EventUInt64(e["startRound"], "Unlock", "startRound"),
                ContractNumbers.EventUInt64(e["endRound"], "Unlock", "endRound")) { Log = log })
        .Add("UnlockCancelled(address indexed sender)",
            (e, log) => new UnlockCancelledEvent((EthAddress)e["sender"]!) { Log = log })
        .Add("Withdrawal(address indexed sender, uint256 deposit, uint256 reserve)",
            (e, log) => new WithdrawalEvent((EthAddress)e["sender"]!, new Wei((BigInteger)e["deposit"]!), new Wei((BigInteger)e["reserve"]!)) { Log = log });

    private protected override EventCatalog? Events => EventCatalog;

    /// <summary>Adds <paramref name="amount"/> to the caller's deposit, cancelling an unlock in progress.</summary>
    public Task<TransactionReceipt> FundDepositAsync(Wei amount, CancellationToken cancellationToken = default)
        => SendAsync(FundDepositFunction, [], amount, cancellationToken);

    /// <summary>Adds <paramref name="amount"/> to the caller's reserve, cancelling an unlock in progress.</summary>
    public Task<TransactionReceipt> FundReserveAsync(Wei amount, CancellationToken cancellationToken = default)
        => SendAsync(FundReserveFunction, [], amount, cancellationToken);

    /// <summary>Funds the caller's deposit and reserve in one transaction that sends their sum.</summary>
    public Task<TransactionReceipt> FundDepositAndReserveAsync(Wei depositAmount, Wei reserveAmount, CancellationToken cancellationToken = default)
        => SendAsync(FundDepositAndReserveFunction, [depositAmount, reserveAmount], depositAmount + reserveAmount, cancellationToken);

    /// <summary>
    /// Funds the deposit and reserve of <paramref name="sender"/>, paid by the caller. Unlike the caller funding its
    /// own, this does not cancel the sender's unlock.
    /// </summary>
    public Task<TransactionReceipt> FundDepositAndReserveForAsync(EthAddress sender, Wei depositAmount, Wei reserveAmount, CancellationToken cancellationToken = default)
        => SendAsync(FundDepositAndReserveForFunction, [sender, depositAmount, reserveAmount], depositAmount + reserveAmount, cancellationToken);

    /// <summary>Starts the unlock period, after which <see cref="WithdrawAsync"/> pays the funds back. Tickets stay redeemable until then.</summary>
    public Task<TransactionReceipt> UnlockAsync(CancellationToken cancellationToken = default)
        => SendAsync(UnlockFunction, [], cancellationToken);

    /// <summary>Cancels the caller's unlock.</summary>
    public Task<TransactionReceipt> CancelUnlockAsync(CancellationToken cancellationToken = default)
        => SendAsync(CancelUnlockFunction, [], cancellationToken);

    /// <summary>Pays the caller's deposit and reserve back once its unlock period is over.</summary>
    public Task<TransactionReceipt> WithdrawAsync(CancellationToken cancellationToken = default)
        => SendAsync(WithdrawFunction, [], cancellationToken);

    /// <summary>
    /// Redeems a winning ticket. The payment becomes fees in the recipient's earnings pool (withdrawn later through
    /// the BondingManager) and can be less than the face value when the sender is short of funds.
    /// </summary>
    /// <exception cref="ContractRevertException">The ticket was refused; the message carries the contract's reason (for example <c>ticket did not win</c> or <c>ticket is expired</c>).</exception>
    public Task<TransactionReceipt> RedeemWinningTicketAsync(Ticket ticket, EthSignature signature, BigInteger recipientRand, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return SendAsync(RedeemWinningTicketFunction, [ticket.ToAbiTuple(), signature.ToArray(), recipientRand], cancellationToken);
    }

    /// <inheritdoc cref="RedeemWinningTicketAsync(Ticket, EthSignature, BigInteger, CancellationToken)"/>
    public Task<TransactionReceipt> RedeemWinningTicketAsync(WinningTicket winningTicket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(winningTicket);
        return RedeemWinningTicketAsync(winningTicket.Ticket, winningTicket.Signature, winningTicket.RecipientRand, cancellationToken);
    }

    /// <summary>
    /// Redeems several winning tickets in one transaction. The contract skips a ticket that fails without
    /// reverting or logging, so check the receipt's <see cref="WinningTicketRedeemedEvent"/>s to learn which ones paid.
    /// </summary>
    public Task<TransactionReceipt> BatchRedeemWinningTicketsAsync(IReadOnlyList<WinningTicket> winningTickets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(winningTickets);
        var tickets = new object?[winningTickets.Count];
        var signatures = new object?[winningTickets.Count];
        var rands = new object?[winningTickets.Count];
        for (var i = 0; i < winningTickets.Count; i++)
        {
            var winning = winningTickets[i] ?? throw new ArgumentException($"Winning ticket #{i} is null.", nameof(winningTickets));
            ArgumentNullException.ThrowIfNull(winning.Ticket, $"{nameof(winningTickets)}[{i}].{nameof(WinningTicket.Ticket)}");
            tickets[i] = winning.Ticket.ToAbiTuple();
            signatures[i] = winning.Signature.ToArray();
            rands[i] = winning.RecipientRand;
        }
        return SendAsync(BatchRedeemWinningTicketsFunction, [tickets, signatures, rands], cancellationToken);
    }

    /// <summary>A sender's deposit, unlock state and reserve.</summary>
    public async Task<SenderInfo> GetSenderInfoAsync(EthAddress sender, CancellationToken cancellationToken = default)
    {
        var values = await CallAsync(GetSenderInfoFunction, [sender], BlockParameter.Latest, cancellationToken).ConfigureAwait(false);
        var funds = (object?[])values[0]!;
        return new SenderInfo(
            new Wei((BigInteger)funds[0]!),
            this.ToUInt64(funds[1], GetSenderInfoFunction.Name),
            ToReserveInfo((object?[])values[1]!));
    }

    /// <summary>A sender's reserve: what remains and what was claimed in the current round.</summary>
    public async Task<ReserveInfo> GetReserveInfoAsync(EthAddress reserveHolder, CancellationToken cancellationToken = default)
    {
        var values = await CallAsync(GetReserveInfoFunction, [reserveHolder], BlockParameter.Latest, cancellationToken).ConfigureAwait(false);
        return ToReserveInfo((object?[])values[0]!);
    }

    /// <summary>What <paramref name="claimant"/> has already claimed from the reserve of <paramref name="reserveHolder"/> in the current round.</summary>
    public async Task<Wei> GetClaimedReserveAsync(EthAddress reserveHolder, EthAddress claimant, CancellationToken cancellationToken = default)
        => new(await CallAsync<BigInteger>(ClaimedReserveFunction, [reserveHolder, claimant], BlockParameter.Latest, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// What <paramref name="claimant"/> may still claim from the reserve of <paramref name="reserveHolder"/> this round:
    /// an equal share per active orchestrator, and 0 for one that is not active in the current round.
    /// </summary>
    public async Task<Wei> GetClaimableReserveAsync(EthAddress reserveHolder, EthAddress claimant, CancellationToken cancellationToken = default)
        => new(await CallAsync<BigInteger>(ClaimableReserveFunction, [reserveHolder, claimant], BlockParameter.Latest, cancellationToken).ConfigureAwait(false));

    /// <summary>True once the ticket with this hash (<see cref="Ticket.ComputeHash"/>) has been redeemed.</summary>
    public Task<bool> IsTicketUsedAsync(ReadOnlyMemory<byte> ticketHash, CancellationToken cancellationToken = default)
    {
        if (ticketHash.Length != 32)
        {
            throw new ArgumentException($"A ticket hash is 32 bytes, not {ticketHash.Length}.", nameof(ticketHash));
        }
        return CallAsync<bool>(UsedTicketsFunction, [ticketHash], BlockParameter.Latest, cancellationToken);
    }

    /// <summary>The ticket hash as the contract computes it; <see cref="Ticket.ComputeHash"/> gives the same without a call.</summary>
    public Task<byte[]> GetTicketHashAsync(Ticket ticket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return CallAsync<byte[]>(GetTicketHashFunction, [ticket.ToAbiTuple()], BlockParameter.Latest, cancellationToken);
    }

    /// <summary>How many rounds an unlock lasts.</summary>
    public async Task<ulong> GetUnlockPeriodAsync(CancellationToken cancellationToken = default)
        => this.ToUInt64(await CallAsync<BigInteger>(UnlockPeriodFunction, [], BlockParameter.Latest, cancellationToken).ConfigureAwait(false), UnlockPeriodFunction.Name);

    /// <summary>How many rounds a ticket stays redeemable: one created in round r can be redeemed before round r + this.</summary>
    public async Task<ulong> GetTicketValidityPeriodAsync(CancellationToken cancellationToken = default)
        => this.ToUInt64(await CallAsync<BigInteger>(TicketValidityPeriodFunction, [], BlockParameter.Latest, cancellationToken).ConfigureAwait(false), TicketValidityPeriodFunction.Name);

    /// <summary>True while <paramref name="sender"/> has an unlock in progress.</summary>
    public Task<bool> IsUnlockInProgressAsync(EthAddress sender, CancellationToken cancellationToken = default)
        => CallAsync<bool>(IsUnlockInProgressFunction, [sender], BlockParameter.Latest, cancellationToken);

    private static ReserveInfo ToReserveInfo(object?[] reserve)
        => new(new Wei((BigInteger)reserve[0]!), new Wei((BigInteger)reserve[1]!));
}
