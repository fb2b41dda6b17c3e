using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Legion.Actors.Actors;
using Legion.Actors.Model;
using Legion.Actors.Simulation;
using Xunit.Abstractions;

namespace Legion.Actors.TestKit;

/// <summary>
/// A base class for xunit tests of code that depends on who is Lord, on Akka.TestKit.Xunit2's <c>TestKit</c>: each test
/// gets a fresh <see cref="LegionSimulation"/> (<see cref="Sim"/>) in virtual time, where your lord-only actors
/// (<see cref="SimulatedNodeOptions.LordOnlyActors"/>) and EventStream subscribers
/// (<see cref="SimulatedNodeOptions.Subscribers"/>) run inside every simulated node; a default event probe that hears
/// every node's legion events (<see cref="ExpectEvent"/>); Lord assertions (<see cref="AwaitLord(string, TimeSpan?)"/>,
/// <see cref="AssertSingleLord"/>); lord-only actor assertions (<see cref="AwaitLordOnlyActor"/>,
/// <see cref="AssertLordOnlyActorOnSingleNode"/>, <see cref="ExpectLordOnlyActorNeverOnTwoNodes"/>); and expectations of messages to Akka test probes in simulated time
/// (<see cref="ExpectSimulatedMsg{T}"/>). Everything else of Akka's <c>TestKit</c> (<c>Sys</c>, <c>TestActor</c>,
/// <c>CreateTestProbe</c>, <c>ExpectMsg</c>) is there as usual, on real time.
/// </summary>
/// <remarks>
/// <para>
/// Time: nothing here sleeps. A wait runs the simulation, on the test's thread, until its condition holds or its
/// simulated deadline passes (<see cref="DefaultSimulatedTimeout"/>, 60 s, unless given); a minute of legion life takes
/// milliseconds. Your actors in the nodes report to <c>TestActor</c> or a <c>TestProbe</c> of <c>Sys</c>: those run on
/// Akka.TestKit's calling-thread dispatcher, so a message told during the simulation is in the probe's queue when the
/// run returns, and <see cref="ExpectSimulatedMsg{T}"/> waits for it in simulated time.
/// </para>
/// <para>
/// Reproducible: the seed is <c>seed</c> when given, else the <c>LEGION_SEED</c> environment variable, else
/// <see cref="DefaultSeed"/>. Every failure (a <see cref="LegionAssertionException"/>, or the simulation's
/// <see cref="SimulationInvariantException"/>) names the seed and the simulated time, so <c>LEGION_SEED=N dotnet test
/// --filter ...</c> replays a test that takes its seed from the environment. Use from the test's thread only.
/// </para>
/// </remarks>
public abstract class LegionTestKit : Akka.TestKit.Xunit2.TestKit
{
    /// <summary>The seed when neither the constructor nor <c>LEGION_SEED</c> gives one: 1.</summary>
    public const int DefaultSeed = 1;

    private readonly LegionEventProbe _events;

