using Legion.Actors.Actors;

namespace Legion.Actors.Simulation;

/// <summary>A legion event fired by a simulated node, as observers of a <see cref="LegionSimulation"/> receive it.</summary>
/// <param name="At">Simulated time since the simulation started (the shared clock, not the node's skewed one).</param>
/// <param name="Node">The node that fired it.</param>
/// <param name="Incarnation">The node's run that fired it (see <see cref="SimulatedNode.Incarnation"/>).</param>
/// <param name="Fired">The event as published on the node's EventStream (its <c>At</c> is the node's own wall clock).</param>
public sealed record SimulatedEvent(TimeSpan At, SimulatedNode Node, int Incarnation, LegionEventFired Fired);
