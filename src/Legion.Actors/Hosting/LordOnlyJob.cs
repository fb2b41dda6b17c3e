using Microsoft.Extensions.Logging;

namespace Legion.Actors.Hosting;

/// <summary>
/// Runs a piece of work on a <see cref="LegionSchedule"/> while this node is the Lord: the .NET form of uWSGI's
/// <c>legion-cron</c>. Runs never overlap: an occurrence that falls during a run is skipped (as
/// <c>unique-legion-cron</c>). A run is cancelled when the node stops being Lord; a failed run is logged and the
/// schedule goes on. Usually added with <c>services.AddLordOnlyJob(...)</c>.
/// </summary>
public sealed class LordOnlyJob : LordOnlyBackgroundService
{
    private readonly Func<CancellationToken, Task> _run;

    /// <summary>Creates the job.</summary>
    /// <param name="legion">The legion whose lordship bounds the job.</param>
    /// <param name="name">The job's name, for logs.</param>
    /// <param name="schedule">When to run.</param>
    /// <param name="run">The work; its token is cancelled on unlord and at shutdown.</param>
    /// <param name="logger">Logs runs and failures; null for none.</param>
    /// <param name="timeProvider">Clock for the schedule; null for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    public LordOnlyJob(ILegion legion, string name, LegionSchedule schedule, Func<CancellationToken, Task> run, ILogger? logger = null, TimeProvider? timeProvider = null)
        : base(legion, logger, timeProvider)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(run);
        Name = name;
        Schedule = schedule;
        _run = run;
    }

    /// <summary>The job's name.</summary>
    public string Name { get; }

    /// <summary>When it runs.</summary>
    public LegionSchedule Schedule { get; }

    /// <summary>Waits for each occurrence and runs the work, until lordship ends.</summary>
    /// <param name="lordshipToken">Cancelled on unlord and at shutdown.</param>
    /// <returns>Never completes normally; ends by cancellation.</returns>
    protected override async Task ExecuteAsync(CancellationToken lordshipToken)
    {
        while (true)
        {
            var now = TimeProvider.GetUtcNow();
            var next = Schedule.Next(now);
            await Task.Delay(next - now, TimeProvider, lordshipToken).ConfigureAwait(false);
            try
            {
                Logger.LogDebug("Job {Job} of legion {Legion} runs ({Schedule})", Name, Legion.Name, Schedule);
                await _run(lordshipToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !lordshipToken.IsCancellationRequested)
            {
                Logger.LogError(ex, "Job {Job} of legion {Legion} failed", Name, Legion.Name);
            }
        }
    }
}
