using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Model;

namespace Legion.Actors.Actors;

// Runtime identity changes: announce the new identity first, then the old one's death (see Handover).
internal sealed partial class HeartbeatScheduler
{
    private bool _held;
    private NodeIdentity? _deathToRepeat;

    private void ReceiveHandover()
    {
        Receive<HoldAnnounces>(hold =>
        {
            _held = true;
            _state = hold.State;
        });
        Receive<IdentitySwitched>(OnIdentitySwitched);
    }

    private void OnIdentitySwitched(IdentitySwitched switched)
    {
        if (_dead)
        {
            return;
        }
        var previous = _settings.Self;
        _held = false;
        _settings = switched.Settings;
        _state = switched.State;
        Announce();
        if (previous.Key != _settings.Self.Key)
        {
            SendDeathOf(previous);
            _deathToRepeat = previous;
        }
    }

    private void RepeatDeath()
    {
        if (_deathToRepeat is { } previous && !_dead)
        {
            SendDeathOf(previous);
        }
        _deathToRepeat = null;
    }

    private void SendDeathOf(NodeIdentity identity)
    {
        var now = LegionInstant.From(Context.TimeProvider);
        _transport.Tell(new SendAnnounce(AnnounceFactory.Build(_settings.Name, identity, _state, now, _settings.Scroll, dead: true, _settings.AnnounceExtensions)));
    }
}
