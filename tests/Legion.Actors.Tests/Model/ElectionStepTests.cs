using Legion.Actors.Model;
using static Legion.Actors.Tests.Model.ModelFixtures;

namespace Legion.Actors.Tests.Model;

/// <summary>
/// Tables for the election's one pure step: each feeds inputs into <see cref="ElectionStep.Step"/> and reads the
/// machine and the effects that come out, with no actor, socket or timer.
/// </summary>
public sealed class ElectionStepTests
{
    private static readonly NodeIdentity Self = Node(50, 5);
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Fence = TimeSpan.FromSeconds(1.25);

    private static ElectionTerms Terms(NodeIdentity? self = null, int quorum = 0, string? version = null, bool leaveWhenOutdated = false,
        TimeSpan deathOnLordError = default) =>
        new("web", self ?? Self, quorum, Scroll: null, ScrollMaxSize: 4096, LordLease: null, Tolerance, SkewTolerance: TimeSpan.FromSeconds(2),
            Fence, WarmUp: TimeSpan.FromSeconds(2), version, leaveWhenOutdated, deathOnLordError);

    private static ElectionMachine Running(ElectionTerms? terms = null) =>
        ElectionMachine.Start(terms ?? Terms()) with { Phase = ElectionPhase.Running };

    /// <summary>A running machine whose lone node has just become Lord (its lord actions still running).</summary>
    private static ElectionMachine LoneLord(ElectionTerms? terms = null) =>
        Feed(Running(terms), new ElectionInput.Tick(TimeSpan.FromSeconds(3)), 3).Machine;

    private static (ElectionMachine Machine, IReadOnlyList<ElectionEffect> Effects) Feed(ElectionMachine machine, ElectionInput input, double atSeconds) =>
        ElectionStep.Step(machine, input, At(atSeconds));

    private static IReadOnlyList<LegionEvent> Fired(IReadOnlyList<ElectionEffect> effects) =>
        [.. effects.OfType<ElectionEffect.Fire>().Select(f => f.Event)];

    private static Membership WithVersion(NodeIdentity peer, string version) =>
        Membership.Empty.Receive(From(peer, 0) with { Extensions = new Dictionary<string, string> { ["version"] = version } }, Self, At(0), Tolerance).Membership;

    private static SkewEvidence Heard(params NodeIdentity[] peers)
    {
        var evidence = SkewEvidence.Empty;
        foreach (var peer in peers)
        {
            evidence = evidence.Observe(From(peer, 200), TimeSpan.FromSeconds(1)).Observe(From(peer, 201), TimeSpan.FromSeconds(2));
        }
        return evidence;
    }

    [Theory]
    // seconds since start -> does the tick run a round (and this lone node become Lord)?
    [InlineData(0.0, false)]
    [InlineData(1.0, false)]
    [InlineData(1.999, false)]
    [InlineData(2.0, true)]
    [InlineData(7.0, true)]
    public void A_node_in_warm_up_runs_no_round(double sinceStart, bool rules)
    {
        var (machine, effects) = Feed(ElectionMachine.Start(Terms()), new ElectionInput.Tick(TimeSpan.FromSeconds(sinceStart)), sinceStart);

        Assert.Equal(rules ? ElectionPhase.Running : ElectionPhase.WarmingUp, machine.Phase);
        Assert.Equal(rules, machine.Election.IsLord);
        Assert.Equal(rules ? new[] { LegionEvent.Join, LegionEvent.Lord } : [], Fired(effects));
    }

    private static ElectionInput Input(string what) => what switch
    {
        "a membership change" => new ElectionInput.MembershipChanged(Membership.Empty),
        "a witness observation" => new ElectionInput.WitnessObserved(true, 0),
        "skew evidence" => new ElectionInput.SkewObserved(SkewEvidence.Empty),
        _ => new ElectionInput.ClaimFenceEnded(),
    };

