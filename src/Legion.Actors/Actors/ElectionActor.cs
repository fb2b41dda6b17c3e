using Akka.Event;
using Legion.Actors.Actions;
using Akka.Actor;
using Legion.Actors.Runtime;
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
internal sealed partial class ElectionActor : ReceiveActor, IWithTimers
{
    private LegionSettings _settings;
    private readonly IActorRef _heartbeat;
    private readonly IActorRef _actions;
    private Membership _membership = Membership.Empty;
    private ElectionState _state = ElectionState.Initial;
    private bool _warm;
    private bool _retired;
    private string? _outdatedBy;
    private WitnessObserved? _witness;
    private WitnessVerdict _witnessVerdict = WitnessVerdict.Normal;
    private SkewEvidence _skew = SkewEvidence.Empty;
    private bool _skewBlocks;
    private long _startedAt;
    private LegionActionContext? _pendingLord;
    private TimeSpan? _claimFenceUntil;

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
            CheckVersionFence();
            if (_warm)
            {
                RunRound();
            }
        });
        Receive<LeftLegion>(_ => { });
        Receive<WitnessObserved>(observed =>
        {
            _witness = observed;
            if (_warm)
            {
                RunRound();
            }
        });
        Receive<SkewObserved>(observed =>
        {
            _skew = observed.Evidence;
            if (_warm)
            {
                RunRound();
            }
        });
        Receive<MemberJoined>(joined => Fire(LegionEvent.NodeJoined, joined.Member.Key));
        Receive<MemberLeft>(left =>
        {
            Fire(LegionEvent.NodeLeft, left.Member.Key);
            FenceClaimAfter(left.Member);
        });
        Receive<ClaimFenceEnded>(_ =>
        {
            if (_warm)
            {
                RunRound();
            }
        });
        Receive<ElectionTick>(_ =>
        {
            if (!_warm && Context.TimeProvider.GetElapsedTime(_startedAt) < _settings.WarmUp)
            {
                return;
            }
            _warm = true;
            RunRound();
        });
        ReceiveHandover();
        Receive<EventActionsDone>(OnLordActionsDone);
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for this actor.</summary>
    public static Props Props(LegionSettings settings, IActorRef heartbeat, IActorRef actions) =>
        LegionProps.Create(() => new ElectionActor(settings, heartbeat, actions));

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
        if (_state.IsLord)
        {
            Context.Log.Error(reason, "The election of legion {Legion} failed while this node was Lord; giving up lordship until it has warmed up again",
                _settings.Name);
            _state = _state with { LordSince = 0 };
            Fire(LegionEvent.Unlord, null);
            var changed = new ElectionChanged(_state);
            _heartbeat.Tell(changed);
            Context.Parent.Tell(changed);
        }
        base.PreRestart(reason, message);
    }

    /// <inheritdoc />
    protected override void PostRestart(Exception reason)
    {
        base.PostRestart(reason);
        Context.Parent.Tell(ElectionRestarted.Instance);
    }

    /// <summary>Fires <c>outdated</c> once per newer version a member announces; leaves the legion when configured to.</summary>
    private void CheckVersionFence()
    {
        if (_retired || VersionFence.NewerThanMine(_settings.Definition.Version, _membership.Members) is not { } newer
            || (_outdatedBy is not null && VersionFence.Compare(newer, _outdatedBy) <= 0))
        {
            return;
        }
        _outdatedBy = newer;
        var member = _membership.Members.First(m => m.Extensions.GetValueOrDefault(VersionFence.VersionKey) == newer);
        Context.Log.Warning("Legion {Legion}: this node (version {Version}) is outdated: {Member} runs version {Newer}",
            _settings.Name, _settings.Definition.Version, member.Key, newer);
        Fire(LegionEvent.Outdated, member.Key);
        if (_settings.Definition.LeaveWhenOutdated)
        {
            // Never rule again in this run: an outdated node must not win an election it has left.
            _retired = true;
            if (_state.IsLord)
            {
                _state = _state with { LordSince = 0 };
                Fire(LegionEvent.Unlord, null);
                var changed = new ElectionChanged(_state);
                _heartbeat.Tell(changed);
                Context.Parent.Tell(changed);
            }
            Context.Parent.Tell(LeaveLegion.Instance);
        }
    }

    private void RunRound()
    {
        if (_retired)
        {
            return;
        }
        var now = LegionInstant.From(Context.TimeProvider);
        var verdict = _witness is { } w ? WitnessRule.Evaluate(_membership.Count, w.Reachable, w.FreshOthers) : WitnessVerdict.Normal;
        var skewed = SkewRule.SkewedPeers(_skew, _membership);
        bool skewAllows = SkewRule.MayClaim(_settings.Self, _membership, skewed);
        bool fenced = ClaimFence.Holds(_claimFenceUntil, now.Monotonic, _state.IsLord);
        var outcome = Election.Round(_state, _settings.Self, _membership, _settings.Definition.Quorum, now, _settings.Scroll, _settings.Definition.LordLease,
            mayClaim: verdict == WitnessVerdict.Normal && skewAllows && !fenced, lordScrollMaxSize: _settings.ScrollMaxSize);
        outcome = outcome with { State = outcome.State with { SkewedPeers = skewed.Count, SkewBlocksClaim = !skewAllows } };
        if (skewAllows == _skewBlocks)
        {
            LogSkew(skewed, skewAllows);
        }
        if (_state.IsLord && !outcome.State.IsLord && outcome.State.Verdict == RoundVerdict.Disagreement)
        {
            Context.Log.Warning("Lord lease of legion {Legion} expired: no agreeing quorum for more than {Lease}; stepping down",
                _settings.Name, _settings.Definition.LordLease);
        }
        var before = _state;
        _state = outcome.State;

        if (outcome.QuorumReport)
        {
            Context.Log.Info("Quorum for legion {Legion}: Lord candidate {Candidate}, checksum {Checksum}, {Votes} vote(s), {Members} member(s)",
                _settings.Name, _state.Candidate, _state.Checksum, _state.Votes, _membership.Count);
        }
        if (outcome.NoQuorumWarning)
        {
            Context.Log.Warning("No quorum for legion {Legion}: only {Votes} vote(s), {Quorum} needed to elect a Lord",
                _settings.Name, _state.Votes, _settings.Definition.Quorum);
        }
        foreach (var legionEvent in outcome.Events)
        {
            Fire(legionEvent, null);
        }
        if (verdict != _witnessVerdict)
        {
            Context.Log.Log(verdict == WitnessVerdict.Normal ? Akka.Event.LogLevel.InfoLevel : Akka.Event.LogLevel.WarningLevel, null,
                "Witness of legion {Legion}: {Verdict} ({Members} member(s) over UDP, witness {Witness})",
                _settings.Name, verdict, _membership.Count, _witness);
            if (verdict == WitnessVerdict.ForceExit)
            {
                Fire(LegionEvent.ForcedExit, null);
            }
            _witnessVerdict = verdict;
        }
        if (_state != before)
        {
            var changed = new ElectionChanged(_state);
            _heartbeat.Tell(changed);
            Context.Parent.Tell(changed);
        }
        // A changed vote or checksum goes out at once (heartbeat coalesces bursts): peers can only count
        // votes once every member announces the same view, so waiting a whole period slows every failover.
        if (outcome.AnnounceNow || _state.AnnouncedVote != before.AnnouncedVote || _state.Checksum != before.Checksum)
        {
            _heartbeat.Tell(AnnounceNow.Instance);
        }
    }

    /// <summary>Sets the claim fence a member that expired calls for (<see cref="ClaimFence.After"/>), and a round at its end.</summary>
    private void FenceClaimAfter(Member left)
    {
        var now = LegionInstant.From(Context.TimeProvider).Monotonic;
        if (ClaimFence.After(left, _state.Candidate, _settings.Definition.Quorum, _settings.Tolerance, _settings.ClaimFence) is not { } until
            || until <= now || (_claimFenceUntil is { } current && current >= until))
        {
            return;
        }
        _claimFenceUntil = until;
        Timers.StartSingleTimer(ClaimFenceEnded.Instance, ClaimFenceEnded.Instance, until - now);
        Context.Log.Info(
            "Legion {Legion}: Lord {Member} went silent; this node claims no lordship for {Fence}, until a Lord cut off from its quorum has stepped down",
            _settings.Name, left.Key, until - now);
    }

    private void LogSkew(IReadOnlyList<SkewedPeer> skewed, bool skewAllows)
    {
        _skewBlocks = !skewAllows;
        if (_skewBlocks)
        {
            Context.Log.Warning(
                "Legion {Legion}: hearing {SkewedPeers} peer(s) whose clocks differ by more than the skew tolerance ({SkewTolerance}) from this node's, against {Side} node(s) on this side; not claiming lordship ({Peers}); check the clocks",
                _settings.Name, skewed.Count, _settings.SkewTolerance, _membership.Count + 1, string.Join(", ", skewed.Select(p => $"{p.Name} valor {p.Valor}")));
        }
        else
        {
            Context.Log.Info("Legion {Legion}: clock skew no longer keeps this node from claiming lordship ({SkewedPeers} skewed peer(s) heard)",
                _settings.Name, skewed.Count);
        }
    }

    private void Fire(LegionEvent legionEvent, MemberKey? member, IActorRef? replyTo = null)
    {
        var lord = _state.Candidate;
        switch (legionEvent)
        {
            case LegionEvent.Lord:
                Context.Log.Info("This node ({Node}, valor {Valor}) is now the Lord of legion {Legion}", _settings.Self.Name, _settings.Self.Valor, _settings.Name);
                break;
            case LegionEvent.Unlord:
                Context.Log.Info("This node is no longer the Lord of legion {Legion}; Lord candidate now {Candidate}", _settings.Name, lord);
                LordScrollLog.Write(Context.Log, _settings, _state);
                _pendingLord = null;
                Context.Parent.Tell(new LordshipChanged(false));
                break;
            case LegionEvent.Join:
                Context.Log.Info("Joined legion {Legion}: quorum reached with {Votes} vote(s)", _settings.Name, _state.Votes);
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
        _actions.Tell(new RunEventActions(context, replyTo));
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
        Context.Log.Warning("A lord action of legion {Legion} failed: announcing death and suspending this node from the legion for {Duration}",
            _settings.Name, _settings.DeathOnLordError);
        var changed = new ElectionChanged(_state);
        _heartbeat.Tell(changed);
        _heartbeat.Tell(AnnounceSuspended.Instance);
        Context.Parent.Tell(changed);
        Context.Parent.Tell(new LordshipChanged(false));
    }
}
