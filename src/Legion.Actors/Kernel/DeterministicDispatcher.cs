namespace Legion.Actors.Kernel;

/// <summary>
/// A dispatcher on which nothing runs until a driving thread calls <see cref="RunOne"/>, <see cref="RunUntilIdle"/>
/// or <see cref="AdvanceAndRun"/>: then ready mailboxes process one message at a time on that thread, the next
/// one chosen with <c>new Random(seed)</c>, so a seed replays the same interleaving (as TigerBeetle's VOPR and
/// FoundationDB's simulator). One instance may be shared by many <see cref="ActorSystem"/>s (a simulated cluster),
/// and one of them can be frozen (<see cref="Freeze"/>) while the others run, as a paused process.
/// <see cref="IDispatcher.Schedule"/> is thread-safe (real I/O may tell actors from the thread pool; those messages
/// wait for the next run); the run methods must be called from one driving thread at a time.
/// </summary>
public sealed class DeterministicDispatcher : IDispatcher
{
    private readonly Lock gate = new();
    private readonly List<IDispatchable> ready = [];
    private readonly Dictionary<ActorSystem, List<IDispatchable>> frozen = [];
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
            if (frozen.Count > 0 && work is ActorCell cell && frozen.TryGetValue(cell.System, out var parked))
            {
                parked.Add(work);
                return;
            }

            ready.Add(work);
        }
    }

    /// <summary>
    /// Freezes every actor of <paramref name="system"/>, as a paused process (SIGSTOP): its mailboxes keep
    /// receiving messages but none is processed until <see cref="Thaw"/>. Other systems on this dispatcher run on.
    /// Timers are not affected (they live on the system's clock): their messages queue like any other.
    /// Thread-safe; idempotent.
    /// </summary>
    /// <param name="system">A system whose <see cref="ActorSystemSettings.Dispatcher"/> is this dispatcher.</param>
    /// <exception cref="ArgumentNullException"><paramref name="system"/> is null.</exception>
    public void Freeze(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        lock (gate)
        {
            if (frozen.ContainsKey(system))
            {
                return;
            }

            var parked = new List<IDispatchable>();
            for (var i = 0; i < ready.Count; i++)
            {
                if (ready[i] is ActorCell cell && cell.System == system)
                {
                    parked.Add(ready[i]);
                }
            }

            ready.RemoveAll(work => work is ActorCell cell && cell.System == system);
            frozen.Add(system, parked);
        }
    }

    /// <summary>
    /// Resumes a system frozen by <see cref="Freeze"/>: its mailboxes with work become ready again, in the order
    /// they were scheduled. Thread-safe; does nothing for a system that is not frozen.
    /// </summary>
    /// <param name="system">The frozen system.</param>
    /// <exception cref="ArgumentNullException"><paramref name="system"/> is null.</exception>
    public void Thaw(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        lock (gate)
        {
            if (frozen.Remove(system, out var parked))
            {
                ready.AddRange(parked);
            }
        }
    }

    /// <summary>True while <paramref name="system"/> is frozen (see <see cref="Freeze"/>). Thread-safe.</summary>
    /// <param name="system">Any system.</param>
    /// <returns>Whether it is frozen.</returns>
    public bool IsFrozen(ActorSystem system)
    {
        lock (gate)
        {
            return frozen.ContainsKey(system);
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

    /// <summary>
    /// Like <see cref="AdvanceAndRun"/>, but toward an absolute <paramref name="deadline"/>, and stopping early, with
    /// the clock not moved further, as soon as <paramref name="done"/> holds. <paramref name="done"/> is checked
    /// whenever no mailbox has work: before the first timer, and after each timer's messages have run.
    /// </summary>
    /// <param name="clock">The clock the systems' timers are created on (or wrap).</param>
    /// <param name="deadline">The latest time to move the clock to; a past deadline only runs what is ready.</param>
    /// <param name="done">The stop condition; called on this thread.</param>
    /// <returns>True if <paramref name="done"/> held (at the clock's current time); false if the deadline came first.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="clock"/> or <paramref name="done"/> is null.</exception>
    public bool RunUntil(VirtualTimeProvider clock, DateTimeOffset deadline, Func<bool> done)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(done);
        var steps = 0;
        return RunUntil(clock, deadline, done, ref steps);
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