    [Theory]
    [InlineData("a membership change")]
    [InlineData("a witness observation")]
    [InlineData("skew evidence")]
    [InlineData("the end of a claim fence")]
    public void What_a_warming_up_node_hears_is_kept_but_runs_no_round(string what)
    {
        var (machine, effects) = Feed(ElectionMachine.Start(Terms()), Input(what), 1);

        Assert.Empty(effects);
        Assert.Equal(ElectionPhase.WarmingUp, machine.Phase);
        Assert.Equal(ElectionState.Initial, machine.Election);
    }

    [Theory]
    [InlineData("a membership change")]
    [InlineData("a witness observation")]
    [InlineData("skew evidence")]
    [InlineData("the end of a claim fence")]
    public void What_a_running_node_hears_runs_a_round(string what)
    {
        var (machine, effects) = Feed(Running(), Input(what), 3);

        Assert.True(machine.Election.IsLord, what);
        Assert.Equal([LegionEvent.Join, LegionEvent.Lord], Fired(effects));
        Assert.Contains(new ElectionEffect.ShareState(machine.Election), effects);
        Assert.Contains(new ElectionEffect.AnnounceNow(), effects);
    }

    private static IEnumerable<ElectionEffect.Log> SkewLogs(IReadOnlyList<ElectionEffect> effects) =>
        effects.OfType<ElectionEffect.Log>().Where(l => l.Template.Contains("clock", StringComparison.Ordinal));

    [Theory]
    // skewed peers heard by a lone node -> may it claim lordship?
    [InlineData(0, true)]
    [InlineData(1, false)] // a pair, the skewed peer of higher valor
    [InlineData(2, false)] // a lone node whose clock is off, facing two peers
    public void Skew_keeps_the_smaller_side_from_claiming(int skewedPeers, bool claims)
    {
        var peers = Enumerable.Range(0, skewedPeers).Select(i => Node(100, 10 + i, $"peer{i}")).ToArray();

        var (machine, effects) = Feed(Running(), new ElectionInput.SkewObserved(Heard(peers)), 3);

        Assert.Equal(claims, machine.Election.IsLord);
        Assert.Equal(!claims, machine.Election.SkewBlocksClaim);
        Assert.Equal(skewedPeers, machine.Election.SkewedPeers);
        Assert.Equal(claims ? 0 : 1, effects.OfType<ElectionEffect.Log>().Count(l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning));
    }

