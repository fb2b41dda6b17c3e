using Akka.Dispatch;

namespace Legion.Actors.Runtime;

/// <summary>
/// Runs every mailbox it is given on one dedicated thread, in the order they became ready (like Akka.NET's
/// ForkJoinDispatcher with a single thread), and fires the timers of its <see cref="Clock"/> on that same thread. A
/// message told between actors of this dispatcher, or by one of its timers, is picked up without waking another
/// thread: an announce crossing transport, membership and election costs one wake-up instead of one per hop, and a
/// heartbeat tick one instead of three (timer thread, pool thread, actor). That is what keeps an idle node's CPU low.
/// Thread-safe to schedule from any thread. Actors and timer callbacks on it must never block (none of this library's
/// do: actions, health checks and file or process work run off the actor).
/// </summary>
public sealed class DedicatedThreadRunner : IMailboxRunner, IDisposable
{
    private readonly Queue<IRunnable> _ready = new();
    private readonly PriorityQueue<(DispatcherTimer Timer, long Generation), long> _timers = new();
    private readonly object _gate = new();
    private readonly Thread _thread;
    private bool _disposed;

    /// <summary>Creates the runner and starts its thread (a background thread).</summary>
    /// <param name="name">The thread's name, shown by debuggers and in <c>/proc/PID/task/*/comm</c>.</param>
    public DedicatedThreadRunner(string name = "legion-actors")
    {
        Clock = new DispatcherClock(this);
        _thread = new Thread(Loop) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>
    /// The system clock (<see cref="TimeProvider.System"/>'s time and timestamps) whose timers fire on this
    /// dispatcher's thread rather than on the thread pool: give it to the actor system running on this dispatcher.
    /// Timer callbacks must be short and must not block.
    /// </summary>
    public TimeProvider Clock { get; }

    /// <inheritdoc/>
    public void Execute(IRunnable work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_gate)
        {
            _ready.Enqueue(work);
            if (_ready.Count == 1)
            {
                Monitor.Pulse(_gate);
            }
        }
    }

    /// <summary>
    /// Lets the thread finish the work already queued, then ends it and waits for it (up to 10 s; not when called on
    /// the dispatcher's own thread). Work scheduled and timers due afterwards never run.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Monitor.PulseAll(_gate);
        }
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join(TimeSpan.FromSeconds(10));
        }
    }

    private void Loop()
    {
        var due = new List<DispatcherTimer>();
        while (true)
        {
            IRunnable? work = null;
            lock (_gate)
            {
                while (true)
                {
                    long now = TimeProvider.System.GetTimestamp();
                    while (_timers.TryPeek(out var entry, out long at) && at <= now)
                    {
                        _timers.Dequeue();
                        if (entry.Timer.TakeDue(entry.Generation, now) is { } next)
                        {
                            _timers.Enqueue((entry.Timer, entry.Generation), next);
                        }
                        if (entry.Generation == entry.Timer.Generation)
                        {
                            due.Add(entry.Timer);
                        }
                    }
                    if (due.Count > 0 || _ready.TryDequeue(out work))
                    {
                        break;
                    }
                    if (_disposed)
                    {
                        return;
                    }
                    if (_timers.TryPeek(out _, out long first))
                    {
                        // Whole milliseconds, rounded up, so a timer is never woken for early and spun on.
                        var wait = TimeProvider.System.GetElapsedTime(now, first);
                        Monitor.Wait(_gate, TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling(wait.TotalMilliseconds))));
                    }
                    else
                    {
                        Monitor.Wait(_gate);
                    }
                }
            }
            foreach (var timer in due)
            {
                timer.Fire();
            }
            due.Clear();
            // A mailbox runs up to its dispatcher's throughput and hands itself back (Execute) when work remains.
            work?.Run();
        }
    }

    // Arms (or re-arms) a timer; called under no lock by DispatcherTimer.
    private void Arm(DispatcherTimer timer, long generation, long at)
    {
        lock (_gate)
        {
            _timers.Enqueue((timer, generation), at);
            Monitor.Pulse(_gate);
        }
    }

    private sealed class DispatcherClock(DedicatedThreadRunner owner) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow();

        public override long GetTimestamp() => System.GetTimestamp();

        public override long TimestampFrequency => System.TimestampFrequency;

        public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            ArgumentNullException.ThrowIfNull(callback);
            var timer = new DispatcherTimer(owner, callback, state);
            timer.Change(dueTime, period);
            return timer;
        }
    }

    // A timer whose callback runs on the dispatcher thread. Generation numbers cancel stale heap entries (a Change or
    // Dispose bumps it; the heap keeps the old entry until it comes due, then drops it).
    private sealed class DispatcherTimer(DedicatedThreadRunner owner, TimerCallback callback, object? state) : ITimer
    {
        private readonly object _gate = new();
        private long _generation;
        private long _period; // Stopwatch ticks; 0 for one-shot
        private bool _disposed;

        public long Generation
        {
            get
            {
                lock (_gate)
                {
                    return _generation;
                }
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            long generation;
            long at;
            lock (_gate)
            {
                if (_disposed)
                {
                    return false;
                }
                generation = ++_generation;
                _period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? 0 : ToTicks(period);
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return true;
                }
                at = TimeProvider.System.GetTimestamp() + ToTicks(dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
            }
            owner.Arm(this, generation, at);
            return true;
        }

        // Called by the loop under the dispatcher's lock when an entry of this timer comes due: the next due time for
        // a periodic timer still on this generation, or null.
        public long? TakeDue(long generation, long now)
        {
            lock (_gate)
            {
                return generation == _generation && !_disposed && _period > 0 ? now + _period : null;
            }
        }

        public void Fire()
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }
            }
            callback(state);
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _generation++;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * TimeProvider.System.TimestampFrequency);
    }
}
