namespace Legion.Actors.Kernel;

/// <summary>The temporary ref behind <see cref="ActorRefExtensions.Ask{T}"/>: the first message it is told completes the task.</summary>
internal sealed class PromiseActorRef<T> : IActorRef
{
    private static long counter;
    private readonly TaskCompletionSource<T> promise = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string timeoutMessage;
    private readonly ITimer? timer;
    private readonly CancellationTokenRegistration registration;

    public PromiseActorRef(string systemName, IActorRef target, TimeProvider clock, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Path = $"legion://{systemName}/temp/$ask{Interlocked.Increment(ref counter)}";
        timeoutMessage = $"No reply from {target.Path} within {timeout}.";
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            timer = clock.CreateTimer(static state => ((PromiseActorRef<T>)state!).TimedOut(), this, timeout, Timeout.InfiniteTimeSpan);
        }

        if (cancellationToken.CanBeCanceled)
        {
            registration = cancellationToken.Register(static state => ((PromiseActorRef<T>)state!).Cancelled(), this);
        }
    }

    public string Path { get; }

    public Task<T> Task => promise.Task;

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        _ = message switch
        {
            Status.Failure failure => promise.TrySetException(failure.Cause),
            T reply => promise.TrySetResult(reply),
            _ => promise.TrySetException(new InvalidCastException(
                $"Ask expected a reply of type {typeof(T).Name} but got {message.GetType().Name}.")),
        };
        Release();
    }

    public override string ToString() => Path;

    private void TimedOut()
    {
        promise.TrySetException(new AskTimeoutException(timeoutMessage));
        Release();
    }

    private void Cancelled()
    {
        promise.TrySetCanceled();
        Release();
    }

    private void Release()
    {
        timer?.Dispose();
        registration.Unregister();
    }
}
