using System.Numerics;
using Livepeer.Protocol;

namespace Livepeer.Payments;

/// <summary>
/// Takes custody of winning tickets and redeems them on chain, and reports how much a sender can still be trusted
/// for (its max float). An orchestrator uses the local implementation, or a remote redeemer process that owns the
/// redemption key (go-livepeer's <c>TicketRedeemer</c> service).
/// </summary>
public interface ITicketRedeemer
{
    /// <summary>
    /// Stores a winning ticket durably and queues it for redemption. When the returned task completes, the ticket
    /// survives a crash of this process.
    /// </summary>
    /// <param name="ticket">The winning ticket.</param>
    /// <param name="cancellationToken">Cancels the hand-over; a ticket whose hand-over was cancelled may or may not be stored.</param>
    /// <exception cref="PaymentException">The ticket could not be stored or was refused.</exception>
    Task QueueTicketAsync(SignedTicket ticket, CancellationToken cancellationToken = default);

    /// <summary>The most a winning ticket from <paramref name="sender"/> may pay this recipient now (0 when nothing).</summary>
    /// <param name="sender">The ticket sender.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<BigInteger> GetMaxFloatAsync(EthAddress sender, CancellationToken cancellationToken = default);

    /// <summary>Yields the sender's max float now and every time it changes, until cancelled.</summary>
    /// <param name="sender">The ticket sender.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    IAsyncEnumerable<BigInteger> MonitorMaxFloatAsync(EthAddress sender, CancellationToken cancellationToken = default);
}

/// <summary>
/// The recipient's view of ticket senders: whether a sender may still pay (not about to unlock its funds) and its
/// max float, plus custody of winning tickets.
/// </summary>
public interface ISenderMonitor : ITicketRedeemer
{
    /// <summary>
    /// Checks that the sender's deposit and reserve are not set to unlock soon
    /// (its withdraw round is 0 or later than the last initialised round + 1).
    /// </summary>
    /// <param name="sender">The ticket sender.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Null when the sender is fine, otherwise the rejection.</returns>
    Task<TicketRejection?> ValidateSenderAsync(EthAddress sender, CancellationToken cancellationToken = default);
}
