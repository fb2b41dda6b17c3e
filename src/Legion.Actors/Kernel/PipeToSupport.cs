namespace Legion.Actors.Kernel;

/// <summary>
/// Sends the outcome of a task to an actor as a message (as Akka.NET's <c>PipeToSupport</c>): the way an actor
/// does async work without blocking its mailbox or touching its state from another thread.
/// </summary>
public static class PipeToSupport
{
    /// <summary>
    /// When <paramref name="task"/> completes, tells <paramref name="recipient"/> its result (or
    /// <paramref name="success"/> of it); when it faults or is cancelled, tells <paramref name="failure"/> of the
    /// exception, by default <c>new Status.Failure(exception)</c>. A single inner exception is unwrapped from the
    /// <see cref="AggregateException"/>; cancellation is a <see cref="TaskCanceledException"/>.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="task">The work.</param>
    /// <param name="recipient">Who gets the outcome.</param>
    /// <param name="sender">The sender the recipient sees; none by default.</param>
    /// <param name="success">Maps the result to the message; default: the result itself.</param>
    /// <param name="failure">Maps the exception to the message; default: <see cref="Status.Failure"/>.</param>
    /// <returns>A task that completes after the message was told; it faults only if a mapper threw or produced null.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> or <paramref name="recipient"/> is null.</exception>
    public static Task PipeTo<T>(this Task<T> task, IActorRef recipient, IActorRef? sender = null, Func<T, object>? success = null, Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        return task.ContinueWith(
            done => recipient.Tell(
                done.IsCompletedSuccessfully
                    ? (success is null ? done.Result! : success(done.Result))
                    : Fault(done, failure),
                sender),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>
    /// When <paramref name="task"/> completes, tells <paramref name="recipient"/> <paramref name="success"/>()
    /// (nothing when it is null, as Akka.NET); when it faults or is cancelled, tells <paramref name="failure"/> of
    /// the exception, by default <c>new Status.Failure(exception)</c>.
    /// </summary>
    /// <param name="task">The work.</param>
    /// <param name="recipient">Who gets the outcome.</param>
    /// <param name="sender">The sender the recipient sees; none by default.</param>
    /// <param name="success">Produces the success message; null sends nothing on success.</param>
    /// <param name="failure">Maps the exception to the message; default: <see cref="Status.Failure"/>.</param>
    /// <returns>A task that completes after the message was told; it faults only if a mapper threw or produced null.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> or <paramref name="recipient"/> is null.</exception>
    public static Task PipeTo(this Task task, IActorRef recipient, IActorRef? sender = null, Func<object>? success = null, Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        return task.ContinueWith(
            done =>
            {
                if (!done.IsCompletedSuccessfully)
                {
                    recipient.Tell(Fault(done, failure), sender);
                }
                else if (success is not null)
                {
                    recipient.Tell(success(), sender);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static object Fault(Task done, Func<Exception, object>? failure)
    {
        Exception cause = done.IsCanceled
            ? new TaskCanceledException(done)
            : done.Exception!.InnerExceptions.Count == 1 ? done.Exception.InnerException! : done.Exception!;
        return failure is null ? new Status.Failure(cause) : failure(cause);
    }
}
