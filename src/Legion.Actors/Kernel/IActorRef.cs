namespace Legion.Actors.Kernel;

/// <summary>
/// An immutable, thread-safe handle to an actor (as Akka.NET's <c>IActorRef</c>). Two refs are equal only
/// when they are the same object: an actor that stops and is created again under the same name gets a new ref,
/// and the old one keeps pointing at the dead incarnation (its messages go to dead letters).
/// </summary>
public interface IActorRef
{
    /// <summary>
    /// The actor's address, <c>legion://&lt;system&gt;/user/&lt;parent&gt;/&lt;name&gt;</c>
    /// (for example <c>legion://legion/user/legions/legion-web/udp</c>); for display and logs, not for lookups.
    /// </summary>
    string Path { get; }

    /// <summary>
    /// Enqueues <paramref name="message"/> for the actor and returns at once (fire and forget). Messages from one
    /// sender arrive in the order they were told. Thread-safe; may be called from any thread. When the actor is
    /// stopped the message is published on the event stream as a <see cref="DeadLetter"/>.
    /// </summary>
    /// <param name="message">The message; should be immutable.</param>
    /// <param name="sender">What the receiver sees as <c>Sender</c>; <see langword="null"/> (the default) means no
    /// sender, and replies then go to dead letters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    void Tell(object message, IActorRef? sender = null);
}
