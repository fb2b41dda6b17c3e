using Legion.Actors.Actors;
using Legion.Actors.Hosting;
using Legion.Actors.Model;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Hosting;

/// <summary>The embedding API over two real nodes on loopback.</summary>
public sealed class LegionRegistryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<(LegionNode Node, LegionRegistry Registry)> _nodes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var (node, registry) in _nodes)
        {
            await node.StopAsync();
            registry.Dispose();
        }
    }

    private async Task<(ILegion High, ILegion Low)> PairAsync(string? scroll = null)
    {
        var ports = LoopbackLegion.Ports(2);
        var high = await LoopbackLegion.StartAsync(LoopbackLegion.Options("web", ports[0], ports, 90, scroll: scroll), output, "high");
        _nodes.Add(high);
        var low = await LoopbackLegion.StartAsync(LoopbackLegion.Options("web", ports[1], ports, 50), output, "low");
        _nodes.Add(low);
        await LoopbackLegion.Until(low.Registry["web"], "low sees high as Lord with quorum", s => s.HasQuorum && s.Lord?.Name == "high" && s.Members.Count == 1);
        await LoopbackLegion.Until(high.Registry["web"], "high is Lord", s => s.IsLord && s.HasQuorum);
        return (high.Registry["web"], low.Registry["web"]);
    }

    [Fact]
    public async Task Each_node_sees_the_Lords_name_valor_uuid_and_scroll_the_members_and_the_quorum()
    {
        var (high, low) = await PairAsync(scroll: "primary=10.0.0.1");

        var lord = low.Lord!;
        Assert.Equal(("high", 90UL, false), (lord.Name, lord.Valor, lord.IsSelf));
        Assert.Equal(high.Snapshot.Self!.Uuid, lord.Uuid);
        Assert.Equal("primary=10.0.0.1", lord.Scroll);
        Assert.True(high.Lord!.IsSelf);
        Assert.Equal("low", Assert.Single(high.Members).Name);
        Assert.Equal(2, low.Snapshot.Votes);
        Assert.True(low.HasQuorum);
        Assert.True(high.IsLord);
        Assert.False(low.IsLord);
        Assert.True(_nodes[0].Registry.IAmTheLord("web"));
        Assert.False(_nodes[1].Registry.IAmTheLord("web"));
        Assert.False(_nodes[0].Registry.IAmTheLord("no-such-legion"));
    }

    [Fact]
    public async Task A_step_down_hands_lordship_over_cancels_the_lordship_token_and_completes_the_followers_wait()
    {
        var (high, low) = await PairAsync();
        var reign = high.LordshipToken;
        var events = new List<LegionEventFired>();
        using var subscription = low.Events.Subscribe(new Collector(events));
        var waiting = low.WaitForLordshipAsync();
        Assert.False(waiting.IsCompleted);

        var outcome = await high.StepDownAsync(TimeSpan.FromSeconds(30));

        Assert.True(outcome.Accepted, outcome.Message);
        await waiting.WaitAsync(LoopbackLegion.Patience);
        Assert.True(low.IsLord);
        Assert.True(reign.IsCancellationRequested);
        Assert.True(high.LordshipToken.IsCancellationRequested);
        await LoopbackLegion.Until(high, "high sees low as Lord", s => s.Lord?.Name == "low");
        Assert.Contains(events, e => e.Event == LegionEvent.Lord && e.Self.Name == "low");
        Assert.Equal(0UL, high.Snapshot.Self!.Valor);
    }

    [Fact]
    public async Task A_valor_change_shows_on_the_peer_as_one_member_with_the_new_valor()
    {
        var (high, low) = await PairAsync();
        var fired = new List<LegionEvent>();
        low.EventFired += (_, e) => fired.Add(e.Event);

        var outcome = await high.IncreaseValorAsync(10);

        Assert.True(outcome.Accepted, outcome.Message);
        // The member table takes the new valor at the announce; the Lord (the election's candidate) at the next round,
        // up to one announce period later: wait for both.
        var seen = await LoopbackLegion.Until(low, "low sees valor 100 in its member table and its Lord",
            s => s.Members.Count == 1 && s.Members[0].Valor == 100 && s.HasQuorum && s.Lord?.Valor == 100);
        Assert.Equal(100UL, seen.Lord!.Valor);
        Assert.True(high.IsLord);
        Assert.DoesNotContain(LegionEvent.Lord, fired);
        Assert.DoesNotContain(LegionEvent.NodeLeft, fired);
    }

    [Fact]
    public async Task Control_of_a_legion_that_is_not_running_is_an_error_and_reads_as_no_Lord()
    {
        var options = LoopbackLegion.Options("web", LoopbackLegion.Ports(1)[0], [], 90);
        using var registry = new LegionRegistry(options);
        var legion = registry["web"];

        Assert.False(legion.IsRunning);
        Assert.False(legion.IsLord);
        Assert.Null(legion.Lord);
        Assert.True(legion.LordshipToken.IsCancellationRequested);
        await Assert.ThrowsAsync<InvalidOperationException>(() => legion.SetValorAsync(10));
        Assert.Throws<KeyNotFoundException>(() => registry["nope"]);
    }

    private sealed class Collector(List<LegionEventFired> events) : IObserver<LegionEventFired>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(LegionEventFired value)
        {
            lock (events)
            {
                events.Add(value);
            }
        }
    }
}
