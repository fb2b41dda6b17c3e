namespace Legion.Actors.Kernel;

/// <summary>
/// Work an <see cref="IDispatcher"/> runs: in practice an actor's mailbox. Implemented by the kernel.
/// </summary>
public interface IDispatchable
{
    /// <summary>
    /// Processes at most <paramref name="maxMessages"/> queued messages on the calling thread. Never throws for a
    /// failing actor (failures go to its supervisor).
    /// </summary>
    /// <param name="maxMessages">The throughput of this turn; one or more.</param>
    /// <returns>
    /// True when more work is ready: the dispatcher must then run it again later (the work stays scheduled and
    /// will not call <see cref="IDispatcher.Schedule"/> itself); false when it went idle.
    /// </returns>
    bool Run(int maxMessages);
}
