namespace Livepeer.Transcoding.Tests.Pool;

/// <summary>A clock that moves only when a test advances it; timers fire in due order during <see cref="Advance"/>.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly DateTimeOffset _epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private long _ticks;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _epoch.AddTicks(_ticks);
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_lock)
        {
            return _ticks;
        }
    }

    /// <summary>The time until each pending timer fires.</summary>
    public IReadOnlyList<TimeSpan> PendingTimers
    {
        get
        {
            lock (_lock)
            {
                return _timers.Where(t => t.DueTicks is not null).Select(t => TimeSpan.FromTicks(t.DueTicks!.Value - _ticks)).ToList();
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        long target;
        lock (_lock)
        {
            target = _ticks + by.Ticks;
        }

        for (var fired = 0; fired < 10_000; fired++)
        {
            ManualTimer? next;
            lock (_lock)
            {
                next = _timers.Where(t => t.DueTicks <= target).MinBy(t => t.DueTicks);
                if (next is null)
                {
                    _ticks = target;
                    return;
                }

                _ticks = Math.Max(_ticks, next.DueTicks!.Value);
                next.DueTicks = next.PeriodTicks is { } period ? _ticks + period : null;
            }

            next.Fire();
        }

        throw new InvalidOperationException("Too many timer callbacks in one Advance.");
    }

    /// <summary>Polls <paramref name="condition"/> every 5 ms for up to 10 s of real time.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 2000; i++)
        {
            if (condition())
            {
                return;
            }

            await Task.Delay(5);
        }

        Assert.Fail($"Timed out waiting until {what}.");
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public long? DueTicks { get; set; }

        public long? PeriodTicks { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                DueTicks = dueTime == Timeout.InfiniteTimeSpan ? null : owner._ticks + dueTime.Ticks;
                PeriodTicks = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period.Ticks;
                return true;
            }
        }

        public void Dispose()
        {
            lock (owner._lock)
            {
                DueTicks = null;
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
