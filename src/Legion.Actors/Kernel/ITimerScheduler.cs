namespace Legion.Actors.Kernel;

/// <summary>
/// Keyed timers that send messages to the owning actor itself (as Akka.NET's <c>ITimerScheduler</c>). Starting a
/// timer with a key in use replaces the old timer, and a message of a replaced or cancelled timer is never
/// delivered, even if it was already queued. Every timer is cancelled when the actor stops or restarts. Not
/// thread-safe: call it only from the actor's own message handlers and hooks.
/// </summary>
public interface ITimerScheduler
{
    /// <summary>Sends <paramref name="msg"/> to self once after <paramref name="delay"/>.</summary>
    /// <param name="key">Identifies the timer; compared with <see cref="object.Equals(object)"/>.</param>
    /// <param name="msg">The message.</param>
    /// <param name="delay">Zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    void StartSingleTimer(object key, object msg, TimeSpan delay);

    /// <summary>Sends <paramref name="msg"/> to self every <paramref name="interval"/>, the first after one interval.</summary>
    /// <param name="key">Identifies the timer.</param>
    /// <param name="msg">The message.</param>
    /// <param name="interval">More than zero.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is not positive.</exception>
    void StartPeriodicTimer(object key, object msg, TimeSpan interval);

    /// <summary>Sends <paramref name="msg"/> to self after <paramref name="initialDelay"/>, then every <paramref name="interval"/>.</summary>
    /// <param name="key">Identifies the timer.</param>
    /// <param name="msg">The message.</param>
    /// <param name="initialDelay">Zero or more.</param>
    /// <param name="interval">More than zero.</param>
    /// <exception cref="ArgumentOutOfRangeException">A delay is negative or the interval is not positive.</exception>
    void StartPeriodicTimer(object key, object msg, TimeSpan initialDelay, TimeSpan interval);

    /// <summary>True if a timer with this key is running (a single timer until its message is handled).</summary>
    /// <param name="key">The timer's key.</param>
    /// <returns>Whether the timer is active.</returns>
    bool IsTimerActive(object key);

    /// <summary>Cancels the timer with this key, if any; its queued message is dropped.</summary>
    /// <param name="key">The timer's key.</param>
    void Cancel(object key);

    /// <summary>Cancels every timer of the actor.</summary>
    void CancelAll();
}
