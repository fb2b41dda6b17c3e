using Akka.Actor;
using Akka.Event;
using Legion.Actors.Actions;
using Legion.Actors.Model;
using Legion.Actors.Runtime;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Actors;

/// <summary>
/// Holds one legion's <see cref="ElectionMachine"/>, feeds it every message it hears (<see cref="ElectionStep.Step"/>)
/// and performs the effects: fires events to the action runner and the EventStream, keeps heartbeat told of the state
/// to announce, tells the supervisor of lordship, starts the claim fence's timer, logs.
/// </summary>
/// <remarks>
/// Its states follow the machine's phase: <see cref="Electing"/> while warming up and warm (the step tells them
/// apart), <see cref="Retired"/> once outdated.
/// The rules (warm-up, witness, skew, claim fence, version fencing, handover, suspension) live in the step.
/// </remarks>
internal sealed class ElectionActor : ReceiveActor, IWithTimers
{
    private LegionSettings _settings;
    private readonly IActorRef _heartbeat;
    private readonly IActorRef _actions;
    private ElectionMachine _machine;
    private long _startedAt;
    // The context of the latest lord event's actions, to tell their reply from a stale one's.
    private LegionActionContext? _lordActions;

    /// <summary>Creates the actor.</summary>
    /// <param name="settings">The legion's settings.</param>
    /// <param name="heartbeat">Told the state to announce, and to announce at once when a Lord rises.</param>
    /// <param name="actions">Runs the actions of each event.</param>
    public ElectionActor(LegionSettings settings, IActorRef heartbeat, IActorRef actions)
    {
        _settings = settings;
        _heartbeat = heartbeat;
        _actions = actions;
        _machine = ElectionMachine.Start(settings.ElectionTerms);
        Electing();
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// Warming up or warm (<see cref="ElectionPhase.WarmingUp"/>, <see cref="ElectionPhase.Running"/>): every change of
    /// what it knows, and every tick, goes to the step, which runs no round until a tick finds the warm-up passed.
    /// </summary>
    private void Electing()
    {
        Receive<MembershipChanged>(changed => Step(new ElectionInput.MembershipChanged(changed.Membership)));
        Receive<WitnessObserved>(observed => Step(new ElectionInput.WitnessObserved(observed.Reachable, observed.FreshOthers)));
        Receive<SkewObserved>(observed => Step(new ElectionInput.SkewObserved(observed.Evidence)));
        Receive<MemberJoined>(joined => Step(new ElectionInput.MemberJoined(joined.Member)));
        Receive<MemberLeft>(left => Step(new ElectionInput.MemberLeft(left.Member)));
        Receive<ClaimFenceEnded>(_ => Step(new ElectionInput.ClaimFenceEnded()));
        Receive<ElectionTick>(_ => Step(new ElectionInput.Tick(Context.TimeProvider.GetElapsedTime(_startedAt))));
        Receive<SwitchIdentity>(OnSwitchIdentity);
        Receive<EventActionsDone>(OnActionsDone);
        Receive<LeftLegion>(_ => { });
    }

    /// <summary>
    /// Outdated and left the legion: never rules again in this run. Members still come and go (events fire) until the
    /// supervisor stops the legion; the witness, skew evidence, the claim fence and ticks no longer matter.
    /// </summary>
    private void Retired()
    {
        Receive<MembershipChanged>(changed => Step(new ElectionInput.MembershipChanged(changed.Membership)));
        Receive<WitnessObserved>(_ => { });
        Receive<SkewObserved>(_ => { });
        Receive<MemberJoined>(joined => Step(new ElectionInput.MemberJoined(joined.Member)));
        Receive<MemberLeft>(left => Step(new ElectionInput.MemberLeft(left.Member)));
        Receive<ClaimFenceEnded>(_ => { });
        Receive<ElectionTick>(_ => { });
        Receive<SwitchIdentity>(OnSwitchIdentity);
        Receive<EventActionsDone>(OnActionsDone);
        Receive<LeftLegion>(_ => { });
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        _startedAt = Context.TimeProvider.GetTimestamp();
        Timers.StartPeriodicTimer(ElectionTick.Instance, ElectionTick.Instance, _settings.Frequency);
    }

    /// <summary>
    /// A failed incarnation cannot vouch for its lordship: when Lord, it fires <c>unlord</c> (which stops Lord-only work)
    /// and tells heartbeat to stop claiming lordship, before the fresh incarnation warms up as a starting node does
    /// (see <see cref="LegionSupervisor"/>'s directive for <c>election</c>).
    /// </summary>
    protected override void PreRestart(Exception reason, object message)
    {
        if (_machine.Election.IsLord)
        {
            Context.Log.Error(reason, "The election of legion {Legion} failed while this node was Lord; giving up lordship until it has warmed up again",
                _settings.Name);
        }
        Step(new ElectionInput.Restarting());
        base.PreRestart(reason, message);
    }

    /// <inheritdoc />
    protected override void PostRestart(Exception reason)
    {
        base.PostRestart(reason);
        Context.Parent.Tell(ElectionRestarted.Instance);
    }

    private void OnSwitchIdentity(SwitchIdentity switching)
    {
        _settings = switching.Settings;
        Step(new ElectionInput.SwitchIdentity(switching.Settings.ElectionTerms));
    }

    private void OnActionsDone(EventActionsDone done)
    {
        if (done.Context.Event == LegionEvent.Unlord)
        {
            Step(new ElectionInput.UnlordActionsDone());
        }
        else if (ReferenceEquals(done.Context, _lordActions))
        {
            _lordActions = null;
            Step(new ElectionInput.LordActionsDone(done.Failures));
        }
    }

    /// <summary>Feeds one input to the machine, performs its effects in order, and follows its phase.</summary>
    private void Step(ElectionInput input)
    {
        var phase = _machine.Phase;
        (_machine, var effects) = ElectionStep.Step(_machine, input, LegionInstant.From(Context.TimeProvider));
        foreach (var effect in effects)
        {
            Perform(effect);
        }
        // A retired machine never comes back in this run; warming up and warm share one state.
        if (_machine.Phase != phase && _machine.Phase == ElectionPhase.Retired)
        {
            Become(Retired);
        }
    }

    private void Perform(ElectionEffect effect)
    {
        switch (effect)
        {
            case ElectionEffect.Fire fire:
                Fire(fire);
                break;
            case ElectionEffect.Log log:
                Context.Log.Log(log.Level switch
                {
                    Microsoft.Extensions.Logging.LogLevel.Warning => Akka.Event.LogLevel.WarningLevel,
                    Microsoft.Extensions.Logging.LogLevel.Error or Microsoft.Extensions.Logging.LogLevel.Critical => Akka.Event.LogLevel.ErrorLevel,
                    Microsoft.Extensions.Logging.LogLevel.Debug or Microsoft.Extensions.Logging.LogLevel.Trace => Akka.Event.LogLevel.DebugLevel,
                    _ => Akka.Event.LogLevel.InfoLevel,
                }, null, log.Template, log.Args);
                break;
            case ElectionEffect.ShareState share:
                _heartbeat.Tell(new ElectionChanged(share.State));
                Context.Parent.Tell(new ElectionChanged(share.State));
                break;
            case ElectionEffect.ReportState report:
                Context.Parent.Tell(new ElectionChanged(report.State));
                break;
            case ElectionEffect.AnnounceNow:
                _heartbeat.Tell(AnnounceNow.Instance);
                break;
            case ElectionEffect.HoldAnnounces hold:
                _heartbeat.Tell(new HoldAnnounces(hold.State));
                break;
            case ElectionEffect.AnnounceIdentity identity:
                _heartbeat.Tell(new IdentitySwitched(_settings, identity.State));
                break;
            case ElectionEffect.AnnounceSuspension suspension:
                var changed = new ElectionChanged(suspension.State);
                _heartbeat.Tell(changed);
                _heartbeat.Tell(AnnounceSuspended.Instance);
                Context.Parent.Tell(changed);
                Context.Parent.Tell(new LordshipChanged(false));
                break;
            case ElectionEffect.StartLordWork:
                Context.Parent.Tell(new LordshipChanged(true));
                break;
            case ElectionEffect.StartClaimFenceTimer timer:
                Timers.StartSingleTimer(ClaimFenceEnded.Instance, ClaimFenceEnded.Instance, timer.Delay);
                break;
            case ElectionEffect.LeaveLegion:
                Context.Parent.Tell(LeaveLegion.Instance);
                break;
            default:
                throw new InvalidOperationException($"Unknown election effect {effect}");
        }
    }

    private void Fire(ElectionEffect.Fire fire)
    {
        var lord = fire.State.Candidate;
        switch (fire.Event)
        {
            case LegionEvent.Lord:
                Context.Log.Info("This node ({Node}, valor {Valor}) is now the Lord of legion {Legion}", fire.Self.Name, fire.Self.Valor, _settings.Name);
                break;
            case LegionEvent.Unlord:
                Context.Log.Info("This node is no longer the Lord of legion {Legion}; Lord candidate now {Candidate}", _settings.Name, lord);
                LordScrollLog.Write(Context.Log, _settings.Name, fire.Self, fire.State);
                _lordActions = null;
                Context.Parent.Tell(new LordshipChanged(false));
                break;
            case LegionEvent.Join:
                Context.Log.Info("Joined legion {Legion}: quorum reached with {Votes} vote(s)", _settings.Name, fire.State.Votes);
                break;
        }
        var context = new LegionActionContext(_settings.Name, fire.Event, fire.Self, lord, fire.Member,
            Context.System.LoggerFactory.CreateLogger("Legion.Actions"));
        Context.System.EventStream.Publish(new LegionEventFired(_settings.Name, fire.Event, fire.Self, lord, fire.Member, Context.TimeProvider.GetUtcNow()));
        if (fire.Event == LegionEvent.Lord)
        {
            // Lord-only work waits for the lord actions; with death-on-lord-error a failure suspends this node.
            _lordActions = context;
            _actions.Tell(new RunEventActions(context, Self, StopOnFailure: _settings.DeathOnLordError > TimeSpan.Zero));
            return;
        }
        _actions.Tell(new RunEventActions(context, fire.ReplyWhenDone ? Self : null));
    }
}
