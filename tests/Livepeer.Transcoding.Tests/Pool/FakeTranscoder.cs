using System.Collections.Concurrent;

namespace Livepeer.Transcoding.Tests.Pool;

/// <summary>An engine that records what the pool asks of it. With <see cref="Hold"/> each call waits until the test
/// releases it (or the pool cancels it).</summary>
internal sealed class FakeTranscoder : ITranscoder
{
    private readonly ConcurrentQueue<FakeCall> _calls = new();
    private readonly ConcurrentQueue<string> _ended = new();
    private int _running;
    private int _maxRunning;

    public bool Hold { get; set; }

    /// <summary>Calls for which this returns true fail with "Invalid data found when processing input".</summary>
    public Func<FakeCall, bool>? Fail { get; set; }

    public IReadOnlyList<FakeCall> Calls => _calls.ToArray();

    public IReadOnlyList<string> EndedSessions => _ended.ToArray();

    public int Running => Volatile.Read(ref _running);

    public int MaxRunning => Volatile.Read(ref _maxRunning);

    public async Task<TranscodeResult> TranscodeAsync(TranscodeSegment segment, IReadOnlyList<VideoProfile> profiles, TranscodeOptions? options = null, CancellationToken cancellationToken = default)
    {
        var call = new FakeCall(options?.SessionId, options?.Device, segment.SequenceNumber, options?.ForceSessionReinit ?? false, options?.Timeout);
        var running = Interlocked.Increment(ref _running);
        for (var max = MaxRunning; running > max && Interlocked.CompareExchange(ref _maxRunning, running, max) != max; max = MaxRunning)
        {
        }

        _calls.Enqueue(call);
        try
        {
            if (Hold)
            {
                await call.Released.Task.WaitAsync(cancellationToken);
            }

            if (Fail?.Invoke(call) == true)
            {
                throw new TranscodingException(TranscodeErrorCode.InvalidData);
            }

            var renditions = profiles.Select(p => new TranscodedRendition(p, new byte[] { 0x47 }, p.Width, p.Height, 60, 60L * p.Width * p.Height)).ToArray();
            return new TranscodeResult(renditions, 60, TimeSpan.FromMilliseconds(1)) { Device = options?.Device };
        }
        catch (OperationCanceledException)
        {
            call.WasCancelled = true;
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public ValueTask EndSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        _ended.Enqueue(sessionId);
        return ValueTask.CompletedTask;
    }

    public void ReleaseAll()
    {
        foreach (var call in _calls)
        {
            call.Released.TrySetResult();
        }
    }
}

internal sealed record FakeCall(string? SessionId, int? Device, long Sequence, bool ForceSessionReinit, TimeSpan? Timeout)
{
    public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool WasCancelled { get; set; }
}
