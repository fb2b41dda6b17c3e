using Legion.Actors.Model;
using static Legion.Actors.Tests.Model.ModelFixtures;

namespace Legion.Actors.Tests.Model;

public class ElectionTests
{
    private static ElectionOutcome RoundAt(double seconds, NodeIdentity self, Membership table, int quorum = 0, ElectionState? state = null) =>
        Election.Round(state ?? ElectionState.Initial, self, table, quorum, At(seconds));

    [Fact]
    public void A_lone_node_with_the_default_quorum_becomes_Lord_and_announces_at_once()
    {
        var self = Node(10, 1);
        var outcome = RoundAt(3, self, Membership.Empty);

        Assert.Equal([LegionEvent.Join, LegionEvent.Lord], outcome.Events);
        Assert.True(outcome.AnnounceNow);
        Assert.Equal(At(3).UnixSeconds, outcome.State.LordSince);
        Assert.Equal(self.AsVote, outcome.State.AnnouncedVote);
        Assert.Equal(1, outcome.State.Votes);
    }

    [Fact]
    public void Join_and_lord_fire_once_and_later_rounds_are_quiet()
    {
        var self = Node(10, 1);
        var first = RoundAt(3, self, Membership.Empty);
        var second = RoundAt(6, self, Membership.Empty, state: first.State);

        Assert.Empty(second.Events);
        Assert.False(second.AnnounceNow);
        Assert.Equal(first.State.LordSince, second.State.LordSince);
    }

    [Theory]
    // self valor, self uuid, peer valor, peer uuid -> is self the candidate?
    [InlineData(10, 1, 20, 2, false)] // higher valor wins
    [InlineData(20, 1, 10, 2, true)]
    [InlineData(10, 1, 10, 2, false)] // equal valor: higher uuid wins
    [InlineData(10, 2, 10, 1, true)]
    [InlineData(10, 1, 0, 9, true)]   // arbiters never win, whatever their uuid
    [InlineData(0, 1, 10, 2, false)]  // an arbiter votes for the best node
    public void The_candidate_is_the_highest_valor_then_the_highest_uuid(int selfValor, int selfUuid, int peerValor, int peerUuid, bool selfWins)
    {
        var self = Node((ulong)selfValor, selfUuid);
        var peer = Node((ulong)peerValor, peerUuid, "peer");
        var table = Table(self, 0, (peer, Vote.None, 0));

        var candidate = Election.Candidate(self, table.Members, suspended: false);

        Assert.Equal(selfWins ? self.AsVote : peer.AsVote, candidate);
    }

    [Fact]
    public void Uuids_compare_byte_by_byte_not_as_numbers()
    {
        // 'f' (0x66) sorts above '9' (0x39) and above 'a'.
        Assert.True(Election.Beats(5, "f0000000-0000-0000-0000-000000000000", 5, "90000000-0000-0000-0000-000000000000"));
        Assert.False(Election.Beats(5, "a0000000-0000-0000-0000-000000000000", 5, "f0000000-0000-0000-0000-000000000000"));
        Assert.False(Election.Beats(5, Uuid(3), 5, Uuid(3)));
    }

    [Fact]
    public void Higher_valor_wins_even_when_it_joins_last()
    {
        var self = Node(10, 1);
        var low = Node(5, 5, "low");
        var high = Node(90, 2, "high");
        var table = AgreeingTable(self, 0, low, high);

        var outcome = RoundAt(3, self, table);

        Assert.Equal(high.AsVote, outcome.State.Candidate);
        Assert.Equal(RoundVerdict.Quorate, outcome.State.Verdict);
        Assert.Equal(3, outcome.State.Votes);
        Assert.Equal([LegionEvent.Join], outcome.Events);
    }

