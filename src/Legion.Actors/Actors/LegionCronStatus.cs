using Legion.Actors.Actions;
using Legion.Actors.Configuration;

namespace Legion.Actors.Actors;

/// <summary>One Lord-only cron task as it stands (stats show it like uWSGI's <c>crons</c> list). Immutable.</summary>
/// <param name="Job">The task as configured.</param>
/// <param name="Running">Runs still in progress (a unique task has at most one).</param>
/// <param name="Runs">Runs started since the node started.</param>
/// <param name="LastStartedAt">Wall-clock start of the last run; null if it never ran.</param>
/// <param name="LastResult">How the last finished run ended; null if none has finished.</param>
public sealed record LegionCronStatus(LegionCronJob Job, int Running, long Runs, DateTimeOffset? LastStartedAt, LegionActionResult? LastResult);
