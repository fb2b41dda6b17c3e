using Akka.Event;
using Legion.Actors.Actions;
using Legion.Actors.Hosting;
using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Model;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Actors;

/// <summary>
/// Supervises one legion on this node: creates the <c>udp</c>, <c>heartbeat</c>, <c>membership</c>,
/// <c>election</c> and <c>actions</c> children, resumes or restarts a failing child as its state calls for
/// (<see cref="ChildDirectives"/>), keeps the latest membership and election state for status queries, fires <c>setup</c>
/// once the socket is bound, and leaves the legion on request (<c>death</c> actions, then a death
/// announce). With <c>legion-health</c> checks it also runs a <c>health</c> child and owns the announced valor:
/// base valor, health penalties and step-down (<see cref="ValorState"/>, combined by <see cref="HealthValor"/>; each
/// control request decided by <see cref="ValorControl"/>). A fault here never touches another legion.
/// </summary>
/// <remarks>
/// Its states, each listing every message it handles: <see cref="Running"/>, <see cref="Leaving"/>, <see cref="Left"/>
/// and <see cref="Failed"/>; what all but the last handle alike is in <see cref="Always"/>.
/// </remarks>
public sealed class LegionSupervisor : ReceiveActor, IWithTimers
{
    /// <inheritdoc/>
    public ITimerScheduler Timers { get; set; } = null!;

    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(2);

    private LegionSettings _settings;
    private readonly Func<LegionSettings, IActorRef, Props> _transportProps;
    private readonly List<IActorRef> _readyWaiters = [];
    private readonly List<IActorRef> _leaveWaiters = [];
    private readonly List<IActorRef> _statusWaiters = [];
    private IActorRef _transport = ActorRefs.Nobody;
    private IActorRef _heartbeat = ActorRefs.Nobody;
    private IActorRef _actions = ActorRefs.Nobody;
    private IActorRef _electionActor = ActorRefs.Nobody;
    private IActorRef _membershipActor = ActorRefs.Nobody;
    private IActorRef _cron = ActorRefs.Nobody;
    private IActorRef _daemons = ActorRefs.Nobody;
    private readonly List<IActorRef> _lordOnly = [];
    private System.Net.EndPoint? _localEndPoint;
    private LegionLord? _lord;
    private Membership _membership = Membership.Empty;
    private ElectionState _election = ElectionState.Initial;
    private bool _lordWork;
    private IReadOnlyList<LegionCronStatus> _crons = [];
    private IReadOnlyList<LegionDaemonStatus> _daemonStatus = [];
    private ValorState _valor;
    private IReadOnlyList<LegionHealthCheckStatus> _health;
    private ScrollListView? _scrollList;

    /// <summary>Creates the supervisor.</summary>
    /// <param name="settings">The legion to run.</param>
    /// <param name="transportProps">
    /// Props of the transport child given the settings and the membership actor; null for the real
    /// UDP/Unix socket (<see cref="UdpListener"/>). Simulations pass their own.
    /// </param>
    public LegionSupervisor(LegionSettings settings, Func<LegionSettings, IActorRef, Props>? transportProps = null)
    {
        _settings = settings;
        _transportProps = transportProps ?? UdpListener.Props;
        _valor = ValorState.Configured(settings.Self.Valor);
        _health = settings.Definition.HealthChecks.Select(LegionHealthCheckStatus.NotRun).ToArray();
        Become(Running);
    }

    /// <summary>
    /// The legion runs: routes between the children, keeps the latest state for status, takes the operator's control
    /// requests and announces the valor that health and control give.
    /// </summary>
    private void Running()
    {
        Always();
        Receive<LordshipChanged>(OnLordshipChanged);
        Receive<ChangeValor>(OnChangeValor);
        Receive<StepDown>(OnStepDown);
        Receive<StepDownOver>(_ => OnStepDownOver());
        Receive<ReplaceScroll>(OnReplaceScroll);
        Receive<HealthReport>(report => OnHealthReport(report, announce: true));
        Receive<LeaveLegion>(_ => OnLeave());
        Receive<Terminated>(OnChildLost);
    }