    [Fact]
    public void An_arbiter_alone_has_no_candidate_but_announces_itself_as_uwsgi_does()
    {
        var arbiter = Node(0, 1);
        var outcome = RoundAt(3, arbiter, Membership.Empty);

        Assert.Equal(Vote.None, outcome.State.Candidate);
        Assert.Equal(new Vote(0, arbiter.Uuid), outcome.State.AnnouncedVote);
        Assert.DoesNotContain(LegionEvent.Lord, outcome.Events);
    }

    [Fact]
    public void An_arbiter_counts_for_quorum_but_is_never_Lord()
    {
        var self = Node(10, 1);
        var arbiter = Node(0, 9, "arbiter");
        var table = AgreeingTable(self, 0, arbiter);

        var outcome = RoundAt(3, self, table, quorum: 2);

        Assert.Equal(2, outcome.State.Votes);
        Assert.Equal([LegionEvent.Join, LegionEvent.Lord], outcome.Events);
    }

    [Theory]
    // members (all agreeing), quorum -> verdict
    [InlineData(0, 0, RoundVerdict.Quorate)]
    [InlineData(0, 1, RoundVerdict.Quorate)]
    [InlineData(0, 2, RoundVerdict.NoQuorum)]
    [InlineData(1, 2, RoundVerdict.Quorate)]
    [InlineData(1, 3, RoundVerdict.NoQuorum)]
    [InlineData(2, 3, RoundVerdict.Quorate)]
    [InlineData(4, 3, RoundVerdict.Quorate)]
    public void Votes_are_one_for_self_plus_one_per_agreeing_member(int members, int quorum, RoundVerdict verdict)
    {
        var self = Node(10, 1);
        var peers = Enumerable.Range(2, members).Select(i => Node(5, i, $"peer{i}")).ToArray();
        var outcome = RoundAt(3, self, AgreeingTable(self, 0, peers), quorum);

        Assert.Equal(members + 1, outcome.State.Votes);
        Assert.Equal(verdict, outcome.State.Verdict);
        Assert.Equal(verdict == RoundVerdict.Quorate, outcome.Events.Contains(LegionEvent.Lord));
    }

    [Fact]
    public void A_member_with_another_checksum_makes_the_votes_zero_and_changes_nothing()
    {
        var self = Node(10, 1);
        var peer = Node(5, 2, "peer");
        var lordState = RoundAt(3, self, Membership.Empty).State;
        var table = Table(self, 4, (peer, self.AsVote, 12345));

        var outcome = RoundAt(6, self, table, state: lordState);

        Assert.Equal(0, outcome.State.Votes);
        Assert.Equal(RoundVerdict.Disagreement, outcome.State.Verdict);
        Assert.Empty(outcome.Events);
        Assert.True(outcome.State.IsLord);
    }

    [Fact]
    public void A_member_voting_for_someone_else_makes_the_votes_zero()
    {
        var self = Node(10, 1);
        var peer = Node(5, 2, "peer");
        var table = Table(self, 0, (peer, Vote.None, 0));
        ulong checksum = table.Checksum(self);
        table = Table(self, 0, (peer, peer.AsVote, checksum));

        Assert.Equal(0, RoundAt(3, self, table).State.Votes);
    }

    [Fact]
    public void A_Lord_beaten_by_a_higher_member_fires_unlord()
    {
        var self = Node(10, 1);
        var lordState = RoundAt(3, self, Membership.Empty).State;
        var table = AgreeingTable(self, 5, Node(90, 2, "high"));

        var outcome = RoundAt(6, self, table, state: lordState);

        Assert.Equal([LegionEvent.Unlord], outcome.Events);
        Assert.False(outcome.State.IsLord);
    }

