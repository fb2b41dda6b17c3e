using Legion.Actors.Model;
using static Legion.Actors.Tests.Model.ModelFixtures;

namespace Legion.Actors.Tests.Model;

/// <summary>The operator's runtime valor control: what a request, a step-down and its end do to the valor and what they say.</summary>
public class ValorControlTests
{
    private static ValorState State(ulong valor, ulong penalty = 0, bool steppedDown = false) =>
        new(valor, penalty == 0 ? HealthPenalty.None : HealthPenalty.Of(penalty), steppedDown);

    private static ValorRequest Request(string text) =>
        ValorRequest.TryParse(text, out var request) ? request : throw new ArgumentException(text, nameof(text));

    public static TheoryData<ulong, ulong, bool, string, bool, ulong, string> ChangeTable => new()
    {
        // base, penalty, stepped down, request => accepted, announced valor after, reply
        { 90, 0, false, "+5", true, 95, "valor changed from 90 to 95" },
        { 90, 0, false, "10", true, 10, "valor changed from 90 to 10" },
        { 90, 0, false, "90", true, 90, "valor is already 90" },
        { 90, 0, true, "90", true, 90, "valor stays 90; step-down cancelled" },
        { 90, 0, true, "-10", true, 80, "valor changed from 90 to 80" },
        { 90, 30, false, "+10", true, 70, "valor changed from 90 to 100; with failing health checks: 100 - 30 (health) = 70" },
        { 90, 30, false, "90", true, 60, "valor is already 90; with failing health checks: 90 - 30 (health) = 60" },
        { 90, 0, false, "-91", false, 90, "valor 90 cannot be lowered by 91: valors are 0..65535" },
        { 65535, 0, false, "+1", false, 65535, "valor 65535 cannot be raised by 1: valors are 0..65535" },
        { 90, 0, true, "70000", false, 0, "valor 70000 is out of range: valors are 0..65535 (uWSGI keeps 16 bits)" },
    };

    [Theory]
    [MemberData(nameof(ChangeTable))]
    public void A_valor_request_moves_the_base_cancels_a_step_down_and_keeps_health_penalties_on_top(
        ulong baseValor, ulong penalty, bool steppedDown, string request, bool accepted, ulong announced, string reply)
    {
        var before = State(baseValor, penalty, steppedDown);

        var change = ValorControl.Change(before, Request(request));

        Assert.Equal((accepted, announced, reply), (change.Accepted, change.State.Announced, change.Reply));
        Assert.Equal(change.Reply, change.Reason);
        if (!accepted)
        {
            Assert.Same(before, change.State);
        }
    }

    [Fact]
    public void A_step_down_announces_0_and_names_the_heir_from_the_member_table()
    {
        var self = Node(90, 1, "a");
        var heir = Node(50, 2, "b");
        var table = Table(self, 0, (heir, new Vote(90, self.Uuid), 0));
        var decision = new StepDownDecision(true, null, heir.AsVote, TimeSpan.FromSeconds(60), 90);

        var change = ValorControl.StepDown(State(90, penalty: 30), decision, table);

        Assert.True(change.Accepted);
        Assert.Equal((0UL, 90UL, HealthPenalty.Of(30)), (change.State.Announced, change.State.Base, change.State.Health));
        Assert.Equal("stepped down for 60s; b (valor 50) is expected to take over", change.Reply);
        Assert.Equal("stepped down for 60s (valor 90 to 0); b (valor 50) is expected to take over", change.Reason);
    }

    [Theory]
    [InlineData(true, "stepped down for 10s; no member is expected to take over")]
    [InlineData(false, "stepped down for 10s; 00000000-0000-4000-8000-000000000007 (valor 40) is expected to take over")]
    public void A_step_down_without_an_heir_in_the_table_says_so_or_names_the_heir_by_uuid(bool forcedWithNobody, string reply)
    {
        var successor = forcedWithNobody ? Vote.None : new Vote(40, Uuid(7));
        var decision = new StepDownDecision(true, null, successor, TimeSpan.FromSeconds(10), 90);

        Assert.Equal(reply, ValorControl.StepDown(State(90), decision, Membership.Empty).Reply);
    }

    [Fact]
    public void A_refused_step_down_changes_nothing_and_says_why()
    {
        var before = State(90);

        var change = ValorControl.StepDown(before, StepDownDecision.Refuse("this node is not the Lord"), Membership.Empty);

        Assert.Equal((false, "this node is not the Lord"), (change.Accepted, change.Reply));
        Assert.Same(before, change.State);
    }

    [Theory]
    [InlineData(90, 0, 90, "step-down over: valor back to 90")]
    [InlineData(90, 30, 60, "step-down over: valor back to 90 - 30 (health) = 60")]
    [InlineData(0, 0, 0, "step-down over: valor back to 0: arbiter")]
    public void After_a_step_down_the_node_returns_to_its_base_minus_the_penalties_failing_then(ulong baseValor, ulong penalty, ulong announced, string reason)
    {
        var change = ValorControl.StepDownOver(State(baseValor, penalty, steppedDown: true));

        Assert.Equal((true, announced, reason), (change.Accepted, change.State.Announced, change.Reason));
    }
}
