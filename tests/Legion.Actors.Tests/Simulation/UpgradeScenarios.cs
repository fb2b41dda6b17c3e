using Legion.Actors.Model;
using Legion.Actors.Simulation;
using Legion.Actors.TestKit;

namespace Legion.Actors.Tests.Simulation;

/// <summary>Rolling upgrades (version fencing) and key rotation, simulated.</summary>
public sealed class UpgradeScenarios : LegionTestKit
{
    [Fact]
    public void Nodes_of_an_older_version_fire_outdated_and_leave_once_a_newer_one_joins()
    {
        var old = ScenarioOptions.Fast() with { Version = "1.0", LeaveWhenOutdated = true };
        var a = Sim.AddNode("web", 90, old);
        var b = Sim.AddNode("web", 50, old);
        AwaitLord(a);

        var upgraded = Sim.AddNode("web", 10, ScenarioOptions.Fast() with { Version = "1.1" });
        ExpectEvent(a, LegionEvent.Outdated);
        ExpectEvent(a, LegionEvent.Unlord);

        AwaitLord(upgraded);
        Assert.Equal((SimulatedNodeState.Stopped, SimulatedNodeState.Stopped), (a.State, b.State));
    }

    [Fact]
    public void A_secret_rotated_node_by_node_never_splits_the_legion()
    {
        var a = Sim.AddNode("web", 90, ScenarioOptions.Fast() with { Secret = "old" });
        var b = Sim.AddNode("web", 50, ScenarioOptions.Fast() with { Secret = "old" });
        AwaitLord(a);
        using var watch = Sim.Subscribe(e => Assert.NotEqual(LegionEvent.NodeLeft, e.Fired.Event)); // no one goes unheard

        // As documented for legion-secret-next: add the new secret as next everywhere, then swap, then drop the old.
        foreach (var options in new[] { (Secret: "old", Next: "new"), (Secret: "new", Next: "old"), (Secret: "new", Next: (string?)null) })
        {
            foreach (var node in new[] { a, b })
            {
                Sim.Stop(node);
                Sim.RunFor(TimeSpan.FromSeconds(1));
                Sim.Restart(node, node.Options with { Secret = options.Secret, NextSecret = options.Next });
                Sim.RunFor(TimeSpan.FromSeconds(5));
            }
        }

        AwaitLord(a);
        Assert.Equal(("new", null), (a.Options.Secret, a.Options.NextSecret));
        // aes-128-cbc: an announce no secret opens is counted as undecodable.
        Assert.Equal(0, a.TransportStats.Drops.GetValueOrDefault(Legion.Actors.Protocol.DropReason.Undecodable));
        Assert.Equal(0, b.TransportStats.Drops.GetValueOrDefault(Legion.Actors.Protocol.DropReason.Undecodable));
    }
}
