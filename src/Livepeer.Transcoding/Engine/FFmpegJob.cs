using System.Runtime.CompilerServices;

namespace Livepeer.Transcoding;

/// <summary>
/// One ffmpeg process for one segment, started before its input is given: it is launched with its output sockets
/// listening and blocks reading stdin until <see cref="RunAsync"/> hands over the segment. A job is used once.
/// </summary>
internal sealed class FFmpegJob : IAsyncDisposable
{
    private readonly UnixSocketOutputTransport _transport;
    private readonly DeferredInputStream _input;
    private readonly CancellationTokenSource _lifetime;
    private readonly StrongBox<int> _processId;
    private readonly Task<FFmpegProcessResult> _run;
    private int _claimed;
    private int _disposed;

    private FFmpegJob(
        TranscodePlan plan,
        UnixSocketOutputTransport transport,
        DeferredInputStream input,
        CancellationTokenSource lifetime,
        StrongBox<int> processId,
        Task<FFmpegProcessResult> run)
    {
        Plan = plan;
        _transport = transport;
        _input = input;
        _lifetime = lifetime;
        _processId = processId;
        _run = run;
    }

    public TranscodePlan Plan { get; }

    /// <summary>The process id (0 when it could not be started).</summary>
    public int ProcessId => Volatile.Read(ref _processId.Value);

    /// <summary>Ends when the process has exited and been reaped.</summary>
    public Task Completion => _run;

    public static FFmpegJob Start(FFmpegProcessRunner runner, string ffmpegPath, TranscodePlan plan, long maxOutputBytes, Action<int>? started)
    {
        var transport = UnixSocketOutputTransport.Create(plan.Outputs.Count, maxOutputBytes);
        var input = new DeferredInputStream();
        var lifetime = new CancellationTokenSource();
        var processId = new StrongBox<int>();
        var request = new FFmpegProcessRequest(ffmpegPath, plan.BuildArguments(transport.OutputUrls))
        {
            InputStream = input,
            Outputs = transport,
            Started = pid =>
            {
                Volatile.Write(ref processId.Value, pid);
                started?.Invoke(pid);
            },
        };

        // RunAsync fails through its task, never synchronously, so the transport is always released by DisposeAsync.
        return new FFmpegJob(plan, transport, input, lifetime, processId, runner.RunAsync(request, lifetime.Token));
    }

    /// <summary>Stops the waiting process if no segment claims it within <paramref name="idle"/>.</summary>
    public void ExpireAfter(TimeSpan idle) => _lifetime.CancelAfter(idle);

    /// <summary>Takes the job for a segment; false when it has expired, failed or was taken already.</summary>
    public bool TryClaim()
    {
        if (_run.IsCompleted || Interlocked.Exchange(ref _claimed, 1) == 1)
        {
            return false;
        }

        try
        {
            _lifetime.CancelAfter(Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        return !_lifetime.IsCancellationRequested && !_run.IsCompleted;
    }

    /// <summary>Feeds the segment and waits for the outputs. A run that outlasts <paramref name="timeout"/> is killed and
    /// fails as <see cref="FFmpegFailureKind.Timeout"/>; the caller's cancellation kills it as well.</summary>
    public async Task<FFmpegProcessResult> RunAsync(ReadOnlyMemory<byte> input, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _claimed, 1);
        _lifetime.CancelAfter(timeout);
        using var registration = cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _lifetime);
        _input.Provide(input);
        try
        {
            return await _run.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (OperationCanceledException ex)
        {
            throw new FFmpegException(
                FFmpegFailureKind.Timeout,
                $"ffmpeg did not finish within {timeout.TotalMilliseconds:0} ms and was killed.",
                innerException: ex);
        }
    }

    /// <summary>Kills the process if it still runs, waits for it and removes its sockets.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        try
        {
            await _run.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or FFmpegException)
        {
            // The run's outcome was reported by RunAsync, or nobody asked for it.
        }

        await _transport.DisposeAsync().ConfigureAwait(false);
        _lifetime.Dispose();
        await _input.DisposeAsync().ConfigureAwait(false);
    }
}
