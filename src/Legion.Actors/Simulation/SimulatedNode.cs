using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Model;

namespace Legion.Actors.Simulation;

/// <summary>
/// A handle on one simulated machine running one legion node: a real <see cref="LegionSupervisor"/> tree in its
/// own <see cref="ActorSystem"/>, on its own <see cref="SimulatedClock"/>, bound to its own address on the
/// simulation's network. The handle stays valid across <see cref="LegionSimulation.Restart"/>: each restart is a
/// new run (<see cref="Incarnation"/>) with a new uuid, as a real process restart. Read it from the thread that
/// drives the simulation.
/// </summary>
public sealed class SimulatedNode
{
    internal SimulatedNode(LegionSimulation simulation, int id, string legion, ushort valor, NodeAddress address, SimulatedNodeOptions options, SimulatedClock clock)
    {
        Simulation = simulation;
        Id = id;
        Legion = legion;
        Valor = valor;
        Address = address;
        Options = options;
        Clock = clock;
        Name = options.Name ?? $"node-{id}";
    }

    /// <summary>The simulation the node belongs to.</summary>
    public LegionSimulation Simulation { get; }

    /// <summary>The node's number, 1 for the first node added, 2 for the next, ...</summary>
    public int Id { get; }

    /// <summary>Its host name (<c>name</c> in its announces).</summary>
    public string Name { get; }

    /// <summary>The legion it belongs to.</summary>
    public string Legion { get; }

    /// <summary>Its valor; 0 makes it an arbiter.</summary>
    public ushort Valor { get; }

    /// <summary>True for an arbiter (valor 0): counted for quorum, never Lord.</summary>
    public bool IsArbiter => Valor == 0;

    /// <summary>Its address on the simulated network (the legion's own address of this node).</summary>
    public NodeAddress Address { get; }

    /// <summary>How its current run is configured (<see cref="LegionSimulation.Restart"/> can change it).</summary>
    public SimulatedNodeOptions Options { get; internal set; }

    /// <summary>The machine's clock (offset, drift and jumps apply to it); it survives restarts.</summary>
    public SimulatedClock Clock { get; }

    /// <summary>The current run: 1 for the first start, plus one per <see cref="LegionSimulation.Restart"/>.</summary>
    public int Incarnation { get; internal set; }

    /// <summary>What its process is doing now.</summary>
    public SimulatedNodeState State { get; internal set; }

    /// <summary>
    /// Its identity in the current run (host name, pid, valor, the run's uuid); the valor follows runtime changes (a
    /// step-down, <c>legion-health</c> penalties), while <see cref="Valor"/> stays the configured one.
    /// </summary>
    public NodeIdentity Identity => Settings.Self;

    /// <summary>The settings of the current run, as its supervisor received them, with <see cref="Identity"/> kept current.</summary>
    public LegionSettings Settings { get; internal set; } = null!;

    /// <summary>The actor system of the current run.</summary>
    public ActorSystem System { get; internal set; } = null!;

    /// <summary>The current run's <see cref="LegionSupervisor"/> (tell it <see cref="GetLegionStatus"/>, ...).</summary>
    public IActorRef Supervisor { get; internal set; } = ActorRefs.Nobody;

    /// <summary>
    /// True while the current run believes it is the Lord: between its <c>lord</c> and <c>unlord</c> events. A
    /// frozen Lord still believes it (and acts on it when thawed); a crashed or stopped node is never Lord.
    /// </summary>
    public bool IsLord { get; internal set; }

    /// <summary>True once the current run fired <c>join</c> (reached quorum once).</summary>
    public bool HasJoined { get; internal set; }

    /// <summary>True while its process exists: <see cref="SimulatedNodeState.Running"/> or <see cref="SimulatedNodeState.Frozen"/>.</summary>
    public bool IsAlive => State is SimulatedNodeState.Running or SimulatedNodeState.Frozen;

    /// <summary>Its transport's counters (received, sent, dropped by reason), read directly from the simulated network.</summary>
    public TransportStats TransportStats => Simulation.Network.StatsOf(Address);

    /// <summary>The host name.</summary>
    /// <returns><see cref="Name"/>.</returns>
    public override string ToString() => Name;
}
