using Livepeer.Payments;
using Wire = Livepeer.Network.Wire;

namespace Livepeer.Network;

/// <summary>Conversions between the wire's <c>OrchestratorInfo</c>, <c>TranscodeResult</c> and <c>PaymentResult</c> and
/// the public models. Reads bound every field, so a peer's bytes become a <see cref="NetworkException"/>.</summary>
internal static class OrchestratorInfoMapping
{
    public static Wire.OrchestratorInfo ToWire(OrchestratorInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var wire = new Wire.OrchestratorInfo { Transcoder = info.Transcoder ?? string.Empty };
        if (info.Address is { } address)
        {
            wire.Address = WireValues.ToBytes(address);
        }

        if (info.TicketParams is { } ticketParams)
        {
            // A missing nested message and an empty one read alike; writing none keeps the bytes of a peer that sent none.
            var hasExpiration = ticketParams.ExpirationParams is { } expiration
                && (expiration.CreationRound != 0 || (expiration.CreationRoundBlockHash?.Length ?? 0) != 0);
            wire.TicketParams = PaymentMapping.ToWire(ticketParams, includeExpirationParams: hasExpiration);
        }

        if (info.PriceInfo is { } price)
        {
            wire.PriceInfo = PaymentMapping.ToWire(price);
        }

        if (info.AuthToken is { } token)
        {
            wire.AuthToken = SegmentMapping.ToWire(token);
        }

        if (info.Capabilities is { } capabilities)
        {
            wire.Capabilities = CapabilityMapping.ToWire(capabilities);
        }

        foreach (var capabilityPrice in info.CapabilityPrices ?? [])
        {
            var wirePrice = PaymentMapping.ToWire(capabilityPrice.Price);
            wirePrice.Capability = CapabilityMapping.ToId(capabilityPrice.Capability);
            wirePrice.Constraint = capabilityPrice.Constraint ?? string.Empty;
            wire.CapabilitiesPrices.Add(wirePrice);
        }

        wire.Nodes.AddRange(info.Nodes ?? []);
        foreach (var hardware in info.Hardware ?? [])
        {
            wire.Hardware.Add(ToWire(hardware));
        }

        foreach (var storage in info.Storage ?? [])
        {
            wire.Storage.Add(ToWire(storage));
        }

        return wire;
    }

    public static OrchestratorInfo FromWire(Wire.OrchestratorInfo wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        var prices = new CapabilityPrice[wire.CapabilitiesPrices.Count];
        for (var i = 0; i < prices.Length; i++)
        {
            var price = wire.CapabilitiesPrices[i];
            prices[i] = new CapabilityPrice(CapabilityMapping.FromId(price.Capability), price.Constraint, PaymentMapping.FromWire(price));
        }

        return new OrchestratorInfo
        {
            Transcoder = wire.Transcoder,
            Address = WireValues.ReadOptionalAddress(wire.Address, "address"),
            TicketParams = wire.TicketParams is null ? null : PaymentMapping.FromWire(wire.TicketParams),
            PriceInfo = wire.PriceInfo is null ? null : PaymentMapping.FromWire(wire.PriceInfo),
            AuthToken = wire.AuthToken is null ? null : SegmentMapping.FromWire(wire.AuthToken),
            Capabilities = wire.Capabilities is null ? null : CapabilityMapping.FromWire(wire.Capabilities),
            CapabilityPrices = prices,
            Nodes = [.. wire.Nodes],
            Hardware = [.. wire.Hardware.Select(FromWire)],
            Storage = [.. wire.Storage.Select(FromWire)],
        };
    }

    public static Wire.HardwareInformation ToWire(WorkerHardware hardware)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        var wire = new Wire.HardwareInformation { Pipeline = hardware.Pipeline ?? string.Empty, ModelId = hardware.ModelId ?? string.Empty };
        foreach (var (key, gpu) in hardware.Gpus ?? new Dictionary<string, WorkerGpu>())
        {
            wire.GpuInfo[key] = gpu is null
                ? new Wire.GPUComputeInfo()
                : new Wire.GPUComputeInfo
                {
                    Id = gpu.Id ?? string.Empty,
                    Name = gpu.Name ?? string.Empty,
                    Major = gpu.Major,
                    Minor = gpu.Minor,
                    MemoryFree = gpu.MemoryFree,
                    MemoryTotal = gpu.MemoryTotal,
                };
        }

