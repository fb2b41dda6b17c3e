using System.Collections.Concurrent;
using Akka.Actor;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Legion.Actors.Hosting;
using Legion.Actors.Model;
using Legion.Actors.Runtime;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Hosting;

/// <summary>
/// Legions inside an application's own ActorSystem, without Akka.Hosting (<see cref="LegionExtension"/>): two nodes in
/// two systems on loopback UDP form one legion, their events arrive on each system's EventStream, a node stops without
/// stopping its system, and a system that shuts down takes its legions out gracefully.
/// </summary>
public sealed class LegionExtensionTests : Akka.TestKit.Xunit2.TestKit
{
    private readonly ITestOutputHelper _output;

    public LegionExtensionTests(ITestOutputHelper output)
        : base("akka.loglevel = WARNING", output)
    {
        _output = output;
    }

    private LegionNodeOptions NodeOptions(string name) => new() { HostName = name, LoggerFactory = new XunitLoggerFactory(_output, name + " ") };

    [Fact]
    public async Task Two_nodes_in_two_application_systems_form_one_legion_whose_events_arrive_on_the_event_stream()
    {
        var ports = LoopbackLegion.Ports(2);
        using var other = ActorSystem.Create("other");
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events.Ref, typeof(LegionEventFired));

        var a = await LegionExtension.Get(Sys).StartAsync(LoopbackLegion.Options("web", ports[0], ports, 90), NodeOptions("a"));
        var b = await LegionExtension.Get(other).StartAsync(LoopbackLegion.Options("web", ports[1], ports, 10), NodeOptions("b"));

