using Legion.Actors.Model;

namespace Legion.Actors.Configuration;

/// <summary>
/// A cron task that runs only while this node is the Lord of its legion: <c>legion-cron</c> (alias
/// <c>cron-legion</c>) or, with <see cref="Unique"/>, <c>unique-legion-cron</c> (alias <c>unique-cron-legion</c>),
/// valued <c>LEGION MINUTE HOUR DAY MONTH WEEKDAY COMMAND</c> as uWSGI 2.0 (cron.c,
/// <c>uwsgi_opt_add_legion_cron</c>). The command runs with <c>/bin/sh -c</c>, at most once per matching minute of
/// the node's local time, and is never killed for running long (uWSGI's default, no <c>cron-harakiri</c>), only when
/// the node stops.
/// </summary>
/// <param name="Schedule">When it runs; see <see cref="CronSchedule"/>.</param>
/// <param name="Command">The shell command; never empty.</param>
/// <param name="Unique">True for the unique variants: no new run starts while the previous one still runs.</param>
/// <param name="Source">Where it was declared (<c>file:line</c> or option), for messages.</param>
public sealed record LegionCronJob(CronSchedule Schedule, string Command, bool Unique = false, string Source = "")
{
    /// <summary><c>MINUTE HOUR DAY MONTH WEEKDAY COMMAND</c>, as configured.</summary>
    public override string ToString() => $"{Schedule} {Command}";
}
