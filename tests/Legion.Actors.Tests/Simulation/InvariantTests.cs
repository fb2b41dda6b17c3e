using Legion.Actors.Simulation;

namespace Legion.Actors.Tests.Simulation;

/// <summary>The invariant checker itself: what it reports, when, and when it stays quiet.</summary>
public sealed class InvariantTests
{
    private static readonly SimulatedNodeOptions Options = new() { Frequency = TimeSpan.FromSeconds(1), Tolerance = TimeSpan.FromSeconds(3) };

    [Fact]
    public void Two_Lords_among_nodes_that_hear_each_other_break_lord_uniqueness_once_settled_with_time_and_seed()
    {
        // Different secrets: the network carries their announces, but neither can read the other's.
        using var sim = new LegionSimulation(17);
        sim.AddNode("web", 90, Options);
        sim.AddNode("web", 50, Options with { Secret = "another" });

        var broken = Assert.Throws<SimulationInvariantException>(() => sim.RunFor(TimeSpan.FromMinutes(1)));

        Assert.Equal("lord-uniqueness", broken.Violation.Invariant);
        Assert.Equal(17, broken.Violation.Seed);
        Assert.Equal("web", broken.Violation.Legion);
        Assert.Equal(sim.SettleTime("web"), broken.Violation.At);
        Assert.Equal(broken.Violation.At, sim.Elapsed);
        Assert.Contains("node-1 and node-2 are Lord at the same time", broken.Message);
        Assert.Contains("seed 17", broken.Message);
    }

    [Fact]
    public void No_Lord_where_quorum_is_within_reach_breaks_liveness()
    {
        using var sim = new LegionSimulation(4);
        sim.AddNode("web", 90, Options with { Quorum = 2 });
        sim.AddNode("web", 50, Options with { Quorum = 2, Secret = "another" });

        var broken = Assert.Throws<SimulationInvariantException>(() => sim.RunFor(TimeSpan.FromMinutes(1)));

        Assert.Equal("liveness", broken.Violation.Invariant);
        Assert.Contains("no Lord among [node-1 node-2] (candidate node-1, quorum 2)", broken.Message);
    }

    [Fact]
    public void Collected_violations_let_the_run_go_on()
    {
        using var sim = new LegionSimulation(17, new LegionSimulationOptions { ThrowOnViolation = false });
        sim.AddNode("web", 90, Options);
        sim.AddNode("web", 50, Options with { Secret = "another" });

        sim.RunFor(TimeSpan.FromMinutes(1));

        Assert.Equal(TimeSpan.FromMinutes(1), sim.Elapsed);
        Assert.Equal("lord-uniqueness", Assert.Single(sim.Violations).Invariant);
        Assert.Contains(sim.Trace.Entries, e => e.Text.StartsWith("violation lord-uniqueness", StringComparison.Ordinal));
    }

    [Fact]
    public void Nothing_is_checked_when_the_checks_are_off()
    {
        using var sim = new LegionSimulation(17, new LegionSimulationOptions { CheckInvariants = false });
        sim.AddNode("web", 90, Options);
        sim.AddNode("web", 50, Options with { Secret = "another" });

        sim.RunFor(TimeSpan.FromMinutes(1));

        Assert.Empty(sim.Violations);
        Assert.Equal(0, sim.SettledWindows);
        Assert.Equal(2, sim.Lords("web").Count);
    }

    [Fact]
    public void Lossy_or_one_way_networks_are_never_held_to_uniqueness()
    {
        using var sim = new LegionSimulation(8);
        var a = sim.AddNode("web", 90, Options);
        var b = sim.AddNode("web", 50, Options);
        sim.RunFor(TimeSpan.FromSeconds(20));
        var settled = sim.SettledWindows;

        sim.PartitionOneWay([a], [b]); // b stops hearing a and rules too; a still hears b and disagrees
        sim.RunFor(TimeSpan.FromMinutes(2));
        sim.Heal();
        sim.SetLoss(0.5);
        sim.RunFor(TimeSpan.FromMinutes(2));

        Assert.Equal(settled, sim.SettledWindows);
        Assert.Empty(sim.Violations);
    }

    [Fact]
    public void A_clean_partition_is_checked_side_by_side()
    {
        using var sim = new LegionSimulation(8);
        var a = sim.AddNode("web", 90, Options);
        var b = sim.AddNode("web", 50, Options);
        var c = sim.AddNode("web", 10, Options);

        sim.Partition([a], [b, c]);
        sim.RunFor(TimeSpan.FromMinutes(1));

        Assert.Contains(sim.Trace.Entries, e => e.Text == "settled web [node-1] [node-2 node-3] lords=[node-1 node-2]");
        Assert.Empty(sim.Violations);
    }

    [Fact]
    public void An_observer_that_throws_stops_the_run_at_that_event_and_its_exception_reaches_the_test()
    {
        using var sim = new LegionSimulation(2);
        sim.AddNode("web", 90, Options);
        using var observer = sim.Subscribe(e =>
        {
            if (e.Fired.Event == Legion.Actors.Model.LegionEvent.Lord)
            {
                throw new InvalidOperationException($"lord at {e.At}");
            }
        });

        var thrown = Assert.Throws<InvalidOperationException>(() => sim.RunFor(TimeSpan.FromMinutes(1)));

        Assert.Equal("lord at 00:00:02", thrown.Message);
        Assert.Equal(TimeSpan.FromSeconds(2), sim.Elapsed);
    }
}
