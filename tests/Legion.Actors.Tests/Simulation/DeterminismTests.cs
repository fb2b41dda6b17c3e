using Legion.Actors.Model;
using Legion.Actors.Simulation;

namespace Legion.Actors.Tests.Simulation;

/// <summary>Same seed, same calls: the same trace, byte for byte.</summary>
public sealed class DeterminismTests
{
    [Fact]
    public void The_same_seed_and_the_same_calls_give_byte_identical_traces()
    {
        var first = Storm(seed: 42, SimulationTransport.SealedDatagrams);
        var second = Storm(seed: 42, SimulationTransport.SealedDatagrams);

        Assert.Equal(first.Text, second.Text);
        Assert.Equal(first.Hash, second.Hash);
        Assert.True(first.Lines > 50, $"only {first.Lines} trace lines");
    }

    [Fact]
    public void The_announce_transport_gives_the_same_run_as_sealed_datagrams()
    {
        var sealedRun = Storm(seed: 9, SimulationTransport.SealedDatagrams);
        var announces = Storm(seed: 9, SimulationTransport.Announces);

        Assert.Equal(sealedRun.Text, announces.Text);
    }

    [Fact]
    public void Another_seed_gives_another_run()
    {
        Assert.NotEqual(Storm(seed: 1, SimulationTransport.Announces).Hash, Storm(seed: 2, SimulationTransport.Announces).Hash);
    }

    [Fact]
    public void Users_lord_only_actors_and_subscribers_replay_with_the_seed()
    {
        var first = WithUserActors(seed: 7);
        var second = WithUserActors(seed: 7);

        Assert.Equal(first, second);
        Assert.Contains(first, line => line.Contains("worker started", StringComparison.Ordinal));
        Assert.Contains(first, line => line.Contains("lord-changed", StringComparison.Ordinal));
        Assert.NotEqual(first, WithUserActors(seed: 8));
    }

    [Fact]
    public void The_hash_covers_the_canonical_lines_and_nothing_else()
    {
        using var sim = new LegionSimulation(3);
        sim.Note("hello");

        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("00:00:00 note hello\n"u8.ToArray()));
        Assert.Equal(expected, sim.Trace.Hash);
        Assert.Equal("00:00:00 note hello\n", sim.Trace.ToString());
    }

    /// <summary>
    /// A lord-only actor and an EventStream subscriber on five nodes under loss, reordering, a partition and a crash:
    /// what they did and when, in simulated time, with the Lord's uuid (which the seed decides).
    /// </summary>
    private static List<string> WithUserActors(int seed)
    {
        var log = new List<string>();
        using var sim = new LegionSimulation(seed);
        var options = new SimulatedNodeOptions
        {
            Frequency = TimeSpan.FromSeconds(1),
            Tolerance = TimeSpan.FromSeconds(3),
            Quorum = 3,
            LordOnlyActors = [new("web", "worker", Akka.Actor.Props.Create(() => new Recorder(log, sim, "worker started")), Akka.Actor.PoisonPill.Instance)],
            Subscribers = [new("watch", _ => Akka.Actor.Props.Create(() => new Recorder(log, sim, null)))],
        };
        var nodes = new[] { 90, 50, 50, 10, 0 }.Select(v => sim.AddNode("web", (ushort)v, options)).ToArray();
        sim.RunFor(TimeSpan.FromSeconds(20));
        sim.SetLoss(0.1);
        sim.SetReordering(0.2, TimeSpan.FromMilliseconds(300));
        sim.Partition(nodes[..2], nodes[2..]);
        sim.RunFor(TimeSpan.FromSeconds(30));
        sim.Heal();
        sim.Crash(nodes[0]);
        sim.RunFor(TimeSpan.FromSeconds(30));
        return log;
    }

    /// <summary>Logs "started" (when given) and every LordChanged of its node with the simulated time.</summary>
    private sealed class Recorder : Akka.Actor.ReceiveActor
    {
        public Recorder(List<string> log, LegionSimulation sim, string? started)
        {
            var node = Context.System.Name;
            if (started is not null)
            {
                log.Add($"{sim.Elapsed:c} {node} {started}");
                return;
            }

            Receive<Legion.Actors.Actors.LordChanged>(changed => log.Add($"{sim.Elapsed:c} {node} lord-changed {changed.Lord?.Name} {changed.Lord?.Uuid}"));
            Context.System.EventStream.Subscribe(Self, typeof(Legion.Actors.Actors.LordChanged));
        }
    }

    /// <summary>Every kind of fault, on five nodes, for ten simulated minutes.</summary>
    private static (string Text, string Hash, int Lines) Storm(int seed, SimulationTransport transport)
    {
        using var sim = new LegionSimulation(seed, new LegionSimulationOptions { Transport = transport });
        var options = new SimulatedNodeOptions
        {
            Frequency = TimeSpan.FromSeconds(1),
            Tolerance = TimeSpan.FromSeconds(4),
            EventActions = [new(LegionEvent.Lord, "log", "ruling"), new(LegionEvent.Unlord, "log", "not ruling")],
        };
        var nodes = new[] { 90, 50, 50, 10, 0 }.Select(v => sim.AddNode("web", (ushort)v, options)).ToArray();
        sim.RunFor(TimeSpan.FromSeconds(20));
        sim.SetLatency(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(400));
        sim.SetReordering(0.2, TimeSpan.FromMilliseconds(300));
        sim.SetDuplication(0.1);
        sim.SetLoss(0.2);
        sim.RunFor(TimeSpan.FromMinutes(1));
        sim.Partition(nodes[..2], nodes[2..]);
        sim.Crash(nodes[3]);
        sim.Freeze(nodes[2]);
        sim.SetClockDrift(nodes[1], 1.01);
        sim.RunFor(TimeSpan.FromMinutes(1));
        sim.Heal();
        sim.Thaw(nodes[2]);
        sim.Restart(nodes[3]);
        sim.SetLoss(0);
        sim.SetClockOffset(nodes[4], TimeSpan.FromSeconds(45));
        sim.JumpClock(nodes[0], TimeSpan.FromSeconds(-5));
        sim.RunFor(TimeSpan.FromMinutes(1));
        sim.SetClockOffset(nodes[4], TimeSpan.Zero);
        sim.Stop(nodes[0]);
        sim.RunFor(TimeSpan.FromMinutes(6));
        return (sim.Trace.ToString(), sim.Trace.Hash, sim.Trace.Count);
    }
}
