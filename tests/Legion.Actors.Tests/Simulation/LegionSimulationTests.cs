using Legion.Actors.Configuration;
using Legion.Actors.Model;
using Legion.Actors.Simulation;

namespace Legion.Actors.Tests.Simulation;

/// <summary>The simulation's own API: nodes, their lives, legions side by side, and what it refuses.</summary>
public sealed class LegionSimulationTests : IDisposable
{
    private readonly LegionSimulation _sim = new(11);

    [Fact]
    public void Nodes_get_numbered_names_addresses_seeded_identities_and_start_running()
    {
        var a = _sim.AddNode("web", 90);
        var b = _sim.AddNode("web", 0, new SimulatedNodeOptions { Name = "arbiter" });

        Assert.Equal(("node-1", 1, NodeAddress.Udp("10.0.0.1", 4242)), (a.Name, a.Id, a.Address));
        Assert.Equal(("arbiter", true), (b.Name, b.IsArbiter));
        Assert.Equal((SimulatedNodeState.Running, 1), (a.State, a.Incarnation));
        Assert.Equal(36, a.Identity.Uuid.Length);
        Assert.NotEqual(a.Identity.Uuid, b.Identity.Uuid);
        using var again = new LegionSimulation(11);
        Assert.Equal(a.Identity, again.AddNode("web", 90).Identity);
    }

    [Fact]
    public void Two_legions_in_one_simulation_never_hear_each_other()
    {
        var web = _sim.AddNode("web", 10, ScenarioOptions.Fast());
        var db = _sim.AddNode("db", 20, ScenarioOptions.Fast());

        _sim.RunFor(TimeSpan.FromSeconds(10));

        Assert.Equal([web], _sim.Lords("web"));
        Assert.Equal([db], _sim.Lords("db"));
        Assert.Equal(0, _sim.Status(web).Membership.Count);
    }

    [Fact]
    public void A_crashed_node_is_silent_is_no_Lord_and_restarts_as_a_new_run()
    {
        var a = _sim.AddNode("web", 90, ScenarioOptions.Fast());
        _sim.RunUntil(() => a.IsLord, TimeSpan.FromSeconds(10));
        var first = a.Identity;

        _sim.Crash(a);
        Assert.Equal(SimulatedNodeState.Crashed, a.State);
        Assert.Empty(_sim.Lords("web"));
        var lines = _sim.Trace.Entries.Count(e => e.Source == a.Name);
        _sim.RunFor(TimeSpan.FromMinutes(1));
        Assert.Equal(lines, _sim.Trace.Entries.Count(e => e.Source == a.Name));

        _sim.Restart(a);
        Assert.Equal((SimulatedNodeState.Running, 2), (a.State, a.Incarnation));
        Assert.NotEqual(first.Uuid, a.Identity.Uuid);
        Assert.NotEqual(first.Pid, a.Identity.Pid);
        Assert.True(_sim.RunUntil(() => a.IsLord, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Faults_and_steps_are_written_to_the_trace()
    {
        var a = _sim.AddNode("web", 90, ScenarioOptions.Fast());
        var b = _sim.AddNode("web", 50, ScenarioOptions.Fast());

        _sim.Partition([a], [b]);
        _sim.SetLoss(0.25);
        _sim.Freeze(b);
        _sim.Note("checkpoint");

        var lines = _sim.Trace.Entries.Select(e => $"{e.Source} {e.Text}").ToList();
        Assert.Contains("sim partition [node-1] | [node-2]", lines);
        Assert.Contains("sim loss 0.25", lines);
        Assert.Contains("node-2 freeze", lines);
        Assert.Contains("note checkpoint", lines);
    }

    [Fact]
    public void Operations_that_make_no_sense_for_the_node_s_state_are_refused()
    {
        var a = _sim.AddNode("web", 90);

        Assert.Throws<InvalidOperationException>(() => _sim.Thaw(a));
        _sim.Freeze(a);
        Assert.Throws<InvalidOperationException>(() => _sim.Freeze(a));
        Assert.Throws<InvalidOperationException>(() => _sim.Status(a));
        _sim.Crash(a);
        Assert.Throws<InvalidOperationException>(() => _sim.Crash(a));
        Assert.Throws<InvalidOperationException>(() => _sim.Stop(a));
    }

    [Fact]
    public void Bad_names_and_settings_are_refused()
    {
        _sim.AddNode("web", 1, new SimulatedNodeOptions { Name = "taken" });

        Assert.Throws<ArgumentException>(() => _sim.AddNode("my legion", 1));
        Assert.Throws<ArgumentException>(() => _sim.AddNode("web", 1, new SimulatedNodeOptions { Name = "taken" }));
        Assert.Throws<ArgumentException>(() => _sim.AddNode("web", 1, new SimulatedNodeOptions { Name = "a/b" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _sim.AddNode("web", 1, new SimulatedNodeOptions { Frequency = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _sim.RunFor(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void A_disposed_simulation_cannot_run()
    {
        _sim.AddNode("web", 90);
        _sim.Dispose();

        Assert.Throws<ObjectDisposedException>(() => _sim.RunFor(TimeSpan.FromSeconds(1)));
        Assert.Throws<ObjectDisposedException>(() => _sim.AddNode("web", 1));
    }

    [Fact]
    public void SettleTime_is_tolerance_period_and_two_latencies_without_quorum()
    {
        _sim.AddNode("web", 90, ScenarioOptions.Fast());
        _sim.SetLatency(TimeSpan.Zero, TimeSpan.FromMilliseconds(200));

        // 3 s tolerance + 1 s period + 2 x 0.2 s + 0.1 s
        Assert.Equal(TimeSpan.FromSeconds(4.5), _sim.SettleTime("web"));
        Assert.Equal(TimeSpan.Zero, _sim.SettleTime("none"));
    }

    [Fact]
    public void SettleTime_adds_the_claim_fence_when_the_legion_has_a_quorum()
    {
        _sim.AddNode("web", 90, ScenarioOptions.Fast(quorum: 2));
        _sim.AddNode("web", 50, ScenarioOptions.Fast(quorum: 2));
        _sim.SetLatency(TimeSpan.Zero, TimeSpan.FromMilliseconds(200));

        // 3 s tolerance + 1.25 s claim fence + 1 s period + 2 x 0.2 s + 0.1 s
        Assert.Equal(TimeSpan.FromSeconds(5.75), _sim.SettleTime("web"));
    }

    public void Dispose() => _sim.Dispose();
}