    /// <summary>Creates Akka's test system (<c>Sys</c>), the simulation and the default event probe.</summary>
    /// <param name="seed">The simulation's seed; null for <c>LEGION_SEED</c> or <see cref="DefaultSeed"/>.</param>
    /// <param name="options">How the simulation runs; null for the defaults (real codec, invariants checked).</param>
    /// <param name="output">xunit's output, where Akka's test system logs; null for none.</param>
    /// <param name="config">Config of Akka's test system (<c>Sys</c>), not of the simulated nodes; null for Akka.TestKit's default.</param>
    /// <exception cref="FormatException"><c>LEGION_SEED</c> is set but is not an integer.</exception>
    protected LegionTestKit(int? seed = null, LegionSimulationOptions? options = null, ITestOutputHelper? output = null, Config? config = null)
        : base(config, nameof(LegionTestKit), output)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("LEGION_SEED");
        Seed = seed ?? (string.IsNullOrEmpty(fromEnvironment) ? DefaultSeed : int.Parse(fromEnvironment, CultureInfo.InvariantCulture));
        Sim = new LegionSimulation(Seed, options);
        _events = new LegionEventProbe(Sim, name: "testkit");
    }

    /// <summary>The simulation under test.</summary>
    protected LegionSimulation Sim { get; }

    /// <summary>The seed of <see cref="Sim"/>.</summary>
    protected int Seed { get; }

    /// <summary>How long the waits and expectations here run by default: 60 s of simulated time.</summary>
    protected virtual TimeSpan DefaultSimulatedTimeout => LegionEventProbe.DefaultTimeout;

    /// <summary>Creates an event probe that hears only <paramref name="nodes"/> (all nodes when none are given).</summary>
    /// <param name="nodes">The nodes to listen to.</param>
    /// <returns>The probe; dispose it to stop receiving (it stops anyway with the simulation).</returns>
    protected LegionEventProbe CreateEventProbe(params SimulatedNode[] nodes) =>
        nodes.Length == 0 ? new LegionEventProbe(Sim) : new LegionEventProbe(Sim, nodes.Contains, $"probe of {string.Join(' ', nodes.Select(n => n.Name))}");

    /// <summary>
    /// Expects, on the default event probe, an event of kind <paramref name="legionEvent"/> from <paramref name="node"/>,
    /// skipping the other events before it.
    /// </summary>
    /// <param name="node">The node; null for any node.</param>
    /// <param name="legionEvent">The event.</param>
    /// <param name="within">Simulated time to wait; default <see cref="DefaultSimulatedTimeout"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="LegionAssertionException">It did not come in time.</exception>
    protected SimulatedEvent ExpectEvent(SimulatedNode? node, LegionEvent legionEvent, TimeSpan? within = null) =>
        _events.ExpectEvent(legionEvent, node, within ?? DefaultSimulatedTimeout);

    /// <summary>Runs for <paramref name="duration"/> and fails if <paramref name="node"/> (any node when null) fires <paramref name="legionEvent"/>.</summary>
    /// <param name="node">The node; null for any node.</param>
    /// <param name="legionEvent">The event that must not happen.</param>
    /// <param name="duration">Simulated time to watch.</param>
    /// <exception cref="LegionAssertionException">It happened; the simulation stops at that moment.</exception>
    protected void ExpectNoEvent(SimulatedNode? node, LegionEvent legionEvent, TimeSpan duration) =>
        _events.ExpectNoEvent(legionEvent, duration, node);

    /// <summary>Runs the simulation until <paramref name="legion"/> has exactly one Lord, and returns it.</summary>
    /// <param name="legion">The legion.</param>
    /// <param name="within">Simulated time to wait; default <see cref="DefaultSimulatedTimeout"/>.</param>
    /// <returns>The Lord.</returns>
    /// <exception cref="LegionAssertionException">No single Lord in time (the message lists the Lords then).</exception>
    protected SimulatedNode AwaitLord(string legion, TimeSpan? within = null)
    {
        var wait = within ?? DefaultSimulatedTimeout;
        if (!Sim.RunUntil(() => Sim.Lords(legion).Count == 1, wait))
        {
            throw Fail($"legion {legion} has no single Lord after {wait:c}: {DescribeLords(legion)}");
        }

        return Sim.Lords(legion)[0];
    }

    /// <summary>Runs the simulation until <paramref name="node"/> is the only Lord of its legion.</summary>
    /// <param name="node">The node expected to rule.</param>
    /// <param name="within">Simulated time to wait; default <see cref="DefaultSimulatedTimeout"/>.</param>
    /// <exception cref="LegionAssertionException">It did not happen in time.</exception>
    protected void AwaitLord(SimulatedNode node, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        var wait = within ?? DefaultSimulatedTimeout;
        if (!Sim.RunUntil(() => Sim.Lords(node.Legion) is [var only] && only == node, wait))
        {
            throw Fail($"{node.Name} is not the only Lord of {node.Legion} after {wait:c}: {DescribeLords(node.Legion)}");
        }
    }

    /// <summary>Asserts that <paramref name="legion"/> has exactly one Lord now, and returns it.</summary>
    /// <param name="legion">The legion.</param>
    /// <returns>The Lord.</returns>
    /// <exception cref="LegionAssertionException">It has none, or several.</exception>
    protected SimulatedNode AssertSingleLord(string legion) =>
        Sim.Lords(legion) is [var only] ? only : throw Fail($"legion {legion} should have a single Lord: {DescribeLords(legion)}");

    /// <summary>Asserts that <paramref name="legion"/> has no Lord now.</summary>
    /// <param name="legion">The legion.</param>
    /// <exception cref="LegionAssertionException">It has one or more.</exception>
    protected void AssertNoLord(string legion)
    {
        if (Sim.Lords(legion).Count > 0)
        {
            throw Fail($"legion {legion} should have no Lord: {DescribeLords(legion)}");
        }
    }

    /// <summary>
    /// The nodes of <paramref name="actor"/>'s legion on which that lord-only actor exists now: started and not yet
    /// terminated (one told its termination message and still finishing counts), on a running or frozen node. Reads the
    /// nodes' actor trees without running the simulation.
    /// </summary>
    /// <param name="actor">A lord-only actor given to the nodes in <see cref="SimulatedNodeOptions.LordOnlyActors"/>.</param>
    /// <returns>The nodes, in node order; empty when it runs nowhere.</returns>
    protected IReadOnlyList<SimulatedNode> NodesRunning(LordOnlyActorSpec actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return Sim.Nodes.Where(n => n.Legion == actor.Legion && n.IsAlive && Runs(n, actor)).ToList();
    }

    /// <summary>
    /// Runs the simulation until <paramref name="actor"/> exists on exactly one node (on <paramref name="on"/>, when
    /// given), and returns that node.
    /// </summary>
    /// <param name="actor">A lord-only actor given to the nodes in <see cref="SimulatedNodeOptions.LordOnlyActors"/>.</param>
    /// <param name="on">The node it must run on; null for any one node.</param>
    /// <param name="within">Simulated time to wait; default <see cref="DefaultSimulatedTimeout"/>.</param>
    /// <returns>The node it runs on.</returns>
    /// <exception cref="LegionAssertionException">It did not happen in time (the message lists where it runs then).</exception>
    protected SimulatedNode AwaitLordOnlyActor(LordOnlyActorSpec actor, SimulatedNode? on = null, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var wait = within ?? DefaultSimulatedTimeout;
        if (!Sim.RunUntil(() => NodesRunning(actor) is [var only] && (on is null || only == on), wait))
        {
            var where = on is null ? "a single node" : on.Name + " alone";
            throw Fail($"lord-only actor {actor.Name} of {actor.Legion} does not run on {where} after {wait:c}: {DescribeRunning(actor)}");
        }

        return NodesRunning(actor)[0];
    }

    /// <summary>Asserts that <paramref name="actor"/> exists on exactly one node now, and returns it.</summary>
    /// <param name="actor">A lord-only actor given to the nodes in <see cref="SimulatedNodeOptions.LordOnlyActors"/>.</param>
    /// <returns>The node it runs on.</returns>
    /// <exception cref="LegionAssertionException">It runs nowhere, or on several nodes.</exception>
    protected SimulatedNode AssertLordOnlyActorOnSingleNode(LordOnlyActorSpec actor) =>
        NodesRunning(actor) is [var only] ? only : throw Fail($"lord-only actor {actor.Name} of {actor.Legion} should run on a single node: {DescribeRunning(actor)}");

    /// <summary>
    /// Runs the simulation for <paramref name="duration"/> and fails at the first moment <paramref name="actor"/> exists
    /// on two nodes at once (checked whenever every actor is idle: after each message and each timer's work).
    /// </summary>
    /// <param name="actor">A lord-only actor given to the nodes in <see cref="SimulatedNodeOptions.LordOnlyActors"/>.</param>
    /// <param name="duration">Simulated time to watch.</param>
    /// <exception cref="LegionAssertionException">It ran on two or more nodes; the simulation stops at that moment.</exception>
    protected void ExpectLordOnlyActorNeverOnTwoNodes(LordOnlyActorSpec actor, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (NodesRunning(actor).Count > 1 || Sim.RunUntil(() => NodesRunning(actor).Count > 1, duration))
        {
            throw Fail($"lord-only actor {actor.Name} of {actor.Legion} runs on two nodes at once: {DescribeRunning(actor)}");
        }
    }

    /// <summary>
    /// Runs the simulation until <paramref name="probe"/> (<c>TestActor</c> when null) holds a message of type
    /// <typeparamref name="T"/> for which <paramref name="isMessage"/> holds, and returns it; messages before it that
    /// do not match are dropped (as Akka's <c>FishForMessage</c>). Messages already queued count.
    /// </summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="isMessage">Which message; null for any <typeparamref name="T"/>.</param>
    /// <param name="within">Simulated time to wait; default <see cref="DefaultSimulatedTimeout"/>.</param>
    /// <param name="probe">A probe of <c>Sys</c> that your actors in the nodes tell; null for <c>TestActor</c>.</param>
    /// <returns>The message.</returns>
    /// <exception cref="LegionAssertionException">None came in time (the message names the messages dropped).</exception>
    protected T ExpectSimulatedMsg<T>(Predicate<T>? isMessage = null, TimeSpan? within = null, TestProbe? probe = null)
    {
        var wait = within ?? DefaultSimulatedTimeout;
        var dropped = new List<object>();
        T? found = default;
        var done = false;
        bool Take()
        {
            while (!done && TryReceive(probe, out var next))
            {
                if (next is T t && (isMessage is null || isMessage(t)))
                {
                    found = t;
                    done = true;
                }
                else
                {
                    dropped.Add(next);
                }
            }

            return done;
        }

        if (!Take() && !Sim.RunUntil(Take, wait))
        {
            var skipped = dropped.Count == 0 ? "none came" : "dropped " + string.Join(", ", dropped.Take(5)) + (dropped.Count > 5 ? ", ..." : string.Empty);
            throw Fail($"no {typeof(T).Name} message{(probe is null ? string.Empty : " to " + probe.Ref.Path.Name)} within {wait:c} ({skipped})");
        }

        return found!;
    }

    /// <summary>Runs the simulation for <paramref name="duration"/> and fails if <paramref name="probe"/> (<c>TestActor</c> when null) receives any message.</summary>
    /// <param name="duration">Simulated time to watch.</param>
    /// <param name="probe">A probe of <c>Sys</c>; null for <c>TestActor</c>.</param>
    /// <exception cref="LegionAssertionException">A message came (or was queued already); the simulation stops at that moment.</exception>
    protected void ExpectNoSimulatedMsg(TimeSpan duration, TestProbe? probe = null)
    {
        bool Queued() => probe?.HasMessages ?? HasMessages;
        if (Queued() || Sim.RunUntil(Queued, duration))
        {
            TryReceive(probe, out var unexpected);
            throw Fail($"unexpected message {unexpected}{(probe is null ? string.Empty : " to " + probe.Ref.Path.Name)}");
        }
    }

    /// <summary>A failure naming the seed and the simulated time.</summary>
    /// <param name="what">What went wrong.</param>
    /// <returns>The exception to throw.</returns>
    protected LegionAssertionException Fail(string what) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{what} (seed {Seed}, at {Sim.Elapsed:c})"));

    /// <summary>Stops the simulation, then Akka's test system.</summary>
    protected override void AfterAll()
    {
        _events.Dispose();
        Sim.Dispose();
        base.AfterAll();
    }

    private static bool Runs(SimulatedNode node, LordOnlyActorSpec actor) =>
        node.Supervisor is ActorRefWithCell supervisor
        && supervisor.GetSingleChild(actor.ManagerName) is ActorRefWithCell manager
        && manager.GetSingleChild(actor.Name) is ActorRefWithCell running
        && !running.IsTerminated;

    private bool TryReceive(TestProbe? probe, [NotNullWhen(true)] out object? message)
    {
        message = null;
        if (!(probe?.HasMessages ?? HasMessages))
        {
            return false;
        }

        message = probe is null ? ReceiveOne(TimeSpan.Zero) : probe.ReceiveOne(TimeSpan.Zero);
        return message is not null;
    }

    private string DescribeLords(string legion) =>
        Sim.Lords(legion) is { Count: > 0 } lords ? $"Lords now: {string.Join(", ", lords)}" : "no Lord now";

    private string DescribeRunning(LordOnlyActorSpec actor) =>
        NodesRunning(actor) is { Count: > 0 } nodes ? $"runs on {string.Join(", ", nodes)}; {DescribeLords(actor.Legion)}" : $"runs nowhere; {DescribeLords(actor.Legion)}";
}
