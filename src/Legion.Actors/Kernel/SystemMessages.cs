namespace Legion.Actors.Kernel;

/// <summary>
/// Sent to every watcher (see <see cref="IActorContext.Watch"/>) after the watched actor has stopped and its
/// <c>PostStop</c> has run. An actor that does not handle it fails with <see cref="DeathPactException"/>.
/// </summary>
/// <param name="ActorRef">The actor that stopped.</param>
public sealed record Terminated(IActorRef ActorRef);

/// <summary>
/// Stops the receiving actor when it is processed, so the messages told before it are handled first and the
/// ones told after it go to dead letters (as Akka.NET's <c>PoisonPill</c>).
/// </summary>
public sealed record PoisonPill
{
    private PoisonPill()
    {
    }

    /// <summary>The only instance.</summary>
    public static PoisonPill Instance { get; } = new();
}

/// <summary>Replies that carry the outcome of an operation (as Akka.NET's <c>Status</c>).</summary>
public static class Status
{
    /// <summary>The operation succeeded.</summary>
    /// <param name="Status">An optional result.</param>
    public sealed record Success(object? Status);

    /// <summary>
    /// The operation failed. As a reply to <see cref="ActorRefExtensions.Ask{T}"/> it faults the task with
    /// <paramref name="Cause"/>.
    /// </summary>
    /// <param name="Cause">Why it failed.</param>
    public sealed record Failure(Exception Cause);
}

/// <summary>Published on the <see cref="EventStream"/> for a message that could not be delivered.</summary>
/// <param name="Message">The undelivered message.</param>
/// <param name="Sender">Who sent it, if known.</param>
/// <param name="Recipient">The stopped (or dead-letters) actor it was addressed to.</param>
public sealed record DeadLetter(object Message, IActorRef? Sender, IActorRef Recipient);

/// <summary>Published on the <see cref="EventStream"/> by the default <c>ActorBase.Unhandled</c>.</summary>
/// <param name="Message">The message no handler accepted.</param>
/// <param name="Sender">Who sent it, if known.</param>
/// <param name="Recipient">The actor that did not handle it.</param>
public sealed record UnhandledMessage(object Message, IActorRef? Sender, IActorRef Recipient);
