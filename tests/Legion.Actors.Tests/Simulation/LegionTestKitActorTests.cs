using Akka.Actor;
using Legion.Actors.Actors;
using Legion.Actors.Model;
using Legion.Actors.Simulation;
using Legion.Actors.TestKit;

namespace Legion.Actors.Tests.Simulation;

/// <summary>The user TestKit with the user's own actors inside the simulated nodes: lord-only actors and EventStream subscribers.</summary>
public sealed class LegionTestKitActorTests() : LegionTestKit(seed: 11)
{
    private LordOnlyActorSpec Worker => new("web", "worker", Props.Create(() => new ReportingActor(TestActor, "worker")), "stop, please");

    private SimulatedNodeOptions Options(int quorum = 2) => ScenarioOptions.Fast(quorum) with { LordOnlyActors = [Worker] };

    [Fact]
    public void A_lord_only_actor_starts_on_the_Lord_after_its_lord_event_and_only_there()
    {
        var a = Sim.AddNode("web", 90, Options());
        Sim.AddNode("web", 50, Options());

        Assert.Equal(a, AwaitLordOnlyActor(Worker));
        var lord = ExpectEvent(a, LegionEvent.Lord, TimeSpan.Zero); // the lord event came before: it is queued
        var started = ExpectSimulatedMsg<Reported>(r => r.What == "worker started");
        Assert.Equal("node-1", started.Node);
        Assert.True(lord.At <= Sim.Elapsed);
    }

    [Fact]
    public void A_lord_only_actor_is_told_its_termination_message_on_unlord_and_moves_to_the_new_Lord()
    {
        var a = Sim.AddNode("web", 90, Options());
        var b = Sim.AddNode("web", 50, Options());
        var c = Sim.AddNode("web", 10, Options());
        AwaitLordOnlyActor(Worker, on: a);

        Sim.Partition([a], [b, c]);

        AwaitLordOnlyActor(Worker, on: b);
        ExpectSimulatedMsg<Reported>(r => r.Node == "node-1" && r.What == "worker got stop, please");
        ExpectSimulatedMsg<Reported>(r => r.Node == "node-2" && r.What == "worker started");
    }

    [Fact]
    public void ExpectLordOnlyActorNeverOnTwoNodes_fails_when_a_partition_without_quorum_makes_two_Lords()
    {
        var a = Sim.AddNode("web", 90, Options(quorum: 0));
        var b = Sim.AddNode("web", 50, Options(quorum: 0));
        AwaitLordOnlyActor(Worker, on: a);

        Sim.Partition([a], [b]);

        var failure = Assert.Throws<LegionAssertionException>(() => ExpectLordOnlyActorNeverOnTwoNodes(Worker, TimeSpan.FromMinutes(1)));
        Assert.StartsWith("lord-only actor worker of web runs on two nodes at once: runs on node-1, node-2; Lords now: node-1, node-2 (seed 11, at 00:00:", failure.Message, StringComparison.Ordinal);
        Assert.Equal([a, b], NodesRunning(Worker));
        Assert.Throws<LegionAssertionException>(() => AssertLordOnlyActorOnSingleNode(Worker));
    }

    [Fact]
    public void AwaitLordOnlyActor_fails_naming_where_it_runs_the_seed_and_the_time()
    {
        var a = Sim.AddNode("web", 90, Options(quorum: 2)); // alone, never quorate

        var failure = Assert.Throws<LegionAssertionException>(() => AwaitLordOnlyActor(Worker, within: TimeSpan.FromSeconds(10)));

        Assert.Equal("lord-only actor worker of web does not run on a single node after 00:00:10: runs nowhere; no Lord now (seed 11, at 00:00:10)", failure.Message);
        Assert.Empty(NodesRunning(Worker));
        Assert.False(a.IsLord);
    }

    [Fact]
    public void A_crashed_Lord_runs_its_lord_only_actor_no_more_and_a_frozen_one_still_does()
    {
        var a = Sim.AddNode("web", 90, Options());
        var b = Sim.AddNode("web", 50, Options());
        var c = Sim.AddNode("web", 10, Options());
        AwaitLordOnlyActor(Worker, on: a);

        Sim.Freeze(a);
        Assert.Equal([a], NodesRunning(Worker)); // a paused process still holds its actors
        Sim.Crash(a);
        Assert.Empty(NodesRunning(Worker));

        Assert.Equal(b, AwaitLordOnlyActor(Worker));
        Sim.Restart(a);
        AwaitLordOnlyActor(Worker, on: a);
        Assert.True(c.IsAlive);
    }

