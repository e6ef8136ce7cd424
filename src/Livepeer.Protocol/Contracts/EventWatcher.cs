using System.Runtime.CompilerServices;
using Livepeer.Protocol.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Protocol;

/// <summary>Settings for <see cref="EventWatcher"/>.</summary>
public sealed class EventWatcherOptions
{
    /// <summary>A log is yielded once its block has this many confirmations (1 = mined). Default 1.</summary>
    public int Confirmations { get; set; } = 1;

    /// <summary>How often the chain head is polled when caught up. Default 2 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The most blocks asked for in one <c>eth_getLogs</c>; providers limit the range. Default 2000.</summary>
    public ulong MaxBlockRange { get; set; } = 2000;

    /// <summary>The wait after a failed RPC call before trying again; the watch itself goes on. Default 2 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The clock for polling and retries. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        if (Confirmations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Confirmations), Confirmations, "Confirmations must be at least 1.");
        }
        if (PollInterval <= TimeSpan.Zero || RetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(PollInterval), "PollInterval must be positive and RetryDelay not negative.");
        }
        if (MaxBlockRange < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBlockRange), MaxBlockRange, "MaxBlockRange must be at least 1.");
        }
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}

/// <summary>
/// Streams logs from a block on, in order, each once its block has enough confirmations. Failed RPC calls are
/// logged and retried; the stream only ends when the caller cancels.
/// </summary>
public sealed class EventWatcher
{
    private readonly EthereumRpcClient _rpc;
    private readonly EventWatcherOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a watcher reading through <paramref name="rpc"/>.</summary>
    public EventWatcher(EthereumRpcClient rpc, EventWatcherOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        _rpc = rpc;
        _options = options ?? new EventWatcherOptions();
        _options.Validate();
        _logger = loggerFactory?.CreateLogger<EventWatcher>() ?? NullLogger<EventWatcher>.Instance;
    }

    /// <summary>Logs of <paramref name="addresses"/> (all contracts when empty) matching <paramref name="topics"/>, from <paramref name="fromBlock"/> on.</summary>
    public async IAsyncEnumerable<LogEntry> WatchLogsAsync(
        ulong fromBlock,
        IReadOnlyList<EthAddress>? addresses = null,
        IReadOnlyList<IReadOnlyList<byte[]>?>? topics = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var next = fromBlock;
        var time = _options.TimeProvider;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IReadOnlyList<LogEntry>? logs = null;
            ulong to = 0;
            try
            {
                var head = await _rpc.GetBlockNumberAsync(cancellationToken).ConfigureAwait(false);
                var confirmed = head + 1 >= (ulong)_options.Confirmations ? head + 1 - (ulong)_options.Confirmations : 0;
                if (head + 1 >= (ulong)_options.Confirmations && confirmed >= next)
                {
                    to = Math.Min(confirmed, next + _options.MaxBlockRange - 1);
                    logs = await _rpc.GetLogsAsync(
                        new LogFilter
                        {
                            FromBlock = BlockParameter.At(next),
                            ToBlock = BlockParameter.At(to),
                            Addresses = addresses ?? [],
                            Topics = topics ?? [],
                        },
                        cancellationToken).ConfigureAwait(false);
                }
            }
            catch (LivepeerProtocolException ex) when (!cancellationToken.IsCancellationRequested)
            {
                Log.WatchRetry(_logger, next, ex);
                await Task.Delay(_options.RetryDelay, time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (logs is null)
            {
                await Task.Delay(_options.PollInterval, time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            foreach (var log in logs.OrderBy(l => l.BlockNumber).ThenBy(l => l.LogIndex))
            {
                if (!log.Removed)
                {
                    yield return log;
                }
            }
            next = to + 1;
        }
    }

    /// <summary>
    /// The typed protocol events (see <see cref="ProtocolEvents"/>) emitted by <paramref name="addresses"/> from
    /// <paramref name="fromBlock"/> on; logs that are not protocol events are skipped.
    /// </summary>
    public async IAsyncEnumerable<ProtocolEvent> WatchEventsAsync(
        ulong fromBlock,
        IReadOnlyList<EthAddress> addresses,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        await foreach (var log in WatchLogsAsync(fromBlock, addresses, topics: null, cancellationToken).ConfigureAwait(false))
        {
            if (ProtocolEvents.TryDecode(log, out var protocolEvent))
            {
                yield return protocolEvent;
            }
        }
    }
}
