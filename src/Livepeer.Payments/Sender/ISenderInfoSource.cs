using Livepeer.Protocol;

namespace Livepeer.Payments;

/// <summary>Reads a sender's deposit, reserve and withdraw round from the TicketBroker.</summary>
public interface ISenderInfoSource
{
    /// <summary>The sender's funds as the TicketBroker holds them now.</summary>
    /// <param name="sender">The sender.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<SenderInfo> GetSenderInfoAsync(EthAddress sender, CancellationToken cancellationToken = default);
}

/// <summary>Ready-made <see cref="ISenderInfoSource"/>s.</summary>
public static class SenderInfoSource
{
    /// <summary>Reads through a TicketBroker client.</summary>
    public static ISenderInfoSource FromTicketBroker(TicketBrokerClient ticketBroker)
    {
        ArgumentNullException.ThrowIfNull(ticketBroker);
        return new TicketBrokerSenderInfoSource(ticketBroker);
    }

    private sealed class TicketBrokerSenderInfoSource(TicketBrokerClient ticketBroker) : ISenderInfoSource
    {
        public Task<SenderInfo> GetSenderInfoAsync(EthAddress sender, CancellationToken cancellationToken = default)
            => ticketBroker.GetSenderInfoAsync(sender, cancellationToken);
    }
}
