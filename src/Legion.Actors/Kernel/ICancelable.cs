namespace Legion.Actors.Kernel;

/// <summary>A handle to scheduled work that can be cancelled (as Akka.NET's <c>ICancelable</c>). Thread-safe.</summary>
public interface ICancelable
{
    /// <summary>True once <see cref="Cancel"/> was called.</summary>
    bool IsCancellationRequested { get; }

    /// <summary>
    /// Stops the scheduled work: no later delivery happens. A message already delivered to a mailbox stays there.
    /// Idempotent.
    /// </summary>
    void Cancel();
}