    /// <summary>
    /// The node leaves (<see cref="LeaveLegion"/>): the <c>death</c> actions run, then the death announce goes out, then
    /// <see cref="Left"/>. Lord-only work has ended and control requests are refused.
    /// </summary>
    private void Leaving()
    {
        Always();
        GoingAway();
        Receive<LeaveLegion>(_ => _leaveWaiters.Add(Sender));
        Receive<EventActionsDone>(OnDeathActionsDone);
        Receive<AnnounceSent>(_ => OnLeft());
        Receive<Terminated>(OnChildLost);
    }

    /// <summary>
    /// What <see cref="Leaving"/> and <see cref="Left"/> both do: a late lordship claim is ignored, control requests are
    /// refused, and a health change is kept for status but not announced (the death announce is on its way or gone).
    /// </summary>
    private void GoingAway()
    {
        Receive<LordshipChanged>(OnLordshipChangedWhileLeaving);
        Receive<ChangeValor>(_ => RefuseWhileLeaving());
        Receive<StepDown>(_ => RefuseWhileLeaving());
        Receive<ReplaceScroll>(_ => RefuseWhileLeaving());
        Receive<HealthReport>(report => OnHealthReport(report, announce: false));
    }

    /// <summary>The death announce has been sent: the node answers status and <see cref="LeaveLegion"/> until it is stopped.</summary>
    private void Left()
    {
        Always();
        GoingAway();
        Receive<LeaveLegion>(_ => Sender.Tell(new LeftLegion(_settings.Name)));
        // Its children stop with the legion now: that is no fault.
        Receive<Terminated>(_ => { });
    }

    /// <summary>The socket cannot be bound: the legion stops, and whoever waits for it hears why.</summary>
    /// <param name="cause">Why the transport failed.</param>
    private void Failed(Exception cause)
    {
        Receive<AwaitReady>(_ => Sender.Tell(new Status.Failure(cause)));
        // Its children stop with the legion: that is no fault.
        Receive<Terminated>(_ => { });
    }

    /// <summary>What every state but <see cref="Failed"/> handles alike: the socket, the routes between children, and the state kept for status.</summary>
    private void Always()
    {
        Receive<TransportReady>(OnTransportReady);
        Receive<TransportFailed>(OnTransportFailed);
        Receive<AwaitReady>(_ => OnAwaitReady());
        Receive<SendAnnounce>(send => _transport.Tell(send, Sender));
        Receive<CountDrop>(drop => _transport.Tell(drop));
        Receive<MembershipChanged>(changed =>
        {
            OnMembershipChanged(changed);
            PublishStatus();
        });
        Receive<ElectionChanged>(changed =>
        {
            _election = changed.State;
            PublishLord(LegionLord.Of(_settings.Self, _election, _membership, _lord));
            PublishStatus();
        });
        Receive<ElectionRestarted>(_ => _membershipActor.Tell(RepeatMembership.Instance));
        Receive<GetLegionStatus>(_ => OnGetStatus());
        Receive<TransportStats>(ReplyStatus);
        Receive<TransportStatsOverdue>(_ => ReplyStatus(null));
        Receive<CronStatusChanged>(changed => _crons = changed.Crons);
        Receive<DaemonStatusChanged>(changed => _daemonStatus = changed.Daemons);
    }

    /// <summary>Props for a supervisor.</summary>
    public static Props Props(LegionSettings settings, Func<LegionSettings, IActorRef, Props>? transportProps = null) =>
        LegionProps.Create(() => new LegionSupervisor(settings, transportProps));

