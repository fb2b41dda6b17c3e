namespace Legion.Actors.Kernel;

/// <summary>
/// Sends messages later (as Akka.NET's <c>IScheduler</c>). Built on the system's <see cref="TimeProvider"/>
/// (<c>TimeProvider.CreateTimer</c>), so a virtual clock drives it. Thread-safe. Scheduled work still pending when
/// the system terminates is cancelled.
/// </summary>
public interface IScheduler
{
    /// <summary>Tells <paramref name="message"/> to <paramref name="receiver"/> once, after <paramref name="delay"/>.</summary>
    /// <param name="delay">How long to wait; zero or more.</param>
    /// <param name="receiver">Who gets the message.</param>
    /// <param name="message">The message.</param>
    /// <param name="sender">The sender the receiver sees; none by default.</param>
    /// <returns>A handle that cancels the delivery.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="receiver"/> or <paramref name="message"/> is null.</exception>
    ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender = null);

    /// <summary>
    /// Tells <paramref name="message"/> to <paramref name="receiver"/> after <paramref name="initialDelay"/>, then
    /// every <paramref name="interval"/> until cancelled.
    /// </summary>
    /// <param name="initialDelay">Wait before the first delivery; zero or more.</param>
    /// <param name="interval">Time between deliveries; more than zero.</param>
    /// <param name="receiver">Who gets the message.</param>
    /// <param name="message">The message.</param>
    /// <param name="sender">The sender the receiver sees; none by default.</param>
    /// <returns>A handle that stops the deliveries.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A delay is negative or the interval is not positive.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="receiver"/> or <paramref name="message"/> is null.</exception>
    ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender = null);
}
