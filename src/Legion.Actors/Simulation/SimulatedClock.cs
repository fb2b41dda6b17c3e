using Akka.Actor;
using Legion.Actors.Runtime;

namespace Legion.Actors.Simulation;

/// <summary>
/// The clock of one simulated machine: a <see cref="TimeProvider"/> that reads the shared
/// <see cref="VirtualTimeProvider"/> through the machine's own error, and keeps its timers on the shared clock so
/// every node of a simulation advances together. Its wall clock (<see cref="GetUtcNow"/>) can be offset
/// (<see cref="Offset"/>), stepped (<see cref="Jump"/>) and can run fast or slow (<see cref="Drift"/>); its
/// monotonic clock (<see cref="GetTimestamp"/>) follows the drift but never an offset or a jump, as a real
/// machine's <c>CLOCK_MONOTONIC</c> does. Timers measure local (drifted) time: a 1 s timer on a clock with drift
/// 2.0 fires after 0.5 s of shared time. The local time zone is UTC.
/// </summary>
/// <remarks>
/// Not thread-safe: use it from the thread that drives the simulation (the actors of a deterministic simulation
/// run on that thread too).
/// </remarks>
public sealed class SimulatedClock : TimeProvider
{
    private readonly VirtualTimeProvider _shared;
    private readonly long _origin;
    private readonly LinkedList<SimulatedTimer> _timers = new();
    private long _anchorShared;
    private long _anchorLocal;
    private double _drift = 1.0;
    private bool _frozen;

    /// <summary>Creates a clock that reads <paramref name="shared"/> exactly (no offset, no drift).</summary>
    /// <param name="shared">The simulation's clock; timers are created on it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="shared"/> is null.</exception>
    public SimulatedClock(VirtualTimeProvider shared)
    {
        ArgumentNullException.ThrowIfNull(shared);
        _shared = shared;
        _origin = shared.GetUtcNow().UtcTicks;
        _anchorShared = _origin;
    }

    /// <summary>
    /// How far the wall clock is ahead of the shared clock, apart from drift (negative: behind). Default zero.
    /// Setting it steps the wall clock at once (as <c>settimeofday</c>); the monotonic clock and timers are not
    /// affected, so no timer fires early or late because of it.
    /// </summary>
    public TimeSpan Offset { get; set; }

    /// <summary>
    /// How fast this machine's clock runs relative to the shared clock: 1.0 (default) is exact, 1.001 gains one
    /// millisecond per second, 0.5 runs at half speed. Applies from now on to the wall clock, the monotonic clock
    /// and every pending timer (whose remaining local time is kept).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value that is not a positive finite number.</exception>
    public double Drift
    {
        get => _drift;
        set
        {
            if (!double.IsFinite(value) || value <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The drift must be a positive finite ratio, e.g. 1.0001.");
            }

            var now = SharedTicks;
            _anchorLocal = LocalTicksAt(now);
            _anchorShared = now;
            var old = _drift;
            _drift = value;
            foreach (var timer in _timers)
            {
                timer.Rescale(now, old, value);
            }
        }
    }

    /// <summary>The wall clock's error right now: local wall time minus shared time (offset, jumps and accumulated drift).</summary>
    public TimeSpan Error => GetUtcNow() - _shared.GetUtcNow();

    /// <summary>Always UTC, so runs do not depend on the machine's zone.</summary>
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Ticks of 100 ns.</summary>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>True while the owning process is frozen: timers that fall due wait, and fire once at <see cref="Thaw"/>.</summary>
    internal bool IsFrozen => _frozen;

    private long SharedTicks => _shared.GetTimestamp();

    /// <summary>The local wall clock: shared start + local elapsed time + <see cref="Offset"/>.</summary>
    /// <returns>The local time, UTC.</returns>
    public override DateTimeOffset GetUtcNow() => new(_origin + LocalTicksAt(SharedTicks) + Offset.Ticks, TimeSpan.Zero);

    /// <summary>The local monotonic clock in 100 ns ticks: follows <see cref="Drift"/>, never <see cref="Offset"/>.</summary>
    /// <returns>The timestamp.</returns>
    public override long GetTimestamp() => LocalTicksAt(SharedTicks);

