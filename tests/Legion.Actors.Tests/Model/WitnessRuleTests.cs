using Legion.Actors.Model;
using static Legion.Actors.Tests.Model.ModelFixtures;

namespace Legion.Actors.Tests.Model;

public class WitnessRuleTests
{
    [Theory]
    [InlineData(1, true, 0, nameof(WitnessVerdict.Normal))]       // UDP contact: the witness is not consulted
    [InlineData(1, false, 3, nameof(WitnessVerdict.Normal))]
    [InlineData(0, true, 0, nameof(WitnessVerdict.Normal))]       // alone, storage fine, nobody else alive
    [InlineData(0, true, 2, nameof(WitnessVerdict.DoNotClaim))]   // isolated, but others are alive
    [InlineData(0, false, 0, nameof(WitnessVerdict.ForceExit))]   // isolated and blind
    public void The_witness_speaks_only_for_a_node_that_hears_nobody(int members, bool reachable, int freshOthers, string expected) =>
        Assert.Equal(Enum.Parse<WitnessVerdict>(expected), WitnessRule.Evaluate(members, reachable, freshOthers));

    [Theory]
    [InlineData(1000, 1000, true)]
    [InlineData(955, 1000, true)]    // 45 s old: tolerance 15 + skew 30
    [InlineData(954, 1000, false)]
    [InlineData(1030, 1000, true)]   // writer's clock 30 s ahead
    [InlineData(1031, 1000, false)]
    public void A_record_is_fresh_within_tolerance_plus_skew(long recordUnix, long nowUnix, bool fresh) =>
        Assert.Equal(fresh, WitnessRule.IsFresh(recordUnix, nowUnix, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30)));

    [Fact]
    public void A_Lord_that_may_no_longer_claim_steps_down_and_does_not_come_back_until_allowed()
    {
        var self = Node(10, 1);
        var lord = Election.Round(ElectionState.Initial, self, Membership.Empty, 0, At(3)).State;

        var barred = Election.Round(lord, self, Membership.Empty, 0, At(4), mayClaim: false);
        Assert.Equal([LegionEvent.Unlord], barred.Events);
        var still = Election.Round(barred.State, self, Membership.Empty, 0, At(5), mayClaim: false);
        Assert.Empty(still.Events);
        var allowed = Election.Round(still.State, self, Membership.Empty, 0, At(6));
        Assert.Equal([LegionEvent.Lord], allowed.Events);
    }
}
