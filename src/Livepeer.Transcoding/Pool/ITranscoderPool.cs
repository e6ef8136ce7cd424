namespace Livepeer.Transcoding;

/// <summary>
/// An <see cref="ITranscoder"/> that balances stream sessions across the CPU and GPUs, as go-livepeer's load
/// balancer does: a session goes to the device with the least Σ width × height × fps of its open sessions and stays
/// there; each session has a queue of 4 segments processed in order. Disposing it ends every session.
/// </summary>
public interface ITranscoderPool : ITranscoder, IAsyncDisposable
{
    /// <summary>The devices, their load and the open sessions at this moment.</summary>
    /// <returns>A snapshot; its device list is empty until the devices are known (first use or host start).</returns>
    TranscoderPoolSnapshot GetSnapshot();
}

/// <summary>The state of a <see cref="ITranscoderPool"/> at one moment.</summary>
/// <param name="Devices">The devices in placement order.</param>
/// <param name="Sessions">The open stream sessions.</param>
public sealed record TranscoderPoolSnapshot(IReadOnlyList<TranscoderDeviceLoad> Devices, int Sessions);

/// <summary>The load of one device of a <see cref="ITranscoderPool"/>.</summary>
/// <param name="Gpu">The GPU ordinal, or null for the CPU.</param>
/// <param name="Load">Σ over its sessions (and running session-less segments) of the profiles' width × height × fps.</param>
/// <param name="Sessions">The stream sessions placed on it.</param>
/// <param name="Running">The segments being transcoded on it now.</param>
/// <param name="MaxConcurrent">How many segments it may transcode at once.</param>
public sealed record TranscoderDeviceLoad(int? Gpu, long Load, int Sessions, int Running, int MaxConcurrent);