    [Fact]
    public void Skew_blocking_a_claim_is_logged_once_and_its_end_once()
    {
        var blocked = Feed(Running(), new ElectionInput.SkewObserved(Heard(Node(100, 10, "peer"))), 3);
        var still = Feed(blocked.Machine, new ElectionInput.Tick(TimeSpan.FromSeconds(4)), 4);
        var cleared = Feed(still.Machine, new ElectionInput.SkewObserved(SkewEvidence.Empty), 5);

        Assert.Single(SkewLogs(blocked.Effects), l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Empty(SkewLogs(still.Effects));
        Assert.Single(SkewLogs(cleared.Effects), l => l.Level == Microsoft.Extensions.Logging.LogLevel.Information);
        Assert.True(cleared.Machine.Election.IsLord);
    }

    [Theory]
    // storage reachable, fresh other records -> claims lordship, fires forced-exit
    [InlineData(true, 0, true, false)]   // nobody else alive: rule alone
    [InlineData(true, 1, false, false)]  // others alive that this node cannot hear: it is the isolated one
    [InlineData(false, 0, false, true)]  // no storage either: step down and exit
    public void The_witness_decides_for_a_node_that_hears_nobody(bool reachable, int freshOthers, bool claims, bool forcedExit)
    {
        var (machine, effects) = Feed(Running(), new ElectionInput.WitnessObserved(reachable, freshOthers), 3);

        Assert.Equal(claims, machine.Election.IsLord);
        Assert.Equal(forcedExit, Fired(effects).Contains(LegionEvent.ForcedExit));
        Assert.Equal(WitnessRule.Evaluate(0, reachable, freshOthers), machine.WitnessVerdict);
    }

    [Fact]
    public void A_Lord_whose_witness_storage_fails_steps_down_and_exits()
    {
        var (machine, effects) = Feed(LoneLord(), new ElectionInput.WitnessObserved(false, 0), 4);

        Assert.False(machine.Election.IsLord);
        Assert.Equal([LegionEvent.Unlord, LegionEvent.ForcedExit], Fired(effects));
    }

    [Theory]
    // seconds after the silent Lord's expiry -> may this node claim?
    [InlineData(0.0, false)]
    [InlineData(1.0, false)]
    [InlineData(1.25, true)]
    [InlineData(5.0, true)]
    public void A_silent_Lord_fences_claims_for_the_claim_fence(double after, bool claims)
    {
        var lord = Node(90, 9, "lord");
        var peer = Node(10, 1, "peer");
        var table = Table(Self, 0, (lord, lord.AsVote, 0));
        var machine = Running(Terms(quorum: 2)) with { Membership = table, Election = ElectionState.Initial with { Candidate = lord.AsVote } };
        double expiry = Tolerance.TotalSeconds;

        var left = Feed(machine, new ElectionInput.MemberLeft(table.Members.Single()), expiry);
        var round = Feed(left.Machine, new ElectionInput.MembershipChanged(AgreeingTable(Self, expiry + after, peer)), expiry + after);

        Assert.Equal([LegionEvent.NodeLeft], Fired(left.Effects));
        Assert.Contains(new ElectionEffect.StartClaimFenceTimer(Fence), left.Effects);
        Assert.Equal(claims, round.Machine.Election.IsLord);
    }

    [Theory]
    // quorum, whether the member that left was the candidate -> fence?
    [InlineData(2, true, true)]
    [InlineData(0, true, false)]  // without quorum a cut-off Lord never steps down: no fence helps
    [InlineData(1, true, false)]
    [InlineData(2, false, false)] // a member that could not rule
    public void Only_a_member_that_may_rule_a_quorum_fences_claims(int quorum, bool wasCandidate, bool fences)
    {
        var member = Node(90, 9, "member");
        var table = Table(Self, 0, (member, member.AsVote, 0));
        var candidate = wasCandidate ? member.AsVote : Self.AsVote;
        var machine = Running(Terms(quorum: quorum)) with { Membership = table, Election = ElectionState.Initial with { Candidate = candidate } };

        var (after, effects) = Feed(machine, new ElectionInput.MemberLeft(table.Members.Single()), Tolerance.TotalSeconds);

        Assert.Equal(fences, after.ClaimFenceUntil is not null);
        Assert.Equal(fences, effects.OfType<ElectionEffect.StartClaimFenceTimer>().Any());
    }

    [Fact]
    public void A_member_joining_fires_node_joined_in_any_phase()
    {
        var peer = Node(10, 1, "peer");
        var member = Table(Self, 0, (peer, Vote.None, 0)).Members.Single();

        foreach (var machine in new[] { ElectionMachine.Start(Terms()), Running() })
        {
            var (_, effects) = Feed(machine, new ElectionInput.MemberJoined(member), 1);
            Assert.Equal([new ElectionEffect.Fire(LegionEvent.NodeJoined, Self, machine.Election, member.Key)], effects);
        }
    }

    [Theory]
    // my version, the member's version, leave when outdated -> outdated fired, retired
    [InlineData("1.0", "2.0", false, true, false)]
    [InlineData("1.0", "2.0", true, true, true)]
    [InlineData("2.0", "2.0", true, false, false)]
    [InlineData("2.10", "2.9", true, false, false)]
    [InlineData(null, "2.0", true, false, false)]   // no version declared: no fencing
    public void A_newer_version_among_the_members_outdates_this_node(string? mine, string theirs, bool leave, bool outdated, bool retired)
    {
        var peer = Node(10, 1, "peer");

        var (machine, effects) = Feed(LoneLord(Terms(version: mine, leaveWhenOutdated: leave)),
            new ElectionInput.MembershipChanged(WithVersion(peer, theirs)), 4);

        Assert.Equal(outdated, Fired(effects).Contains(LegionEvent.Outdated));
        Assert.Equal(retired, machine.Phase == ElectionPhase.Retired);
        Assert.Equal(retired, effects.Contains(new ElectionEffect.LeaveLegion()));
        Assert.Equal(!retired, machine.Election.IsLord);
    }

    [Fact]
    public void A_retiring_Lord_fires_outdated_then_unlord_shares_its_state_and_leaves()
    {
        var peer = Node(10, 1, "peer");

        var (machine, effects) = Feed(LoneLord(Terms(version: "1.0", leaveWhenOutdated: true)),
            new ElectionInput.MembershipChanged(WithVersion(peer, "2.0")), 4);

        Assert.Collection(effects,
            e => Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, Assert.IsType<ElectionEffect.Log>(e).Level),
            e => Assert.Equal(LegionEvent.Outdated, Assert.IsType<ElectionEffect.Fire>(e).Event),
            e => Assert.Equal(LegionEvent.Unlord, Assert.IsType<ElectionEffect.Fire>(e).Event),
            e => Assert.Equal(new ElectionEffect.ShareState(machine.Election), e),
            e => Assert.Equal(new ElectionEffect.LeaveLegion(), e));
    }

