using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Livepeer.Transcoding;

namespace Livepeer.Gateway;

/// <summary>
/// An open stream: pushed segments are transcoded concurrently (at most
/// <see cref="LivepeerStreamOptions.MaxSegmentsInFlight"/> at once) and their outcomes read back in push order. The
/// results channel holds at most as many outcomes as segments may be in flight, so a reader that falls behind slows
/// the pushes down too.
/// </summary>
internal sealed class LivepeerStream : ILivepeerStream
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private readonly LivepeerGateway _gateway;
    private readonly StreamSessionManager _manager;
    private readonly GatewayCoreState _state;
    private readonly IReadOnlyList<VideoProfile> _profiles;
    private readonly LivepeerStreamOptions _options;
    private readonly Channel<Task<SegmentOutcome>> _results;
    private readonly SemaphoreSlim _slots;
    private readonly SemaphoreSlim _pushTurn = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly List<Task> _running = [];
    private readonly Lock _gate = new();
    private volatile bool _completed;
    private int _disposed;

    public LivepeerStream(LivepeerGateway gateway, StreamSessionManager manager, GatewayCoreState state, IReadOnlyList<VideoProfile> profiles, LivepeerStreamOptions options)
    {
        _gateway = gateway;
        _manager = manager;
        _state = state;
        _profiles = [.. profiles];
        _options = options;
        _slots = new SemaphoreSlim(options.MaxSegmentsInFlight, options.MaxSegmentsInFlight);
        _results = Channel.CreateBounded<Task<SegmentOutcome>>(new BoundedChannelOptions(options.MaxSegmentsInFlight)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string StreamId => _manager.StreamId;

    public async ValueTask PushAsync(SourceSegment segment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ThrowIfClosed();
        await _pushTurn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfClosed();
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            var started = false;
            try
            {
                // Room in the results first, so a segment is never started without a place for its outcome.
                if (!await _results.Writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw Closed();
                }

                ThrowIfClosed();
                var run = new TaskCompletionSource<SegmentOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
                if (!_results.Writer.TryWrite(run.Task))
                {
                    throw Closed();
                }

                started = true;
                var task = RunAsync(segment, run);
                lock (_gate)
                {
                    _running.RemoveAll(t => t.IsCompleted);
                    _running.Add(task);
                }
            }
            finally
            {
                if (!started)
                {
                    _slots.Release();
                }
            }
        }
        finally
        {
            _pushTurn.Release();
        }
    }

    public void Complete()
    {
        _completed = true;
        _results.Writer.TryComplete();
    }

    public async IAsyncEnumerable<SegmentOutcome> ReadResultsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await _results.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_results.Reader.TryRead(out var next))
            {
                var outcome = await next.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (outcome.Error is { ErrorCode: GatewayErrorCode.SenderFunds } fatal)
                {
                    throw fatal;
                }

                yield return outcome;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Complete();
        await _closing.CancelAsync().ConfigureAwait(false);
        Task[] running;
        lock (_gate)
        {
            running = [.. _running];
        }

        await Task.WhenAll(running).WaitAsync(DrainTimeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        // The semaphores and the token source stay undisposed: a segment that outlived the drain still releases its slot.
        await _gateway.CloseStreamAsync(_manager).ConfigureAwait(false);
    }

    private async Task RunAsync(SourceSegment segment, TaskCompletionSource<SegmentOutcome> run)
    {
        try
        {
            var result = await _gateway.TranscodeAsync(_manager, _state, segment, _profiles, _options.Progress, _closing.Token).ConfigureAwait(false);
            run.TrySetResult(new SegmentOutcome(segment.Sequence, result, null));
        }
        catch (GatewayException ex)
        {
            run.TrySetResult(new SegmentOutcome(segment.Sequence, null, ex));
        }
        catch (OperationCanceledException ex) when (_closing.IsCancellationRequested)
        {
            run.TrySetResult(new SegmentOutcome(segment.Sequence, null, new GatewayException(GatewayErrorCode.StreamClosed, $"Stream '{StreamId}' was closed before segment {segment.Sequence} finished.", innerException: ex)));
        }
        catch (Exception ex)
        {
            run.TrySetResult(new SegmentOutcome(segment.Sequence, null, new GatewayException(GatewayErrorCode.SegmentFailed, $"Segment {segment.Sequence} failed: {ex.Message}", innerException: ex)));
        }
        finally
        {
            _slots.Release();
        }
    }

    private void ThrowIfClosed()
    {
        if (_completed || Volatile.Read(ref _disposed) != 0)
        {
            throw Closed();
        }

        if (_manager.Fault is { } fault)
        {
            throw new GatewayException(GatewayErrorCode.StreamClosed, $"Stream '{StreamId}' stopped: {fault.Message}", innerException: fault);
        }
    }

    private GatewayException Closed() => new(GatewayErrorCode.StreamClosed, $"Stream '{StreamId}' is complete or closed.");
}
