namespace Legion.Actors.Simulation;

/// <summary>
/// Thrown by <see cref="LegionSimulation.RunFor"/> and <see cref="LegionSimulation.RunUntil"/> when an invariant
/// breaks (unless <see cref="LegionSimulationOptions.ThrowOnViolation"/> is off). The simulation stops at the
/// violation's time; its <see cref="LegionSimulation.Trace"/> shows how it got there.
/// </summary>
public sealed class SimulationInvariantException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="violation">What broke.</param>
    /// <param name="recentTrace">The last lines of the trace, appended to the message.</param>
    public SimulationInvariantException(SimulationInvariantViolation violation, string recentTrace)
        : base($"{violation}{Environment.NewLine}Last trace lines:{Environment.NewLine}{recentTrace}")
    {
        Violation = violation;
    }

    /// <summary>What broke, when, and the seed that replays it.</summary>
    public SimulationInvariantViolation Violation { get; }
}
