using System.Globalization;
using Legion.Actors.Model;
using Legion.Actors.Simulation;

namespace Legion.Actors.TestKit;

/// <summary>
/// Receives the legion events of some nodes of a <see cref="LegionSimulation"/> (as Akka.NET's <c>TestProbe</c>
/// receives messages), for a test to expect them in order. An expectation never sleeps: it runs the simulation
/// until the event is there or the simulated deadline passes. Failures throw <see cref="LegionAssertionException"/>
/// with the seed that replays the run. Use from the thread that drives the simulation; dispose to stop receiving.
/// </summary>
public sealed class LegionEventProbe : IDisposable
{
    private readonly LegionSimulation _simulation;
    private readonly Queue<SimulatedEvent> _queue = new();
    private readonly IDisposable _subscription;
    private readonly string _name;

    /// <summary>Creates a probe receiving the events of every node for which <paramref name="filter"/> holds.</summary>
    /// <param name="simulation">The simulation.</param>
    /// <param name="filter">Which nodes to listen to; null for all, present and future.</param>
    /// <param name="name">How failure messages name the probe.</param>
    public LegionEventProbe(LegionSimulation simulation, Func<SimulatedNode, bool>? filter = null, string name = "probe")
    {
        ArgumentNullException.ThrowIfNull(simulation);
        _simulation = simulation;
        _name = name;
        _subscription = simulation.Subscribe(e =>
        {
            if (filter is null || filter(e.Node))
            {
                _queue.Enqueue(e);
            }
        });
    }

    /// <summary>The default expectation timeout: 60 s of simulated time.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(60);

    /// <summary>Events received and not yet taken by an expectation.</summary>
    public int Pending => _queue.Count;

    /// <summary>
    /// Skips events until one of kind <paramref name="legionEvent"/> (from <paramref name="node"/>, when given)
    /// arrives, and returns it.
    /// </summary>
    /// <param name="legionEvent">The event wanted.</param>
    /// <param name="node">Only from this node; null for any node the probe hears.</param>
    /// <param name="within">Simulated time to wait; default <see cref="DefaultTimeout"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="LegionAssertionException">None came in time.</exception>
    public SimulatedEvent ExpectEvent(LegionEvent legionEvent, SimulatedNode? node = null, TimeSpan? within = null)
    {
        var wait = within ?? DefaultTimeout;
        var found = Fish(e => e.Fired.Event == legionEvent && (node is null || e.Node == node), wait);
        return found ?? throw Fail($"no {Describe(legionEvent)} event{From(node)} within {wait:c}");
    }

    /// <summary>Returns the next event, whatever it is.</summary>
    /// <param name="within">Simulated time to wait; default <see cref="DefaultTimeout"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="LegionAssertionException">None came in time.</exception>
    public SimulatedEvent ExpectNext(TimeSpan? within = null)
    {
        var wait = within ?? DefaultTimeout;
        return Fish(static _ => true, wait) ?? throw Fail($"no event within {wait:c}");
    }

    /// <summary>Runs the simulation for <paramref name="duration"/> and fails if an event of kind <paramref name="legionEvent"/> arrives (others are dropped).</summary>
    /// <param name="legionEvent">The event that must not happen.</param>
    /// <param name="duration">Simulated time to watch.</param>
    /// <param name="node">Only from this node; null for any node the probe hears.</param>
    /// <exception cref="LegionAssertionException">It happened; the simulation stops at that moment.</exception>
    public void ExpectNoEvent(LegionEvent legionEvent, TimeSpan duration, SimulatedNode? node = null)
    {
        if (Fish(e => e.Fired.Event == legionEvent && (node is null || e.Node == node), duration) is { } unexpected)
        {
            throw Fail($"unexpected {Describe(legionEvent)} event{From(unexpected.Node)} at {unexpected.At:c}");
        }
    }

    /// <summary>Runs the simulation for <paramref name="duration"/> and returns every event received meanwhile (and any still pending).</summary>
    /// <param name="duration">Simulated time to collect; zero takes what is pending.</param>
    /// <returns>The events, in order.</returns>
    public IReadOnlyList<SimulatedEvent> ReceiveWhile(TimeSpan duration)
    {
        _simulation.RunFor(duration);
        var events = _queue.ToList();
        _queue.Clear();
        return events;
    }

    /// <summary>Stops receiving.</summary>
    public void Dispose() => _subscription.Dispose();

    internal static string Describe(LegionEvent legionEvent) => Actions.LegionActionContext.PhaseOf(legionEvent);

    private static string From(SimulatedNode? node) => node is null ? string.Empty : $" from {node.Name}";

    private SimulatedEvent? Fish(Func<SimulatedEvent, bool> wanted, TimeSpan within)
    {
        SimulatedEvent? found = null;
        bool Take()
        {
            while (_queue.TryDequeue(out var next))
            {
                if (wanted(next))
                {
                    found = next;
                    return true;
                }
            }

            return false;
        }

        if (!Take())
        {
            _simulation.RunUntil(Take, within);
        }

        return found;
    }

    private LegionAssertionException Fail(string what) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{_name}: {what} (seed {_simulation.Seed}, at {_simulation.Elapsed:c})"));
}
