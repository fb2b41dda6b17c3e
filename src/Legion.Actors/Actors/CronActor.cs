using Akka.Event;
using Legion.Actors.Actions;
using Legion.Actors.Configuration;
using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Model;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Actors;

/// <summary>
/// Runs a legion's Lord-only cron tasks (<c>legion-cron</c> and its aliases) while this node may do Lord-only work
/// (<see cref="LordshipChanged"/>): at the start of every minute of the node's local time (the system's TimeProvider
/// and its time zone, as uWSGI's <c>localtime()</c>), each task whose <see cref="CronSchedule"/> matches starts a run,
/// unless it is unique and its previous run still runs (as uWSGI 2.0 cron.c, <c>uwsgi_manage_command_cron</c>). A run
/// is the node's <c>cmd</c> action (<c>/bin/sh -c</c>) with no timeout, as uWSGI sets none by default; it is not
/// stopped when the node stops being Lord (nor is uWSGI's), only when the legion stops.
/// </summary>
internal sealed class CronActor : ReceiveActor, IWithTimers
{
    private readonly LegionSettings _settings;
    private readonly LegionCronStatus[] _status;
    private readonly DateTime?[] _lastRunMinute;
    private bool _lord;
    private long _sequence;

    /// <summary>Creates the actor.</summary>
    /// <param name="settings">The legion (its <see cref="LegionDefinition.Crons"/> and action registry).</param>
    public CronActor(LegionSettings settings)
    {
        _settings = settings;
        _status = settings.Definition.Crons.Select(j => new LegionCronStatus(j, 0, 0, null, null)).ToArray();
        _lastRunMinute = new DateTime?[_status.Length];
        Receive<LordshipChanged>(changed =>
        {
            _lord = changed.IsLord;
            Check();
        });
        Receive<CronTick>(_ =>
        {
            ScheduleNextMinute();
            Check();
        });
        Receive<ActionFinished>(OnFinished);
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for this actor.</summary>
    public static Props Props(LegionSettings settings) => LegionProps.Create(() => new CronActor(settings));

    /// <inheritdoc />
    protected override void PreStart()
    {
        ScheduleNextMinute();
        Publish();
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        var running = _status.Sum(s => s.Running);
        if (running > 0)
        {
            Context.Log.Info("Stopping {Running} running cron task(s) of legion {Legion}", running, _settings.Name);
        }
    }

    /// <summary>
    /// Starts every task due in the current minute that has not started in it yet, as uWSGI checks its crons in every
    /// master cycle and runs a task at most once in 60 s; called at each minute, on becoming Lord, and when a unique
    /// task's run ends (so a skipped run can still start within its minute, as in uWSGI).
    /// </summary>
    private void Check()
    {
        if (!_lord)
        {
            return;
        }
        var now = Context.TimeProvider.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, Context.TimeProvider.LocalTimeZone).DateTime;
        var minute = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified);
        for (int i = 0; i < _status.Length; i++)
        {
            var job = _status[i].Job;
            if (_lastRunMinute[i] == minute || !job.Schedule.Matches(minute))
            {
                continue;
            }
            if (job.Unique && _status[i].Running > 0)
            {
                Context.Log.Debug("Unique cron task '{Job}' of legion {Legion} still runs; not starting it again yet", job, _settings.Name);
                continue;
            }
            _lastRunMinute[i] = minute;
            Start(i, now);
        }
    }

    private void Start(int index, DateTimeOffset now)
    {
        var job = _status[index].Job;
        var action = _settings.Actions.Find("cmd");
        if (action is null)
        {
            Context.Log.Error("Cron task '{Job}' of legion {Legion} cannot run: no 'cmd' action kind", job, _settings.Name);
            return;
        }
        Context.Log.Info("Running cron task '{Job}' of legion {Legion}", job, _settings.Name);
        var context = new LegionActionContext(_settings.Name, LegionEvent.Lord, _settings.Self, _settings.Self.AsVote, null,
            Context.System.LoggerFactory.CreateLogger("Legion.Cron")) { Signals = _settings.Signals, Alarms = _settings.Alarms };
        var spec = new LegionActionSpec(LegionEvent.Lord, "cmd", job.Command, $"{index}");
        Context.ActorOf(ActionWorker.Props(action, spec, context, Timeout.InfiniteTimeSpan), $"run-{++_sequence}");
        _status[index] = _status[index] with { Running = _status[index].Running + 1, Runs = _status[index].Runs + 1, LastStartedAt = now };
        Context.System.EventStream.Publish(new LegionCronStarted(_settings.Name, job, now));
        Publish();
    }

    private void OnFinished(ActionFinished finished)
    {
        int index = int.Parse(finished.Spec.Source, System.Globalization.CultureInfo.InvariantCulture);
        var job = _status[index].Job;
        _status[index] = _status[index] with { Running = _status[index].Running - 1, LastResult = finished.Result };
        if (finished.Result.Succeeded)
        {
            Context.Log.Info("Cron task '{Job}' of legion {Legion} ended after {Elapsed}", job, _settings.Name, finished.Elapsed);
        }
        else
        {
            Context.Log.Warning("Cron task '{Job}' of legion {Legion} failed after {Elapsed}: {Error}", job, _settings.Name, finished.Elapsed, finished.Result.Error);
        }
        Context.System.EventStream.Publish(new LegionCronFinished(_settings.Name, job, finished.Result, finished.Elapsed));
        Publish();
        if (job.Unique)
        {
            Check();
        }
    }

    private void ScheduleNextMinute()
    {
        var now = Context.TimeProvider.GetUtcNow();
        var intoMinute = TimeSpan.FromTicks(now.UtcTicks % TimeSpan.TicksPerMinute);
        Timers.StartSingleTimer(CronTick.Instance, CronTick.Instance, TimeSpan.FromMinutes(1) - intoMinute);
    }

    private void Publish() => Context.Parent.Tell(new CronStatusChanged(_status.ToArray()));
}
