using Legion.Actors.Health;
using Legion.Actors.Model;

namespace Legion.Actors.Actors;

/// <summary>
/// From the <c>health</c> actor to its supervisor, after every result: the state of every health check of the legion,
/// and the check whose verdict just changed, if one did. The supervisor recomputes the valor from the failing checks
/// (<see cref="HealthValor"/>) and announces a change without leaving a ghost.
/// </summary>
/// <param name="Checks">One entry per check, in declaration order.</param>
/// <param name="Transition">The check whose <see cref="HealthState"/> changed with this result; null when none did.</param>
internal sealed record HealthReport(IReadOnlyList<LegionHealthCheckStatus> Checks, HealthTransition? Transition);

/// <summary>A health check's verdict changed.</summary>
/// <param name="Check">The check after the change.</param>
/// <param name="From">The verdict before.</param>
internal sealed record HealthTransition(LegionHealthCheckStatus Check, HealthState From);

/// <summary>Internal timer message of <see cref="HealthActor"/>: a run of check <paramref name="Index"/> is due.</summary>
internal sealed record HealthTick(int Index);

/// <summary>Internal timer message of <see cref="HealthActor"/>: run <paramref name="Run"/> of check <paramref name="Index"/> reached its timeout.</summary>
internal sealed record HealthRunTimedOut(int Index, long Run);

/// <summary>Internal message of <see cref="HealthActor"/>: run <paramref name="Run"/> of check <paramref name="Index"/> ended.</summary>
internal sealed record HealthRunFinished(int Index, long Run, HealthCheckResult Result);
