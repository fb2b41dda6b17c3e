using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Model;

namespace Legion.Actors.Actors;

/// <summary>
/// Sends this node's announce once per frequency, and at once when told (a new Lord). Builds the
/// announce from the latest election state it was told; never waits for anything else, so no action
/// can delay a heartbeat. Sends nothing while the node is suspended or after the death announce.
/// </summary>
/// <remarks>
/// States: <see cref="Announcing"/>; <see cref="Holding"/> while a Lord hands over (see <see cref="Handover"/>: the new
/// identity is announced first, then the old one's death); <see cref="Dead"/> after the death announce.
/// </remarks>
internal sealed class HeartbeatScheduler : ReceiveActor, IWithTimers
{
    private LegionSettings _settings;
    private readonly IActorRef _transport;
    private ElectionState _state = ElectionState.Initial;
    // When the last out-of-rhythm announce left (a timestamp); null before the first.
    private long? _lastOutOfRhythm;
    // The identity announced before a switch, whose death the next heartbeat repeats.
    private NodeIdentity? _deathToRepeat;

    /// <summary>Creates the actor.</summary>
    /// <param name="settings">The legion's settings.</param>
    /// <param name="transport">Seals and sends announces.</param>
    public HeartbeatScheduler(LegionSettings settings, IActorRef transport)
    {
        _settings = settings;
        _transport = transport;
        Announcing();
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Announces the election state it was last told.</summary>
    private void Announcing()
    {
        Receive<ElectionChanged>(changed => _state = changed.State);
        Announces();
    }

    /// <summary>
    /// A Lord handing over: keeps announcing the current identity with the state it was given (no longer Lord), and
    /// ignores election changes, until <see cref="IdentitySwitched"/> (the unlord actions are done).
    /// </summary>
    private void Holding()
    {
        Receive<ElectionChanged>(_ => { });
        Announces();
    }

    /// <summary>What <see cref="Announcing"/> and <see cref="Holding"/> both do: announce on time, and on request.</summary>
    private void Announces()
    {
        Receive<HeartbeatTick>(_ => OnTick());
        Receive<AnnounceNow>(_ => AnnounceSoon());
        Receive<CoalescedAnnounce>(_ => OnCoalescedAnnounce());
        Receive<HoldAnnounces>(OnHoldAnnounces);
        Receive<IdentitySwitched>(OnIdentitySwitched);
        Receive<AnnounceSuspended>(_ => SendDeathOf(_settings.Self));
        Receive<AnnounceDeath>(OnDeath);
    }

    /// <summary>The death announce has left: nothing more goes out but another death announce when asked.</summary>
    private void Dead()
    {
        Receive<ElectionChanged>(_ => { });
        Receive<HeartbeatTick>(_ => { });
        Receive<AnnounceNow>(_ => { });
        Receive<CoalescedAnnounce>(_ => { });
        Receive<HoldAnnounces>(_ => { });
        Receive<IdentitySwitched>(_ => { });
        Receive<AnnounceSuspended>(_ => { });
        Receive<AnnounceDeath>(OnDeath);
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        // Announce at once so peers learn of us without waiting a whole period (uWSGI waits one).
        Self.Tell(HeartbeatTick.Instance);
        Timers.StartPeriodicTimer(HeartbeatTick.Instance, HeartbeatTick.Instance, _settings.Frequency);
    }

    private void OnTick()
    {
        Announce();
        // Repeat the death of the identity announced before a switch once, in case the first was lost.
        if (_deathToRepeat is { } previous)
        {
            SendDeathOf(previous);
            _deathToRepeat = null;
        }
    }

    /// <summary>
    /// An out-of-rhythm announce, at most one per quarter period (periodic announces do not count: a heartbeat
    /// sent just before a change must not hold the change back): a burst of changes (e.g. several members
    /// dying at once) becomes one announce carrying the latest state.
    /// </summary>
    private void AnnounceSoon()
    {
        var minimumGap = _settings.Frequency / 4;
        var sinceLast = _lastOutOfRhythm is { } last ? Context.TimeProvider.GetElapsedTime(last) : (TimeSpan?)null;
        if (sinceLast is not { } since || since >= minimumGap)
        {
            _lastOutOfRhythm = Context.TimeProvider.GetTimestamp();
            Announce();
        }
        else if (!Timers.IsTimerActive(CoalescedAnnounce.Instance))
        {
            Timers.StartSingleTimer(CoalescedAnnounce.Instance, CoalescedAnnounce.Instance, minimumGap - since);
        }
    }

    private void OnCoalescedAnnounce()
    {
        _lastOutOfRhythm = Context.TimeProvider.GetTimestamp();
        Announce();
    }

    private void Announce()
    {
        var now = LegionInstant.From(Context.TimeProvider);
        if (_state.IsSuspendedAt(now.Wall))
        {
            return;
        }
        _transport.Tell(new SendAnnounce(AnnounceFactory.Build(_settings.Name, _settings.Self, _state, now, _settings.Scroll, extensions: _settings.AnnounceExtensions)));
    }

    private void OnHoldAnnounces(HoldAnnounces hold)
    {
        _state = hold.State;
        Become(Holding);
    }

    /// <summary>Announces the new identity at once, then the death of the one announced so far (again with the next heartbeat).</summary>
    private void OnIdentitySwitched(IdentitySwitched switched)
    {
        var previous = _settings.Self;
        _settings = switched.Settings;
        _state = switched.State;
        Become(Announcing);
        Announce();
        if (previous.Key != _settings.Self.Key)
        {
            SendDeathOf(previous);
            _deathToRepeat = previous;
        }
    }

    private void SendDeathOf(NodeIdentity identity, IActorRef? replyTo = null)
    {
        var now = LegionInstant.From(Context.TimeProvider);
        _transport.Tell(new SendAnnounce(AnnounceFactory.Build(_settings.Name, identity, _state, now, _settings.Scroll, dead: true, _settings.AnnounceExtensions), replyTo));
    }

    private void OnDeath(AnnounceDeath death)
    {
        Timers.CancelAll();
        Become(Dead);
        SendDeathOf(_settings.Self, death.ReplyTo);
    }
}