    /// <summary>
    /// Each child's directive, with its reason. Restarts are bounded (10 a minute per child), after which the child is
    /// stopped and with it this legion (<see cref="OnChildLost"/>); a resumed child keeps its state and drops only
    /// the message it failed on.
    /// </summary>
    private static readonly Dictionary<string, Directive> ChildDirectives = new()
    {
        // Restart: its state is the socket, which a restart closes and binds again; the counters start over.
        ["udp"] = Directive.Restart,
        // Resume: its state is what election last told it and whether the death announce went out. A fresh one would
        // announce a starting node's vote-less, Lord-less state while the election still counts itself Lord, and could
        // announce a node alive again after its death announce.
        ["heartbeat"] = Directive.Resume,
        // Resume: its member table and skew evidence are immutable values, replaced only once an announce is handled.
        // A fresh one would forget every member and fire node-joined for each again.
        ["membership"] = Directive.Resume,
        // Restart: a round that failed half-way may have left its state out of step with what heartbeat announces and
        // what the actions saw. The failed incarnation gives up lordship visibly (unlord actions, Lord-only work
        // stopped, no lord claim announced: ElectionActor.PreRestart); the fresh one warms up as a starting node does.
        ["election"] = Directive.Restart,
        // Resume: it holds the events still to run and the replies owed for them (Lord-only work waits for the lord
        // actions, leaving for the death actions). A fresh one would drop them and leave those waiting for ever.
        ["actions"] = Directive.Resume,
        // Resume: it holds whether this node is Lord and each task's runs. A fresh one would forget the lordship (no
        // task would run until the next change) and could run a task twice in one minute.
        ["cron"] = Directive.Resume,
        // Resume: it holds the lordship and its daemons; a restart would stop every daemon and start none until the
        // next lordship change. Each daemon actor is supervised by it (restarted, and told the lordship again).
        ["daemons"] = Directive.Resume,
        // Resume: it holds each check's last results, which the announced valor follows. A fresh one would report no
        // failures and hand back the valor an unhealthy node gave up.
        ["health"] = Directive.Resume,
        // Restart: its state is the record it writes to the witness directory each period, rewritten by a fresh one.
        ["witness"] = Directive.Restart,
    };

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() =>
        new PerChildStrategy(10, TimeSpan.FromMinutes(1), WithLordOnlyManagers(ChildDirectives, _settings.LordOnlyActors), Directive.Restart);

    /// <summary>
    /// Resume each lord-only manager: it holds the lordship and the running actor; a fresh one would stop that actor
    /// and start none until the next lordship change.
    /// </summary>
    private static Dictionary<string, Directive> WithLordOnlyManagers(Dictionary<string, Directive> directives, IReadOnlyList<LordOnlyActorSpec> specs)
    {
        if (specs.Count == 0)
        {
            return directives;
        }
        var all = new Dictionary<string, Directive>(directives);
        foreach (var spec in specs)
        {
            all[spec.ManagerName] = Directive.Resume;
        }
        return all;
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        _actions = Context.ActorOf(ActionRunner.Props(_settings), "actions");
        // Children that know this node's identity read the settings current at each (re)start (runtime control may change them).
        var (self, actions) = (Self, _actions);
        var heartbeat = _heartbeat = Context.ActorOf(LegionProps.Create(() => new HeartbeatScheduler(CurrentSettings, self)), "heartbeat");
        var election = _electionActor = Context.ActorOf(LegionProps.Create(() => new ElectionActor(CurrentSettings, heartbeat, actions)), "election");
        var membership = _membershipActor = Context.ActorOf(LegionProps.Create(() => new MembershipActor(CurrentSettings, election)), "membership");
        _transport = Context.ActorOf(_transportProps(_settings, membership), "udp");
        foreach (var child in new[] { _actions, _heartbeat, election, membership, _transport })
        {
            Context.Watch(child);
        }
        if (_settings.Definition.WitnessDirectory is not null)
        {
            Context.Watch(Context.ActorOf(WitnessActor.Props(_settings, election), "witness"));
        }
        StartLordOnlyWorkers();
        if (_health.Count > 0)
        {
            Context.Watch(Context.ActorOf(HealthActor.Props(_settings, Self, _settings.HealthRunner), "health"));
        }
    }

