namespace Legion.Actors.Simulation;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when told (<see cref="Advance"/>), for deterministic tests
/// and simulations. Timers live in one queue ordered by due time, then creation order, and fire on the thread that
/// advances the clock, with the clock set to each timer's due time. Periodic timers fire at fixed rate.
/// The local time zone is UTC. Thread-safe.
/// </summary>
public sealed class VirtualTimeProvider : TimeProvider
{
    private readonly Lock gate = new();
    private readonly SortedSet<VirtualTimer> queue = new(Comparer<VirtualTimer>.Create(
        static (a, b) => a.Due != b.Due ? a.Due.CompareTo(b.Due) : a.Sequence.CompareTo(b.Sequence)));

    private long nowTicks; // UTC ticks; written under the gate, read without it
    private long sequence;

    /// <summary>Creates a clock that starts at <see cref="DefaultStart"/>.</summary>
    public VirtualTimeProvider()
        : this(DefaultStart)
    {
    }

    /// <summary>Creates a clock that starts at <paramref name="start"/> (converted to UTC).</summary>
    /// <param name="start">The initial time.</param>
    public VirtualTimeProvider(DateTimeOffset start) => nowTicks = start.UtcTicks;

    /// <summary>The default start: 2000-01-01T00:00:00Z.</summary>
    public static DateTimeOffset DefaultStart { get; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The due time of the earliest pending timer, or null if none.</summary>
    public DateTimeOffset? NextTimerDue
    {
        get
        {
            lock (gate)
            {
                return queue.Count == 0 ? null : queue.Min!.Due;
            }
        }
    }

    /// <summary>Always UTC, so runs do not depend on the machine's zone.</summary>
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Ticks of 100 ns, matching <see cref="GetTimestamp"/>.</summary>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => new(Volatile.Read(ref nowTicks), TimeSpan.Zero);

    /// <summary>The current virtual time in UTC ticks, so timestamp differences equal elapsed virtual time.</summary>
    /// <returns>The timestamp.</returns>
    public override long GetTimestamp() => Volatile.Read(ref nowTicks);

    /// <summary>Creates a timer on the virtual queue; it fires only when the clock is advanced to or past its due time.</summary>
    /// <param name="callback">Invoked on the advancing thread.</param>
    /// <param name="state">Passed to the callback.</param>
    /// <param name="dueTime">Delay before the first call; <see cref="Timeout.InfiniteTimeSpan"/> for never.</param>
    /// <param name="period">Interval of later calls; zero or <see cref="Timeout.InfiniteTimeSpan"/> for one call.</param>
    /// <returns>The timer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A time is negative (other than infinite).</exception>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>
    /// Moves the clock forward by <paramref name="by"/>, firing every timer that falls due on the way in order, the
    /// clock set to each one's due time as it fires. Timer callbacks run on the calling thread.
    /// </summary>
    /// <param name="by">Zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="by"/> is negative.</exception>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        var target = GetUtcNow() + by;
        while (FireNextTimer(target))
        {
        }
    }

    /// <summary>
    /// Fires the earliest timer due at or before <paramref name="limit"/>, moving the clock to its due time; when
    /// there is none, moves the clock to <paramref name="limit"/> (never backwards) and returns false.
    /// </summary>
    internal bool FireNextTimer(DateTimeOffset limit)
    {
        VirtualTimer timer;
        lock (gate)
        {
            if (queue.Count == 0 || queue.Min!.Due > limit)
            {
                Volatile.Write(ref nowTicks, Math.Max(limit.UtcTicks, nowTicks));
                return false;
            }

            timer = queue.Min;
            queue.Remove(timer);
            Volatile.Write(ref nowTicks, Math.Max(timer.Due.UtcTicks, nowTicks));
            if (timer.Period > TimeSpan.Zero)
            {
                timer.Due += timer.Period;
                timer.Sequence = ++sequence;
                queue.Add(timer);
            }
        }

        timer.Callback(timer.State);
        return true;
    }

    private sealed class VirtualTimer(VirtualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private bool disposed;

        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public DateTimeOffset Due { get; set; }

        public long Sequence { get; set; }

        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if ((dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
                || (period < TimeSpan.Zero && period != Timeout.InfiniteTimeSpan))
            {
                throw new ArgumentOutOfRangeException(nameof(dueTime), "Times must be zero or more, or infinite.");
            }

            lock (owner.gate)
            {
                if (disposed)
                {
                    return false;
                }

                owner.queue.Remove(this);
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    Due = new DateTimeOffset(owner.nowTicks, TimeSpan.Zero) + dueTime;
                    Sequence = ++owner.sequence;
                    owner.queue.Add(this);
                }

                return true;
            }
        }

        public void Dispose()
        {
            lock (owner.gate)
            {
                disposed = true;
                owner.queue.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
