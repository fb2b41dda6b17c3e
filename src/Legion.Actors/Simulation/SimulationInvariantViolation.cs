using System.Globalization;

namespace Legion.Actors.Simulation;

/// <summary>One broken invariant of a <see cref="LegionSimulation"/>, with what is needed to replay it.</summary>
/// <param name="Invariant">
/// Which one: <c>lord-uniqueness</c>, <c>liveness</c>, <c>lord-unlord-alternation</c>, <c>single-join</c> or
/// <c>silent-when-down</c> (see <see cref="LegionSimulation"/>).
/// </param>
/// <param name="At">Simulated time since the simulation started.</param>
/// <param name="Seed">The simulation's seed: the same seed and the same calls replay the run.</param>
/// <param name="Legion">The legion concerned.</param>
/// <param name="Message">What was observed, naming the nodes.</param>
public sealed record SimulationInvariantViolation(string Invariant, TimeSpan At, int Seed, string Legion, string Message)
{
    /// <summary><c>Invariant 'NAME' violated at TIME (seed N), legion L: MESSAGE</c>.</summary>
    /// <returns>The line.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Invariant '{Invariant}' violated at {At:c} (seed {Seed}), legion {Legion}: {Message}");
}