    [Fact]
    public void A_Lord_that_loses_quorum_steps_down_every_time_while_the_warning_is_throttled()
    {
        var self = Node(10, 1);
        var peer = Node(5, 2, "peer");
        var withPeer = AgreeingTable(self, 0, peer);

        var lord = RoundAt(3, self, withPeer, quorum: 2);
        Assert.Contains(LegionEvent.Lord, lord.Events);

        var alone1 = RoundAt(20, self, Membership.Empty, quorum: 2, state: lord.State);
        Assert.Equal([LegionEvent.Unlord], alone1.Events);
        Assert.True(alone1.NoQuorumWarning);

        var back = RoundAt(25, self, withPeer, quorum: 2, state: alone1.State);
        Assert.Equal([LegionEvent.Lord], back.Events);

        // Within 60 s of the last warning: uWSGI would neither warn nor step down; we step down.
        var alone2 = RoundAt(30, self, Membership.Empty, quorum: 2, state: back.State);
        Assert.Equal([LegionEvent.Unlord], alone2.Events);
        Assert.False(alone2.NoQuorumWarning);

        var later = RoundAt(81, self, Membership.Empty, quorum: 2, state: alone2.State);
        Assert.True(later.NoQuorumWarning);
        Assert.Empty(later.Events);
    }

    [Fact]
    public void A_suspended_node_does_not_propose_itself_until_the_suspension_ends()
    {
        var self = Node(10, 1);
        var state = Election.Suspend(ElectionState.Initial, At(10).Wall);

        var during = RoundAt(10, self, Membership.Empty, state: state);
        Assert.Equal(Vote.None, during.State.Candidate);
        Assert.DoesNotContain(LegionEvent.Lord, during.Events);

        var after = RoundAt(11, self, Membership.Empty, state: during.State);
        Assert.Contains(LegionEvent.Lord, after.Events);
    }

    [Fact]
    public void The_quorum_report_is_due_only_when_the_agreed_view_changes()
    {
        var self = Node(10, 1);
        var first = RoundAt(3, self, Membership.Empty);
        var second = RoundAt(6, self, Membership.Empty, state: first.State);
        var grown = RoundAt(9, self, AgreeingTable(self, 8, Node(5, 2, "peer")), state: second.State);

        Assert.True(first.QuorumReport);
        Assert.False(second.QuorumReport);
        Assert.True(grown.QuorumReport);
    }

    [Fact]
    public void After_the_Lord_changes_a_member_reports_the_new_quorum_even_when_the_rounds_before_it_disagreed_on_that_view()
    {
        // uWSGI logs "WE HAVE QUORUM" on every node once per change; the rounds that disagree while the members'
        // views converge must not swallow it.
        var self = Node(5, 3, "self");
        var first = Node(10, 1, "first");
        var next = Node(8, 2, "next");
        var before = RoundAt(3, self, AgreeingTable(self, 2, first, next));
        // The first Lord left; the next one still announces the old checksum.
        var converging = RoundAt(6, self, Table(self, 5, (next, next.AsVote, 12345)), state: before.State);
        var agreed = RoundAt(9, self, AgreeingTable(self, 8, next), state: converging.State);
        var again = RoundAt(12, self, AgreeingTable(self, 11, next), state: agreed.State);

        Assert.True(before.QuorumReport);
        Assert.Equal(RoundVerdict.Disagreement, converging.State.Verdict);
        Assert.False(converging.QuorumReport);
        Assert.Equal(converging.State.Candidate, agreed.State.Candidate);
        Assert.True(agreed.QuorumReport);
        Assert.False(again.QuorumReport);
    }

