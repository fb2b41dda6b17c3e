using Legion.Actors.Actions;
using Legion.Actors.Configuration;

namespace Legion.Actors.Actors;

/// <summary>Published on the EventStream when a Lord-only cron task starts a run.</summary>
/// <param name="Legion">Legion name.</param>
/// <param name="Job">The task.</param>
/// <param name="At">Wall-clock time of the start (the node's TimeProvider).</param>
internal sealed record LegionCronStarted(string Legion, LegionCronJob Job, DateTimeOffset At);

/// <summary>Published on the EventStream when a run of a Lord-only cron task ends.</summary>
/// <param name="Legion">Legion name.</param>
/// <param name="Job">The task.</param>
/// <param name="Result">How the command ended (exit code 0 is success).</param>
/// <param name="Elapsed">How long it ran.</param>
internal sealed record LegionCronFinished(string Legion, LegionCronJob Job, LegionActionResult Result, TimeSpan Elapsed);

/// <summary>From the cron actor to its supervisor: the state of every cron task of the legion, after a change.</summary>
/// <param name="Crons">One entry per task, in declaration order.</param>
internal sealed record CronStatusChanged(IReadOnlyList<LegionCronStatus> Crons);

/// <summary>Internal timer message of <see cref="CronActor"/>: a new minute began.</summary>
internal sealed record CronTick
{
    public static CronTick Instance { get; } = new();
}
