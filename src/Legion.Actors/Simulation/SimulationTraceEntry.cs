using System.Globalization;

namespace Legion.Actors.Simulation;

/// <summary>One line of a <see cref="SimulationTrace"/>.</summary>
/// <param name="At">Simulated time since the simulation started.</param>
/// <param name="Source">The node's name, or <c>sim</c> for the simulation's own steps (faults, checks).</param>
/// <param name="Text">What happened, e.g. <c>lord run=1 lord=90/...</c> or <c>partition [node-1] | [node-2 node-3]</c>.</param>
public readonly record struct SimulationTraceEntry(TimeSpan At, string Source, string Text)
{
    /// <summary>The canonical line, <c>[d.]hh:mm:ss[.fffffff] SOURCE TEXT</c> (the time in the invariant "c" format), the form the trace hash covers.</summary>
    /// <returns>The line, culture-invariant.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{At:c} {Source} {Text}");
}