        return wire;
    }

    public static WorkerHardware FromWire(Wire.HardwareInformation wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        var gpus = new Dictionary<string, WorkerGpu>(wire.GpuInfo.Count, StringComparer.Ordinal);
        foreach (var (key, gpu) in wire.GpuInfo)
        {
            var value = gpu ?? new Wire.GPUComputeInfo();
            gpus[key] = new WorkerGpu(value.Id, value.Name, value.Major, value.Minor, value.MemoryFree, value.MemoryTotal);
        }

        return new WorkerHardware(wire.Pipeline, wire.ModelId, gpus);
    }

    public static Wire.OSInfo ToWire(ObjectStorageInfo storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var wire = new Wire.OSInfo { StorageType = (Wire.OSInfo.Types.StorageType)(int)storage.Type };
        if (storage.S3 is { } s3)
        {
            wire.S3Info = new Wire.S3OSInfo
            {
                Host = s3.Host ?? string.Empty,
                Key = s3.Key ?? string.Empty,
                Policy = s3.Policy ?? string.Empty,
                Signature = s3.Signature ?? string.Empty,
                Credential = s3.Credential ?? string.Empty,
                XAmzDate = s3.XAmzDate ?? string.Empty,
            };
        }

        return wire;
    }

    public static ObjectStorageInfo FromWire(Wire.OSInfo wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        var s3 = wire.S3Info is { } info
            ? new S3UploadPolicy(info.Host, info.Key, info.Policy, info.Signature, info.Credential, info.XAmzDate)
            : null;
        return new ObjectStorageInfo((ObjectStorageType)(int)wire.StorageType, s3);
    }

    public static Wire.TranscodeResult ToWire(SegmentTranscodeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var wire = new Wire.TranscodeResult { Seq = result.Sequence };
        if (result.Error is { } error)
        {
            wire.Error = error;
        }
        else
        {
            var data = new Wire.TranscodeData { Sig = WireValues.Copy(result.Signature) };
            foreach (var rendition in result.Renditions ?? [])
            {
                data.Segments.Add(new Wire.TranscodedSegmentData
                {
                    Url = rendition.Url ?? string.Empty,
                    Pixels = rendition.Pixels,
                    PerceptualHashUrl = rendition.PerceptualHashUrl ?? string.Empty,
                });
            }

            wire.Data = data;
        }

        if (result.Info is { } info)
        {
            wire.Info = ToWire(info);
        }

        return wire;
    }

    /// <summary>Reads a result; one with neither data nor error is go-livepeer's <c>UnknownResponse</c>.</summary>
    public static SegmentTranscodeResult FromWire(Wire.TranscodeResult wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        var info = wire.Info is null ? null : FromWire(wire.Info);
        return wire.ResultCase switch
        {
            Wire.TranscodeResult.ResultOneofCase.Error => new SegmentTranscodeResult { Sequence = wire.Seq, Error = wire.Error, Info = info },
            Wire.TranscodeResult.ResultOneofCase.Data => new SegmentTranscodeResult
            {
                Sequence = wire.Seq,
                Renditions = [.. wire.Data.Segments.Select(s => new RenditionLocation(s.Url, s.Pixels, s.PerceptualHashUrl))],
                Signature = wire.Data.Sig.ToByteArray(),
                Info = info,
            },
            _ => throw new NetworkException(
                NetworkErrorCode.UnknownResponse,
                $"{NetworkException.WireText(NetworkErrorCode.UnknownResponse)}: the transcode result for segment {wire.Seq} carries neither renditions nor an error."),
        };
    }

    public static Wire.PaymentResult ToPaymentResult(OrchestratorInfo info) => new() { Info = ToWire(info) };

    /// <summary>Reads the answer to <c>/payment</c>; one without info is <c>UnknownResponse</c>.</summary>
    public static OrchestratorInfo FromPaymentResult(Wire.PaymentResult wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        return wire.Info is null
            ? throw new NetworkException(NetworkErrorCode.UnknownResponse, $"{NetworkException.WireText(NetworkErrorCode.UnknownResponse)}: the payment result carries no orchestrator info.")
            : FromWire(wire.Info);
    }
}
