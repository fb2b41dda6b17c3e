using System.Globalization;
using Legion.Actors.Model;

namespace Legion.Actors.Simulation.TestKit;

/// <summary>
/// A base class for tests of code that depends on who is Lord (as Akka.NET's <c>TestKit</c>): each test gets a
/// fresh <see cref="LegionSimulation"/> (<see cref="Sim"/>), a default probe that hears every node's events
/// (<see cref="ExpectEvent"/>), and Lord assertions (<see cref="AwaitLord(string, TimeSpan?)"/>,
/// <see cref="AssertSingleLord"/>). It depends on no test framework: failures throw
/// <see cref="LegionAssertionException"/>, which xunit, NUnit and MSTest all report as a failure, and
/// <see cref="Dispose()"/> (called by xunit after each test) stops the simulation.
/// </summary>
/// <remarks>
/// The seed is <c>seed</c> when given, else the <c>LEGION_SEED</c> environment variable, else
/// <see cref="DefaultSeed"/>; every failure message names it, so <c>LEGION_SEED=N dotnet test ...</c> replays a
/// run of a test that takes the seed from the environment. Use from one test thread.
/// </remarks>
public abstract class LegionTestKit : IDisposable
{
    /// <summary>The seed when neither the constructor nor <c>LEGION_SEED</c> gives one: 1.</summary>
    public const int DefaultSeed = 1;

    private readonly LegionEventProbe _probe;

    /// <summary>Creates the simulation and the default probe.</summary>
    /// <param name="seed">The simulation's seed; null for <c>LEGION_SEED</c> or <see cref="DefaultSeed"/>.</param>
    /// <param name="options">How the simulation runs; null for the defaults (real codec, invariants checked).</param>
    /// <exception cref="FormatException"><c>LEGION_SEED</c> is set but is not an integer.</exception>
    protected LegionTestKit(int? seed = null, LegionSimulationOptions? options = null)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("LEGION_SEED");
        Seed = seed ?? (string.IsNullOrEmpty(fromEnvironment) ? DefaultSeed : int.Parse(fromEnvironment, CultureInfo.InvariantCulture));
        Sim = new LegionSimulation(Seed, options);
        _probe = new LegionEventProbe(Sim, name: "testkit");
    }

    /// <summary>The simulation under test.</summary>
    protected LegionSimulation Sim { get; }

    /// <summary>The seed of <see cref="Sim"/>.</summary>
    protected int Seed { get; }

    /// <summary>How long the waits and expectations run by default: 60 s of simulated time.</summary>
    protected virtual TimeSpan DefaultTimeout => LegionEventProbe.DefaultTimeout;

    /// <summary>Creates a probe that hears only <paramref name="nodes"/> (all nodes when none are given).</summary>
    /// <param name="nodes">The nodes to listen to.</param>
    /// <returns>The probe; dispose it to stop receiving (it stops anyway with the simulation).</returns>
    protected LegionEventProbe CreateProbe(params SimulatedNode[] nodes) =>
        nodes.Length == 0 ? new LegionEventProbe(Sim) : new LegionEventProbe(Sim, nodes.Contains, $"probe of {string.Join(' ', nodes.Select(n => n.Name))}");

    /// <summary>
    /// Expects, on the default probe, an event of kind <paramref name="legionEvent"/> from <paramref name="node"/>,
    /// skipping the other events before it.
    /// </summary>
    /// <param name="node">The node; null for any node.</param>
    /// <param name="legionEvent">The event.</param>
    /// <param name="within">Simulated time to wait; default <see cref="DefaultTimeout"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="LegionAssertionException">It did not come in time.</exception>
    protected SimulatedEvent ExpectEvent(SimulatedNode? node, LegionEvent legionEvent, TimeSpan? within = null) =>
        _probe.ExpectEvent(legionEvent, node, within ?? DefaultTimeout);

    /// <summary>Runs for <paramref name="duration"/> and fails if <paramref name="node"/> (any node when null) fires <paramref name="legionEvent"/>.</summary>
    /// <param name="node">The node; null for any node.</param>
    /// <param name="legionEvent">The event that must not happen.</param>
    /// <param name="duration">Simulated time to watch.</param>
    /// <exception cref="LegionAssertionException">It happened.</exception>
    protected void ExpectNoEvent(SimulatedNode? node, LegionEvent legionEvent, TimeSpan duration) =>
        _probe.ExpectNoEvent(legionEvent, duration, node);

    /// <summary>Runs the simulation until <paramref name="legion"/> has exactly one Lord, and returns it.</summary>
    /// <param name="legion">The legion.</param>
    /// <param name="within">Simulated time to wait; default <see cref="DefaultTimeout"/>.</param>
    /// <returns>The Lord.</returns>
    /// <exception cref="LegionAssertionException">No single Lord in time (the message lists the Lords then).</exception>
    protected SimulatedNode AwaitLord(string legion, TimeSpan? within = null)
    {
        var wait = within ?? DefaultTimeout;
        if (!Sim.RunUntil(() => Sim.Lords(legion).Count == 1, wait))
        {
            throw Fail($"legion {legion} has no single Lord after {wait:c}: {DescribeLords(legion)}");
        }

        return Sim.Lords(legion)[0];
    }

    /// <summary>Runs the simulation until <paramref name="node"/> is the only Lord of its legion.</summary>
    /// <param name="node">The node expected to rule.</param>
    /// <param name="within">Simulated time to wait; default <see cref="DefaultTimeout"/>.</param>
    /// <exception cref="LegionAssertionException">It did not happen in time.</exception>
    protected void AwaitLord(SimulatedNode node, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        var wait = within ?? DefaultTimeout;
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

    /// <summary>Stops the simulation.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the simulation when <paramref name="disposing"/>.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _probe.Dispose();
            Sim.Dispose();
        }
    }

    /// <summary>A failure naming the seed and the simulated time.</summary>
    /// <param name="what">What went wrong.</param>
    /// <returns>The exception to throw.</returns>
    protected LegionAssertionException Fail(string what) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{what} (seed {Seed}, at {Sim.Elapsed:c})"));

    private string DescribeLords(string legion) =>
        Sim.Lords(legion) is { Count: > 0 } lords ? $"Lords now: {string.Join(", ", lords)}" : "no Lord now";
}
