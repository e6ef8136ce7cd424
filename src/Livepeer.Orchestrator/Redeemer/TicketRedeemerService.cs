using Livepeer.Network;
using Livepeer.Payments;
using Livepeer.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wire = Livepeer.Network.Wire;

namespace Livepeer.Orchestrator;

/// <summary>
/// Serves go-livepeer's <c>net.TicketRedeemer</c> from the payment engine of this node: tickets are handed to its
/// <see cref="ISenderMonitor"/> (which stores and redeems them with this node's key) and max floats are read from it.
/// </summary>
internal sealed class TicketRedeemerService(IServiceProvider services, IOptions<LivepeerRedeemerOptions> options, ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<TicketRedeemerService>();
    private int _monitors;

    public void Bind(IGrpcServiceBinder binder) => binder
        .AddUnaryMethod(TicketRedeemerMethods.QueueTicket, QueueTicketAsync)
        .AddUnaryMethod(TicketRedeemerMethods.MaxFloat, MaxFloatAsync)
        .AddServerStreamingMethod(TicketRedeemerMethods.MonitorMaxFloat, MonitorMaxFloatAsync);

    internal async Task<Wire.QueueTicketRes> QueueTicketAsync(Wire.Ticket request, GrpcServerCallContext context)
    {
        var caller = context.RemoteIpAddress?.ToString() ?? "unknown";
        SignedTicket ticket;
        try
        {
            ticket = PaymentMapping.FromWire(request);
        }
        catch (NetworkException ex)
        {
            throw Refuse(caller, GrpcStatusCode.InvalidArgument, $"invalid ticket: {ex.Message}");
        }

        var (monitor, recipient) = Engine();
        if (ticket.Ticket.Recipient != recipient)
        {
            // go-livepeer's wording: the ticket's recipient in lower case, the expected one checksummed.
            throw Refuse(caller, GrpcStatusCode.PermissionDenied, $"invalid ticket recipient {ticket.Ticket.Recipient.ToLowerHex()}, expected {recipient}");
        }

        try
        {
            await monitor.QueueTicketAsync(ticket, context.CancellationToken).ConfigureAwait(false);
        }
        catch (PaymentException ex) when (ex.Rejection is { } rejection)
        {
            throw Refuse(caller, rejection.Reason == TicketRejectionReason.InvalidRecipient ? GrpcStatusCode.PermissionDenied : GrpcStatusCode.InvalidArgument, rejection.Message);
        }
        catch (PaymentException ex)
        {
            RedeemerLog.TicketQueueFailed(_logger, caller, ex);
            RedeemerMetrics.TicketsReceived.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
            throw new GrpcCallException(ex.IsTransient ? GrpcStatusCode.Unavailable : GrpcStatusCode.Internal, ex.Message);
        }

        RedeemerLog.TicketQueued(_logger, ticket.Ticket.Sender, ticket.Ticket.SenderNonce, ticket.Ticket.FaceValue.Value, caller);
        RedeemerMetrics.TicketsReceived.Add(1, new KeyValuePair<string, object?>("outcome", "queued"));
        return new Wire.QueueTicketRes();
    }

    internal async Task<Wire.MaxFloatUpdate> MaxFloatAsync(Wire.MaxFloatReq request, GrpcServerCallContext context)
    {
        var sender = ReadSender(request);
        var (monitor, _) = Engine();
        var maxFloat = await Guard(() => monitor.GetMaxFloatAsync(sender, context.CancellationToken)).ConfigureAwait(false);
        return new Wire.MaxFloatUpdate { MaxFloat = WireValues.ToMinimalBigEndian(maxFloat) };
    }

    /// <summary>
    /// Streams the sender's max float: the current value first, then each change. go-livepeer's redeemer sends only
    /// changes; the first value closes the gap between a client's MaxFloat call and its subscription, and a go client
    /// simply stores it again.
    /// </summary>
    internal async Task MonitorMaxFloatAsync(Wire.MaxFloatReq request, IGrpcStreamWriter<Wire.MaxFloatUpdate> responses, GrpcServerCallContext context)
    {
        var sender = ReadSender(request);
        var caller = context.RemoteIpAddress?.ToString() ?? "unknown";
        var (monitor, _) = Engine();
        var active = Interlocked.Increment(ref _monitors);
        try
        {
            if (active > options.Value.MaxMonitorStreams)
            {
                RedeemerLog.TooManyMonitors(_logger, caller, active - 1);
                throw new GrpcCallException(GrpcStatusCode.ResourceExhausted, "too many max float streams");
            }

            RedeemerMetrics.MonitorStreams.Add(1);
            try
            {
                await Guard(async () =>
                {
                    await foreach (var maxFloat in monitor.MonitorMaxFloatAsync(sender, context.CancellationToken).ConfigureAwait(false))
                    {
                        RedeemerLog.MaxFloatStreamed(_logger, sender, caller, maxFloat);
                        await responses.WriteAsync(new Wire.MaxFloatUpdate { MaxFloat = WireValues.ToMinimalBigEndian(maxFloat) }, context.CancellationToken)
                            .ConfigureAwait(false);
                    }

                    return 0;
                }).ConfigureAwait(false);
            }
            finally
            {
                RedeemerMetrics.MonitorStreams.Add(-1);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _monitors);
        }
    }

    private static EthAddress ReadSender(Wire.MaxFloatReq request)
    {
        try
        {
            return WireValues.ReadAddress(request.Sender, "sender");
        }
        catch (NetworkException ex)
        {
            throw new GrpcCallException(GrpcStatusCode.InvalidArgument, ex.Message);
        }
    }

    private static async Task<T> Guard<T>(Func<Task<T>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (PaymentException ex)
        {
            throw new GrpcCallException(ex.IsTransient ? GrpcStatusCode.Unavailable : GrpcStatusCode.Internal, ex.Message);
        }
    }

    /// <summary>The payment engine's monitor and the address tickets must pay; Unavailable until the engine has started.</summary>
    private (ISenderMonitor Monitor, EthAddress Recipient) Engine()
    {
        try
        {
            var monitor = services.GetRequiredService<ISenderMonitor>();
            var recipient = monitor is LocalTicketRedeemer local ? local.Recipient : services.GetRequiredService<TicketRecipient>().Recipient;
            return (monitor, recipient);
        }
        catch (InvalidOperationException)
        {
            throw new GrpcCallException(GrpcStatusCode.Unavailable, "the redeemer's payment engine has not started");
        }
    }

    private GrpcCallException Refuse(string caller, GrpcStatusCode status, string reason)
    {
        RedeemerLog.TicketRefused(_logger, caller, reason);
        RedeemerMetrics.TicketsReceived.Add(1, new KeyValuePair<string, object?>("outcome", "refused"));
        return new GrpcCallException(status, reason);
    }
}
