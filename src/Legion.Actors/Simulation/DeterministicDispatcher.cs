using Akka.Actor;
using Akka.Dispatch;
using Legion.Actors.Runtime;

namespace Legion.Actors.Simulation;

/// <summary>
/// The schedule of the legion dispatchers of many ActorSystems (a simulated cluster, a virtual-time test): nothing
/// runs until a driving thread calls <see cref="RunOne"/>, <see cref="RunUntilIdle"/> or <see cref="AdvanceAndRun"/>;
/// then ready mailboxes run one at a time on that thread, the next one chosen with <c>new Random(seed)</c>, so a seed
/// replays the same interleaving (as TigerBeetle's VOPR and FoundationDB's simulator). Each system gets its own
/// runner (<see cref="CreateRunner"/>, given as <see cref="LegionRuntimeSetup.Runner"/>; its dispatcher's throughput
/// should be 1, one message per turn), and one system can be frozen (<see cref="Freeze(IMailboxRunner)"/>) while the
/// others run, as a paused process. Handing work over is thread-safe (real I/O may tell actors from the thread pool;
/// that work waits for the next run); the run methods must be called from one driving thread at a time.
/// </summary>
public sealed class DeterministicDispatcher
{
    private readonly Lock gate = new();
    private readonly List<(IRunnable Work, Runner Owner)> ready = [];
    private readonly Dictionary<Runner, List<(IRunnable Work, Runner Owner)>> frozen = [];
    private readonly HashSet<Runner> retired = [];
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

    /// <summary>
    /// The config of a system scheduled here: one message per mailbox turn, so the seed alone picks the interleaving
    /// of every message, and Akka.NET's own guardians and EventStream unsubscriber run inline on the driving thread
    /// (<see cref="InlineDispatcherConfigurator"/>), so that subscribing to the EventStream or starting a top-level actor
    /// touches the schedule only in the driving thread's order (pass it to <see cref="LegionActorSystem.Create"/>).
    /// </summary>
    public static Akka.Configuration.Config Config { get; } = Akka.Configuration.ConfigurationFactory.ParseString("""
        legion.dispatcher.throughput = 1
        akka.actor.internal-dispatcher {
          type = "Legion.Actors.Simulation.InlineDispatcherConfigurator, Legion.Actors"
          throughput = 2147483647
        }
        """);

    /// <summary>
    /// Ends <paramref name="system"/> as a killed process: nothing of it runs again, and its work, queued or to come, is
    /// dropped. Thread-safe; idempotent.
    /// </summary>
    /// <param name="system">A system whose <see cref="LegionRuntimeSetup.Runner"/> came from <see cref="CreateRunner"/>.</param>
    /// <exception cref="ArgumentException">The system's legion actors do not run on this dispatcher.</exception>
    public void Retire(ActorSystem system)
    {
        var owner = Own(RunnerOf(system));
        lock (gate)
        {
            retired.Add(owner);
            frozen.Remove(owner);
            ready.RemoveAll(item => item.Owner == owner);
        }
    }

    /// <summary>
    /// Terminates <paramref name="system"/> and runs this schedule until it has (its legion actors stop only while the
    /// schedule runs; Akka.NET's own <c>Dispose</c> would wait for ever). Call it from the driving thread.
    /// </summary>
    /// <param name="system">A system whose legion actors run here.</param>
    /// <param name="limit">How long to wait in real time; Akka's guardians run on the thread pool.</param>
    /// <returns>True once terminated; false if <paramref name="limit"/> passed first.</returns>
    public bool Terminate(ActorSystem system, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(system);
        var done = system.Terminate();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!done.IsCompleted && waited.Elapsed < limit)
        {
            RunUntilIdle();
            done.Wait(TimeSpan.FromMilliseconds(1));
        }