    private LegionSettings CurrentSettings => Volatile.Read(ref _settings);

    private void OnTransportReady(TransportReady ready)
    {
        bool first = _localEndPoint is null;
        _localEndPoint = ready.LocalEndPoint;
        if (!first)
        {
            return;
        }
        Context.Log.Info("Legion {Legion} listening on {Address} as {Node} (valor {Valor}, uuid {Uuid}), announcing to {Nodes}",
            _settings.Name, ready.LocalEndPoint, _settings.Self.Name, _settings.Self.Valor, _settings.Self.Uuid, string.Join(", ", _settings.Definition.Nodes));
        foreach (var waiter in _readyWaiters)
        {
            waiter.Tell(new LegionReady(_settings.Name, ready.LocalEndPoint));
        }
        _readyWaiters.Clear();
        Fire(LegionEvent.Setup, replyTo: null);
    }

    private void OnTransportFailed(TransportFailed failed)
    {
        Context.Log.Error("Legion {Legion} cannot bind {Address}: {Error}", _settings.Name, _settings.Definition.Address, failed.Cause.Message);
        foreach (var waiter in _readyWaiters)
        {
            waiter.Tell(new Status.Failure(failed.Cause));
        }
        _readyWaiters.Clear();
        Become(() => Failed(failed.Cause));
        Context.Stop(Self);
    }

    private void OnAwaitReady()
    {
        if (_localEndPoint is not null)
        {
            Sender.Tell(new LegionReady(_settings.Name, _localEndPoint));
        }
        else
        {
            _readyWaiters.Add(Sender);
        }
    }

    // A status carries the transport's counters: asked of the transport as a plain message (no Ask, whose reply
    // would continue on the thread pool and make virtual-time callers wait in real time), answered to every requester
    // waiting meanwhile; without a reply within StatusTimeout the status goes out without counters.
    private void OnGetStatus()
    {
        _statusWaiters.Add(Sender);
        if (_statusWaiters.Count > 1)
        {
            return; // a request to the transport is already out
        }
        _transport.Tell(GetTransportStats.Instance, Self);
        Timers.StartSingleTimer(typeof(TransportStatsOverdue), TransportStatsOverdue.Instance, StatusTimeout);
    }

    private void ReplyStatus(TransportStats? stats)
    {
        if (_statusWaiters.Count == 0)
        {
            return; // a late reply after the timeout answered everyone
        }
        Timers.Cancel(typeof(TransportStatsOverdue));
        var snapshot = stats is null ? Snapshot() : Snapshot() with { Transport = stats };
        foreach (var waiter in _statusWaiters)
        {
            waiter.Tell(snapshot);
        }
        _statusWaiters.Clear();
    }

    private LegionStatus Snapshot() =>
        new()
        {
            Legion = _settings.Name,
            Address = _settings.Definition.Address,
            Self = _settings.Self,
            Quorum = _settings.Definition.Quorum,
            Nodes = _settings.Definition.Nodes,
            Election = _election,
            Membership = _membership,
            Scroll = _settings.Scroll,
            At = Context.TimeProvider.GetUtcNow(),
            LazyScrollList = CurrentScrollList().List,
            ScrollMaxSize = _settings.ScrollMaxSize,
            LordWork = _lordWork,
            Crons = _crons,
            Daemons = _daemonStatus,
            BaseValor = _valor.Base,
            Health = _health,
        };

    private void OnLeave()
    {
        _leaveWaiters.Add(Sender);
        // A step-down no longer ends: the death announce goes out under the valor announced now.
        Timers.Cancel(typeof(StepDownOver));
        Become(Leaving);
        OnLordshipChanged(new LordshipChanged(false));
        Fire(LegionEvent.Death, replyTo: Self);
    }

    private void OnDeathActionsDone(EventActionsDone done)
    {
        if (done.Context.Event == LegionEvent.Death)
        {
            _heartbeat.Tell(new AnnounceDeath(Self));
        }
    }

