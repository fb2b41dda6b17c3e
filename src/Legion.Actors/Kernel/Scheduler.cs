using System.Collections.Concurrent;

namespace Legion.Actors.Kernel;

/// <summary>The system's <see cref="IScheduler"/>: one <see cref="TimeProvider"/> timer per scheduled tell.</summary>
internal sealed class Scheduler(TimeProvider clock) : IScheduler
{
    private readonly ConcurrentDictionary<ScheduledTell, byte> active = new();

    public ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return Start(delay, Timeout.InfiniteTimeSpan, receiver, message, sender);
    }

    public ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initialDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return Start(initialDelay, interval, receiver, message, sender);
    }

    /// <summary>Cancels everything still scheduled; called when the system has terminated.</summary>
    public void CancelAll()
    {
        foreach (var tell in active.Keys)
        {
            tell.Cancel();
        }
    }

    private ScheduledTell Start(TimeSpan due, TimeSpan period, IActorRef receiver, object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        var tell = new ScheduledTell(this, receiver, message, sender, period == Timeout.InfiniteTimeSpan);
        active[tell] = 0;

        // Created unarmed and armed after the field is set, so a zero delay cannot fire before Cancel works.
        tell.Timer = clock.CreateTimer(static state => ((ScheduledTell)state!).Fire(), tell, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        tell.Timer.Change(due, period);
        if (tell.IsCancellationRequested)
        {
            tell.Cancel(); // CancelAll raced with this call
        }

        return tell;
    }

    private sealed class ScheduledTell(Scheduler owner, IActorRef receiver, object message, IActorRef? sender, bool once) : ICancelable
    {
        private volatile bool cancelled;

        public ITimer? Timer { get; set; }

        public bool IsCancellationRequested => cancelled;

        public void Cancel()
        {
            cancelled = true;
            Release();
        }

        public void Fire()
        {
            if (cancelled)
            {
                return;
            }

            receiver.Tell(message, sender);
            if (once)
            {
                Release();
            }
        }

        private void Release()
        {
            Timer?.Dispose();
            owner.active.TryRemove(this, out _);
        }
    }
}