    [Fact]
    public void A_retired_node_never_runs_a_round_again()
    {
        var retired = Running(Terms(version: "1.0", leaveWhenOutdated: true)) with { Phase = ElectionPhase.Retired };

        foreach (var input in new ElectionInput[]
        {
            new ElectionInput.Tick(TimeSpan.FromSeconds(10)), new ElectionInput.MembershipChanged(Membership.Empty),
            new ElectionInput.WitnessObserved(true, 0), new ElectionInput.ClaimFenceEnded(),
        })
        {
            var (machine, effects) = Feed(retired, input, 10);
            Assert.Empty(effects);
            Assert.False(machine.Election.IsLord);
            Assert.Equal(ElectionPhase.Retired, machine.Phase);
        }
    }

    [Fact]
    public void Outdated_fires_once_per_newer_version()
    {
        var peer = Node(10, 1, "peer");
        var first = Feed(Running(Terms(version: "1.0")), new ElectionInput.MembershipChanged(WithVersion(peer, "2.0")), 3);
        var again = Feed(first.Machine, new ElectionInput.MembershipChanged(WithVersion(peer, "2.0")), 4);
        var newer = Feed(again.Machine, new ElectionInput.MembershipChanged(WithVersion(peer, "3.0")), 5);

        Assert.Contains(LegionEvent.Outdated, Fired(first.Effects));
        Assert.DoesNotContain(LegionEvent.Outdated, Fired(again.Effects));
        Assert.Contains(LegionEvent.Outdated, Fired(newer.Effects));
    }

    [Fact]
    public void A_Lord_whose_new_valor_cannot_win_hands_over_before_announcing_its_new_identity()
    {
        var peer = Node(30, 3, "peer");
        var lord = LoneLord() with { Membership = AgreeingTable(Self, 3, peer) };
        var lower = Self with { Valor = 10 };

        var switched = Feed(lord, new ElectionInput.SwitchIdentity(Terms(lower)), 4);
        var done = Feed(switched.Machine, new ElectionInput.UnlordActionsDone(), 5);

        Assert.True(switched.Machine.HandoverPending);
        Assert.False(switched.Machine.Election.IsLord);
        Assert.False(Assert.IsType<ElectionEffect.HoldAnnounces>(switched.Effects[0]).State.IsLord);
        var unlord = Assert.IsType<ElectionEffect.Fire>(switched.Effects[1]);
        Assert.Equal((LegionEvent.Unlord, Self, true), (unlord.Event, unlord.Self, unlord.ReplyWhenDone));
        Assert.IsType<ElectionEffect.ReportState>(switched.Effects[2]);
        Assert.Empty(switched.Effects.OfType<ElectionEffect.AnnounceIdentity>());
        Assert.Equal(lower, switched.Machine.Terms.Self);

        Assert.False(done.Machine.HandoverPending);
        Assert.Equal([new ElectionEffect.AnnounceIdentity(done.Machine.Election)], done.Effects);
    }