        return done.IsCompleted;
    }

    /// <summary>A handle whose <c>Dispose</c> terminates <paramref name="system"/> through <see cref="Terminate"/> (10 s at most).</summary>
    /// <param name="system">A system whose legion actors run here.</param>
    /// <returns>The handle, for a <c>using</c>.</returns>
    public IDisposable Ending(ActorSystem system) => new Ender(this, system);

    /// <summary>A runner for one ActorSystem's legion dispatcher, scheduled here (see the class remarks).</summary>
    /// <returns>The runner; it lives as long as this dispatcher.</returns>
    public IMailboxRunner CreateRunner() => new Runner(this);

    /// <summary>
    /// Freezes every actor of <paramref name="system"/>, as a paused process (SIGSTOP): its mailboxes keep
    /// receiving messages but none is processed until <see cref="Thaw(ActorSystem)"/>. Other systems on this dispatcher run on.
    /// Timers are not affected (they live on the system's clock): their messages queue like any other.
    /// Thread-safe; idempotent.
    /// </summary>
    /// <param name="system">A system whose <see cref="LegionRuntimeSetup.Runner"/> came from <see cref="CreateRunner"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="system"/> is null.</exception>
    /// <exception cref="ArgumentException">The system's legion actors do not run on this dispatcher.</exception>
    public void Freeze(ActorSystem system) => Freeze(RunnerOf(system));

    /// <summary>Freezes the system that <paramref name="runner"/> runs (see <see cref="Freeze(ActorSystem)"/>).</summary>
    /// <param name="runner">A runner made by <see cref="CreateRunner"/>.</param>
    /// <exception cref="ArgumentException">The runner is not one of this dispatcher's.</exception>
    public void Freeze(IMailboxRunner runner)
    {
        var owner = Own(runner);
        lock (gate)
        {
            if (frozen.ContainsKey(owner))
            {
                return;
            }

            frozen.Add(owner, ready.FindAll(item => item.Owner == owner));
            ready.RemoveAll(item => item.Owner == owner);
        }
    }

    /// <summary>
    /// Resumes a system frozen by <see cref="Freeze(ActorSystem)"/>: its mailboxes with work become ready again, in the order
    /// they were scheduled. Thread-safe; does nothing for a system that is not frozen.
    /// </summary>
    /// <param name="system">The frozen system.</param>
    /// <exception cref="ArgumentNullException"><paramref name="system"/> is null.</exception>
    public void Thaw(ActorSystem system) => Thaw(RunnerOf(system));

    /// <summary>Resumes the system that <paramref name="runner"/> runs (see <see cref="Thaw(ActorSystem)"/>).</summary>
    /// <param name="runner">A runner made by <see cref="CreateRunner"/>.</param>
    /// <exception cref="ArgumentException">The runner is not one of this dispatcher's.</exception>
    public void Thaw(IMailboxRunner runner)
    {
        var owner = Own(runner);
        lock (gate)
        {
            if (frozen.Remove(owner, out var parked))
            {
                ready.AddRange(parked);
            }
        }
    }

    /// <summary>True while <paramref name="system"/> is frozen (see <see cref="Freeze(ActorSystem)"/>). Thread-safe.</summary>
    /// <param name="system">Any system.</param>
    /// <returns>Whether it is frozen.</returns>
    public bool IsFrozen(ActorSystem system)
    {
        var owner = Own(RunnerOf(system));
        lock (gate)
        {
            return frozen.ContainsKey(owner);
        }
    }

    /// <summary>Processes one message of one ready mailbox, chosen by the seeded random, on the calling thread.</summary>
    /// <returns>False if no mailbox had work.</returns>
    public bool RunOne()
    {
        IRunnable work;
        lock (gate)
        {
            if (ready.Count == 0)
            {
                return false;
            }

            // Swap-remove keeps the list order a pure function of the seed and the schedule calls.
            var index = random.Next(ready.Count);
            work = ready[index].Work;
            ready[index] = ready[^1];
            ready.RemoveAt(ready.Count - 1);
        }

        // The mailbox processes its system messages and (throughput 1) one message, and hands itself back if more wait.
        work.Run();
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

    private static IMailboxRunner RunnerOf(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return LegionRuntime.Get(system).Runner
            ?? throw new ArgumentException($"The legion actors of {system.Name} do not run on a deterministic dispatcher.", nameof(system));
    }

    private Runner Own(IMailboxRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return runner is Runner own && own.Dispatcher == this
            ? own
            : throw new ArgumentException("The runner was not made by this dispatcher.", nameof(runner));
    }

    private void Enqueue(IRunnable work, Runner owner)
    {
        lock (gate)
        {
            if (retired.Count > 0 && retired.Contains(owner))
            {
                return;
            }

            if (frozen.Count > 0 && frozen.TryGetValue(owner, out var parked))
            {
                parked.Add((work, owner));
                return;
            }

            ready.Add((work, owner));
        }
    }

    private sealed class Ender(DeterministicDispatcher dispatcher, ActorSystem system) : IDisposable
    {
        public void Dispose() => dispatcher.Terminate(system, TimeSpan.FromSeconds(10));
    }

    private sealed class Runner(DeterministicDispatcher dispatcher) : IMailboxRunner
    {
        public DeterministicDispatcher Dispatcher => dispatcher;

        public void Execute(IRunnable run)
        {
            ArgumentNullException.ThrowIfNull(run);
            dispatcher.Enqueue(run, this);
        }
    }
}
