namespace Legion.Actors.Kernel;

/// <summary>
/// The <see cref="ITimerScheduler"/> of one cell. A timer tells the cell a <see cref="TimerMessage"/> stamped with
/// a generation; the cell delivers it only if that generation is still the key's current one, which is how a
/// replaced or cancelled timer's already-queued message is suppressed.
/// </summary>
internal sealed class ActorTimers(ActorCell cell) : ITimerScheduler
{
    private readonly Dictionary<object, (long Generation, ITimer Timer, bool Periodic)> timers = [];
    private long generation;

    public void StartSingleTimer(object key, object msg, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Start(key, msg, delay, Timeout.InfiniteTimeSpan);
    }

    public void StartPeriodicTimer(object key, object msg, TimeSpan interval) => StartPeriodicTimer(key, msg, interval, interval);

    public void StartPeriodicTimer(object key, object msg, TimeSpan initialDelay, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initialDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Start(key, msg, initialDelay, interval);
    }

    public bool IsTimerActive(object key) => timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (timers.Remove(key, out var timer))
        {
            timer.Timer.Dispose();
        }
    }

    public void CancelAll()
    {
        foreach (var timer in timers.Values)
        {
            timer.Timer.Dispose();
        }

        timers.Clear();
    }

    /// <summary>True if the message belongs to the key's current timer; a single timer is then finished.</summary>
    public bool Accept(TimerMessage message)
    {
        if (!timers.TryGetValue(message.Key, out var timer) || timer.Generation != message.Generation)
        {
            return false;
        }

        if (!timer.Periodic)
        {
            Cancel(message.Key);
        }

        return true;
    }

    private void Start(object key, object msg, TimeSpan due, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(msg);
        Cancel(key);
        var message = new TimerMessage(key, ++generation, msg);
        var timer = cell.System.TimeProvider.CreateTimer(
            static state =>
            {
                var (target, tick) = ((ActorCell, TimerMessage))state!;
                target.Tell(tick);
            },
            (cell, message),
            due,
            period);
        timers[key] = (message.Generation, timer, period != Timeout.InfiniteTimeSpan);
    }
}