    /// <summary>
    /// Creates a timer measured in local time, kept on the shared clock. Its callback runs on the thread that
    /// advances the shared clock.
    /// </summary>
    /// <param name="callback">Invoked when the timer fires.</param>
    /// <param name="state">Passed to the callback.</param>
    /// <param name="dueTime">Local delay before the first call; <see cref="Timeout.InfiniteTimeSpan"/> for never.</param>
    /// <param name="period">Local interval of later calls; zero or <see cref="Timeout.InfiniteTimeSpan"/> for one call.</param>
    /// <returns>The timer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A time is negative (other than infinite).</exception>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new SimulatedTimer(this, callback, state);
        timer.Node = _timers.AddLast(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Steps the wall clock by <paramref name="by"/> (adds it to <see cref="Offset"/>), as an NTP step or an operator would.</summary>
    /// <param name="by">Forward (positive) or backward (negative).</param>
    public void Jump(TimeSpan by) => Offset += by;

    /// <summary>Pauses the owning process's timers: those falling due wait (periodic ones keep their rhythm) until <see cref="Thaw"/>.</summary>
    internal void Freeze() => _frozen = true;

    /// <summary>Resumes timers; each that fell due while frozen fires once now (as a resumed process sees it), in creation order.</summary>
    internal void Thaw()
    {
        _frozen = false;
        foreach (var timer in _timers.ToArray())
        {
            timer.FirePending();
        }
    }

    /// <summary>Disposes every timer (the process died); the clock itself keeps running for the next process.</summary>
    internal void DisposeTimers()
    {
        foreach (var timer in _timers.ToArray())
        {
            timer.Dispose();
        }

        _frozen = false;
    }

    private long LocalTicksAt(long shared) =>
        _drift == 1.0 ? _anchorLocal + (shared - _anchorShared) : _anchorLocal + (long)((shared - _anchorShared) * _drift);

    private TimeSpan ToShared(TimeSpan local) =>
        _drift == 1.0 ? local : TimeSpan.FromTicks((long)Math.Ceiling(local.Ticks / _drift));

    /// <summary>One timer in local time; re-armed on the shared clock one period at a time, so drift can change.</summary>
    private sealed class SimulatedTimer : ITimer
    {
        private readonly SimulatedClock _owner;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private readonly ITimer _inner;
        private TimeSpan _period;
        private long _due = long.MaxValue;
        private bool _pending;
        private bool _disposed;

        public SimulatedTimer(SimulatedClock owner, TimerCallback callback, object? state)
        {
            _owner = owner;
            _callback = callback;
            _state = state;
            _inner = owner._shared.CreateTimer(static s => ((SimulatedTimer)s!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public LinkedListNode<SimulatedTimer>? Node { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if ((dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
                || (period < TimeSpan.Zero && period != Timeout.InfiniteTimeSpan))
            {
                throw new ArgumentOutOfRangeException(nameof(dueTime), "Times must be zero or more, or infinite.");
            }

            if (_disposed)
            {
                return false;
            }

            _period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            _pending = false;
            Arm(dueTime == Timeout.InfiniteTimeSpan ? null : dueTime);
            return true;
        }

        public void Rescale(long now, double oldDrift, double newDrift)
        {
            if (_disposed || _due == long.MaxValue)
            {
                return;
            }

            var localRemaining = (_due - now) * oldDrift;
            var shared = (long)Math.Ceiling(localRemaining / newDrift);
            _due = now + shared;
            _inner.Change(TimeSpan.FromTicks(shared), Timeout.InfiniteTimeSpan);
        }

        public void FirePending()
        {
            if (_pending && !_disposed)
            {
                _pending = false;
                _callback(_state);
            }
        }

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _due = long.MaxValue;
            _inner.Dispose();
            if (Node is not null)
            {
                _owner._timers.Remove(Node);
                Node = null;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Arm(TimeSpan? localDelay)
        {
            if (localDelay is not { } delay)
            {
                _due = long.MaxValue;
                _inner.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                return;
            }

            var shared = _owner.ToShared(delay);
            _due = _owner.SharedTicks + shared.Ticks;
            _inner.Change(shared, Timeout.InfiniteTimeSpan);
        }

        private void Fire()
        {
            if (_disposed)
            {
                return;
            }

            Arm(_period > TimeSpan.Zero ? _period : null);
            if (_owner._frozen)
            {
                _pending = true;
                return;
            }

            _callback(_state);
        }
    }
}
