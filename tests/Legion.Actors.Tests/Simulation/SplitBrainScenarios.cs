using Legion.Actors.Model;
using Legion.Actors.Simulation;
using Legion.Actors.TestKit;

namespace Legion.Actors.Tests.Simulation;

/// <summary>Partitions with and without <c>legion-quorum</c>: the documented split brain, and its cure.</summary>
public sealed class SplitBrainScenarios : LegionTestKit
{
    [Fact]
    public void Without_quorum_a_partition_gives_each_side_its_own_Lord_until_it_heals()
    {
        var a = Sim.AddNode("web", 90, ScenarioOptions.Fast());
        var b = Sim.AddNode("web", 50, ScenarioOptions.Fast());
        var c = Sim.AddNode("web", 10, ScenarioOptions.Fast());
        AwaitLord(a);

        Sim.Partition([a], [b, c]);
        Assert.True(Sim.RunUntil(() => Sim.Lords("web").Count == 2, TimeSpan.FromSeconds(30)));
        Assert.Equal([a, b], Sim.Lords("web"));
        Sim.RunFor(TimeSpan.FromMinutes(1));
        Assert.Equal([a, b], Sim.Lords("web")); // the documented vulnerability: it lasts as long as the partition

        Sim.Heal();
        ExpectEvent(b, LegionEvent.Unlord);
        AwaitLord(a);
    }

    [Fact]
    public void Quorum_two_of_three_leaves_the_cut_off_Lord_without_lordship_and_never_two_Lords()
    {
        var a = Sim.AddNode("web", 90, ScenarioOptions.Fast(quorum: 2));
        var b = Sim.AddNode("web", 50, ScenarioOptions.Fast(quorum: 2));
        var c = Sim.AddNode("web", 10, ScenarioOptions.Fast(quorum: 2));
        AwaitLord(a);
        var most = 0;
        var watch = Sim.Subscribe(_ => most = Math.Max(most, Sim.Lords("web").Count));

        Sim.Partition([a], [b, c]);
        ExpectEvent(a, LegionEvent.Unlord);
        AwaitLord(b);
        Sim.RunFor(TimeSpan.FromMinutes(1));
        AssertSingleLord("web");
        watch.Dispose();

        Assert.Equal(1, most);
    }

