using Legion.Actors.Model;
using Legion.Actors.Simulation;
using Legion.Actors.TestKit;

namespace Legion.Actors.Tests.Simulation;

/// <summary>How fast a new Lord rises: a death announce against a silent crash, and a paused Lord coming back.</summary>
public sealed class FailoverScenarios : LegionTestKit
{
    private static readonly SimulatedNodeOptions Options = ScenarioOptions.Fast() with { Tolerance = TimeSpan.FromSeconds(10) };

    [Fact]
    public void A_death_announce_makes_failover_faster_than_the_tolerance_and_a_crash_does_not()
    {
        var stopped = FailoverAfter(sim => sim.Stop(sim.Nodes[0]));
        var crashed = FailoverAfter(sim => sim.Crash(sim.Nodes[0]));

        // Stopped: peers drop the Lord at once and the next round (at most one period later) elects.
        Assert.InRange(stopped, TimeSpan.Zero, Options.Frequency);
        // Crashed: peers wait for the tolerance, then one expiry check and one more announce.
        Assert.InRange(crashed, Options.Tolerance, Options.Tolerance + (3 * Options.Frequency));
    }

    [Fact]
    public void A_stopped_Lord_of_three_is_replaced_within_a_few_latencies_whatever_the_phase_of_the_heartbeats()
    {
        // The survivors' new votes go out at once after the death announce, even when a periodic heartbeat has just
        // been sent (only out-of-rhythm announces are limited to one per quarter period). 50 stop moments across a period.
        var latency = TimeSpan.FromMilliseconds(5);
        var slowest = TimeSpan.Zero;
        for (int phase = 0; phase < 50; phase++)
        {
            using var sim = new LegionSimulation(Seed + phase, new LegionSimulationOptions { KeepTrace = false });
            sim.SetLatency(TimeSpan.FromMilliseconds(1), latency);
            var a = sim.AddNode("web", 90, Options);
            var b = sim.AddNode("web", 50, Options);
            sim.RunFor(TimeSpan.FromMilliseconds(337));
            sim.AddNode("web", 10, Options);
            Assert.True(sim.RunUntil(() => a.IsLord, TimeSpan.FromSeconds(30)));
            sim.RunFor(TimeSpan.FromSeconds(5) + (Options.Frequency * phase / 50));

            var from = sim.Elapsed;
            sim.Stop(a);
            Assert.True(sim.RunUntil(() => b.IsLord, TimeSpan.FromSeconds(30)));
            var took = sim.Elapsed - from;
            slowest = took > slowest ? took : slowest;
        }

        // Death announce to b and c, c's new vote to b: two deliveries, plus the rounds.
        Assert.InRange(slowest, TimeSpan.Zero, (3 * latency) + TimeSpan.FromMilliseconds(5));
    }

    [Fact]
    public void Stopping_runs_the_death_actions_before_the_death_announce_and_fires_nothing_after()
    {
        var a = Sim.AddNode("web", 90, Options with { EventActions = [new(LegionEvent.Death, "log", "bye")] });
        var b = Sim.AddNode("web", 50, Options);
        AwaitLord(a);

        Sim.Stop(a);
        ExpectEvent(a, LegionEvent.Death);
        AwaitLord(b, within: Options.Frequency);

        Assert.Equal(SimulatedNodeState.Stopped, a.State);
        Assert.Contains(Sim.Trace.Entries, e => e.Source == a.Name && e.Text.StartsWith("action run=1 death log:bye ok", StringComparison.Ordinal));
        ExpectNoEvent(a, LegionEvent.Unlord, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void A_Lord_paused_longer_than_the_tolerance_is_replaced_and_steps_back_in_without_leaving_two_Lords()
    {
        var a = Sim.AddNode("web", 90, Options);
        var b = Sim.AddNode("web", 50, Options);
        AwaitLord(a);

        Sim.Freeze(a);
        ExpectEvent(b, LegionEvent.Lord, within: Options.Tolerance + (3 * Options.Frequency));
        Assert.Equal([a, b], Sim.Lords("web")); // a still believes it rules, but it is paused
        Sim.RunFor(TimeSpan.FromSeconds(30));

        Sim.Thaw(a);
        ExpectEvent(b, LegionEvent.Unlord, within: 3 * Options.Frequency);
        AssertSingleLord("web");
        Assert.True(a.IsLord);
        Sim.RunFor(Sim.SettleTime("web") + TimeSpan.FromMinutes(1)); // the invariants hold once it has settled
    }

    [Fact]
    public void A_restarted_node_comes_back_with_a_new_uuid_and_its_old_self_expires_as_a_ghost()
    {
        var a = Sim.AddNode("web", 90, Options);
        var b = Sim.AddNode("web", 50, Options);
        AwaitLord(a);
        var before = a.Identity;

        Sim.Restart(a);
        var left = ExpectEvent(b, LegionEvent.NodeLeft, within: Options.Tolerance + (2 * Options.Frequency));

        Assert.Equal(before.Key, left.Fired.Member);
        Assert.NotEqual(before.Uuid, a.Identity.Uuid);
        Assert.Equal(2, a.Incarnation);
        AwaitLord(a);
    }

    private TimeSpan FailoverAfter(Action<LegionSimulation> fault)
    {
        using var sim = new LegionSimulation(Seed);
        sim.AddNode("web", 90, Options);
        var b = sim.AddNode("web", 50, Options);
        sim.RunUntil(() => sim.Nodes[0].IsLord, TimeSpan.FromSeconds(30));
        sim.RunFor(TimeSpan.FromSeconds(20));

        var from = sim.Elapsed;
        fault(sim);
        Assert.True(sim.RunUntil(() => b.IsLord, TimeSpan.FromMinutes(1)));
        return sim.Elapsed - from;
    }
}
