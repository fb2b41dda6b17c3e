using Legion.Actors.Model;
using Legion.Actors.Simulation;
using Legion.Actors.TestKit;

namespace Legion.Actors.Tests.Simulation;

/// <summary>The user TestKit: waits, expectations and the failures they report.</summary>
public sealed class LegionTestKitTests() : LegionTestKit(seed: 5)
{
    [Fact]
    public void AwaitLord_returns_the_single_Lord_as_soon_as_there_is_one()
    {
        Sim.AddNode("web", 10, ScenarioOptions.Fast());
        var high = Sim.AddNode("web", 90, ScenarioOptions.Fast());

        Assert.Equal(high, AwaitLord("web"));
        Assert.Equal(2 * ScenarioOptions.Freq, Sim.Elapsed); // the warm-up, then the first round
        Assert.Equal(high, AssertSingleLord("web"));
    }

    [Fact]
    public void AwaitLord_fails_naming_the_Lords_the_seed_and_the_time()
    {
        var a = Sim.AddNode("web", 90, ScenarioOptions.Fast());
        var b = Sim.AddNode("web", 50, ScenarioOptions.Fast());
        Sim.Isolate(a);

        var failure = Assert.Throws<LegionAssertionException>(() => AwaitLord(b, TimeSpan.FromSeconds(30)));

        Assert.Equal("node-2 is not the only Lord of web after 00:00:30: Lords now: node-1, node-2 (seed 5, at 00:00:30)", failure.Message);
    }

    [Fact]
    public void ExpectEvent_skips_other_events_and_fails_with_the_seed_when_none_comes()
    {
        var a = Sim.AddNode("web", 90, ScenarioOptions.Fast());

        var join = ExpectEvent(a, LegionEvent.Join);
        Assert.Equal(LegionEvent.Join, join.Fired.Event);
        Assert.Equal(1, join.Incarnation);
        var failure = Assert.Throws<LegionAssertionException>(() => ExpectEvent(a, LegionEvent.Unlord, TimeSpan.FromSeconds(10)));
        Assert.Contains("no unlord event from node-1 within 00:00:10 (seed 5", failure.Message);
    }

    [Fact]
    public void ExpectNoEvent_stops_at_the_unexpected_event()
    {
        var a = Sim.AddNode("web", 90, ScenarioOptions.Fast());

        var failure = Assert.Throws<LegionAssertionException>(() => ExpectNoEvent(a, LegionEvent.Lord, TimeSpan.FromMinutes(1)));

        Assert.Contains("unexpected lord event from node-1 at 00:00:02", failure.Message);
        Assert.Equal(TimeSpan.FromSeconds(2), Sim.Elapsed);
    }

    [Fact]
    public void A_probe_hears_only_its_nodes_in_order()
    {
        var a = Sim.AddNode("web", 90, ScenarioOptions.Fast());
        Sim.AddNode("web", 50, ScenarioOptions.Fast());
        using var probe = CreateEventProbe(a);

        var events = probe.ReceiveWhile(TimeSpan.FromSeconds(5)).Select(e => (e.Node, e.Fired.Event)).ToList();

        Assert.Equal([(a, LegionEvent.Setup), (a, LegionEvent.NodeJoined), (a, LegionEvent.Join), (a, LegionEvent.Lord)], events);
        Assert.Equal(0, probe.Pending);
    }

    [Fact]
    public void AssertNoLord_and_AssertSingleLord_check_the_present_without_running()
    {
        Sim.AddNode("web", 90, ScenarioOptions.Fast());

        AssertNoLord("web");
        Assert.Throws<LegionAssertionException>(() => AssertSingleLord("web"));
        Assert.Equal(TimeSpan.Zero, Sim.Elapsed);
    }
}
