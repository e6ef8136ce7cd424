using Wire = Livepeer.Network.Wire;

namespace Livepeer.Network;

/// <summary>The methods of go-livepeer's <c>net.Orchestrator</c> gRPC service.</summary>
internal static class OrchestratorMethods
{
    public const string ServiceName = "net.Orchestrator";

    public static readonly GrpcMethod<Wire.OrchestratorRequest, Wire.OrchestratorInfo> GetOrchestrator =
        new(GrpcMethodType.Unary, ServiceName, "GetOrchestrator", Wire.OrchestratorRequest.Parser, Wire.OrchestratorInfo.Parser);

    public static readonly GrpcMethod<Wire.EndTranscodingSessionRequest, Wire.EndTranscodingSessionResponse> EndTranscodingSession =
        new(GrpcMethodType.Unary, ServiceName, "EndTranscodingSession", Wire.EndTranscodingSessionRequest.Parser, Wire.EndTranscodingSessionResponse.Parser);

    public static readonly GrpcMethod<Wire.PingPong, Wire.PingPong> Ping =
        new(GrpcMethodType.Unary, ServiceName, "Ping", Wire.PingPong.Parser, Wire.PingPong.Parser);
}
