using Microsoft.Extensions.Logging;

namespace Legion.Actors.Kernel;

/// <summary>
/// The actor's view of itself and the kernel (as Akka.NET's <c>IActorContext</c>). Not thread-safe: use it only
/// from the actor's constructor, hooks and message handlers, never from a task continuation (use
/// <see cref="PipeToSupport"/> instead).
/// </summary>
public interface IActorContext
{
    /// <summary>This actor's ref.</summary>
    IActorRef Self { get; }

    /// <summary>The sender of the message being processed; <see cref="ActorSystem.DeadLetters"/> when there is none.</summary>
    IActorRef Sender { get; }

    /// <summary>The supervisor; the user guardian for top-level actors.</summary>
    IActorRef Parent { get; }

    /// <summary>The system this actor belongs to.</summary>
    ActorSystem System { get; }

    /// <summary>
    /// A logger whose category is the actor type's full name; every entry carries the actor's path in an
    /// <c>ActorPath</c> scope property.
    /// </summary>
    ILogger Log { get; }

    /// <summary>The system's clock (<see cref="ActorSystem.TimeProvider"/>); actors read time only from it.</summary>
    TimeProvider TimeProvider { get; }

    /// <summary>This actor's children, including ones that are stopping; a snapshot.</summary>
    IEnumerable<IActorRef> Children { get; }

    /// <summary>Creates and starts a child; it is constructed asynchronously, on its own mailbox.</summary>
    /// <param name="props">The recipe.</param>
    /// <param name="name">
    /// Unique among this actor's live children; no '/' and not starting with '$'. Null generates <c>$a</c>,
    /// <c>$b</c>, ...
    /// </param>
    /// <returns>The child's ref, usable at once.</returns>
    /// <exception cref="ArgumentException">The name is invalid or taken (a stopping child still holds its name).</exception>
    /// <exception cref="InvalidOperationException">This actor is stopping.</exception>
    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>
    /// Stops a child (its children first) or, given <see cref="Self"/>, this actor once the current message is
    /// handled. Asynchronous: watch the actor to learn when it has stopped.
    /// </summary>
    /// <param name="child">A child, or self.</param>
    void Stop(IActorRef child);

    /// <summary>
    /// Asks to receive <see cref="Terminated"/> when <paramref name="subject"/> stops; at once if it already has.
    /// Watching twice is the same as once.
    /// </summary>
    /// <param name="subject">The actor to watch.</param>
    /// <returns><paramref name="subject"/>.</returns>
    IActorRef Watch(IActorRef subject);

    /// <summary>Stops watching; no <see cref="Terminated"/> for <paramref name="subject"/> is delivered afterwards.</summary>
    /// <param name="subject">The watched actor.</param>
    /// <returns><paramref name="subject"/>.</returns>
    IActorRef Unwatch(IActorRef subject);

    /// <summary>The child with this name, or null.</summary>
    /// <param name="name">The child's name.</param>
    /// <returns>The child's ref or null.</returns>
    IActorRef? Child(string name);
}
