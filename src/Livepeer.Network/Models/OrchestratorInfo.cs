using Livepeer.Payments;
using Livepeer.Protocol;

namespace Livepeer.Network;

/// <summary>
/// What an orchestrator tells a gateway about itself (the wire's <c>OrchestratorInfo</c>): where to send segments,
/// its price and ticket parameters for this gateway, its auth token, capabilities and the other nodes of its
/// operator. Every <c>GetOrchestrator</c>, <c>/segment</c> and <c>/payment</c> answer carries a fresh one, which
/// replaces the previous one.
/// </summary>
public sealed record OrchestratorInfo
{
    /// <summary>The orchestrator's service URI; segments are posted to <c>Transcoder + "/segment"</c>.</summary>
    public string Transcoder { get; init; } = string.Empty;

    /// <summary>The orchestrator's Ethereum address (the signer of its results); null when it sent none (off-chain).</summary>
    public EthAddress? Address { get; init; }

    /// <summary>The ticket parameters to pay this orchestrator with; null when it runs without payments.</summary>
    public TicketParams? TicketParams { get; init; }

    /// <summary>The price for this gateway (for the capabilities asked for, when the request named some); null when not sent.</summary>
    public PixelPrice? PriceInfo { get; init; }

    /// <summary>The token to copy into every segment of this session; null when not sent. Never log it.</summary>
    public AuthToken? AuthToken { get; init; }

    /// <summary>What the orchestrator can do; null when it sent nothing (a node from before capability discovery).</summary>
    public CapabilitySet? Capabilities { get; init; }

    /// <summary>Prices per capability and model; sent only when the request named no capabilities.</summary>
    public IReadOnlyList<CapabilityPrice> CapabilityPrices { get; init; } = [];

    /// <summary>Service URIs of further nodes of the same operator.</summary>
    public IReadOnlyList<string> Nodes { get; init; } = [];

    /// <summary>The hardware of the orchestrator's workers; sent only when the request named no capabilities.</summary>
    public IReadOnlyList<WorkerHardware> Hardware { get; init; } = [];

    /// <summary>The orchestrator's external object stores, if it uses any.</summary>
    public IReadOnlyList<ObjectStorageInfo> Storage { get; init; } = [];

    /// <summary>The address that signs this orchestrator's transcode results: <see cref="Address"/>, or the ticket
    /// recipient when no address was sent, as go-livepeer's gateway checks it; null when neither is known.</summary>
    public EthAddress? ResultSigner => Address ?? TicketParams?.Recipient;

    /// <inheritdoc/>
    public bool Equals(OrchestratorInfo? other)
        => other is not null
            && string.Equals(Transcoder, other.Transcoder, StringComparison.Ordinal)
            && Address == other.Address
            && Equals(TicketParams, other.TicketParams)
            && PriceInfo == other.PriceInfo
            && Equals(AuthToken, other.AuthToken)
            && Equals(Capabilities, other.Capabilities)
            && (CapabilityPrices ?? []).SequenceEqual(other.CapabilityPrices ?? [])
            && (Nodes ?? []).SequenceEqual(other.Nodes ?? [], StringComparer.Ordinal)
            && (Hardware ?? []).SequenceEqual(other.Hardware ?? [])
            && (Storage ?? []).SequenceEqual(other.Storage ?? []);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Transcoder, Address, PriceInfo);

    /// <summary>Shows where the orchestrator is and its price; never the auth token or storage credentials.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
        => $"OrchestratorInfo {{ Transcoder = {Transcoder}, Address = {Address?.ToString() ?? "none"}, PriceInfo = {PriceInfo?.ToString() ?? "none"} }}";
}

/// <summary>The price of one capability (and model) an orchestrator advertises (<c>OrchestratorInfo.capabilities_prices</c>).</summary>
/// <param name="Capability">The capability priced.</param>
/// <param name="Constraint">The model id (or BYOC capability name) the price applies to; empty for the whole capability.</param>
/// <param name="Price">The price.</param>
public sealed record CapabilityPrice(Capability Capability, string Constraint, PixelPrice Price);

/// <summary>The hardware a worker of an orchestrator runs a pipeline on (the wire's <c>HardwareInformation</c>).</summary>
/// <param name="Pipeline">The AI pipeline.</param>
/// <param name="ModelId">The model.</param>
/// <param name="Gpus">The GPUs, by the worker's key for each.</param>
public sealed record WorkerHardware(string Pipeline, string ModelId, IReadOnlyDictionary<string, WorkerGpu> Gpus)
{
    /// <inheritdoc/>
    public bool Equals(WorkerHardware? other)
        => other is not null
            && string.Equals(Pipeline, other.Pipeline, StringComparison.Ordinal)
            && string.Equals(ModelId, other.ModelId, StringComparison.Ordinal)
            && (Gpus ?? new Dictionary<string, WorkerGpu>()).Count == (other.Gpus ?? new Dictionary<string, WorkerGpu>()).Count
            && (Gpus ?? new Dictionary<string, WorkerGpu>()).All(pair => other.Gpus!.TryGetValue(pair.Key, out var gpu) && Equals(gpu, pair.Value));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Pipeline, ModelId);
}

/// <summary>One GPU of a worker (the wire's <c>GPUComputeInfo</c>).</summary>
/// <param name="Id">The device id.</param>
/// <param name="Name">The device name.</param>
/// <param name="Major">The compute capability, major version.</param>
/// <param name="Minor">The compute capability, minor version.</param>
/// <param name="MemoryFree">Free memory in bytes.</param>
/// <param name="MemoryTotal">Total memory in bytes.</param>
public sealed record WorkerGpu(string Id, string Name, uint Major, uint Minor, long MemoryFree, long MemoryTotal);

/// <summary>The kinds of object store a node can name (the wire's <c>OSInfo.StorageType</c>).</summary>
public enum ObjectStorageType
{
    /// <summary>The node's own storage, reached directly.</summary>
    Direct = 0,

    /// <summary>An S3 bucket, written with a POST policy.</summary>
    S3 = 1,

    /// <summary>A Google Cloud Storage bucket.</summary>
    Google = 2,
}

/// <summary>An external object store of a node (the wire's <c>OSInfo</c>).</summary>
/// <param name="Type">The kind of store.</param>
/// <param name="S3">The upload credentials for S3 (and Google through its S3 interface); null when not sent.</param>
public sealed record ObjectStorageInfo(ObjectStorageType Type, S3UploadPolicy? S3 = null);

/// <summary>S3 POST-policy upload credentials (the wire's <c>S3OSInfo</c>). They grant writes: never log them.</summary>
/// <param name="Host">The bucket's address.</param>
/// <param name="Key">The object key prefix.</param>
/// <param name="Policy">The base64 POST policy.</param>
/// <param name="Signature">The policy's signature.</param>
/// <param name="Credential">The credential scope.</param>
/// <param name="XAmzDate">The signing date.</param>
public sealed record S3UploadPolicy(string Host, string Key, string Policy, string Signature, string Credential, string XAmzDate)
{
    /// <summary>Shows the host and key; never the policy, signature or credential.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"S3UploadPolicy {{ Host = {Host}, Key = {Key} }}";
}
