using Legion.Actors.Model;
using Legion.Actors.TestKit;

namespace Legion.Actors.Tests.Simulation;

/// <summary>An arbiter (valor 0) counts towards quorum and is never Lord.</summary>
public sealed class ArbiterScenarios : LegionTestKit
{
    [Fact]
    public void An_arbiter_lets_the_surviving_node_keep_quorum_and_take_over()
    {
        var a = Sim.AddNode("web", 90, ScenarioOptions.Fast(quorum: 2));
        var b = Sim.AddNode("web", 50, ScenarioOptions.Fast(quorum: 2));
        Sim.AddNode("web", 0, ScenarioOptions.Fast(quorum: 2));
        AwaitLord(a);

        Sim.Crash(a);
        var lord = ExpectEvent(b, LegionEvent.Lord, within: TimeSpan.FromSeconds(10));

        Assert.Equal(2, Sim.Status(b).Election.Votes);
        Assert.Equal(b.Identity.AsVote, lord.Fired.Lord);
        AssertSingleLord("web");
    }

    [Fact]
    public void Without_the_arbiter_the_survivor_stays_without_quorum()
    {
        var a = Sim.AddNode("web", 90, ScenarioOptions.Fast(quorum: 2));
        var b = Sim.AddNode("web", 50, ScenarioOptions.Fast(quorum: 2));
        AwaitLord(a);

        Sim.Crash(a);

        ExpectNoEvent(b, LegionEvent.Lord, TimeSpan.FromMinutes(2));
        AssertNoLord("web");
        Assert.Equal(RoundVerdict.NoQuorum, Sim.Status(b).Election.Verdict);
    }

    [Fact]
    public void Arbiters_alone_never_have_a_Lord()
    {
        Sim.AddNode("web", 0, ScenarioOptions.Fast());
        Sim.AddNode("web", 0, ScenarioOptions.Fast());

        ExpectNoEvent(null, LegionEvent.Lord, TimeSpan.FromMinutes(1));
        AssertNoLord("web");
    }
}