    [Fact]
    public void A_subscriber_starts_before_the_legion_and_hears_every_change_of_Lord()
    {
        var options = ScenarioOptions.Fast() with
        {
            Subscribers = [new("watch", node => Props.Create(() => new LordWatch(TestActor, node.Name)))],
        };
        var a = Sim.AddNode("web", 50, options);
        Assert.Equal("node-1 watching", ExpectSimulatedMsg<string>(within: TimeSpan.Zero)); // started inside AddNode

        Assert.Equal(new Reported("node-1", "lord node-1"), ExpectSimulatedMsg<Reported>());
        var b = Sim.AddNode("web", 90, options);
        Assert.Equal("node-2 watching", ExpectSimulatedMsg<string>(within: TimeSpan.Zero));
        Assert.Equal(new Reported("node-2", "lord node-2"), ExpectSimulatedMsg<Reported>(r => r.Node == "node-2"));
        Assert.Equal(new Reported("node-1", "lord node-2"), ExpectSimulatedMsg<Reported>(r => r.Node == "node-1"));
        Assert.Equal(b, AssertSingleLord("web"));
        Assert.False(a.IsLord);
    }

    [Fact]
    public void ExpectSimulatedMsg_fails_naming_the_dropped_messages_the_seed_and_the_time()
    {
        TestActor.Tell("not this one");

        var failure = Assert.Throws<LegionAssertionException>(() => ExpectSimulatedMsg<Reported>(within: TimeSpan.FromSeconds(5)));

        Assert.Equal("no Reported message within 00:00:05 (dropped not this one) (seed 11, at 00:00:05)", failure.Message);
    }

    [Fact]
    public void ExpectNoSimulatedMsg_stops_at_the_first_message_of_a_node()
    {
        var probe = CreateTestProbe();
        Sim.AddNode("web", 90, ScenarioOptions.Fast() with { LordOnlyActors = [new("web", "worker", Props.Create(() => new ReportingActor(probe.Ref, "worker")), PoisonPill.Instance)] });

        var failure = Assert.Throws<LegionAssertionException>(() => ExpectNoSimulatedMsg(TimeSpan.FromMinutes(1), probe));

        Assert.Contains("unexpected message Reported { Node = node-1, What = worker started }", failure.Message, StringComparison.Ordinal);
        Assert.Equal(2 * ScenarioOptions.Freq, Sim.Elapsed); // the warm-up, the round, then the actor
    }

    [Fact]
    public void Options_that_bind_a_lord_only_actor_to_another_legion_or_reuse_a_name_are_refused()
    {
        var elsewhere = ScenarioOptions.Fast() with { LordOnlyActors = [Worker with { Legion = "api" }] };
        var twice = ScenarioOptions.Fast() with { LordOnlyActors = [Worker, Worker] };
        var badSubscriber = ScenarioOptions.Fast() with { Subscribers = [new("legion-web", _ => Props.Empty)] };

        Assert.Contains("bound to legion 'api', but the node belongs to 'web'", Assert.Throws<ArgumentException>(() => Sim.AddNode("web", 1, elsewhere)).Message, StringComparison.Ordinal);
        Assert.Contains("'worker' is used twice", Assert.Throws<ArgumentException>(() => Sim.AddNode("web", 1, twice)).Message, StringComparison.Ordinal);
        Assert.Contains("'legion-web' is not a subscriber name", Assert.Throws<ArgumentException>(() => Sim.AddNode("web", 1, badSubscriber)).Message, StringComparison.Ordinal);
        Assert.Empty(Sim.Nodes);
    }

    /// <summary>Tells <c>monitor</c> that it started and what it received; stops itself on the termination message.</summary>
    private sealed class ReportingActor : ReceiveActor
    {
        public ReportingActor(IActorRef monitor, string name)
        {
            monitor.Tell(new Reported(Context.System.Name, name + " started"));
            Receive<string>(message =>
            {
                monitor.Tell(new Reported(Context.System.Name, $"{name} got {message}"));
                Context.Stop(Self);
            });
            Receive<PoisonPill>(_ => Context.Stop(Self));
        }
    }

    /// <summary>An EventStream subscriber: says it started, then reports each LordChanged it hears.</summary>
    private sealed class LordWatch : ReceiveActor
    {
        public LordWatch(IActorRef monitor, string node)
        {
            Receive<LordChanged>(changed => monitor.Tell(new Reported(node, "lord " + (changed.Lord?.Name ?? "none"))));
            Context.System.EventStream.Subscribe(Self, typeof(LordChanged));
            monitor.Tell(node + " watching");
        }
    }
}

/// <summary>What the actors of <see cref="LegionTestKitActorTests"/> tell the test.</summary>
public sealed record Reported(string Node, string What);
