using Legion.Actors.Configuration;
using Legion.Actors.Health;
using Legion.Actors.Model;

namespace Legion.Actors.Actors;

/// <summary>One health check (<c>legion-health</c>) as it stands: shown in status and stats so operators see why the valor changed. Immutable.</summary>
/// <param name="Check">The check as configured.</param>
/// <param name="State">Its verdict after the rise/fall hysteresis, with the passed or failed runs in a row.</param>
/// <param name="Runs">Results recorded since the legion started (a run that overran its timeout counts once per due run).</param>
/// <param name="FailedRuns">How many of them failed.</param>
/// <param name="LastResult">The last result (a timeout is a failed result); null before the first.</param>
/// <param name="LastResultAt">Wall-clock time of <paramref name="LastResult"/>; null before the first.</param>
/// <param name="ChangedAt">Wall-clock time of the last change of <see cref="HealthCheckState.State"/>; null before the first result.</param>
/// <param name="Running">True while a run is in progress (also while one overruns its timeout and is being killed).</param>
public sealed record LegionHealthCheckStatus(
    LegionHealthCheckSpec Check,
    HealthCheckState State,
    long Runs,
    long FailedRuns,
    HealthCheckResult? LastResult,
    DateTimeOffset? LastResultAt,
    DateTimeOffset? ChangedAt,
    bool Running)
{
    /// <summary>True while the check's penalty applies.</summary>
    public bool IsFailing => State.IsFailing;

    /// <summary>The penalty this check costs now: its configured one while failing, none otherwise.</summary>
    public HealthPenalty CurrentPenalty => IsFailing ? Check.Penalty : HealthPenalty.None;

    /// <summary>A check that has not run yet.</summary>
    /// <param name="check">The check as configured.</param>
    public static LegionHealthCheckStatus NotRun(LegionHealthCheckSpec check) =>
        new(check, HealthCheckState.Initial, 0, 0, null, null, null, false);
}
