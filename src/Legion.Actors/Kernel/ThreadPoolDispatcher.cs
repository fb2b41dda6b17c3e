namespace Legion.Actors.Kernel;

/// <summary>
/// Runs mailboxes on the .NET thread pool: each turn processes up to <see cref="Throughput"/> messages of one
/// mailbox, then yields the thread so other actors get a turn. Thread-safe; one instance can serve many systems.
/// </summary>
public sealed class ThreadPoolDispatcher : IDispatcher
{
    /// <summary>Creates the dispatcher.</summary>
    /// <param name="throughput">Messages per mailbox turn; default 30 (as Akka.NET's default dispatcher).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="throughput"/> is less than one.</exception>
    public ThreadPoolDispatcher(int throughput = 30)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(throughput, 1);
        Throughput = throughput;
    }

    /// <summary>Messages one mailbox processes per turn.</summary>
    public int Throughput { get; }

    /// <inheritdoc/>
    public void Schedule(IDispatchable work)
    {
        ArgumentNullException.ThrowIfNull(work);
        ThreadPool.UnsafeQueueUserWorkItem(
            static state =>
            {
                if (state.work.Run(state.self.Throughput))
                {
                    state.self.Schedule(state.work);
                }
            },
            (self: this, work),
            preferLocal: false);
    }
}
