namespace Livepeer.Gateway.Tests;

/// <summary>A clock the ingest tests move by hand; its timers (Task.Delay, CancellationTokenSource) fire when it passes their time.</summary>
internal sealed class IngestManualClock(DateTimeOffset start) : TimeProvider
{
    private const int MaxFiringsPerAdvance = 10_000;

    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock and runs, in time order, every timer that falls due.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        for (var firings = 0; firings < MaxFiringsPerAdvance; firings++)
        {
            ManualTimer? due;
            lock (_gate)
            {
                due = _timers.Where(t => t.Due <= target).MinBy(t => t.Due);
                if (due is null)
                {
                    _now = target;
                    return;
                }

                _now = due.Due;
                if (due.Period > TimeSpan.Zero)
                {
                    due.Due += due.Period;
                }
                else
                {
                    _timers.Remove(due);
                }
            }

            due.Fire();
        }

        throw new InvalidOperationException("Too many timer firings in one advance.");
    }

    private sealed class ManualTimer(IngestManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset Due { get; set; }

        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return true;
                }

                Due = clock._now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                clock._timers.Add(this);
                return true;
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
