using System.Collections.Concurrent;
using Akka.Actor;
using Legion.Actors.Actions;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Legion.Actors.Hosting;
using Legion.Actors.Model;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Hosting;

/// <summary>
/// A node leaves its legions in a <see cref="CoordinatedShutdown"/> task, however its actor system is shut down: two
/// nodes on loopback UDP. A death announce removes the leaving node from its peer at once, without node-left; a node
/// that only goes silent is removed after the tolerance, with node-left.
/// </summary>
public sealed class CoordinatedShutdownTests(ITestOutputHelper output)
{
    public static TheoryData<string> Shutdowns => ["StopAsync", "CoordinatedShutdown.Run", "ActorSystem.Terminate"];

    [Theory]
    [MemberData(nameof(Shutdowns))]
    public async Task Every_way_of_shutting_the_actor_system_down_runs_the_death_actions_then_sends_the_death_announce(string how)
    {
        var ports = LoopbackLegion.Ports(2);
        var death = new LegionActionSpec(LegionEvent.Death, "log", "bye");
        var (a, aRegistry) = await LoopbackLegion.StartAsync(LoopbackLegion.Options("web", ports[0], ports, 90, actions: [death]), output, "a");
        var (b, bRegistry) = await LoopbackLegion.StartAsync(LoopbackLegion.Options("web", ports[1], ports, 10), output, "b");
        await using var aNode = a;
        await using var bNode = b;
        using var __ = aRegistry;
        using var ___ = bRegistry;
        var onB = new ConcurrentQueue<LegionEventFired>();
        using var subscription = b.Subscribe(onB.Enqueue);
        var actions = new ConcurrentQueue<LegionActionCompleted>();
        using var aActions = a.SubscribeActions(actions.Enqueue);
        await LoopbackLegion.Until(bRegistry["web"], "b sees a as its Lord", s => s.Members.Count == 1 && s.Lord?.Name == "a");

        var shutdown = how switch
        {
            "StopAsync" => a.StopAsync(),
            "CoordinatedShutdown.Run" => CoordinatedShutdown.Get(a.System).Run(CoordinatedShutdown.ClrExitReason.Instance),
            _ => a.System.Terminate(),
        };
        await shutdown.WaitAsync(LoopbackLegion.Patience);
        await a.System.WhenTerminated.WaitAsync(LoopbackLegion.Patience);

        Assert.Contains(actions, c => c.Event == LegionEvent.Death && c.Action == "log:bye" && c.Result.Succeeded);
        var snapshot = await LoopbackLegion.Until(bRegistry["web"], "b becomes Lord", s => s.IsLord);
        Assert.Empty(snapshot.Members);
        // Removed by the death announce, not by expiry: uWSGI fires no node-left for a death announce.
        Assert.DoesNotContain(onB, e => e.Event == LegionEvent.NodeLeft);
    }
}
