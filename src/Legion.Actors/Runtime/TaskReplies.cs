using Akka.Actor;

namespace Legion.Actors.Runtime;

/// <summary>
/// Tells an actor how a task ended, on the thread that ends it (at once for a task already finished). Akka.NET's
/// <c>PipeTo</c> awaits the task and may continue on the thread pool; under virtual time that lands the reply at a
/// moment the seed does not decide, so the legion's actors reply through this instead.
/// </summary>
internal static class TaskReplies
{
    /// <summary>Tells <paramref name="recipient"/> <paramref name="success"/>(result) or <paramref name="failure"/>(exception) when <paramref name="task"/> ends.</summary>
    /// <typeparam name="T">The task's result type.</typeparam>
    /// <param name="task">The task.</param>
    /// <param name="recipient">Who is told.</param>
    /// <param name="success">The message for a result.</param>
    /// <param name="failure">The message for a fault or a cancellation (<see cref="TaskCanceledException"/>); the single inner exception of a fault.</param>
    public static void TellWhenDone<T>(this Task<T> task, IActorRef recipient, Func<T, object> success, Func<Exception, object> failure)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(success);
        ArgumentNullException.ThrowIfNull(failure);
        task.ContinueWith(
            done => recipient.Tell(done.IsCompletedSuccessfully ? success(done.Result) : failure(Cause(done)), ActorRefs.NoSender),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static Exception Cause(Task done) =>
        done.IsCanceled ? new TaskCanceledException(done)
        : done.Exception!.InnerExceptions.Count == 1 ? done.Exception.InnerException! : done.Exception;
}
