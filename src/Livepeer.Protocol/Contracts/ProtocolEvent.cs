using System.Diagnostics.CodeAnalysis;

namespace Livepeer.Protocol;

/// <summary>The base of the typed protocol events. <see cref="Log"/> is the log it was decoded from.</summary>
public abstract record ProtocolEvent
{
    /// <summary>The log the event was decoded from (address, block, transaction, index).</summary>
    public required LogEntry Log { get; init; }
}

/// <summary>Maps event signatures to typed <see cref="ProtocolEvent"/> records.</summary>
internal sealed class EventCatalog
{
    private readonly List<(AbiEvent Event, Func<DecodedEvent, LogEntry, ProtocolEvent> Create)> _entries = [];

    public IEnumerable<AbiEvent> Events => _entries.Select(e => e.Event);

    /// <summary>Adds an event by its human-readable signature with parameter names, e.g. <c>Reward(address indexed transcoder, uint256 amount)</c>.</summary>
    public EventCatalog Add<T>(string signature, Func<DecodedEvent, LogEntry, T> create)
        where T : ProtocolEvent
    {
        _entries.Add((AbiEvent.Parse(signature), create));
        return this;
    }

    public EventCatalog AddRange(EventCatalog other)
    {
        _entries.AddRange(other._entries);
        return this;
    }

    /// <summary>Decodes a log whose topic 0 is one of the catalog's events; false for any other log or a log that does not decode.</summary>
    public bool TryDecode(LogEntry log, [NotNullWhen(true)] out ProtocolEvent? protocolEvent)
    {
        protocolEvent = null;
        if (log.Topics.Count == 0)
        {
            return false;
        }
        foreach (var (abiEvent, create) in _entries)
        {
            if (!log.Topics[0].AsSpan().SequenceEqual(abiEvent.Topic0.Span))
            {
                continue;
            }
            try
            {
                protocolEvent = create(abiEvent.DecodeLog(log.Topics, log.Data), log);
                return true;
            }
            catch (EthereumFormatException)
            {
                return false;
            }
        }
        return false;
    }
}
