using Legion.Actors.Actions;
using Legion.Actors.Configuration;
using Legion.Actors.Kernel;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Actors;

/// <summary>
/// Runs the configured actions of each event off the heartbeat path: one child worker per running
/// action, one action at a time per legion, in event order (so a <c>lord</c> action finishes before
/// the following <c>unlord</c> action starts, as uWSGI's sequential hooks guarantee). Each run is
/// bounded by the action timeout. Results are logged and published as <see cref="LegionActionCompleted"/>.
/// </summary>
public sealed class ActionRunner : ReceiveActor
{
    private readonly LegionSettings _settings;
    private readonly Queue<(LegionActionSpec Spec, LegionActionContext Context)> _pending = new();
    private readonly Dictionary<LegionActionContext, (int Remaining, int Failures, IActorRef? ReplyTo)> _batches = new(ReferenceEqualityComparer.Instance);
    private IActorRef? _running;
    private long _sequence;

    /// <summary>Creates the runner.</summary>
    /// <param name="settings">The legion's settings (actions per event, registry, timeout).</param>
    public ActionRunner(LegionSettings settings)
    {
        _settings = settings;
        Receive<RunEventActions>(OnRun);
        Receive<ActionFinished>(OnFinished);
    }

    /// <summary>Props for this actor.</summary>
    public static Props Props(LegionSettings settings) => Kernel.Props.Create(() => new ActionRunner(settings));

    private void OnRun(RunEventActions run)
    {
        var specs = _settings.Definition.ActionsFor(run.Context.Event).ToList();
        if (specs.Count == 0)
        {
            run.ReplyTo?.Tell(new EventActionsDone(run.Context, 0));
            return;
        }
        _batches[run.Context] = (specs.Count, 0, run.ReplyTo);
        foreach (var spec in specs)
        {
            _pending.Enqueue((spec, run.Context));
        }
        StartNext();
    }

    private void OnFinished(ActionFinished finished)
    {
        _running = null;
        var result = finished.Result;
        if (result.Succeeded)
        {
            // A log: action is its own report; commands get one line each.
            Context.Log.Log(string.Equals(finished.Spec.Kind, "log", StringComparison.OrdinalIgnoreCase) ? LogLevel.Debug : LogLevel.Information,"Action {Action} for {Phase} of legion {Legion} succeeded in {Elapsed}",
                finished.Spec.ToString(), finished.Context.Phase, _settings.Name, finished.Elapsed);
        }
        else
        {
            Context.Log.LogError("Action {Action} for {Phase} of legion {Legion} failed after {Elapsed}: {Error}",
                finished.Spec.ToString(), finished.Context.Phase, _settings.Name, finished.Elapsed, result.Error);
        }
        Context.System.EventStream.Publish(new LegionActionCompleted(_settings.Name, finished.Context.Event, finished.Spec.ToString(), result, finished.Elapsed));

        if (_batches.TryGetValue(finished.Context, out var batch))
        {
            batch = (batch.Remaining - 1, batch.Failures + (result.Succeeded ? 0 : 1), batch.ReplyTo);
            if (batch.Remaining == 0)
            {
                _batches.Remove(finished.Context);
                batch.ReplyTo?.Tell(new EventActionsDone(finished.Context, batch.Failures));
            }
            else
            {
                _batches[finished.Context] = batch;
            }
        }
        StartNext();
    }

    private void StartNext()
    {
        if (_running is not null || !_pending.TryDequeue(out var next))
        {
            return;
        }
        var action = _settings.Actions.Find(next.Spec.Kind);
        if (action is null)
        {
            Self.Tell(new ActionFinished(next.Spec, next.Context, LegionActionResult.Failure($"unknown action kind '{next.Spec.Kind}'"), TimeSpan.Zero));
            _running = Self;
            return;
        }
        _running = Context.ActorOf(ActionWorker.Props(action, next.Spec, next.Context, _settings.ActionTimeout), $"action-{++_sequence}");
    }
}
