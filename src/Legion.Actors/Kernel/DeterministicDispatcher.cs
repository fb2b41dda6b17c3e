namespace Legion.Actors.Kernel;

/// <summary>
/// A dispatcher on which nothing runs until a driving thread calls <see cref="RunOne"/>, <see cref="RunUntilIdle"/>
/// or <see cref="AdvanceAndRun"/>: then ready mailboxes process one message at a time on that thread, the next
/// one chosen with <c>new Random(seed)</c>, so a seed replays the same interleaving (as TigerBeetle's VOPR and
/// FoundationDB's simulator). One instance may be shared by many <see cref="ActorSystem"/>s (a simulated cluster).
/// <see cref="IDispatcher.Schedule"/> is thread-safe (real I/O may tell actors from the thread pool; those messages
/// wait for the next run); the run methods must be called from one driving thread at a time.
/// </summary>
public sealed class DeterministicDispatcher : IDispatcher
{
    private readonly object gate = new();
    private readonly List<IDispatchable> ready = [];
    private readonly Random random;

    /// <summary>Creates the dispatcher.</summary>
    /// <param name="seed">Seeds the choice among ready mailboxes; the same seed gives the same run.</param>
    public DeterministicDispatcher(int seed = 0)
    {
        Seed = seed;
        random = new Random(seed);
    }

    /// <summary>The seed this dispatcher was created with.</summary>
    public int Seed { get; }

    /// <summary>True when no mailbox has work. Thread-safe.</summary>
    public bool IsIdle
    {
        get
        {
            lock (gate)
            {
                return ready.Count == 0;
            }
        }
    }

    /// <inheritdoc/>
    public void Schedule(IDispatchable work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (gate)
        {
            ready.Add(work);
        }
    }

    /// <summary>Processes one message of one ready mailbox, chosen by the seeded random, on the calling thread.</summary>
    /// <returns>False if no mailbox had work.</returns>
    public bool RunOne()
    {
        IDispatchable work;
        lock (gate)
        {
            if (ready.Count == 0)
            {
                return false;
            }

            // Swap-remove keeps the list order a pure function of the seed and the schedule calls.
            var index = random.Next(ready.Count);
            work = ready[index];
            ready[index] = ready[^1];
            ready.RemoveAt(ready.Count - 1);
        }

        if (work.Run(1))
        {
            Schedule(work);
        }

        return true;
    }

    /// <summary>Calls <see cref="RunOne"/> until no mailbox has work or <paramref name="maxSteps"/> is reached.</summary>
    /// <param name="maxSteps">Upper bound on steps, to stop actors that keep messaging each other forever.</param>
    /// <returns>The number of steps (messages) processed.</returns>
    public int RunUntilIdle(int maxSteps = 1_000_000)
    {
        var steps = 0;
        while (steps < maxSteps && RunOne())
        {
            steps++;
        }

        return steps;
    }

    /// <summary>
    /// Moves virtual time forward by <paramref name="by"/> one timer at a time: runs until idle, moves the clock to
    /// the next timer due (never past the target), fires it, runs until idle, and so on; finally the clock is at the
    /// target and everything has run.
    /// </summary>
    /// <param name="clock">The clock the systems' timers are created on.</param>
    /// <param name="by">How far to move; zero or more.</param>
    /// <returns>The number of messages processed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="by"/> is negative.</exception>
    public int AdvanceAndRun(VirtualTimeProvider clock, TimeSpan by)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        var steps = 0;
        RunUntil(clock, clock.GetUtcNow() + by, () => false, ref steps);
        return steps;
    }

    /// <summary>Like <see cref="AdvanceAndRun"/>, but stops early (clock not moved further) once <paramref name="done"/> holds.</summary>
    internal bool RunUntil(VirtualTimeProvider clock, DateTimeOffset deadline, Func<bool> done, ref int steps)
    {
        while (true)
        {
            steps += RunUntilIdle();
            if (done())
            {
                return true;
            }

            if (!clock.FireNextTimer(deadline))
            {
                steps += RunUntilIdle();
                return done();
            }
        }
    }
}
