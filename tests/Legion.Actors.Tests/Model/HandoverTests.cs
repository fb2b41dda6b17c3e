using Legion.Actors.Model;
using static Legion.Actors.Tests.Model.ModelFixtures;

namespace Legion.Actors.Tests.Model;

public class HandoverTests
{
    private static ElectionState LordState(NodeIdentity self, Membership table) =>
        Election.Round(ElectionState.Initial, self, table, 0, At(3)).State;

    [Fact]
    public void A_Lord_that_lowers_its_valor_below_a_member_gives_up_lordship_at_once()
    {
        var self = Node(90, 1);
        var peer = Node(50, 2, "peer");
        var state = LordState(self, AgreeingTable(self, 3, peer));
        Assert.True(state.IsLord);

        var result = Handover.SwitchIdentity(state, self with { Valor = 10 }, AgreeingTable(self, 3, peer), At(4));

        Assert.True(result.GivesUpLordship);
        Assert.False(result.State.IsLord);
        Assert.Equal(peer.AsVote, result.Candidate);
    }

    [Fact]
    public void A_Lord_that_raises_its_valor_or_lowers_it_but_stays_the_best_keeps_lordship()
    {
        var self = Node(90, 1);
        var peer = Node(50, 2, "peer");
        var table = AgreeingTable(self, 3, peer);
        var state = LordState(self, table);

        foreach (ulong valor in new ulong[] { 95, 60 })
        {
            var result = Handover.SwitchIdentity(state, self with { Valor = valor }, table, At(4));
            Assert.False(result.GivesUpLordship);
            Assert.Same(state, result.State);
        }
    }

    [Fact]
    public void A_node_that_is_not_Lord_never_fires_unlord_whatever_its_new_valor()
    {
        var self = Node(10, 1);
        var table = AgreeingTable(self, 3, Node(50, 2, "peer"));
        var state = LordState(self, table);

        Assert.False(Handover.SwitchIdentity(state, self with { Valor = 0 }, table, At(4)).GivesUpLordship);
    }

    [Fact]
    public void A_Lord_steps_down_to_an_arbiter_naming_the_best_member_as_its_successor()
    {
        var self = Node(90, 1);
        var low = Node(20, 2, "low");
        var high = Node(50, 3, "high");
        var arbiter = Node(0, 9, "arbiter");
        var table = AgreeingTable(self, 3, low, high, arbiter);

        var decision = Handover.StepDown(LordState(self, table), self, table, TimeSpan.FromSeconds(30), force: false);

        Assert.True(decision.Accepted);
        Assert.Equal(high.AsVote, decision.Successor);
        Assert.Equal(90UL, decision.RestoreValor);
        Assert.Equal(TimeSpan.FromSeconds(30), decision.Period);
    }

    [Fact]
    public void Only_the_Lord_can_step_down()
    {
        var self = Node(10, 1);
        var table = AgreeingTable(self, 3, Node(50, 2, "peer"));

        var decision = Handover.StepDown(LordState(self, table), self, table, Handover.DefaultStepDownPeriod, force: true);

        Assert.False(decision.Accepted);
        Assert.Contains("not the Lord", decision.Refusal);
    }

    [Fact]
    public void A_Lord_with_only_arbiters_around_refuses_to_step_down_unless_forced()
    {
        var self = Node(90, 1);
        var table = AgreeingTable(self, 3, Node(0, 2, "arbiter"));
        var state = LordState(self, table);

        var refused = Handover.StepDown(state, self, table, Handover.DefaultStepDownPeriod, force: false);
        var forced = Handover.StepDown(state, self, table, Handover.DefaultStepDownPeriod, force: true);

        Assert.False(refused.Accepted);
        Assert.Contains("no other member", refused.Refusal);
        Assert.True(forced.Accepted);
        Assert.True(forced.Successor.IsNone);
    }

    [Fact]
    public void A_step_down_period_must_be_positive()
    {
        var self = Node(90, 1);
        var table = AgreeingTable(self, 3, Node(50, 2, "peer"));

        Assert.False(Handover.StepDown(LordState(self, table), self, table, TimeSpan.Zero, force: false).Accepted);
    }

    [Fact]
    public void After_a_valor_change_our_own_looped_back_announces_from_before_are_still_ours()
    {
        var before = Node(90, 1);
        var after = before with { Valor = 10 };

        var result = Membership.Empty.Receive(From(before, 10), after, At(10), TimeSpan.FromSeconds(30));

        Assert.Equal(ReceiveOutcome.Own, result.Outcome);
    }

    [Fact]
    public void The_new_identity_first_then_the_old_ones_death_never_leaves_a_peer_alone_long_enough_to_claim_lordship()
    {
        // A two-node legion as our peer sees it: it runs a round after every change of its table, a death included.
        var lord = Node(90, 1, "lord");
        var peer = Node(50, 2, "peer");
        var raised = lord with { Valor = 95 };
        var peerState = Election.Round(ElectionState.Initial, peer, AgreeingTable(peer, 3, lord), 0, At(3)).State;
        Assert.False(peerState.IsLord);

        // The raised identity announces what it sees: itself and the peer.
        var table = AgreeingTable(peer, 3, lord);
        var raisedChecksum = Table(raised, 4, (peer, Vote.None, 0UL)).Checksum(raised);
        var withNew = table.Receive(From(raised, 4, raised.AsVote, raisedChecksum), peer, At(4), TimeSpan.FromSeconds(30)).Membership;
        var afterNew = Election.Round(peerState, peer, withNew, 0, At(4));
        var withoutOld = withNew.Receive(From(lord, 4, dead: true), peer, At(4), TimeSpan.FromSeconds(30)).Membership;
        var afterDeath = Election.Round(afterNew.State, peer, withoutOld, 0, At(4));

        Assert.Empty(afterNew.Events);
        Assert.Empty(afterDeath.Events);
        Assert.Equal(raised.AsVote, afterDeath.State.Candidate);
        Assert.Equal(2, afterDeath.State.Votes);

        // The other order would have made the peer Lord for one round.
        var deathFirst = Election.Round(peerState, peer, table.Receive(From(lord, 4, dead: true), peer, At(4), TimeSpan.FromSeconds(30)).Membership, 0, At(4));
        Assert.Contains(LegionEvent.Lord, deathFirst.Events);
    }
}
