using Akka.Event;
using Legion.Actors.Configuration;
using Legion.Actors.Health;
using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Model;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Actors;

/// <summary>
/// The <c>health</c> child of a legion with <c>legion-health</c> checks: runs each check at once at start and then
/// every <see cref="LegionHealthCheckSpec.Interval"/> (from the start of one run to the start of the next), on the
/// actor system's scheduler, through an <see cref="IHealthCheckRunner"/> whose work happens off this actor (results
/// are piped back), so a hung check never delays a heartbeat. Feeds each result into the check's rise/fall
/// hysteresis (<see cref="HealthCheckState"/>) and reports every result to the supervisor
/// (<see cref="HealthReport"/>), which owns the valor.
/// </summary>
/// <remarks>
/// A run still going at its <see cref="LegionHealthCheckSpec.Timeout"/> counts as failed at that moment and is
/// cancelled (the runner kills the command's process group). A check never overlaps itself: while a run has not
/// ended, each due run counts as failed instead of starting, so a check that hangs for good keeps failing.
/// </remarks>
internal sealed class HealthActor : ReceiveActor, IWithTimers
{
    private readonly LegionSettings _settings;
    private readonly IActorRef _report;
    private readonly IHealthCheckRunner _runner;
    private readonly HealthCheckContext _context;
    private readonly LegionHealthCheckStatus[] _status;
    private readonly Run?[] _runs;
    private long _sequence;

    /// <summary>Creates the actor.</summary>
    /// <param name="settings">The legion; its <see cref="LegionDefinition.HealthChecks"/> are run.</param>
    /// <param name="report">Told a <see cref="HealthReport"/> after every result (the supervisor).</param>
    /// <param name="runner">Runs the checks; <see cref="LegionSettings.HealthRunner"/> in production.</param>
    public HealthActor(LegionSettings settings, IActorRef report, IHealthCheckRunner runner)
    {
        _settings = settings;
        _report = report;
        _runner = runner;
        _context = new HealthCheckContext(settings.Name, Context.System.LoggerFactory.CreateLogger("Legion.Health"));
        _status = settings.Definition.HealthChecks.Select(LegionHealthCheckStatus.NotRun).ToArray();
        _runs = new Run?[_status.Length];
        Receive<HealthTick>(tick => OnDue(tick.Index));
        Receive<HealthRunTimedOut>(OnTimedOut);
        Receive<HealthRunFinished>(OnFinished);
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for this actor.</summary>
    public static Props Props(LegionSettings settings, IActorRef report, IHealthCheckRunner runner) =>
        LegionProps.Create(() => new HealthActor(settings, report, runner));

    /// <inheritdoc />
    protected override void PreStart()
    {
        for (int i = 0; i < _status.Length; i++)
        {
            OnDue(i);
        }
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        foreach (var run in _runs)
        {
            run?.Cancel.Cancel();
        }
    }

    private void OnDue(int index)
    {
        var check = _status[index].Check;
        Timers.StartSingleTimer(("due", index), new HealthTick(index), check.Interval);
        if (_runs[index] is { } overrunning)
        {
            var running = Context.TimeProvider.GetElapsedTime(overrunning.Started);
            Record(index, HealthCheckResult.Fail($"still running after {LegionDuration.Format(running)}, over its timeout {LegionDuration.Format(check.Timeout)}; not started again"));
            return;
        }
        var run = new Run(++_sequence, Context.TimeProvider.GetTimestamp(), new CancellationTokenSource());
        _runs[index] = run;
        _status[index] = _status[index] with { Running = true };
        Timers.StartSingleTimer(("timeout", index), new HealthRunTimedOut(index, run.Id), check.Timeout);
        Task<HealthCheckResult> task;
        try
        {
            task = _runner.RunAsync(check, _context, run.Cancel.Token);
        }
        catch (Exception ex)
        {
            task = Task.FromResult(HealthCheckResult.Fail($"{ex.GetType().Name}: {ex.Message}"));
        }
        task.TellWhenDone(Self, success: result => new HealthRunFinished(index, run.Id, result),
            failure: ex => new HealthRunFinished(index, run.Id, HealthCheckResult.Fail(ex is OperationCanceledException ? "cancelled" : $"{ex.GetType().Name}: {ex.Message}")));
    }

    private void OnTimedOut(HealthRunTimedOut timedOut)
    {
        if (_runs[timedOut.Index] is not { } run || run.Id != timedOut.Run || run.TimedOut)
        {
            return;
        }
        run.TimedOut = true;
        run.Cancel.Cancel();
        var check = _status[timedOut.Index].Check;
        Record(timedOut.Index, HealthCheckResult.Fail($"timed out after {LegionDuration.Format(check.Timeout)}"));
    }

    private void OnFinished(HealthRunFinished finished)
    {
        if (_runs[finished.Index] is not { } run || run.Id != finished.Run)
        {
            return;
        }
        _runs[finished.Index] = null;
        Timers.Cancel(("timeout", finished.Index));
        run.Cancel.Dispose();
        _status[finished.Index] = _status[finished.Index] with { Running = false };
        if (run.TimedOut)
        {
            // Already counted as failed at the timeout.
            Report(null);
            return;
        }
        Record(finished.Index, finished.Result);
    }

    private void Record(int index, HealthCheckResult result)
    {
        var before = _status[index];
        var check = before.Check;
        var state = before.State.Observe(result.Healthy, check.Rise, check.Fall);
        var now = Context.TimeProvider.GetUtcNow();
        var after = before with
        {
            State = state,
            Runs = before.Runs + 1,
            FailedRuns = before.FailedRuns + (result.Healthy ? 0 : 1),
            LastResult = result,
            LastResultAt = now,
            ChangedAt = state.State != before.State.State ? now : before.ChangedAt,
        };
        _status[index] = after;
        if (!result.Healthy && state.State == before.State.State && state.State == HealthState.Healthy)
        {
            Context.Log.Info("Health check {Check} of legion {Legion} failed ({Detail}); {Failures} of {Fall} failures in a row before it counts",
                check.Label, _settings.Name, result.Detail, state.Failures, check.Fall);
        }
        Report(state.State != before.State.State ? new HealthTransition(after, before.State.State) : null);
    }

    private void Report(HealthTransition? transition) => _report.Tell(new HealthReport(_status.ToArray(), transition));

    /// <summary>One run in progress of one check.</summary>
    private sealed class Run(long id, long started, CancellationTokenSource cancel)
    {
        public long Id { get; } = id;

        public long Started { get; } = started;

        public CancellationTokenSource Cancel { get; } = cancel;

        public bool TimedOut { get; set; }
    }
}
