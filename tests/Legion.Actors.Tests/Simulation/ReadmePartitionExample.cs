using Akka.Actor;
using Legion.Actors.Actors;
using Legion.Actors.Simulation;
using Legion.Actors.TestKit;
using Xunit;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Simulation;

/// <summary>What the actors below tell the test.</summary>
public sealed record InvoicerStarted(string Node);

/// <summary>What the actors below tell the test.</summary>
public sealed record LordSeen(string Node, string? Lord);

/// <summary>Your lord-only actor: it must run on the Lord, and on one node only.</summary>
public sealed class Invoicer : ReceiveActor
{
    public Invoicer(IActorRef monitor)
    {
        monitor.Tell(new InvoicerStarted(Context.System.Name)); // a simulated node's ActorSystem has the node's name
        ReceiveAny(_ => { });
    }
}

/// <summary>Your EventStream subscriber: tells the test each change of Lord that its node sees.</summary>
public sealed class LordWatcher : ReceiveActor
{
    public LordWatcher(IActorRef monitor)
    {
        Receive<LordChanged>(changed => monitor.Tell(new LordSeen(Context.System.Name, changed.Lord?.Name)));
    }

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(LordChanged));
}

public sealed class InvoicerPartitionTests(ITestOutputHelper output) : LegionTestKit(seed: 42, output: output)
{
    private LordOnlyActorSpec Invoicer => new("billing", "invoicer", Props.Create(() => new Invoicer(TestActor)), PoisonPill.Instance);

    private SimulatedNodeOptions Options => new()
    {
        Quorum = 2,                          // legion-quorum billing 2
        Frequency = TimeSpan.FromSeconds(1), // legion-freq 1
        Tolerance = TimeSpan.FromSeconds(3), // legion-tolerance 3
        LordOnlyActors = [Invoicer],
        Subscribers = [new("lord-watcher", _ => Props.Create(() => new LordWatcher(TestActor)))],
    };

    [Fact]
    public void The_invoicer_runs_on_exactly_one_node_through_a_partition_and_a_skewed_clock()
    {
        var a = Sim.AddNode("billing", 90, Options);
        var b = Sim.AddNode("billing", 50, Options);
        var c = Sim.AddNode("billing", 10, Options);
        Assert.Equal(a, AwaitLordOnlyActor(Invoicer));
        ExpectSimulatedMsg<InvoicerStarted>(started => started.Node == "node-1");

        Sim.SetClockOffset(c, TimeSpan.FromSeconds(20)); // c's clock runs 20 s ahead (legion-skew-tolerance is 30 s)
        Sim.Partition([a], [b, c]);                      // the Lord is cut off, alone in the minority
        AwaitLordOnlyActor(Invoicer, on: b);             // a steps down without quorum; the majority elects b
        ExpectSimulatedMsg<LordSeen>(seen => seen.Node == "node-3" && seen.Lord == "node-2");
        ExpectLordOnlyActorNeverOnTwoNodes(Invoicer, TimeSpan.FromMinutes(1));

        Sim.Heal();
        AwaitLordOnlyActor(Invoicer, on: a);             // the higher valor rules again
        ExpectLordOnlyActorNeverOnTwoNodes(Invoicer, TimeSpan.FromMinutes(1));
        Assert.Equal(a, AssertLordOnlyActorOnSingleNode(Invoicer));
    }
}
