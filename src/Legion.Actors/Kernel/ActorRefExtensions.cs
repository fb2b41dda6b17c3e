namespace Legion.Actors.Kernel;

/// <summary>Request/response on top of <see cref="IActorRef.Tell"/> (as Akka.NET's <c>Ask</c>).</summary>
public static class ActorRefExtensions
{
    /// <summary>
    /// Tells <paramref name="message"/> with a temporary sender and returns a task completed by the first reply.
    /// Meant for code outside actors (hosts, tests); inside an actor prefer Tell and a reply message, or PipeTo.
    /// Thread-safe.
    /// </summary>
    /// <typeparam name="T">The expected reply type.</typeparam>
    /// <param name="actor">The actor to ask.</param>
    /// <param name="message">The request.</param>
    /// <param name="timeout">
    /// Measured on the actor's system <see cref="TimeProvider"/> (so virtual time applies); default
    /// <see cref="ActorSystemSettings.DefaultAskTimeout"/>, or 5 s for a ref outside any system;
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits forever.
    /// </param>
    /// <param name="ct">Cancels the wait (the task is then cancelled).</param>
    /// <returns>
    /// The reply. Faults with <see cref="AskTimeoutException"/> on timeout, with the cause of a
    /// <see cref="Status.Failure"/> reply, or with <see cref="InvalidCastException"/> for a reply of another type.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="actor"/> or <paramref name="message"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive (nor infinite).</exception>
    public static Task<T> Ask<T>(this IActorRef actor, object message, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(message);
        var system = actor switch
        {
            ActorCell cell => cell.System,
            DeadLetterActorRef deadLetters => deadLetters.System,
            _ => null,
        };
        var wait = timeout ?? system?.Settings.DefaultAskTimeout ?? TimeSpan.FromSeconds(5);
        if (wait <= TimeSpan.Zero && wait != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), wait, "The timeout must be positive or infinite.");
        }

        var promise = new PromiseActorRef<T>(system?.Name ?? "nobody", actor, system?.TimeProvider ?? TimeProvider.System, wait, ct);
        actor.Tell(message, promise);
        return promise.Task;
    }
}