    private void OnLeft()
    {
        Become(Left);
        PublishLord(null);
        Context.Log.Info("Left legion {Legion}: death announce sent", _settings.Name);
        foreach (var waiter in _leaveWaiters)
        {
            waiter.Tell(new LeftLegion(_settings.Name));
        }
        _leaveWaiters.Clear();
    }

    private void OnChildLost(Terminated terminated)
    {
        Context.Log.Error("Legion {Legion} lost its {Child} actor after repeated failures; stopping this legion", _settings.Name, terminated.ActorRef.Path);
        Context.Stop(Self);
    }

    private void Fire(LegionEvent legionEvent, IActorRef? replyTo)
    {
        var lord = _election.Candidate;
        Context.Log.Info("Legion {Legion}: {Event}", _settings.Name, LegionActionContext.PhaseOf(legionEvent));
        Context.System.EventStream.Publish(new LegionEventFired(_settings.Name, legionEvent, _settings.Self, lord, null, Context.TimeProvider.GetUtcNow()));
        var context = new LegionActionContext(_settings.Name, legionEvent, _settings.Self, lord, null, Context.System.LoggerFactory.CreateLogger("Legion.Actions"));
        _actions.Tell(new RunEventActions(context, replyTo));
    }

    /// <summary>Publishes <see cref="LordChanged"/> when the Lord as this node sees it is another one now.</summary>
    private void PublishLord(LegionLord? lord)
    {
        var before = _lord;
        _lord = lord;
        if (!LegionLord.Same(before, lord))
        {
            Context.System.EventStream.Publish(new LordChanged(_settings.Name, lord, Context.TimeProvider.GetUtcNow()));
        }
    }

    private void StartLordOnlyWorkers()
    {
        if (_settings.Definition.Crons.Count > 0)
        {
            _cron = Context.Watch(Context.ActorOf(CronActor.Props(_settings), "cron"));
        }
        if (_settings.Definition.Daemons.Count > 0)
        {
            _daemons = Context.Watch(Context.ActorOf(DaemonsActor.Props(_settings), "daemons"));
        }
        foreach (var spec in _settings.LordOnlyActors)
        {
            _lordOnly.Add(Context.Watch(Context.ActorOf(LordOnlyActorManager.Props(spec), spec.ManagerName)));
        }
    }

    // Once leaving, Lord-only work has ended for good: a claim election still makes must not start it again.
    private void OnLordshipChangedWhileLeaving(LordshipChanged changed)
    {
        if (!changed.IsLord)
        {
            OnLordshipChanged(changed);
        }
    }

    private void OnLordshipChanged(LordshipChanged changed)
    {
        bool before = _lordWork;
        _lordWork = changed.IsLord;
        _cron.Tell(changed);
        _daemons.Tell(changed);
        foreach (var manager in _lordOnly)
        {
            manager.Tell(changed);
        }
        if (before != _lordWork)
        {
            // Lord-only work starts or ends here, not at an announce: tell followers now (a legion lease, a status page).
            PublishStatus();
        }
    }

    private void OnMembershipChanged(MembershipChanged changed)
    {
        var (before, previous) = (_membership, _scrollList);
        _membership = changed.Membership;
        var view = _scrollList = ScrollListView.AfterMembershipChange(previous, before, _membership, _settings.Scroll, _settings.ScrollListMaxSize);
        if (view.StartsTruncating(previous))
        {
            Context.Log.Warning("The scroll list of legion {Legion} is full ({Limit} bytes): {LeftOut} member scroll(s) left out; raise legion-scroll-list-max-size",
                _settings.Name, _settings.ScrollListMaxSize, view.List.Value!.MembersLeftOut);
        }
    }

    private ScrollListView CurrentScrollList() =>
        _scrollList = ScrollListView.Current(_scrollList, _settings.Scroll, _membership, _settings.ScrollListMaxSize);

