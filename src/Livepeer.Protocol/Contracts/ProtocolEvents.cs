using System.Diagnostics.CodeAnalysis;

namespace Livepeer.Protocol;

/// <summary>Decodes a log of any protocol contract into its typed <see cref="ProtocolEvent"/>.</summary>
public static class ProtocolEvents
{
    private static readonly EventCatalog All = new EventCatalog()
        .AddRange(BondingManagerClient.EventCatalog)
        .AddRange(TicketBrokerClient.EventCatalog)
        .AddRange(RoundsManagerClient.EventCatalog)
        .AddRange(ServiceRegistryClient.EventCatalog)
        .AddRange(LivepeerTokenClient.EventCatalog)
        .AddRange(MinterClient.EventCatalog)
        .AddRange(BondingVotesClient.EventCatalog)
        .AddRange(LivepeerGovernorClient.EventCatalog)
        .AddRange(TreasuryClient.EventCatalog);

    /// <summary>
    /// Decodes <paramref name="log"/> when its first topic is a known protocol event. The log's address is not
    /// checked: filter by the contract addresses first when that matters.
    /// </summary>
    public static bool TryDecode(LogEntry log, [NotNullWhen(true)] out ProtocolEvent? protocolEvent)
    {
        ArgumentNullException.ThrowIfNull(log);
        return All.TryDecode(log, out protocolEvent);
    }

    /// <summary>The protocol events of every log in <paramref name="receipt"/>, in log order.</summary>
    public static IReadOnlyList<ProtocolEvent> Decode(TransactionReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var decoded = new List<ProtocolEvent>();
        foreach (var log in receipt.Logs)
        {
            if (All.TryDecode(log, out var protocolEvent))
            {
                decoded.Add(protocolEvent);
            }
        }
        return decoded;
    }
}
