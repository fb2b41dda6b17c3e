using Akka.Event;
using Legion.Actors.Actions;
using Legion.Actors.Configuration;
using Akka.Actor;
using Legion.Actors.Runtime;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Actors;

/// <summary>
/// Runs the configured actions of each event off the heartbeat path: one child worker per running
/// action, one action at a time per legion, in event order (so a <c>lord</c> action finishes before
/// the following <c>unlord</c> action starts, as uWSGI's sequential hooks guarantee). Each run is
/// bounded by the action timeout. Results are logged and published as <see cref="LegionActionCompleted"/>.
/// </summary>
internal sealed class ActionRunner : ReceiveActor
{
    private readonly LegionSettings _settings;
    private readonly Queue<(LegionActionSpec Spec, LegionActionContext Context)> _pending = new();
    private readonly Dictionary<LegionActionContext, (int Remaining, int Failures, IActorRef? ReplyTo, bool StopOnFailure, LegionActionContext Original)> _batches = new(ReferenceEqualityComparer.Instance);
    private IActorRef? _running;
    private IDisposable? _signalSubscription;
    private long _sequence;

    /// <summary>Creates the runner.</summary>
    /// <param name="settings">The legion's settings (actions per event, registry, timeout).</param>
    public ActionRunner(LegionSettings settings)
    {
        _settings = settings;
        Receive<RunEventActions>(OnRun);
        Receive<ActionFinished>(OnFinished);
        Receive<SignalRaised>(OnSignal);
    }

    /// <summary>Props for this actor.</summary>
    public static Props Props(LegionSettings settings) => LegionProps.Create(() => new ActionRunner(settings));

    /// <inheritdoc />
    protected override void PreStart()
    {
        if (_settings.SignalHandlers.Count > 0)
        {
            var self = Self;
            _signalSubscription = _settings.Signals.Subscribe(signal =>
            {
                if (signal.Legion == _settings.Name && signal.Self.Uuid == _settings.Self.Uuid)
                {
                    self.Tell(new SignalRaised(signal));
                }
            });
        }
    }

    /// <inheritdoc />
    protected override void PostStop() => _signalSubscription?.Dispose();

    private void OnRun(RunEventActions run)
    {
        var specs = _settings.Definition.ActionsFor(run.Context.Event).ToList();
        if (specs.Count == 0)
        {
            run.ReplyTo?.Tell(new EventActionsDone(run.Context, 0));
            return;
        }
        var context = Enrich(run.Context);
        _batches[context] = (specs.Count, 0, run.ReplyTo, run.StopOnFailure, run.Context);
        foreach (var spec in specs)
        {
            _pending.Enqueue((spec, context));
        }
        StartNext();
    }

    private void OnSignal(SignalRaised raised)
    {
        var signal = raised.Signal;
        var handlers = _settings.SignalHandlers.Where(h => h.Signal == signal.Number).ToList();
        if (handlers.Count == 0)
        {
            return;
        }
        var context = Enrich(new LegionActionContext(signal.Legion, signal.Event, signal.Self, signal.Lord, null,
            Context.System.LoggerFactory.CreateLogger("Legion.Actions")) { Signal = signal.Number });
        foreach (var handler in handlers)
        {
            _pending.Enqueue((new LegionActionSpec(signal.Event, handler.Kind, handler.Argument, handler.Source), context));
        }
        StartNext();
    }

    private LegionActionContext Enrich(LegionActionContext context) =>
        context with { Signals = context.Signals ?? _settings.Signals, Alarms = context.Alarms ?? _settings.Alarms };

    private void OnFinished(ActionFinished finished)
    {
        _running = null;
        var result = finished.Result;
        if (result.Succeeded)
        {
            // A log: action is its own report; commands get one line each.
            Context.Log.Log(string.Equals(finished.Spec.Kind, "log", StringComparison.OrdinalIgnoreCase) ? Akka.Event.LogLevel.DebugLevel : Akka.Event.LogLevel.InfoLevel, null, "Action {Action} for {Phase} of legion {Legion} succeeded in {Elapsed}",
                finished.Spec.ToString(), finished.Context.Phase, _settings.Name, finished.Elapsed);
        }
        else
        {
            Context.Log.Error("Action {Action} for {Phase} of legion {Legion} failed after {Elapsed}: {Error}",
                finished.Spec.ToString(), finished.Context.Phase, _settings.Name, finished.Elapsed, result.Error);
        }
        Context.System.EventStream.Publish(new LegionActionCompleted(_settings.Name, finished.Context.Event, finished.Spec.ToString(), result, finished.Elapsed));

        if (_batches.TryGetValue(finished.Context, out var batch))
        {
            batch = batch with { Remaining = batch.Remaining - 1, Failures = batch.Failures + (result.Succeeded ? 0 : 1) };
            int skipped = 0;
            if (!result.Succeeded && batch.StopOnFailure && batch.Remaining > 0)
            {
                skipped = SkipRemaining(finished.Context);
                batch = batch with { Remaining = 0 };
            }
            if (batch.Remaining == 0)
            {
                _batches.Remove(finished.Context);
                // Reply with the context the requester sent, which it may compare by reference.
                batch.ReplyTo?.Tell(new EventActionsDone(batch.Original, batch.Failures, skipped));
            }
            else
            {
                _batches[finished.Context] = batch;
            }
        }
        StartNext();
    }

    private int SkipRemaining(LegionActionContext context)
    {
        var kept = _pending.Where(p => !ReferenceEquals(p.Context, context)).ToList();
        int skipped = _pending.Count - kept.Count;
        _pending.Clear();
        foreach (var entry in kept)
        {
            _pending.Enqueue(entry);
        }
        Context.Log.Warning("Skipping the remaining {Skipped} {Phase} action(s) of legion {Legion} after a failure", skipped, context.Phase, _settings.Name);
        return skipped;
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
