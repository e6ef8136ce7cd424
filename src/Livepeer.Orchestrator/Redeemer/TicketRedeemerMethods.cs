using Livepeer.Network;
using Wire = Livepeer.Network.Wire;

namespace Livepeer.Orchestrator;

/// <summary>The methods of go-livepeer's <c>net.TicketRedeemer</c> service.</summary>
internal static class TicketRedeemerMethods
{
    public const string ServiceName = "net.TicketRedeemer";

    public static readonly GrpcMethod<Wire.Ticket, Wire.QueueTicketRes> QueueTicket =
        new(GrpcMethodType.Unary, ServiceName, "QueueTicket", Wire.Ticket.Parser, Wire.QueueTicketRes.Parser);

    public static readonly GrpcMethod<Wire.MaxFloatReq, Wire.MaxFloatUpdate> MaxFloat =
        new(GrpcMethodType.Unary, ServiceName, "MaxFloat", Wire.MaxFloatReq.Parser, Wire.MaxFloatUpdate.Parser);

    public static readonly GrpcMethod<Wire.MaxFloatReq, Wire.MaxFloatUpdate> MonitorMaxFloat =
        new(GrpcMethodType.ServerStreaming, ServiceName, "MonitorMaxFloat", Wire.MaxFloatReq.Parser, Wire.MaxFloatUpdate.Parser);
}