    [Theory]
    [InlineData(3, 2, 1)]
    [InlineData(5, 3, 2)]
    public void With_a_quorum_no_moment_of_the_cut_gives_two_Lords_even_for_an_instant(int nodes, int quorum, int cutOff)
    {
        // The cut-off Lord steps down a tolerance after the last announce it heard from its quorum, which can be up to
        // a period younger than the last announce of it the majority heard: the majority's fence must cover that for
        // every phase of the heartbeats against the cut. 200 runs, each with its own start phases, latency and cut moment.
        var failures = new List<string>();
        for (int seed = 1; seed <= 200; seed++)
        {
            var random = new Random(seed);
            using var sim = new LegionSimulation(seed, new LegionSimulationOptions { KeepTrace = false });
            sim.SetLatency(TimeSpan.FromMilliseconds(random.Next(0, 5)), TimeSpan.FromMilliseconds(random.Next(5, 60)));
            var legion = new List<SimulatedNode>();
            for (int i = 0; i < nodes; i++)
            {
                legion.Add(sim.AddNode("web", (ushort)(90 - i * 10), ScenarioOptions.Fast(quorum)));
                sim.RunFor(TimeSpan.FromMilliseconds(random.Next(0, 1000)));
            }
            if (!sim.RunUntil(() => sim.Lords("web") is [var first] && first == legion[0], TimeSpan.FromSeconds(30)))
            {
                failures.Add($"seed {seed}: no first Lord");
                continue;
            }
            sim.RunFor(TimeSpan.FromMilliseconds(random.Next(0, 2000)));
            int most = 0;
            using (sim.Subscribe(_ => most = Math.Max(most, sim.Lords("web").Count)))
            {
                sim.Partition(legion.Take(cutOff), legion.Skip(cutOff));
                bool majorityRules = sim.RunUntil(() => sim.Lords("web") is [var lord] && lord == legion[cutOff], TimeSpan.FromSeconds(30));
                sim.RunFor(TimeSpan.FromSeconds(5));
                if (most != 1 || !majorityRules)
                {
                    failures.Add($"seed {seed}: at most {most} Lords at once; majority's Lord {(majorityRules ? "rose" : "never rose")}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Healing_hands_lordship_back_to_the_higher_valor_with_any_overlap_shorter_than_an_announce_period()
    {
        var a = Sim.AddNode("web", 90, ScenarioOptions.Fast(quorum: 2));
        var b = Sim.AddNode("web", 50, ScenarioOptions.Fast(quorum: 2));
        var c = Sim.AddNode("web", 10, ScenarioOptions.Fast(quorum: 2));
        Sim.SetLatency(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(50));
        Sim.Partition([a], [b, c]);
        AwaitLord(b);
        Sim.RunFor(TimeSpan.FromMinutes(1));
        TimeSpan? overlapSince = null;
        var overlap = TimeSpan.Zero;
        using var watch = Sim.Subscribe(e =>
        {
            var lords = Sim.Lords("web").Count;
            if (lords > 1)
            {
                overlapSince ??= e.At;
            }
            else if (overlapSince is { } since)
            {
                overlap += e.At - since;
                overlapSince = null;
            }
        });

        Sim.Heal();
        AwaitLord(a);
        Sim.RunFor(TimeSpan.FromSeconds(10));

        // a rules as soon as its round counts b's and c's votes for it; b steps down in its own round once it
        // has a's new checksum: up to one announce period later, nothing in the protocol hands over.
        Assert.Null(overlapSince);
        Assert.InRange(overlap, TimeSpan.Zero, ScenarioOptions.Freq + TimeSpan.FromMilliseconds(50));
        AssertSingleLord("web");
    }

    [Fact]
    public void A_minority_alone_never_elects_while_the_quorum_is_out_of_reach()
    {
        var a = Sim.AddNode("web", 90, ScenarioOptions.Fast(quorum: 2));
        var b = Sim.AddNode("web", 50, ScenarioOptions.Fast(quorum: 2));
        var c = Sim.AddNode("web", 10, ScenarioOptions.Fast(quorum: 2));
        AwaitLord(a);

        Sim.Partition([a], [b]);
        Sim.Partition([a, b], [c]);

        ExpectEvent(a, LegionEvent.Unlord);
        ExpectNoEvent(null, LegionEvent.Lord, TimeSpan.FromMinutes(2));
        AssertNoLord("web");
    }

    [Fact]
    public void A_one_way_cut_leaves_two_Lords_for_good_and_a_Lord_lease_ends_it()
    {
        var lease = TimeSpan.FromSeconds(10);
        var a = Sim.AddNode("web", 90, ScenarioOptions.Fast() with { LordLease = lease });
        var b = Sim.AddNode("web", 50, ScenarioOptions.Fast() with { LordLease = lease });
        var c = Sim.AddNode("web", 10, ScenarioOptions.Fast() with { LordLease = lease });
        AwaitLord(a);

        // b and c stop hearing a and elect b; a still hears them, but their checksums leave it out, so its
        // votes stay at 0 and uWSGI's rule keeps it Lord for as long as that lasts. The lease ends it.
        Sim.PartitionOneWay([a], [b, c]);
        AwaitLord(b, within: TimeSpan.FromSeconds(30));
        var stepDown = ExpectEvent(a, LegionEvent.Unlord);

        Assert.InRange(stepDown.At, lease, lease + TimeSpan.FromSeconds(10));
        Sim.RunFor(TimeSpan.FromMinutes(1));
        Assert.Equal([b], Sim.Lords("web"));
    }

    [Fact]
    public void Without_a_lease_the_Lord_cut_off_one_way_never_steps_down()
    {
        var a = Sim.AddNode("web", 90, ScenarioOptions.Fast());
        var b = Sim.AddNode("web", 50, ScenarioOptions.Fast());
        Sim.AddNode("web", 10, ScenarioOptions.Fast());
        AwaitLord(a);

        Sim.PartitionOneWay([a], [b, Sim.Nodes[2]]);
        ExpectNoEvent(a, LegionEvent.Unlord, TimeSpan.FromMinutes(5));

        Assert.Equal([a, b], Sim.Lords("web"));
    }
}
