using Akka.Event;
using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Model;
using Legion.Actors.Protocol;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Actors;

/// <summary>
/// Keeps the member table of one legion: applies each decoded announce, expires silent members
/// (node-left), and tells the election actor (and the supervisor) what changed. The rules live in
/// <see cref="Membership"/>; this actor only routes and logs. It also remembers the senders whose
/// announces it drops for clock skew alone (<see cref="SkewEvidence"/>) and tells election when the set
/// of those that count as live skewed peers changes.
/// </summary>
internal sealed class MembershipActor : ReceiveActor, IWithTimers
{
    private LegionSettings _settings;
    private readonly IActorRef _election;
    private Membership _membership = Membership.Empty;
    private SkewEvidence _skew = SkewEvidence.Empty;
    private IReadOnlyList<SkewedPeer> _skewTold = [];
    private ChurnLogBudget _churnLog;

    /// <summary>Creates the actor.</summary>
    /// <param name="settings">The legion's settings (identity, tolerances).</param>
    /// <param name="election">The election actor of the same legion.</param>
    public MembershipActor(LegionSettings settings, IActorRef election)
    {
        _settings = settings;
        _churnLog = ChurnLogBudget.Create(settings.Tunables.ChurnLogLinesPerWindow, settings.Tunables.ChurnLogWindow);
        _election = election;
        Receive<AnnounceReceived>(OnAnnounce);
        Receive<AnnounceBatchEnd>(_ => Sender.Tell(AnnounceBatchJudged.Instance));
        Receive<ExpiryTick>(_ => OnExpiryTick());
        Receive<SwitchIdentity>(switched => _settings = switched.Settings);
        Receive<RepeatMembership>(_ =>
        {
            _election.Tell(new MembershipChanged(_membership));
            _election.Tell(new SkewObserved(_skew));
        });
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// Expiry checks are not periodic: one timer is set for the moment the longest-silent member (or skew-evidence
    /// sender) would pass the tolerance, and moved on when it fires and finds that it has announced since. A Lord cut
    /// off from its quorum so steps down at exactly the tolerance after the last announce it heard, which the claim
    /// fence of <see cref="ElectionActor"/> relies on; and a healthy legion checks once per tolerance − frequency
    /// instead of several times per period.
    /// </summary>
    private static readonly TimeSpan ExpiryLag = TimeSpan.FromMilliseconds(1);

    private void OnAnnounce(AnnounceReceived received)
    {
        var now = LegionInstant.From(Context.TimeProvider);
        var result = _membership.Receive(received.Announce, _settings.Self, now, _settings.SkewTolerance, _settings.Definition.MaxMembers);
        switch (result.Outcome)
        {
            case ReceiveOutcome.Own:
                // Our own announce, back through multicast loop or a node list that names this node: dropped, and
                // counted (own_packet), as the README's stats promise for every reason.
                Context.Parent.Tell(new CountDrop(DropReason.OwnPacket));
                return;
            case ReceiveOutcome.IgnoredDeath:
                return;
            case ReceiveOutcome.Skewed or ReceiveOutcome.FutureDated when _skew.IsReplay(received.Announce):
                // Older than what this sender announced before: a replay, never evidence of a live skewed peer.
                Context.Parent.Tell(new CountDrop(DropReason.Replayed));
                return;
            case ReceiveOutcome.Skewed:
            case ReceiveOutcome.FutureDated:
                Context.Parent.Tell(new CountDrop(result.Outcome == ReceiveOutcome.Skewed ? DropReason.ClockSkew : DropReason.FutureDated));
                if (!received.Announce.Dead)
                {
                    UpdateSkew(_skew.Observe(received.Announce, now.Monotonic, _settings.Definition.MaxMembers, minimumSpan: _settings.Frequency / 2));
                    ScheduleExpiry(now);
                }
                return;
            case ReceiveOutcome.Refused:
                Context.Parent.Tell(new CountDrop(DropReason.TooManyMembers));
                return;
            case ReceiveOutcome.Impersonation:
                Context.Parent.Tell(new CountDrop(DropReason.Impersonation));
                return;
            case ReceiveOutcome.Joined:
                LogChurn(now, "{Kind} {Member} joined legion {Legion}", result.Member!.IsArbiter ? "Arbiter" : "Node", result.Member.Key, _settings.Name);
                _election.Tell(new MemberJoined(result.Member));
                break;
            case ReceiveOutcome.Died:
                LogChurn(now, "{Kind} {Member} announced its death to legion {Legion}", result.Member!.IsArbiter ? "Arbiter" : "Node", result.Member.Key, _settings.Name);
                break;
        }
        UpdateSkew(_skew.Accept(received.Announce, now.Monotonic));
        Publish(result.Membership);
        if (result.Outcome == ReceiveOutcome.Joined)
        {
            ScheduleExpiry(now);
        }
    }

    private void OnExpiryTick()
    {
        var now = LegionInstant.From(Context.TimeProvider);
        UpdateSkew(_skew.Expire(now.Monotonic, _settings.Tolerance));
        var expiry = _membership.Expire(now, _settings.Tolerance);
        foreach (var member in expiry.Left)
        {
            LogChurn(now, "{Kind} {Member} left legion {Legion} (silent for more than {Tolerance})",
                member.IsArbiter ? "Arbiter" : "Node", member.Key, _settings.Name, _settings.Tolerance);
            _election.Tell(new MemberLeft(member));
        }
        if (expiry.Left.Count > 0)
        {
            Publish(expiry.Membership);
        }
        ScheduleExpiry(now, force: true);
    }

    /// <summary>
    /// Sets the expiry timer for the earliest moment a member or skew-evidence sender can expire, unless one is set
    /// already (announces only push that moment later; a join or a first skewed sender can only bring it earlier
    /// when nothing was due). <paramref name="force"/> replaces the timer, after a check.
    /// </summary>
    private void ScheduleExpiry(LegionInstant now, bool force = false)
    {
        if (!force && Timers.IsTimerActive(ExpiryTick.Instance))
        {
            return;
        }
        var members = _membership.NextExpiry(_settings.Tolerance);
        var skew = _skew.NextExpiry(_settings.Tolerance);
        TimeSpan? next = members is { } m && skew is { } k ? (m < k ? m : k) : members ?? skew;
        if (next is not { } due)
        {
            Timers.Cancel(ExpiryTick.Instance);
            return;
        }
        // Expiry is strictly after the tolerance: fire just past it (never in the past).
        var delay = due - now.Monotonic + ExpiryLag;
        Timers.StartSingleTimer(ExpiryTick.Instance, ExpiryTick.Instance, delay > ExpiryLag ? delay : ExpiryLag);
    }

    /// <summary>One member join/death/leave line, within <see cref="ChurnLogBudget"/>; the first after a quiet spell says how many were left out.</summary>
    private void LogChurn(LegionInstant now, string message, params object?[] args)
    {
        (_churnLog, bool log, long leftOut) = _churnLog.Take(now.Monotonic);
        if (!log)
        {
            return;
        }
        if (leftOut > 0)
        {
            Context.Log.Warning("Legion {Legion}: {LeftOut} member join/leave line(s) not logged (more than {PerWindow} in {Window}); events and actions saw every one",
                _settings.Name, leftOut, _churnLog.PerWindow, _churnLog.Window);
        }
#pragma warning disable CA2254 // the templates are the constant ones above
        Context.Log.Info(message, args);
#pragma warning restore CA2254
    }

    private void UpdateSkew(SkewEvidence evidence)
    {
        if (ReferenceEquals(evidence, _skew))
        {
            return;
        }
        _skew = evidence;
        // Told only when the peers that count change, not at every skewed announce.
        var peers = evidence.Peers;
        if (!ReferenceEquals(peers, _skewTold) && !peers.Select(p => (p.Uuid, p.Valor)).SequenceEqual(_skewTold.Select(p => (p.Uuid, p.Valor))))
        {
            _skewTold = peers;
            _election.Tell(new SkewObserved(evidence));
        }
    }

    private void Publish(Membership membership)
    {
        _membership = membership;
        var changed = new MembershipChanged(membership);
        _election.Tell(changed);
        Context.Parent.Tell(changed);
    }
}