    [Fact]
    public void The_Lord_scroll_is_the_candidates_scroll()
    {
        var self = Node(10, 1);
        var high = Node(90, 2, "high");
        var table = AgreeingTable(self, 0, high);
        var announce = From(high, 1, Election.Candidate(self, table.Members, false), table.Checksum(self)) with { Scroll = "hello"u8.ToArray() };
        table = table.Receive(announce, self, At(1), TimeSpan.FromSeconds(30)).Membership;

        var outcome = RoundAt(3, self, table);

        Assert.Equal("hello"u8.ToArray(), outcome.State.LordScroll!.Value.ToArray());
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(4, false)]
    public void A_Lord_scroll_longer_than_the_scroll_max_size_is_not_adopted_as_uwsgi(int maxSize, bool adopted)
    {
        var self = Node(10, 1);
        var high = Node(90, 2, "high");
        var table = AgreeingTable(self, 0, high);
        var announce = From(high, 1, Election.Candidate(self, table.Members, false), table.Checksum(self)) with { Scroll = "hello"u8.ToArray() };
        table = table.Receive(announce, self, At(1), TimeSpan.FromSeconds(30)).Membership;

        var outcome = Election.Round(ElectionState.Initial, self, table, 0, At(3), null, lordScrollMaxSize: maxSize);

        Assert.Equal(adopted, outcome.State.LordScroll is not null);
    }

    [Fact]
    public void A_suspended_node_is_never_the_candidate_until_its_suspension_has_passed()
    {
        var self = Node(90, 1);
        var lord = RoundAt(3, self, Membership.Empty).State;
        var suspended = Election.Suspend(lord, At(10).Wall);

        Assert.False(suspended.IsLord);
        var during = Election.Round(suspended, self, Membership.Empty, 0, At(10));
        Assert.Empty(during.Events);
        Assert.True(during.State.Candidate.IsNone);
        var after = Election.Round(during.State, self, Membership.Empty, 0, At(11));
        Assert.Equal([LegionEvent.Lord], after.Events);
    }

    [Fact]
    public void The_announce_carries_the_rounds_checksum_vote_and_lord_time()
    {
        var self = Node(10, 1);
        var state = RoundAt(3, self, Membership.Empty).State;

        var announce = AnnounceFactory.Build("web", self, state, At(4), "s"u8.ToArray());

        Assert.Equal(("web", 10UL, At(4).UnixSeconds, state.LordSince), (announce.Legion, announce.Valor, announce.Unix, announce.Lord));
        Assert.Equal((self.Name, self.Pid, self.Uuid), (announce.Name, announce.Pid, announce.Uuid));
        Assert.Equal(state.Checksum, announce.Checksum);
        Assert.Equal((self.Valor, self.Uuid), (announce.LordValor, announce.LordUuid));
        Assert.False(announce.Dead);
    }

    [Fact]
    public void Without_a_lease_a_Lord_whose_members_disagree_stays_Lord_for_ever_as_in_uwsgi()
    {
        var self = Node(10, 1);
        var lord = RoundAt(3, self, Membership.Empty).State;
        var disagreeing = Table(self, 4, (Node(5, 2, "peer"), self.AsVote, 12345));

        var state = lord;
        for (int t = 5; t < 600; t += 5)
        {
            var outcome = RoundAt(t, self, disagreeing, state: state);
            Assert.Empty(outcome.Events);
            state = outcome.State;
        }
        Assert.True(state.IsLord);
    }

    [Fact]
    public void With_a_lease_a_Lord_steps_down_once_it_has_gone_a_lease_without_an_agreeing_quorum()
    {
        var self = Node(10, 1);
        var lease = TimeSpan.FromSeconds(10);
        var lord = Election.Round(ElectionState.Initial, self, Membership.Empty, 0, At(3), lordLease: lease).State;
        var disagreeing = Table(self, 4, (Node(5, 2, "peer"), self.AsVote, 12345));

        var within = Election.Round(lord, self, disagreeing, 0, At(13), lordLease: lease);
        Assert.Empty(within.Events);
        var beyond = Election.Round(within.State, self, disagreeing, 0, At(13.5), lordLease: lease);
        Assert.Equal([LegionEvent.Unlord], beyond.Events);
        Assert.False(beyond.State.IsLord);

        // Once the members agree again it can rule again.
        var agreed = Election.Round(beyond.State, self, AgreeingTable(self, 14, Node(5, 2, "peer")), 0, At(15), lordLease: lease);
        Assert.Equal([LegionEvent.Lord], agreed.Events);
    }
}
