using Akka.Actor;
using Legion.Actors.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Legion.Actors.Simulation;

/// <summary>How a <see cref="LegionSimulation"/> runs. Immutable; every property has a default for tests.</summary>
public sealed record LegionSimulationOptions
{
    /// <summary>How announces travel; default <see cref="SimulationTransport.SealedDatagrams"/> (the real codec and cipher).</summary>
    public SimulationTransport Transport { get; init; } = SimulationTransport.SealedDatagrams;

    /// <summary>Receives every node's logs (one category per actor type); default none, which is also the fastest.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>The shared clock's start; default <see cref="VirtualTimeProvider.DefaultStart"/> (2000-01-01T00:00:00Z).</summary>
    public DateTimeOffset Start { get; init; } = VirtualTimeProvider.DefaultStart;

    /// <summary>Checks the invariants continuously (see <see cref="LegionSimulation"/>); default true.</summary>
    public bool CheckInvariants { get; init; } = true;

    /// <summary>
    /// True (default): the first violation stops the run with a <see cref="SimulationInvariantException"/>. False:
    /// violations are collected in <see cref="LegionSimulation.Violations"/> and the run goes on (to measure, e.g.,
    /// how often a lossy network flaps).
    /// </summary>
    public bool ThrowOnViolation { get; init; } = true;

    /// <summary>
    /// Keeps every trace entry in memory (default true). Off, the trace only counts and hashes its lines, which a
    /// long sweep prefers.
    /// </summary>
    public bool KeepTrace { get; init; } = true;
}
