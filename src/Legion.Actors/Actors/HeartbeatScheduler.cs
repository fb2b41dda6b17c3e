using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Model;

namespace Legion.Actors.Actors;

/// <summary>
/// Sends this node's announce once per frequency, and at once when told (a new Lord). Builds the
/// announce from the latest election state it was told; never waits for anything else, so no action
/// can delay a heartbeat. Sends nothing while the node is suspended or after the death announce.
/// </summary>
internal sealed partial class HeartbeatScheduler : ReceiveActor, IWithTimers
{
    private LegionSettings _settings;
    private readonly IActorRef _transport;
    private ElectionState _state = ElectionState.Initial;
    private bool _dead;
    private long _lastOutOfRhythm;
    private bool _outOfRhythm;

    /// <summary>Creates the actor.</summary>
    /// <param name="settings">The legion's settings.</param>
    /// <param name="transport">Seals and sends announces.</param>
    public HeartbeatScheduler(LegionSettings settings, IActorRef transport)
    {
        _settings = settings;
        _transport = transport;
        Receive<ElectionChanged>(changed => _state = _held ? _state : changed.State);
        Receive<HeartbeatTick>(_ =>
        {
            Announce();
            RepeatDeath();
        });
        Receive<AnnounceNow>(_ => AnnounceSoon());
        Receive<CoalescedAnnounce>(_ =>
        {
            _lastOutOfRhythm = Context.TimeProvider.GetTimestamp();
            Announce();
        });
        Receive<AnnounceDeath>(OnDeath);
        ReceiveHandover();
        Receive<AnnounceSuspended>(_ => OnSuspended());
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for this actor.</summary>
    public static Props Props(LegionSettings settings, IActorRef transport) =>
        LegionProps.Create(() => new HeartbeatScheduler(settings, transport));

    /// <inheritdoc />
    protected override void PreStart()
    {
        // Announce at once so peers learn of us without waiting a whole period (uWSGI waits one).
        Self.Tell(HeartbeatTick.Instance);
        Timers.StartPeriodicTimer(HeartbeatTick.Instance, HeartbeatTick.Instance, _settings.Frequency);
    }

    /// <summary>
    /// An out-of-rhythm announce, at most one per quarter period (periodic announces do not count: a heartbeat
    /// sent just before a change must not hold the change back): a burst of changes (e.g. several members
    /// dying at once) becomes one announce carrying the latest state.
    /// </summary>
    private void AnnounceSoon()
    {
        var sinceLast = Context.TimeProvider.GetElapsedTime(_lastOutOfRhythm);
        var minimumGap = _settings.Frequency / 4;
        if (!_outOfRhythm || sinceLast >= minimumGap)
        {
            _lastOutOfRhythm = Context.TimeProvider.GetTimestamp();
            _outOfRhythm = true;
            Announce();
        }
        else if (!Timers.IsTimerActive(CoalescedAnnounce.Instance))
        {
            Timers.StartSingleTimer(CoalescedAnnounce.Instance, CoalescedAnnounce.Instance, minimumGap - sinceLast);
        }
    }

    private void Announce()
    {
        var now = LegionInstant.From(Context.TimeProvider);
        if (_dead || _state.IsSuspendedAt(now.Wall))
        {
            return;
        }
        _transport.Tell(new SendAnnounce(AnnounceFactory.Build(_settings.Name, _settings.Self, _state, now, _settings.Scroll, extensions: _settings.AnnounceExtensions)));
    }

    private void OnSuspended()
    {
        if (_dead)
        {
            return;
        }
        var now = LegionInstant.From(Context.TimeProvider);
        _transport.Tell(new SendAnnounce(AnnounceFactory.Build(_settings.Name, _settings.Self, _state, now, _settings.Scroll, dead: true, _settings.AnnounceExtensions)));
    }

    private void OnDeath(AnnounceDeath death)
    {
        _dead = true;
        Timers.CancelAll();
        var now = LegionInstant.From(Context.TimeProvider);
        var announce = AnnounceFactory.Build(_settings.Name, _settings.Self, _state, now, _settings.Scroll, dead: true, _settings.AnnounceExtensions);
        _transport.Tell(new SendAnnounce(announce, death.ReplyTo));
    }
}
