using Livepeer.Network;
using Livepeer.Payments;
using Livepeer.Protocol;

namespace Livepeer.Orchestrator;

/// <summary>What the operator endpoints read from the core orchestrator (implemented by the core).</summary>
internal interface IOrchestratorState
{
    /// <summary>The orchestrator's Ethereum address, once known (after the host started).</summary>
    EthAddress? Address { get; }

    /// <summary>The capabilities advertised in OrchestratorInfo.</summary>
    CapabilitySet Capabilities { get; }

    /// <summary>The active transcoding sessions.</summary>
    IReadOnlyList<OrchestratorSessionStatus> GetSessions();
}

/// <summary>One active transcoding session, as shown on the status endpoint.</summary>
internal sealed record OrchestratorSessionStatus(
    string SessionId,
    EthAddress Sender,
    PixelPrice Price,
    BigRational Balance,
    long Segments,
    long Pixels,
    DateTimeOffset LastActive);

/// <summary>What the operator endpoints read about registered standalone transcoders (implemented by the worker side).</summary>
internal interface ITranscoderWorkerRegistry
{
    IReadOnlyList<TranscoderWorkerStatus> GetWorkers();
}

/// <summary>One registered standalone transcoder.</summary>
internal sealed record TranscoderWorkerStatus(string Address, int Capacity, int Load, CapabilitySet Capabilities, DateTimeOffset RegisteredAt);
