using Akka.Event;
using Legion.Actors.Configuration;
using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Model;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Actors;

// Runtime control (valor, step-down, scroll): kept apart from the supervisor's life cycle so each reads on one screen.
public sealed partial class LegionSupervisor
{
    private IActorRef _electionActor = ActorRefs.Nobody;
    private IActorRef _membershipActor = ActorRefs.Nobody;
    private ICancelable? _stepDownTimer;
    private int _stepDownGeneration;

    private LegionSettings CurrentSettings => Volatile.Read(ref _settings);

    private void ReceiveControl()
    {
        Receive<ChangeValor>(OnChangeValor);
        Receive<StepDown>(OnStepDown);
        Receive<ReplaceScroll>(OnReplaceScroll);
        Receive<StepDownOver>(OnStepDownOver);
    }

    private void OnChangeValor(ChangeValor change)
    {
        if (RefusedWhileLeaving())
        {
            return;
        }
        // The operator moves the base valor; failing health checks keep their penalties on top of it.
        var current = _valor.Base;
        if (_valor.Apply(change.Request, out var error) is not { } next)
        {
            Reply(false, error!);
            return;
        }
        bool wasSteppedDown = _stepDownTimer is not null;
        CancelStepDown();
        _valor = next;
        var valor = next.Base;
        var message = valor != current ? $"valor changed from {current} to {valor}"
            : wasSteppedDown ? $"valor stays {valor}; step-down cancelled"
            : $"valor is already {valor}";
        if (!next.Health.IsNone)
        {
            message += $"; with failing health checks: {next.Explanation}";
        }
        ApplyValor(message);
        Reply(true, message);
    }

    private void OnStepDown(StepDown stepDown)
    {
        if (RefusedWhileLeaving())
        {
            return;
        }
        var decision = Handover.StepDown(_election, _settings.Self, _membership, stepDown.Period, stepDown.Force);
        if (!decision.Accepted)
        {
            Reply(false, decision.Refusal!);
            return;
        }
        CancelStepDown();
        int generation = _stepDownGeneration;
        var period = LegionDuration.Format(decision.Period);
        var heir = _membership.Members.FirstOrDefault(m => m.Uuid == decision.Successor.Uuid && m.Valor == decision.Successor.Valor);
        var successor = decision.Successor.IsNone ? "no member is expected to take over"
            : $"{heir?.Name ?? decision.Successor.Uuid} (valor {decision.Successor.Valor}) is expected to take over";
        _stepDownTimer = Context.System.Scheduler.ScheduleTellOnceCancelable(decision.Period, Self, new StepDownOver(generation), Self);
        _valor = _valor.StepDown();
        ApplyValor($"stepped down for {period} (valor {decision.RestoreValor} to 0); {successor}");
        Reply(true, $"stepped down for {period}; {successor}");
    }

    private void OnStepDownOver(StepDownOver over)
    {
        if (over.Generation != _stepDownGeneration || _leaving || _left)
        {
            return;
        }
        _stepDownTimer = null;
        _stepDownGeneration++;
        // Back to the base minus whatever health penalties apply now, not to the valor it stepped down from.
        _valor = _valor.StepDownOver();
        if (!ApplyValor($"step-down over: valor back to {_valor.Explanation}"))
        {
            Context.Log.Info("Legion {Legion}: step-down over; valor stays {Valor}", _settings.Name, _valor.Explanation);
        }
    }

    private void OnReplaceScroll(ReplaceScroll replace)
    {
        if (RefusedWhileLeaving())
        {
            return;
        }
        var what = replace.Scroll is { } bytes ? $"scroll replaced ({bytes.Length} bytes)" : "scroll removed";
        Switch(_settings with { Scroll = replace.Scroll?.ToArray() }, what);
        Reply(true, what);
    }

    private void Switch(LegionSettings next, string reason)
    {
        var previous = _settings.Self;
        Volatile.Write(ref _settings, next);
        _membershipActor.Tell(new SwitchIdentity(next));
        _electionActor.Tell(new SwitchIdentity(next));
        Context.Log.Info("Legion {Legion}: {Reason}; announcing as {Node} (valor {Valor}, uuid {Uuid})",
            next.Name, reason, next.Self.Name, next.Self.Valor, next.Self.Uuid);
        Context.System.EventStream.Publish(new LegionIdentityChanged(next.Name, previous, next.Self, reason, Context.TimeProvider.GetUtcNow()));
        PublishStatus();
    }

    private void PublishStatus()
    {
        // Published after every announce: with nobody listening (a simulation), the snapshot is not even built.
        if (LegionRuntime.Get(Context.System).HasSubscribers(typeof(LegionStatusChanged)))
        {
            Context.System.EventStream.Publish(new LegionStatusChanged(Snapshot()));
        }
    }

    private void CancelStepDown()
    {
        _stepDownTimer?.Cancel();
        _stepDownTimer = null;
        _stepDownGeneration++;
    }

    private bool RefusedWhileLeaving()
    {
        if (_leaving || _left)
        {
            Reply(false, "this node is leaving the legion");
            return true;
        }
        return false;
    }

    private void Reply(bool accepted, string message) =>
        Sender.Tell(new ControlOutcome(_settings.Name, accepted, message, _settings.Self));
}
