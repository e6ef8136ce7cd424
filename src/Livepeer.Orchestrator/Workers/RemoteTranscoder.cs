using System.Threading.Channels;
using Livepeer.Network;
using Livepeer.Transcoding;
using Wire = Livepeer.Network.Wire;

namespace Livepeer.Orchestrator;

/// <summary>
/// One registered standalone transcoder: the messages waiting to go down its RegisterTranscoder stream, and whether
/// that stream is still open.
/// </summary>
internal sealed class RemoteTranscoder : DispatchTarget
{
    private readonly RemoteTranscoderManager _manager;
    private readonly CancellationTokenSource _closed = new();
    private string? _closeReason;

    public RemoteTranscoder(RemoteTranscoderManager manager, long id, string address, int capacity, CapabilitySet capabilities, DateTimeOffset registeredAt)
    {
        _manager = manager;
        Id = id;
        Address = address;
        Capacity = capacity;
        Capabilities = capabilities;
        RegisteredAt = registeredAt;
    }

    public long Id { get; }

    /// <summary>The transcoder's remote endpoint, <c>ip:port</c>.</summary>
    public string Address { get; }

    public override string Name => Address;

    public override int Capacity { get; }

    public CapabilitySet Capabilities { get; }

    public DateTimeOffset RegisteredAt { get; }

    public override bool IsAvailable => !_closed.IsCancellationRequested;

    /// <summary>Cancelled when the transcoder is removed; ends its stream.</summary>
    public CancellationToken Closed => _closed.Token;

    public string CloseReason => _closeReason ?? "stream ended";

    /// <summary>Messages for the transcoder, written to its stream in order by the registration call.</summary>
    internal Channel<Wire.NotifySegment> Outbox { get; } = Channel.CreateUnbounded<Wire.NotifySegment>(new UnboundedChannelOptions { SingleReader = true });

    public bool TrySend(Wire.NotifySegment message) => IsAvailable && Outbox.Writer.TryWrite(message);

    /// <summary>Removes the transcoder: its stream ends and its tasks fail over.</summary>
    public void Close(string reason)
    {
        Interlocked.CompareExchange(ref _closeReason, reason, null);
        Outbox.Writer.TryComplete();
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already closed and released.
        }
    }

    public override Task<TranscodeResult> TranscodeAsync(TranscodeSegment segment, IReadOnlyList<VideoProfile> profiles, TranscodeOptions? options, CancellationToken cancellationToken)
        => _manager.TranscodeAsync(this, segment, profiles, options, cancellationToken);

    public override ValueTask EndSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        _manager.SendTeardown(this, sessionId);
        return ValueTask.CompletedTask;
    }
}
