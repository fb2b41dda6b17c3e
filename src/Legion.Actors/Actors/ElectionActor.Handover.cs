using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Model;

namespace Legion.Actors.Actors;

// Runtime identity changes (valor, step-down, scroll): see Handover for the rules.
internal sealed partial class ElectionActor
{
    private bool _handoverPending;

    private void ReceiveHandover()
    {
        Receive<SwitchIdentity>(OnSwitchIdentity);
        // Only the unlord of a handover asks for a reply here; anything else falls through to other handlers.
        Receive<EventActionsDone>(done => _handoverPending && done.Context.Event == LegionEvent.Unlord, _ => OnHandoverActionsDone());
    }

    private void OnSwitchIdentity(SwitchIdentity switching)
    {
        var result = Handover.SwitchIdentity(_state, switching.Settings.Self, _membership, LegionInstant.From(Context.TimeProvider));
        _state = result.State;
        if (result.GivesUpLordship)
        {
            // Hand over gracefully: peers only learn of the new identity once the unlord actions are done,
            // so no successor's lord actions overlap ours. Meanwhile keep announcing the old identity, as no Lord.
            _handoverPending = true;
            _heartbeat.Tell(new HoldAnnounces(_state));
            Fire(LegionEvent.Unlord, null, replyTo: Self);
            Context.Parent.Tell(new ElectionChanged(_state));
        }
        _settings = switching.Settings;
        if (_warm)
        {
            RunRound();
        }
        if (!_handoverPending)
        {
            _heartbeat.Tell(new IdentitySwitched(_settings, _state));
        }
    }

    private void OnHandoverActionsDone()
    {
        if (!_handoverPending)
        {
            return;
        }
        _handoverPending = false;
        _heartbeat.Tell(new IdentitySwitched(_settings, _state));
    }
}