    private void OnChangeValor(ChangeValor change)
    {
        var outcome = ValorControl.Change(_valor, change.Request);
        if (outcome.Accepted)
        {
            Timers.Cancel(typeof(StepDownOver));
            _valor = outcome.State;
            ApplyValor(outcome.Reason);
        }
        Reply(outcome.Accepted, outcome.Reply);
    }

    private void OnStepDown(StepDown stepDown)
    {
        var decision = Handover.StepDown(_election, _settings.Self, _membership, stepDown.Period, stepDown.Force);
        var outcome = ValorControl.StepDown(_valor, decision, _membership);
        if (outcome.Accepted)
        {
            // Replaces the timer of a step-down already in progress.
            Timers.StartSingleTimer(typeof(StepDownOver), StepDownOver.Instance, decision.Period);
            _valor = outcome.State;
            ApplyValor(outcome.Reason);
        }
        Reply(outcome.Accepted, outcome.Reply);
    }

    private void OnStepDownOver()
    {
        var outcome = ValorControl.StepDownOver(_valor);
        _valor = outcome.State;
        if (!ApplyValor(outcome.Reason))
        {
            Context.Log.Info("Legion {Legion}: step-down over; valor stays {Valor}", _settings.Name, _valor.Explanation);
        }
    }

    private void OnReplaceScroll(ReplaceScroll replace)
    {
        var what = replace.Scroll is { } bytes ? $"scroll replaced ({bytes.Length} bytes)" : "scroll removed";
        Switch(_settings with { Scroll = replace.Scroll?.ToArray() }, what);
        Reply(true, what);
    }

    private void RefuseWhileLeaving() => Reply(false, "this node is leaving the legion");

    private void Reply(bool accepted, string message) =>
        Sender.Tell(new ControlOutcome(_settings.Name, accepted, message, _settings.Self));

    /// <summary>The health actor reports after every result; the valor follows the failing checks (<see cref="HealthValor"/>).</summary>
    /// <param name="report">The checks now, and the one whose verdict changed, if any.</param>
    /// <param name="announce">False once leaving: the new valor is kept for status, not announced.</param>
    private void OnHealthReport(HealthReport report, bool announce)
    {
        _health = report.Checks;
        _valor = _valor.WithHealth(HealthPenalty.Sum(_health.Select(h => h.CurrentPenalty)));
        if (report.Transition is not { } transition)
        {
            return;
        }
        var check = transition.Check;
        var valor = _valor.Explanation;
        var what = $"health check {check.Check.Label} {Describe(check.State.State)} ({check.LastResult?.Detail})";
        Context.Log.Log(check.IsFailing ? Akka.Event.LogLevel.WarningLevel : Akka.Event.LogLevel.InfoLevel, null,
            "Legion {Legion}: health check {Check} is {State} after {Runs} run(s) in a row ({Detail}); {Penalty} while failing; valor {Valor}",
            new object?[] { _settings.Name, check.Check.Label, check.State.State, Math.Max(check.State.Successes, check.State.Failures), check.LastResult?.Detail,
            check.Check.Penalty, valor });
        if (!announce || !ApplyValor($"{what}: valor {valor}"))
        {
            PublishStatus();
        }
    }

    private static string Describe(HealthState state) => state switch
    {
        HealthState.Failing => "failing",
        HealthState.Healthy => "healthy",
        _ => "unknown",
    };

    /// <summary>Announces the valor <see cref="_valor"/> gives now, if it differs from the announced one; true when it did.</summary>
    private bool ApplyValor(string reason)
    {
        var valor = _valor.Announced;
        if (valor == _settings.Self.Valor)
        {
            return false;
        }
        Switch(_settings with { Self = _settings.Self with { Valor = valor } }, reason);
        return true;
    }

    /// <summary>
    /// This node runs with <paramref name="next"/> from now on (a new identity or scroll): membership and election are
    /// told, and children that restart later are made with it (<see cref="CurrentSettings"/>).
    /// </summary>
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
}
