using System.Numerics;
using System.Runtime.CompilerServices;
using Livepeer.Network;
using Livepeer.Payments;
using Livepeer.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wire = Livepeer.Network.Wire;

namespace Livepeer.Orchestrator;

/// <summary>
/// The orchestrator's side of a remote redeemer (go-livepeer's <c>RedeemerClient</c>): winning tickets go to it over
/// gRPC, and max floats come from it. A sender's max float is fetched once, then kept current by a MonitorMaxFloat
/// stream; a sender not asked about for <see cref="CacheTtl"/> is dropped and its stream closed.
/// </summary>
internal sealed class GrpcTicketRedeemer : ITicketRedeemer, IDisposable
{
    /// <summary>go-livepeer's <c>GRPCTimeout</c>, used for the unary redeemer calls.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(8);

    /// <summary>How long a cached max float is kept without being read.</summary>
    public static readonly TimeSpan CacheTtl = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly IGrpcCallInvoker _invoker;
    private readonly IDisposable? _ownedInvoker;
    private readonly Uri _address;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<EthAddress, Entry> _cache = [];
    private readonly CancellationTokenSource _disposing = new();
    private readonly ITimer _sweeper;
    private bool _disposed;

    public GrpcTicketRedeemer(IGrpcCallInvoker invoker, Uri address, TimeProvider? timeProvider = null, ILogger? logger = null, bool ownsInvoker = false)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        ArgumentNullException.ThrowIfNull(address);
        _invoker = invoker;
        _ownedInvoker = ownsInvoker ? invoker as IDisposable : null;
        _address = address;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _sweeper = _time.CreateTimer(_ => Sweep(), null, SweepInterval, SweepInterval);
    }

    /// <summary>
    /// A client of the redeemer at <paramref name="address"/> (<c>https://host:port</c>, any certificate accepted as
    /// every go-livepeer client does, or <c>http://</c> for cleartext HTTP/2).
    /// </summary>
    public static GrpcTicketRedeemer Create(Uri address, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        var logger = loggerFactory.OrNull().CreateLogger<GrpcTicketRedeemer>();
        var invoker = HttpGrpcCallInvoker.Create(address, new GrpcClientOptions(), timeProvider, logger);
        return new GrpcTicketRedeemer(invoker, invoker.Address, timeProvider, logger, ownsInvoker: true);
    }

    /// <summary>The senders whose max float is cached.</summary>
    internal int CachedSenderCount
    {
        get
        {
            lock (_gate)
            {
                return _cache.Count;
            }
        }
    }

    public async Task QueueTicketAsync(SignedTicket ticket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ObjectDisposedException.ThrowIf(_disposed, this);
        Wire.Ticket wire;
        try
        {
            wire = PaymentMapping.ToWire(ticket);
        }
        catch (NetworkException ex)
        {
            throw new PaymentException(new TicketRejection(TicketRejectionReason.Malformed, $"ticket cannot be sent to the redeemer: {ex.Message}", IsFatal: true));
        }

        try
        {
            await _invoker.UnaryCallAsync(TicketRedeemerMethods.QueueTicket, wire, CallTimeout, cancellationToken).ConfigureAwait(false);
            Count(TicketRedeemerMethods.QueueTicket.Name, GrpcStatusCode.OK);
        }
        catch (GrpcCallException ex)
        {
            throw Fail(TicketRedeemerMethods.QueueTicket.Name, ex, PaymentErrorCode.StoreUnavailable);
        }
    }

    public async Task<BigInteger> GetMaxFloatAsync(EthAddress sender, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_cache.TryGetValue(sender, out var cached))
            {
                cached.LastAccess = now;
                return cached.MaxFloat;
            }
        }

        Wire.MaxFloatUpdate update;
        try
        {
            update = await _invoker.UnaryCallAsync(TicketRedeemerMethods.MaxFloat, Request(sender), CallTimeout, cancellationToken).ConfigureAwait(false);
            Count(TicketRedeemerMethods.MaxFloat.Name, GrpcStatusCode.OK);
        }
        catch (GrpcCallException ex)
        {
            throw Fail(TicketRedeemerMethods.MaxFloat.Name, ex, PaymentErrorCode.ChainUnavailable);
        }

        var maxFloat = Read(update, sender);
        RedeemerLog.RemoteMaxFloat(_logger, sender, maxFloat);
        Entry? started = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return maxFloat;
            }

            if (_cache.TryGetValue(sender, out var raced))
            {
                // Another read fetched it meanwhile and its stream keeps the value current.
                raced.LastAccess = _time.GetUtcNow();
            }
            else
            {
                started = new Entry(maxFloat, _time.GetUtcNow(), CancellationTokenSource.CreateLinkedTokenSource(_disposing.Token));
                _cache[sender] = started;
                RedeemerMetrics.CachedSenders.Add(1);
            }
        }

        if (started is not null)
        {
            started.Monitor = Task.Run(() => FollowAsync(sender, started), CancellationToken.None);
        }

        return maxFloat;
    }

    public async IAsyncEnumerable<BigInteger> MonitorMaxFloatAsync(EthAddress sender, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var updates = _invoker.ServerStreamingCallAsync(TicketRedeemerMethods.MonitorMaxFloat, Request(sender), timeout: null, cancellationToken);
        var enumerator = updates.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            while (true)
            {
                Wire.MaxFloatUpdate update;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    update = enumerator.Current;
                }
                catch (GrpcCallException ex)
                {
                    throw Fail(TicketRedeemerMethods.MonitorMaxFloat.Name, ex, PaymentErrorCode.ChainUnavailable);
                }

                yield return Read(update, sender);
            }
        }
    }

    /// <summary>Drops senders not read for <see cref="CacheTtl"/> and closes their streams. Runs every minute.</summary>
    internal int Sweep()
    {
        var now = _time.GetUtcNow();
        List<Entry> dropped = [];
        lock (_gate)
        {
            foreach (var (sender, entry) in _cache)
            {
                if (now - entry.LastAccess >= CacheTtl)
                {
                    dropped.Add(entry);
                    _cache.Remove(sender);
                }
            }
        }

        foreach (var entry in dropped)
        {
            // Whoever takes an entry out of the cache owns its token source.
            RedeemerMetrics.CachedSenders.Add(-1);
            entry.Stop.Cancel();
            entry.Stop.Dispose();
        }

        if (dropped.Count > 0)
        {
            RedeemerLog.CacheSwept(_logger, dropped.Count, CacheTtl);
        }

        return dropped.Count;
    }

    public void Dispose()
    {
        Entry[] entries;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            entries = [.. _cache.Values];
            _cache.Clear();
        }

        _sweeper.Dispose();
        _disposing.Cancel();
        RedeemerMetrics.CachedSenders.Add(-entries.Length);

        // The streams end on cancellation; waiting briefly lets them release their connections before the handler goes.
        Task.WaitAll([.. entries.Select(e => e.Monitor).OfType<Task>()], TimeSpan.FromSeconds(1));
        foreach (var entry in entries)
        {
            entry.Stop.Dispose();
        }

        _ownedInvoker?.Dispose();
        _disposing.Dispose();
    }

    private async Task FollowAsync(EthAddress sender, Entry entry)
    {
        Exception? failure = null;
        try
        {
            await foreach (var update in _invoker.ServerStreamingCallAsync(TicketRedeemerMethods.MonitorMaxFloat, Request(sender), timeout: null, entry.Token)
                .ConfigureAwait(false))
            {
                var maxFloat = Read(update, sender);
                lock (_gate)
                {
                    entry.MaxFloat = maxFloat;
                }

                RedeemerLog.RemoteMaxFloat(_logger, sender, maxFloat);
            }
        }
        catch (OperationCanceledException) when (entry.Token.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            // Whatever ended the stream, the cached value is dropped below and the next read asks again.
            failure = ex;
        }
        finally
        {
            var removed = false;
            lock (_gate)
            {
                // A stale value must not outlive its stream: the next read asks the redeemer again.
                if (_cache.TryGetValue(sender, out var current) && ReferenceEquals(current, entry))
                {
                    _cache.Remove(sender);
                    removed = true;
                }
            }

            if (removed)
            {
                RedeemerMetrics.CachedSenders.Add(-1);
                entry.Stop.Dispose();
            }
        }

        RedeemerLog.RemoteMonitorEnded(_logger, sender, failure);
    }

    private static Wire.MaxFloatReq Request(EthAddress sender) => new() { Sender = WireValues.ToBytes(sender) };

    private BigInteger Read(Wire.MaxFloatUpdate update, EthAddress sender)
    {
        try
        {
            return WireValues.ReadUint256(update.MaxFloat, "max_float");
        }
        catch (NetworkException ex)
        {
            throw new PaymentException(PaymentErrorCode.ChainUnavailable, $"The redeemer at {_address} sent an invalid max float for {sender}: {ex.Message}", isTransient: false, ex);
        }
    }

    private PaymentException Fail(string method, GrpcCallException ex, PaymentErrorCode code)
    {
        Count(method, ex.StatusCode);
        RedeemerLog.RemoteCallFailed(_logger, _address, method, ex.StatusCode, ex.Detail);
        return ex.StatusCode switch
        {
            GrpcStatusCode.PermissionDenied => new PaymentException(new TicketRejection(TicketRejectionReason.InvalidRecipient, ex.Detail, IsFatal: true)),
            GrpcStatusCode.InvalidArgument => new PaymentException(new TicketRejection(TicketRejectionReason.Malformed, ex.Detail, IsFatal: true)),
            _ => new PaymentException(code, $"The redeemer at {_address} failed {method}: {ex.StatusCode} {ex.Detail}", ex.IsTransient, ex),
        };
    }

    private static void Count(string method, GrpcStatusCode status) =>
        RedeemerMetrics.ClientCalls.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("status", status.ToString()));

    private sealed class Entry(BigInteger maxFloat, DateTimeOffset lastAccess, CancellationTokenSource stop)
    {
        public BigInteger MaxFloat { get; set; } = maxFloat;

        public DateTimeOffset LastAccess { get; set; } = lastAccess;

        public CancellationTokenSource Stop { get; } = stop;

        public CancellationToken Token { get; } = stop.Token;

        public Task? Monitor { get; set; }
    }
}
