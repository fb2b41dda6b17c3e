using Legion.Actors.Actions;
using Legion.Actors.Kernel;
using Legion.Actors.Model;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Actors;

/// <summary>
/// Runs the election rounds of one legion (<see cref="Election.Round"/>) after every membership
/// change and every frequency tick, fires the resulting events (and node-joined/node-left) to the
/// action runner and the EventStream, and keeps heartbeat told of the state to announce.
/// </summary>
/// <remarks>
/// As uWSGI skips the election in its first loop iteration, no round runs during a warm-up of two
/// frequencies after start: a starting node first hears its peers, and does not claim lordship of a
/// legion it has not yet seen. Two periods, not one, because uWSGI announces on whole-second
/// boundaries, so one of its periods can stretch to nearly two.
/// </remarks>
public sealed class ElectionActor : ReceiveActor, IWithTimers
{
    private readonly LegionSettings _settings;
    private readonly IActorRef _heartbeat;
    private readonly IActorRef _actions;
    private Membership _membership = Membership.Empty;
    private ElectionState _state = ElectionState.Initial;
    private bool _warm;
    private long _startedAt;
    private LegionActionContext? _pendingLord;

    /// <summary>Creates the actor.</summary>
    /// <param name="settings">The legion's settings.</param>
    /// <param name="heartbeat">Told the state to announce, and to announce at once when a Lord rises.</param>
    /// <param name="actions">Runs the actions of each event.</param>
    public ElectionActor(LegionSettings settings, IActorRef heartbeat, IActorRef actions)
    {
        _settings = settings;
        _heartbeat = heartbeat;
        _actions = actions;
        Receive<MembershipChanged>(changed =>
        {
            _membership = changed.Membership;
            if (_warm)
            {
                RunRound();
            }
        });
        Receive<MemberJoined>(joined => Fire(LegionEvent.NodeJoined, joined.Member.Key));
        Receive<MemberLeft>(left => Fire(LegionEvent.NodeLeft, left.Member.Key));
        Receive<ElectionTick>(_ =>
        {
            if (!_warm && Context.TimeProvider.GetElapsedTime(_startedAt) < _settings.WarmUp)
            {
                return;
            }
            _warm = true;
            RunRound();
        });
        Receive<EventActionsDone>(OnLordActionsDone);
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for this actor.</summary>
    public static Props Props(LegionSettings settings, IActorRef heartbeat, IActorRef actions) =>
        Kernel.Props.Create(() => new ElectionActor(settings, heartbeat, actions));

    /// <inheritdoc />
    protected override void PreStart()
    {
        _startedAt = Context.TimeProvider.GetTimestamp();
        Timers.StartPeriodicTimer(ElectionTick.Instance, ElectionTick.Instance, _settings.Frequency);
    }

    private void RunRound()
    {
        var now = LegionInstant.From(Context.TimeProvider);
        var outcome = Election.Round(_state, _settings.Self, _membership, _settings.Definition.Quorum, now, _settings.Scroll, _settings.ScrollMaxSize);
        var before = _state;
        _state = outcome.State;

        if (outcome.QuorumReport)
        {
            Context.Log.LogInformation("Quorum for legion {Legion}: Lord candidate {Candidate}, checksum {Checksum}, {Votes} vote(s), {Members} member(s)",
                _settings.Name, _state.Candidate, _state.Checksum, _state.Votes, _membership.Count);
        }
        if (outcome.NoQuorumWarning)
        {
            Context.Log.LogWarning("No quorum for legion {Legion}: only {Votes} vote(s), {Quorum} needed to elect a Lord",
                _settings.Name, _state.Votes, _settings.Definition.Quorum);
        }
        foreach (var legionEvent in outcome.Events)
        {
            Fire(legionEvent, null);
        }
        if (_state != before)
        {
            var changed = new ElectionChanged(_state);
            _heartbeat.Tell(changed);
            Context.Parent.Tell(changed);
        }
        if (outcome.AnnounceNow)
        {
            _heartbeat.Tell(AnnounceNow.Instance);
        }
    }

    private void Fire(LegionEvent legionEvent, MemberKey? member)
    {
        var lord = _state.Candidate;
        switch (legionEvent)
        {
            case LegionEvent.Lord:
                Context.Log.LogInformation("This node ({Node}, valor {Valor}) is now the Lord of legion {Legion}", _settings.Self.Name, _settings.Self.Valor, _settings.Name);
                break;
            case LegionEvent.Unlord:
                Context.Log.LogInformation("This node is no longer the Lord of legion {Legion}; Lord candidate now {Candidate}", _settings.Name, lord);
                LordScrollLog.Write(Context.Log, _settings, _state);
                _pendingLord = null;
                Context.Parent.Tell(new LordshipChanged(false));
                break;
            case LegionEvent.Join:
                Context.Log.LogInformation("Joined legion {Legion}: quorum reached with {Votes} vote(s)", _settings.Name, _state.Votes);
                break;
        }
        var context = new LegionActionContext(_settings.Name, legionEvent, _settings.Self, lord, member,
            Context.System.LoggerFactory.CreateLogger("Legion.Actions"));
        Context.System.EventStream.Publish(new LegionEventFired(_settings.Name, legionEvent, _settings.Self, lord, member, Context.TimeProvider.GetUtcNow()));
        if (legionEvent == LegionEvent.Lord)
        {
            // Lord-only work waits for the lord actions; with death-on-lord-error a failure suspends this node.
            _pendingLord = context;
            _actions.Tell(new RunEventActions(context, Self, StopOnFailure: _settings.DeathOnLordError > TimeSpan.Zero));
            return;
        }
        _actions.Tell(new RunEventActions(context));
    }

    private void OnLordActionsDone(EventActionsDone done)
    {
        if (!ReferenceEquals(done.Context, _pendingLord))
        {
            return;
        }
        _pendingLord = null;
        if (done.Failures > 0 && _settings.DeathOnLordError > TimeSpan.Zero)
        {
            Suspend();
        }
        else if (_state.IsLord)
        {
            Context.Parent.Tell(new LordshipChanged(true));
        }
    }

    /// <summary>
    /// legion-death-on-lord-error, as uWSGI 2.0 legion.c (legions_check_nodes_step2): a death announce, then no
    /// announces and no candidacy until the suspension ends; no unlord event, since the lord transition never completed.
    /// </summary>
    private void Suspend()
    {
        var now = LegionInstant.From(Context.TimeProvider);
        _state = Election.Suspend(_state, now.Wall + _settings.DeathOnLordError);
        Context.Log.LogWarning("A lord action of legion {Legion} failed: announcing death and suspending this node from the legion for {Duration}",
            _settings.Name, _settings.DeathOnLordError);
        var changed = new ElectionChanged(_state);
        _heartbeat.Tell(changed);
        _heartbeat.Tell(AnnounceSuspended.Instance);
        Context.Parent.Tell(changed);
        Context.Parent.Tell(new LordshipChanged(false));
    }
}
