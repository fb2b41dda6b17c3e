namespace Legion.Actors.Kernel;

/// <summary>
/// Decides where and when mailboxes run (as Akka.NET's dispatchers). A mailbox calls <see cref="Schedule"/> when
/// it goes from idle to having work and is never scheduled twice at once, so it never runs concurrently with
/// itself. Implementations: <see cref="ThreadPoolDispatcher"/> (production) and <see cref="DeterministicDispatcher"/>
/// (tests and simulations).
/// </summary>
public interface IDispatcher
{
    /// <summary>
    /// Arranges for <see cref="IDispatchable.Run"/> to be called, and called again while it returns true. Must be
    /// thread-safe: any thread, including thread-pool I/O completions, may tell an actor.
    /// </summary>
    /// <param name="work">The mailbox with work.</param>
    void Schedule(IDispatchable work);
}