    [Fact]
    public void A_new_identity_that_still_wins_is_announced_at_once()
    {
        var higher = Self with { Valor = 80 };

        var (machine, effects) = Feed(LoneLord(), new ElectionInput.SwitchIdentity(Terms(higher)), 4);

        Assert.False(machine.HandoverPending);
        Assert.True(machine.Election.IsLord);
        Assert.Empty(Fired(effects));
        Assert.Equal(new ElectionEffect.AnnounceIdentity(machine.Election), effects[^1]);
    }

    [Fact]
    public void The_actions_of_an_unlord_outside_a_handover_change_nothing()
    {
        var machine = LoneLord();

        var (after, effects) = Feed(machine, new ElectionInput.UnlordActionsDone(), 4);

        Assert.Same(machine, after);
        Assert.Empty(effects);
    }

    [Theory]
    // failed lord actions, death-on-lord-error seconds -> suspended, Lord-only work starts
    [InlineData(0, 0, false, true)]
    [InlineData(0, 10, false, true)]
    [InlineData(1, 0, false, true)]   // no death-on-lord-error: a failure changes nothing
    [InlineData(2, 10, true, false)]
    public void A_failed_lord_action_suspends_the_node_with_death_on_lord_error(int failures, int deathSeconds, bool suspended, bool lordWork)
    {
        var lord = LoneLord(Terms(deathOnLordError: TimeSpan.FromSeconds(deathSeconds)));

        var (machine, effects) = Feed(lord, new ElectionInput.LordActionsDone(failures), 4);

        Assert.Equal(suspended, machine.Election.IsSuspendedAt(At(4 + deathSeconds).Wall));
        Assert.Equal(suspended, !machine.Election.IsLord);
        Assert.Equal(suspended, effects.Contains(new ElectionEffect.AnnounceSuspension(machine.Election)));
        Assert.Equal(lordWork, effects.Contains(new ElectionEffect.StartLordWork()));
        Assert.Empty(Fired(effects)); // no unlord: the lord transition never completed
        Assert.False(machine.AwaitingLordActions);
    }

    [Fact]
    public void A_suspended_node_claims_no_lordship_until_the_suspension_ends()
    {
        var suspended = Feed(LoneLord(Terms(deathOnLordError: TimeSpan.FromSeconds(10))), new ElectionInput.LordActionsDone(1), 4).Machine;

        var during = Feed(suspended, new ElectionInput.Tick(TimeSpan.FromSeconds(10)), 10);
        var after = Feed(during.Machine, new ElectionInput.Tick(TimeSpan.FromSeconds(15)), 15);

        Assert.False(during.Machine.Election.IsLord);
        Assert.Empty(Fired(during.Effects));
        Assert.True(after.Machine.Election.IsLord);
        Assert.Contains(LegionEvent.Lord, Fired(after.Effects));
    }

    [Fact]
    public void Lord_actions_that_an_unlord_overtook_start_no_Lord_only_work()
    {
        var lord = LoneLord();
        var overtaken = Feed(lord, new ElectionInput.WitnessObserved(false, 0), 4).Machine;

        var (_, effects) = Feed(overtaken, new ElectionInput.LordActionsDone(0), 5);

        Assert.False(overtaken.AwaitingLordActions);
        Assert.Empty(effects);
    }

    [Theory]
    // Lord when the election fails -> unlord fired and state shared
    [InlineData(true)]
    [InlineData(false)]
    public void A_restarting_election_gives_up_lordship(bool isLord)
    {
        var machine = isLord ? LoneLord() : Running();

        var (after, effects) = Feed(machine, new ElectionInput.Restarting(), 4);

        Assert.False(after.Election.IsLord);
        Assert.Equal(isLord ? new[] { LegionEvent.Unlord } : [], Fired(effects));
        Assert.Equal(isLord, effects.Contains(new ElectionEffect.ShareState(after.Election)));
    }
}