        Assert.False(a.OwnsSystem);
        Assert.Same(Sys, a.System);
        Assert.Equal(["web"], LegionExtension.Get(Sys).Legions);
        Assert.True(LegionExtension.Get(Sys).TryGetNode("web", out var found) && ReferenceEquals(found, a));
        Assert.Equal("/user/legions/legion-web", a.Supervisor("web").Path.ToStringWithoutAddress());
        var seen = new List<LegionEvent>();
        await events.FishForMessageAsync<LegionEventFired>(e =>
        {
            seen.Add(e.Event);
            return e.Event == LegionEvent.Lord;
        }, LoopbackLegion.Patience);
        Assert.Equal(LegionEvent.Setup, seen[0]);
        Assert.Contains(LegionEvent.NodeJoined, seen);
        var status = await b.GetStatusAsync("web");
        Assert.Equal(a.Identity("web").Uuid, status.Election.Candidate.Uuid);
    }

    [Fact]
    public async Task Each_system_publishes_LordChanged_when_its_view_of_the_Lord_changes()
    {
        var ports = LoopbackLegion.Ports(2);
        using var other = ActorSystem.Create("other");
        var lords = CreateTestProbe();
        Sys.EventStream.Subscribe(lords.Ref, typeof(LordChanged));
        var onB = new ConcurrentQueue<LordChanged>();
        using var subscription = other.Subscribe<LordChanged>(onB.Enqueue);

        var a = await LegionExtension.Get(Sys).StartAsync(LoopbackLegion.Options("web", ports[0], ports, 90), NodeOptions("a"));
        var b = await LegionExtension.Get(other).StartAsync(LoopbackLegion.Options("web", ports[1], ports, 10), NodeOptions("b"));

        var crowned = await lords.FishForMessageAsync<LordChanged>(c => c.IsSelf, LoopbackLegion.Patience);
        Assert.Equal("web", crowned.Legion);
        Assert.Equal(new LegionLord("a", 90, a.Identity("web").Uuid, null, IsSelf: true), crowned.Lord);
        var seenByB = await Eventually.Until("b publishes a as its Lord", _ => Task.FromResult(onB.ToArray()),
            all => all.Any(c => c.Lord?.Uuid == a.Identity("web").Uuid), LoopbackLegion.Patience, () => string.Join("; ", onB));
        var aOnB = seenByB.First(c => c.Lord?.Uuid == a.Identity("web").Uuid);
        Assert.False(aOnB.IsSelf);
        Assert.Equal(90UL, aOnB.Lord!.Valor);

        await a.StopAsync();

        // a leaves: it has no Lord any more; b crowns itself.
        await lords.FishForMessageAsync<LordChanged>(c => c.Lord is null, LoopbackLegion.Patience);
        await Eventually.Until("b publishes itself as Lord", _ => Task.FromResult(onB.ToArray()), all => all.Any(c => c.IsSelf),
            LoopbackLegion.Patience, () => string.Join("; ", onB));
        var changes = onB.ToArray();
        for (int i = 1; i < changes.Length; i++)
        {
            Assert.False(LegionLord.Same(changes[i - 1].Lord, changes[i].Lord), $"published twice in a row: {changes[i]}");
        }
        Assert.Equal(b.Identity("web").Uuid, changes.Last(c => c.IsSelf).Lord!.Uuid);
    }

    [Fact]
    public async Task Stopping_a_node_leaves_its_legion_gracefully_and_the_application_system_keeps_running()
    {
        var ports = LoopbackLegion.Ports(2);
        using var other = ActorSystem.Create("other");
        var onB = new ConcurrentQueue<LegionEventFired>();
        using var subscription = other.Subscribe<LegionEventFired>(onB.Enqueue);
        var a = await LegionExtension.Get(Sys).StartAsync(LoopbackLegion.Options("web", ports[0], ports, 90), NodeOptions("a"));
        var b = await LegionExtension.Get(other).StartAsync(LoopbackLegion.Options("web", ports[1], ports, 10), NodeOptions("b"));
        await Eventually.Until("b sees a as its Lord", _ => b.GetStatusAsync("web"), s => s.Membership.Members.Count == 1 && !s.Election.IsLord
            && s.Election.Candidate.Uuid == a.Identity("web").Uuid, LoopbackLegion.Patience, () => "");

        await a.DisposeAsync();

        await Eventually.Until("b becomes Lord", _ => b.GetStatusAsync("web"), s => s.Election.IsLord, LoopbackLegion.Patience, () => "");
        Assert.Empty((await b.GetStatusAsync("web")).Membership.Members);
        // Removed by the death announce, not by expiry.
        Assert.DoesNotContain(onB, e => e.Event == LegionEvent.NodeLeft);
        Assert.False(Sys.WhenTerminated.IsCompleted);
        Assert.Empty(LegionExtension.Get(Sys).Legions);
        Assert.False(LegionExtension.Get(Sys).TryGetNode("web", out _));
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        Assert.Equal("still here", await echo.Ask<string>("still here", TimeSpan.FromSeconds(5)));
        await a.StopAsync(); // idempotent
    }

    [Fact]
    public async Task Terminating_the_application_system_runs_the_death_actions_then_sends_the_death_announce()
    {
        var ports = LoopbackLegion.Ports(2);
        using var app = ActorSystem.Create("app", "akka.coordinated-shutdown.phases.before-actor-system-terminate.timeout = 70s");
        var actions = new ConcurrentQueue<LegionActionCompleted>();
        using var subscription = app.Subscribe<LegionActionCompleted>(actions.Enqueue);
        var death = new LegionActionSpec(LegionEvent.Death, "log", "bye");
        var a = await LegionExtension.Get(app).StartAsync(LoopbackLegion.Options("web", ports[0], ports, 90, actions: [death]), NodeOptions("a"));
        var b = await LegionExtension.Get(Sys).StartAsync(LoopbackLegion.Options("web", ports[1], ports, 10), NodeOptions("b"));
        await Eventually.Until("b sees a", _ => b.GetStatusAsync("web"), s => s.Membership.Members.Count == 1, LoopbackLegion.Patience, () => "");

        await app.Terminate().WaitAsync(LoopbackLegion.Patience);

        Assert.Contains(actions, c => c.Event == LegionEvent.Death && c.Action == "log:bye" && c.Result.Succeeded);
        await Eventually.Until("b becomes Lord", _ => b.GetStatusAsync("web"), s => s.Election.IsLord && s.Membership.Members.Count == 0, LoopbackLegion.Patience, () => "");
        Assert.Same(app, a.System);
    }

    [Fact]
    public async Task A_legion_already_running_in_the_system_is_refused()
    {
        var ports = LoopbackLegion.Ports(2);
        await LegionExtension.Get(Sys).StartAsync(LoopbackLegion.Options("web", ports[0], ports, 90), NodeOptions("a"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LegionNode.StartInAsync(Sys, LoopbackLegion.Options("web", ports[1], ports, 10), NodeOptions("b")));

        Assert.Contains("legion 'web' already runs in the actor system", error.Message);
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }
}
